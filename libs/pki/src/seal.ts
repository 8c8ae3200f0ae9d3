import {
  constants,
  createHash,
  createPublicKey,
  sign,
  verify,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import * as forge from 'node-forge';
import { ValidationError } from '@app/domain';
import { decodeCanonicalBase64 } from './base64';
import { PkiError } from './pki.error';

/** Version of the seal payload layout; bump it if the signed fields ever change. */
export const SEAL_PAYLOAD_VERSION = 1;

/** The invoice fields a seal covers (DESIGN §5), all strings as they travel in the API. */
export interface SealFields {
  readonly invoiceCode: string;
  readonly invoiceNumber: string;
  /** `YYYY-MM-DD`. */
  readonly issueDate: string;
  readonly sellerTaxId: string;
  readonly buyerTaxId: string;
  /** Exactly two decimals, as `formatMoney` from `@app/domain` writes it ("1234.50", "-80.00"). */
  readonly amount: string;
  readonly taxAmount: string;
  /** {@link contentHashOf} the whole invoice: 64 lowercase hex digits. */
  readonly contentHash: string;
}

// One spelling per amount, or a verifier rebuilding the payload from stored numeric(18,2)
// values would sign different bytes: formatMoney's output, never "-0.00".
const MONEY = /^-?(0|[1-9][0-9]{0,15})\.[0-9]{2}$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const CHECK_CODE_MODULUS = 10n ** 20n;

/**
 * The one accepted spelling of each patterned seal field (the other four need only be
 * non-empty strings). Internal to the lib: shared with `fastSealPayloadOf` so the fast
 * path can never accept a field this module would refuse.
 */
export const SEAL_FIELD_PATTERNS: Readonly<Partial<Record<keyof SealFields, RegExp>>> = {
  issueDate: DATE,
  amount: MONEY,
  taxAmount: MONEY,
  contentHash: SHA256_HEX,
};

/**
 * RFC 8785 (JCS) form of JSON data: keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript shortest form, strings escaped as `JSON.stringify` does.
 *
 * The value is first taken through `JSON.stringify`/`JSON.parse`, so what is canonicalised
 * is exactly what a client receiving this object as JSON would see: `undefined`
 * properties vanish, Dates and Decimals become their JSON strings, and an object whose
 * `toJSON` returns an object still gets its keys sorted.
 * @throws ValidationError `CANONICAL_JSON_INVALID` for values with no JSON form (undefined, BigInt, cycles)
 */
export function canonicalJsonOf(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined; // BigInt or a cycle
  }
  if (json === undefined) throw new ValidationError('CANONICAL_JSON_INVALID', 'value has no JSON form');
  return canonicalize(JSON.parse(json));
}

/**
 * `contentHash` of an invoice (lines included): SHA-256, lowercase hex, of its JCS form.
 * @throws ValidationError `CANONICAL_JSON_INVALID` if the invoice has no JSON form
 */
export function contentHashOf(invoice: object): string {
  return createHash('sha256').update(canonicalJsonOf(invoice), 'utf8').digest('hex');
}

/**
 * The exact string a seal signs: the JCS form of `{ v: 1, ...fields }`. Only the eight
 * named fields are copied (extra properties on `fields` are never signed), and each is
 * checked to be a string of its one accepted spelling.
 * @throws ValidationError `SEAL_FIELD_INVALID` with `details.field`
 */
export function sealPayloadOf(fields: SealFields): string {
  const { invoiceCode, invoiceNumber, issueDate, sellerTaxId, buyerTaxId, amount, taxAmount, contentHash } =
    fields;
  const payload = {
    v: SEAL_PAYLOAD_VERSION,
    invoiceCode: text('invoiceCode', invoiceCode),
    invoiceNumber: text('invoiceNumber', invoiceNumber),
    issueDate: text('issueDate', issueDate, DATE),
    sellerTaxId: text('sellerTaxId', sellerTaxId),
    buyerTaxId: text('buyerTaxId', buyerTaxId),
    amount: text('amount', amount, MONEY),
    taxAmount: text('taxAmount', taxAmount, MONEY),
    contentHash: text('contentHash', contentHash, SHA256_HEX),
  };
  return canonicalize(payload);
}

/**
 * Signs a seal payload: RSASSA-PKCS1-v1_5 with SHA-256 over its UTF-8 bytes, base64.
 * Verifiable with `openssl dgst -sha256 -verify pub.pem -signature sig.bin payload.txt`.
 * @throws PkiError `SEAL_KEY_UNSUPPORTED` unless `privateKey` is an RSA private key
 */
