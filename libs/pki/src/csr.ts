import { createPublicKey, verify, constants, type KeyObject } from 'node:crypto';
import * as forge from 'node-forge';
import { BusinessRuleError, ValidationError } from '@app/domain';
import { attributeTexts, type NameAttribute } from './distinguished-name';
import { isAcceptedRsaKey } from './key-pair';

/** What enrollment keeps from a verified CSR: only the key. The subject is ours to set. */
export interface VerifiedCsr {
  /** SPKI PEM, ready for `issueDeviceCertificate`. */
  readonly publicKeyPem: string;
}

// PKCS#1 v1.5 signature algorithms we accept on a CSR; SHA-1 and MD5 are not among them.
const SIGNATURE_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

// Missing from @types/node-forge, present in node-forge since 0.x.
const rdnAttributes = (
  forge.pki as unknown as { RDNAttributesAsArray(rdn: forge.asn1.Asn1): NameAttribute[] }
).RDNAttributesAsArray;

interface ParsedCsr {
  readonly info: forge.asn1.Asn1;
  /** Subject `serialNumber` values, or the CNs if there is none: where a tax ID is stated. */
  readonly subjectTaxIds: string[];
  readonly publicKey: KeyObject;
  readonly signatureOid: string;
  readonly signature: Buffer;
}

/**
 * Checks a PKCS#10 CSR an enterprise sent at enrollment: it proves possession of the key
 * (self-signature) and names the enrolling taxpayer. Checks run in this order:
 * - `CSR_INVALID` (ValidationError): not a PEM `CERTIFICATE REQUEST` or not well-formed DER;
 * - `CSR_KEY_UNSUPPORTED` (BusinessRuleError): not an RSA key of at least 2048 bits;
 * - `CSR_SIGNATURE_INVALID` (ValidationError): the self-signature does not verify, or is not
 *   RSA PKCS#1 v1.5 with SHA-256/384/512;
 * - `CSR_SUBJECT_MISMATCH` (BusinessRuleError): the subject does not state `expectedTaxId`.
 *   The tax ID is read from the `serialNumber` attribute, or from CN when there is none, so
 *   `CN=<company name>, serialNumber=<taxId>` passes, as does a plain `CN=<taxId>`.
 *
 * Only the key is taken from the CSR: the issued certificate's subject is built by
 * `issueDeviceCertificate`, so the subject check guards against a CSR sent for the wrong
 * taxpayer, not against a forged name.
 *
 * The signature is checked by OpenSSL (node:crypto); node-forge only parses the structure.
 */
export function verifyDeviceCsr(csrPem: string, expectedTaxId: string): VerifiedCsr {
  const csr = parseCsr(csrPem);
  if (!isAcceptedRsaKey(csr.publicKey)) {
    throw new BusinessRuleError('CSR_KEY_UNSUPPORTED', 'the CSR key must be RSA of at least 2048 bits');
  }
  if (!signatureVerifies(csr)) {
    throw new ValidationError('CSR_SIGNATURE_INVALID', 'the CSR signature does not verify', {
      signatureAlgorithm: csr.signatureOid,
    });
  }
  const taxIds = csr.subjectTaxIds;
  if (taxIds.length === 0 || taxIds.some((taxId) => taxId !== expectedTaxId)) {
    throw new BusinessRuleError(
      'CSR_SUBJECT_MISMATCH',
      'the CSR subject does not name the enrolling taxpayer',
      {
        expectedTaxId,
      },
    );
  }
  return { publicKeyPem: csr.publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

function parseCsr(csrPem: string): ParsedCsr {
  try {
    const messages = forge.pem.decode(csrPem);
    const pem = messages.length === 1 ? messages[0] : undefined;
    if (pem === undefined || !['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'].includes(pem.type)) {
      throw new Error('not one PEM certificate request');
    }
    // decodeBitStrings: false keeps BIT STRINGs as raw bytes, so the re-encoded
    // CertificationRequestInfo is byte-for-byte the one that was signed.
    const fromDer = forge.asn1.fromDer as unknown as (bytes: string, options: object) => forge.asn1.Asn1;
    const root = fromDer(pem.body, { strict: true, parseAllBytes: true, decodeBitStrings: false });
    const [info, algorithm, signatureBits] = children(root, 3);
    const [, subject, spki] = children(info, 3);
    const signature = signatureBits.value as string;
    if (signatureBits.type !== forge.asn1.Type.BITSTRING || signature.charCodeAt(0) !== 0) {
      throw new Error('signature is not a whole-byte BIT STRING');
    }
    const attributes = rdnAttributes(subject);
    return {
      info,
      // Decoded here so malformed UTF-8 in a name is a CSR_INVALID, not a crash.
      subjectTaxIds: taxIdsIn(attributes),
      publicKey: createPublicKey({ key: der(spki), format: 'der', type: 'spki' }),
      signatureOid: forge.asn1.derToOid(children(algorithm, 1)[0].value as string),
      signature: Buffer.from(signature.slice(1), 'binary'),
    };
  } catch (cause) {
    throw new ValidationError('CSR_INVALID', 'csr is not a PEM PKCS#10 certificate request', {
      reason: cause instanceof Error ? cause.message : undefined,
    });
  }
}

function signatureVerifies(csr: ParsedCsr): boolean {
  const hash = SIGNATURE_HASH[csr.signatureOid];
  if (hash === undefined) return false;
  try {
    const key = { key: csr.publicKey, padding: constants.RSA_PKCS1_PADDING };
    return verify(hash, der(csr.info), key, csr.signature);
  } catch {
    return false; // e.g. a signature longer than the modulus
  }
}

function taxIdsIn(attributes: readonly NameAttribute[]): string[] {
  const serialNumbers = attributeTexts(attributes, 'serialNumber');
  return serialNumbers.length > 0 ? serialNumbers : attributeTexts(attributes, 'commonName');
}

function children(node: forge.asn1.Asn1, atLeast: number): forge.asn1.Asn1[] {
  if (!Array.isArray(node.value) || node.value.length < atLeast) {
    throw new Error('unexpected ASN.1 structure');
  }
  return node.value;
}

function der(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}
