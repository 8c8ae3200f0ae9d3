import { X509Certificate, type KeyObject } from 'node:crypto';
import * as forge from 'node-forge';
import { ValidationError } from '@app/domain';
import { isCaCertificate } from './certificate-extension';
import { attributeTexts } from './distinguished-name';

/** Why a chain was refused; the first failing check wins, structure before dates. */
export type ChainFailureReason = 'CHAIN_INVALID' | 'NOT_YET_VALID' | 'EXPIRED';

/** Outcome of {@link verifyCertificateChain}. */
export type ChainVerification =
  { readonly ok: true } | { readonly ok: false; readonly reason: ChainFailureReason };

/** What the rest of the system needs to know about a certificate. */
export interface CertificateInfo {
  /** Uppercase hex, as `openssl x509 -serial` prints it. */
  readonly serialNumber: string;
  /** The subject `serialNumber` attribute (a device certificate's taxpayer ID); null on CA certificates. */
  readonly subjectTaxId: string | null;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly issuerCommonName: string | null;
}

/**
 * Verifies an end-entity certificate against a trusted root at instant `at` (e.g. an
 * invoice's issue date, not "now"), with any intermediates in any order.
 *
 * - `CHAIN_INVALID`: something does not parse; the leaf is a CA; no path of issuer names
 *   leads from the leaf to the root; a signature fails; an issuer is not a CA, lacks
 *   keyCertSign, or its pathLen is exceeded; or a certificate has an unknown critical extension.
 * - `NOT_YET_VALID` / `EXPIRED`: the path is sound but some certificate on it (leaf,
 *   intermediate or root) is not valid at `at`; bounds are inclusive.
 *
 * Path rules are node-forge's RFC 5280 checks; every signature on the path is verified a
 * second time by OpenSSL (node:crypto), so a forge parsing bug alone cannot pass a forgery.
 * Revocation is not checked here.
 * @throws ValidationError `VERIFICATION_TIME_INVALID` if `at` is not a valid Date
 */
export function verifyCertificateChain(
  leafPem: string,
  intermediatesPem: readonly string[],
  rootPem: string,
  at: Date,
): ChainVerification {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new ValidationError('VERIFICATION_TIME_INVALID', 'at must be a valid Date');
  }
  const path = soundPath(leafPem, intermediatesPem, rootPem);
  if (path === null) return { ok: false, reason: 'CHAIN_INVALID' };
  for (const cert of path) {
    if (at < cert.validity.notBefore) return { ok: false, reason: 'NOT_YET_VALID' };
    if (at > cert.validity.notAfter) return { ok: false, reason: 'EXPIRED' };
  }
  return { ok: true };
}

/**
 * Reads the facts the system keys on from a certificate PEM.
 * @throws ValidationError `CERTIFICATE_INVALID` if it is not a readable RSA certificate
 */
export function certificateInfo(pem: string): CertificateInfo {
  try {
    const cert = forge.pki.certificateFromPem(pem);
    return {
      serialNumber: cert.serialNumber.toUpperCase(),
      subjectTaxId: attributeTexts(cert.subject.attributes, 'serialNumber')[0] ?? null,
      notBefore: cert.validity.notBefore,
      notAfter: cert.validity.notAfter,
      issuerCommonName: attributeTexts(cert.issuer.attributes, 'commonName')[0] ?? null,
    };
  } catch {
    throw new ValidationError('CERTIFICATE_INVALID', 'not a readable X.509 certificate');
  }
}

/**
 * The public key of a certificate, for `verifySeal`.
 * @throws ValidationError `CERTIFICATE_INVALID` if `certPem` is not a certificate PEM
 */
export function publicKeyOf(certPem: string): KeyObject {
  try {
    return new X509Certificate(certPem).publicKey;
  } catch {
    throw new ValidationError('CERTIFICATE_INVALID', 'not a readable X.509 certificate');
  }
}

interface Parsed {
  readonly pem: string;
  readonly cert: forge.pki.Certificate;
}

/** The path leaf → intermediates → root if it is structurally sound (dates aside), else null. */
function soundPath(
  leafPem: string,
  intermediatesPem: readonly string[],
  rootPem: string,
): forge.pki.Certificate[] | null {
  try {
    const parse = (pem: string): Parsed => ({ pem, cert: forge.pki.certificateFromPem(pem) });
    const leaf = parse(leafPem);
    const root = parse(rootPem);
    const pool = intermediatesPem.map(parse);
    if (isCaCertificate(leaf.cert)) return null;
    const path = [leaf];
    // Walk issuer names up to the root; each intermediate may be used once, so this ends.
    while (!root.cert.issued(path[path.length - 1].cert)) {
      const next = pool.findIndex((candidate) => candidate.cert.issued(path[path.length - 1].cert));
      if (next < 0) return null;
      path.push(...pool.splice(next, 1));
    }
    path.push(root);
    const certs = path.map((entry) => entry.cert);
    // Root last in the chain too, so forge applies its pathLen; dates are checked by the caller.
    const store = forge.pki.createCaStore([root.cert]);
    if (!forge.pki.verifyCertificateChain(store, certs, { validityCheckDate: null })) return null;
    return signaturesVerifyWithOpenssl(path.map((entry) => entry.pem)) ? certs : null;
  } catch {
    return null; // forge throws on unparseable PEM and on every failed path check
  }
}

/** OpenSSL's view of the same path (original bytes, not forge's re-encoding). */
function signaturesVerifyWithOpenssl(pems: readonly string[]): boolean {
  const certs = pems.map((pem) => new X509Certificate(pem));
  return certs.every((cert, i) => {
    const issuer = certs[Math.min(i + 1, certs.length - 1)]; // the root signs itself
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  });
}