export function signSeal(payload: string, privateKey: KeyObject): string {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new PkiError('SEAL_KEY_UNSUPPORTED', 'seals are signed with an RSA private key');
  }
  const key = { key: privateKey, padding: constants.RSA_PKCS1_PADDING };
  return sign('sha256', Buffer.from(payload, 'utf8'), key).toString('base64');
}

/** A sealed invoice document: what the seal covers and the signature over it. */
export interface DocumentSeal {
  contentHash: string;
  /** The exact string signed ({@link sealPayloadOf}). */
  payload: string;
  signature: string;
}

/**
 * Seals an invoice document (DESIGN §5) — the one procedure for the issuance service, an
 * enterprise's offline device and the benches: contentHash over the whole document
 * (`hashed`, by default the document itself), the payload over its key fields and that
 * hash, signed with `privateKey`. `signedAs` replaces fields in what is signed only: a seal
 * that does not match what its copy claims (tests, the demo's forgeries).
 */
export function sealDocument(
  document: Omit<SealFields, 'contentHash'>,
  privateKey: KeyObject,
  hashed: object = document,
  signedAs: Partial<SealFields> = {},
): DocumentSeal {
  const contentHash = contentHashOf(hashed);
  const payload = sealPayloadOf({
    invoiceCode: document.invoiceCode,
    invoiceNumber: document.invoiceNumber,
    issueDate: document.issueDate,
    sellerTaxId: document.sellerTaxId,
    buyerTaxId: document.buyerTaxId,
    amount: document.amount,
    taxAmount: document.taxAmount,
    contentHash,
    ...signedAs,
  });
  return { contentHash, payload, signature: signSeal(payload, privateKey) };
}

/**
 * The same signature as {@link signSeal}, computed by node-forge in pure JS. PKCS#1 v1.5
 * is deterministic, so both must agree byte for byte; this exists to prove that in a
 * test and is far too slow for request paths.
 */
export function signSealWithForge(payload: string, privateKeyPem: string): string {
  const privateKey = forge.pki.privateKeyFromPem(privateKeyPem);
  const digest = forge.md.sha256.create();
  digest.update(payload, 'utf8');
  return forge.util.encode64(privateKey.sign(digest));
}

/**
 * Checks a seal. `publicKeyOrCertPem` is a certificate PEM, a public key PEM or a
 * KeyObject. Returns false, never throws, for anything that is not a valid signature by
 * that key: bad base64 (including non-canonical spellings), an unreadable key, a non-RSA key.
 */
export function verifySeal(
  payload: string,
  signatureBase64: string,
  publicKeyOrCertPem: string | KeyObject,
): boolean {
  try {
    const signature = decodeCanonicalBase64(signatureBase64);
    const key = keyOf(publicKeyOrCertPem);
    if (signature === null || typeof payload !== 'string' || key.asymmetricKeyType !== 'rsa') return false;
    const options = { key, padding: constants.RSA_PKCS1_PADDING };
    return verify('sha256', Buffer.from(payload, 'utf8'), options, signature);
  } catch {
    return false;
  }
}

/**
 * The 20-digit check code (校验码) printed on an invoice, derived from its seal:
 * take the SHA-256 digest of the decoded signature bytes, read those 32 bytes as one
 * unsigned big-endian integer, reduce it modulo 10^20 and write it as 20 decimal digits,
 * zero-padded on the left. (2^256 is not a multiple of 10^20, but the resulting bias is
 * below 2^-190: negligible.) Anyone holding the signature can recompute it.
 * @throws ValidationError `SEAL_SIGNATURE_INVALID` if `signatureBase64` is not canonical non-empty base64
 */
export function checkCodeOf(signatureBase64: string): string {
  const signature = decodeCanonicalBase64(signatureBase64);
  if (signature === null || signature.length === 0) {
    throw new ValidationError('SEAL_SIGNATURE_INVALID', 'signature must be non-empty base64');
  }
  const digest = createHash('sha256').update(signature).digest('hex');
  return (BigInt(`0x${digest}`) % CHECK_CODE_MODULUS).toString().padStart(20, '0');
}

function keyOf(source: string | KeyObject): KeyObject {
  if (typeof source !== 'string') return source;
  return source.includes('-----BEGIN CERTIFICATE-----')
    ? new X509Certificate(source).publicKey
    : createPublicKey(source);
}

function text(field: keyof SealFields, value: unknown, pattern?: RegExp): string {
  const ok = typeof value === 'string' && value !== '' && value !== '-0.00' && (pattern?.test(value) ?? true);
  if (!ok)
    throw new ValidationError('SEAL_FIELD_INVALID', `seal field ${field} is missing or malformed`, { field });
  return value;
}
