import { generateKeyPairSync, type KeyObject } from 'node:crypto';

/** RSA modulus size of every key this PKI makes, and the least it accepts from a CSR. */
export const RSA_KEY_BITS = 2048;

/** A fresh key pair, both halves as PEM. */
export interface RsaKeyPair {
  /** SPKI (`-----BEGIN PUBLIC KEY-----`). */
  readonly publicKeyPem: string;
  /** Unencrypted PKCS#8 (`-----BEGIN PRIVATE KEY-----`); seal it with a `KeyVault` before storing. */
  readonly privateKeyPem: string;
}

/**
 * Generates an RSA-2048 key pair (e = 65537) with OpenSSL through `node:crypto`:
 * tens of milliseconds, where node-forge's pure-JS generator takes seconds.
 */
export function generateRsaKeyPair(): RsaKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: RSA_KEY_BITS,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/**
 * True for a plain RSA key (not RSA-PSS-restricted) of at least {@link RSA_KEY_BITS} bits:
 * the only kind our certificates and seals (PKCS#1 v1.5) are defined for.
 */
export function isAcceptedRsaKey(key: KeyObject): boolean {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  return key.asymmetricKeyType === 'rsa' && bits !== undefined && bits >= RSA_KEY_BITS;
}
