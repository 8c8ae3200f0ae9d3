import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { generateRsaKeyPair, isAcceptedRsaKey } from './key-pair';

describe('generateRsaKeyPair', () => {
  const pair = generateRsaKeyPair();

  it('returns SPKI and PKCS#8 PEM of one RSA-2048 key', () => {
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const privateKey = createPrivateKey(pair.privateKeyPem);
    const publicKey = createPublicKey(pair.publicKeyPem);
    expect(publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
    expect(derived).toBe(pair.publicKeyPem);
  });

  it('accepts its own keys', () => {
    expect(isAcceptedRsaKey(createPublicKey(pair.publicKeyPem))).toBe(true);
  });
});

describe('isAcceptedRsaKey', () => {
  it('rejects small RSA and non-RSA keys', () => {
    expect(isAcceptedRsaKey(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey)).toBe(false);
    expect(isAcceptedRsaKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)).toBe(false);
    expect(isAcceptedRsaKey(generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });
});
