import { createPublicKey, type KeyObject } from 'node:crypto';
import * as forge from 'node-forge';
import { ValidationError } from '@app/domain';
import { assertValidity, selfSigner, signCertificate, signerOf } from './certificate-signer';
import type { CaMaterial, CertificateValidity, IssuedCertificate } from './certificate-types';
import {
  isPrintableString,
  isUtf8Text,
  printableAttribute,
  utf8Attribute,
  type NameAttribute,
} from './distinguished-name';
import { generateRsaKeyPair, isAcceptedRsaKey } from './key-pair';

/** Organisation name in every CA subject. */
export const PKI_ORGANIZATION = 'Jinshui';

export interface RootCaOptions extends CertificateValidity {
  /** e.g. "Jinshui National Root CA". */
  readonly commonName: string;
}

export interface IssuingCaOptions extends CertificateValidity {
  /** Province the CA serves, e.g. "11" (Beijing) or a bureau code; PrintableString characters. */
  readonly provinceCode: string;
  /** Defaults to `Jinshui Issuing CA <provinceCode>`. */
  readonly commonName?: string;
}

export interface DeviceCertificateOptions extends CertificateValidity {
  /** SPKI (or PKCS#1) PEM of an RSA key of at least 2048 bits. */
  readonly publicKeyPem: string;
  /** Unified social credit code; becomes subject CN and the `serialNumber` attribute. */
  readonly taxId: string;
  /** Becomes subject O, as a UTF8String (Chinese names intact). */
  readonly taxpayerName: string;
}

/**
 * Creates the self-signed national root: a fresh RSA-2048 key, subject
 * `C=CN, O=Jinshui, CN=<commonName>`, basicConstraints CA pathLen 1 and keyUsage
 * keyCertSign + cRLSign (both critical), SKI and AKI, SHA-256 signature.
 * @throws ValidationError `CERTIFICATE_SUBJECT_INVALID`, `CERTIFICATE_VALIDITY_INVALID`
 */
export function createRootCa(options: RootCaOptions): CaMaterial {
  assertValidity(options);
  const subject = caSubject(options.commonName);
  const keys = generateRsaKeyPair();
  const body = {
    publicKey: forge.pki.publicKeyFromPem(keys.publicKeyPem),
    subject,
    extensions: caExtensions(1),
  };
  const issued = signCertificate(selfSigner(keys, subject), body, options);
  return { ...issued, privateKeyPem: keys.privateKeyPem };
}

/**
 * Creates a provincial issuing CA under `root`: a fresh RSA-2048 key, subject
 * `C=CN, O=Jinshui, CN=Jinshui Issuing CA <provinceCode>`, basicConstraints CA pathLen 0.
 * @throws ValidationError `CERTIFICATE_SUBJECT_INVALID`, `CERTIFICATE_VALIDITY_INVALID`;
 *   PkiError `CA_MATERIAL_INVALID`, `CA_NOT_VALID` if the root cannot sign at `now`
 */
export function createIssuingCa(root: CaMaterial, options: IssuingCaOptions): CaMaterial {
  assertValidity(options);
  if (!isPrintableString(options.provinceCode)) {
    throw new ValidationError(
      'CERTIFICATE_SUBJECT_INVALID',
      'provinceCode must be a printable code such as "11"',
    );
  }
  const subject = caSubject(options.commonName ?? `${PKI_ORGANIZATION} Issuing CA ${options.provinceCode}`);
  const signer = signerOf(root, options.now);
  const keys = generateRsaKeyPair();
  const body = {
    publicKey: forge.pki.publicKeyFromPem(keys.publicKeyPem),
    subject,
    extensions: caExtensions(0),
  };
  return { ...signCertificate(signer, body, options), privateKeyPem: keys.privateKeyPem };
}

/**
 * Issues an enterprise's device (seal) certificate: subject
 * `C=CN, O=<taxpayerName>, CN=<taxId>, serialNumber=<taxId>`, issuer = the provincial CA,
 * basicConstraints CA:FALSE and keyUsage digitalSignature + nonRepudiation (both critical).
 * @throws ValidationError `PUBLIC_KEY_INVALID`, `PUBLIC_KEY_UNSUPPORTED` (not RSA ≥ 2048),
 *   `CERTIFICATE_SUBJECT_INVALID`, `CERTIFICATE_VALIDITY_INVALID`;
 *   PkiError `CA_MATERIAL_INVALID`, `CA_NOT_VALID` if the issuer cannot sign at `now`
 */
export function issueDeviceCertificate(
  issuer: CaMaterial,
  options: DeviceCertificateOptions,
): IssuedCertificate {
  assertValidity(options);
  const { taxId, taxpayerName } = options;
  if (!isPrintableString(taxId) || taxId.length > 64) {
    throw new ValidationError(
      'CERTIFICATE_SUBJECT_INVALID',
      'taxId must be 1..64 PrintableString characters',
    );
  }
  if (taxpayerName.trim() === '' || !isUtf8Text(taxpayerName)) {
    throw new ValidationError('CERTIFICATE_SUBJECT_INVALID', 'taxpayerName must be non-empty text');
  }
  const body = {
    publicKey: rsaPublicKeyOf(options.publicKeyPem),
    subject: [
      printableAttribute('countryName', 'CN'),
      utf8Attribute('organizationName', taxpayerName),
      utf8Attribute('commonName', taxId),
      printableAttribute('serialNumber', taxId),
    ],
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    ],
  };
  return signCertificate(signerOf(issuer, options.now), body, options);
}

function caSubject(commonName: string): NameAttribute[] {
  if (commonName.trim() === '' || !isUtf8Text(commonName)) {
    throw new ValidationError('CERTIFICATE_SUBJECT_INVALID', 'CA commonName must be non-empty text');
  }
  return [
    printableAttribute('countryName', 'CN'),
    utf8Attribute('organizationName', PKI_ORGANIZATION),
    utf8Attribute('commonName', commonName),
  ];
}

/** Root: pathLen 1 (one tier of issuing CAs below it); issuing CA: pathLen 0 (devices only). */
function caExtensions(pathLenConstraint: 0 | 1): object[] {
  return [
    { name: 'basicConstraints', cA: true, pathLenConstraint, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ];
}

function rsaPublicKeyOf(pem: string): forge.pki.rsa.PublicKey {
  let key: KeyObject;
  try {
    // createPublicKey would quietly derive the public half of a private key; a private key
    // here means a caller is passing secrets around, so refuse it.
    if (pem.includes('PRIVATE KEY')) throw new Error('private key given');
    key = createPublicKey(pem);
  } catch {
    throw new ValidationError('PUBLIC_KEY_INVALID', 'publicKeyPem is not a PEM public key');
  }
  if (!isAcceptedRsaKey(key)) {
    throw new ValidationError('PUBLIC_KEY_UNSUPPORTED', 'the public key must be RSA of at least 2048 bits');
  }
  // Re-export through OpenSSL so forge always sees SPKI, whatever PEM flavour arrived.
  return forge.pki.publicKeyFromPem(key.export({ type: 'spki', format: 'pem' }) as string);
}
