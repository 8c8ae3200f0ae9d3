import * as forge from 'node-forge';
import { ValidationError } from '@app/domain';
import type { CaMaterial, CertificateValidity, IssuedCertificate } from './certificate-types';
import { extensionOf, isCaCertificate } from './certificate-extension';
import { rewritableName, type NameAttribute } from './distinguished-name';
import type { RsaKeyPair } from './key-pair';
import { PkiError } from './pki.error';
import { newSerialNumber } from './serial-number';

/** Everything needed to sign as some CA. */
export interface Signer {
  /** Values as JS strings, ready for forge to write (see `rewritableName`). */
  readonly subject: readonly NameAttribute[];
  /** Raw bytes of the CA's subjectKeyIdentifier; becomes the child's authorityKeyIdentifier. */
  readonly keyIdentifier: string;
  readonly privateKey: forge.pki.rsa.PrivateKey;
  /** Null for a self-signed root, which bounds nothing but itself. */
  readonly notAfter: Date | null;
}

/** What a certificate says about its subject. */
export interface CertificateBody {
  readonly publicKey: forge.pki.rsa.PublicKey;
  readonly subject: NameAttribute[];
  /** forge extension specs, before the SKI and AKI every certificate gets. */
  readonly extensions: object[];
}

const MAX_VALID_YEARS = 50;

/**
 * @throws ValidationError `CERTIFICATE_VALIDITY_INVALID` unless `now` is a valid Date and
 *   `validYears` an integer 1..50
 */
export function assertValidity({ now, validYears }: CertificateValidity): void {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new ValidationError('CERTIFICATE_VALIDITY_INVALID', 'now must be a valid Date');
  }
  if (!Number.isInteger(validYears) || validYears < 1 || validYears > MAX_VALID_YEARS) {
    throw new ValidationError('CERTIFICATE_VALIDITY_INVALID', `validYears must be 1..${MAX_VALID_YEARS}`);
  }
}

/** The signer of a self-signed certificate for `keys` named `subject`. */
export function selfSigner(keys: RsaKeyPair, subject: readonly NameAttribute[]): Signer {
  const publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  return {
    subject,
    // The same SHA-1-of-RSAPublicKey forge writes as the certificate's own SKI.
    keyIdentifier: forge.pki.getPublicKeyFingerprint(publicKey, { type: 'RSAPublicKey' }).getBytes(),
    privateKey: forge.pki.privateKeyFromPem(keys.privateKeyPem),
    notAfter: null,
  };
}

/**
 * Reads a CA's material and checks it may sign at `now`.
 * @throws PkiError `CA_MATERIAL_INVALID` if it does not parse, the key is not the
 *   certificate's, or the certificate is not a CA; `CA_NOT_VALID` outside its validity
 */
export function signerOf(ca: CaMaterial, now: Date): Signer {
  let cert: forge.pki.Certificate;
  let privateKey: forge.pki.rsa.PrivateKey;
  try {
    cert = forge.pki.certificateFromPem(ca.certificatePem);
    privateKey = forge.pki.privateKeyFromPem(ca.privateKeyPem);
  } catch {
    throw new PkiError('CA_MATERIAL_INVALID', 'CA certificate or private key cannot be read');
  }
  const certKey = cert.publicKey as forge.pki.rsa.PublicKey;
  if (!privateKey.n.equals(certKey.n) || !privateKey.e.equals(certKey.e) || !isCaCertificate(cert)) {
    throw new PkiError(
      'CA_MATERIAL_INVALID',
      `CA ${ca.serialNumber}: key does not match certificate or not a CA`,
    );
  }
  if (now < cert.validity.notBefore || now > cert.validity.notAfter) {
    throw new PkiError('CA_NOT_VALID', `CA ${ca.serialNumber} is not valid at ${now.toISOString()}`);
  }
  const ski = extensionOf(cert, 'subjectKeyIdentifier')?.subjectKeyIdentifier;
  return {
    subject: rewritableName(cert.subject.attributes),
    keyIdentifier:
      ski !== undefined ? forge.util.hexToBytes(ski) : cert.generateSubjectKeyIdentifier().getBytes(),
    privateKey,
    notAfter: cert.validity.notAfter,
  };
}

/** Builds and signs (SHA-256) one X.509 v3 certificate with a fresh serial, SKI and AKI. */
export function signCertificate(
  signer: Signer,
  body: CertificateBody,
  validity: CertificateValidity,
): IssuedCertificate {
  const cert = forge.pki.createCertificate();
  const serialNumber = newSerialNumber();
  cert.serialNumber = serialNumber;
  cert.publicKey = body.publicKey;
  cert.validity.notBefore = new Date(validity.now.getTime());
  cert.validity.notAfter = notAfterOf(validity, signer.notAfter);
  // forge fills in missing fields of the attribute objects it is given: hand it copies.
  cert.setSubject(body.subject.map((attribute) => ({ ...attribute })));
  cert.setIssuer(signer.subject.map((attribute) => ({ ...attribute })));
  cert.setExtensions([
    ...body.extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: signer.keyIdentifier },
  ]);
  cert.sign(signer.privateKey, forge.md.sha256.create());
  // forge writes PEM with CRLF; the rest of the system (and the API) uses LF.
  return { certificatePem: forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n'), serialNumber };
}

function notAfterOf({ now, validYears }: CertificateValidity, issuerNotAfter: Date | null): Date {
  const notAfter = new Date(now.getTime());
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + validYears);
  return issuerNotAfter !== null && issuerNotAfter < notAfter ? new Date(issuerNotAfter.getTime()) : notAfter;
}
