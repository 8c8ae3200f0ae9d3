import { SEAL_FIELD_PATTERNS, SEAL_PAYLOAD_VERSION, sealPayloadOf, type SealFields } from './seal';

// Characters JSON.stringify (and so RFC 8785) writes as themselves: a string made only of
// these serialises as `"${value}"`. Tax IDs, invoice codes and numbers, dates, amounts and
// hex hashes all fit; anything else takes the generic path.
const PLAIN_TEXT = /^[0-9A-Za-z.-]+$/;

/**
 * Byte for byte the same string as {@link sealPayloadOf}, built without the generic JCS
 * serialiser when every field is plain text: the keys of the seal payload are fixed, so
 * their sorted order is too, and plain text needs no escaping. Anything else (a value
 * that would need escaping, a non-string, a malformed field) falls back to
 * `sealPayloadOf`, which also throws its usual errors.
 *
 * Bulk verification rebuilds one payload per row; this keeps that at well under a
 * microsecond, next to ~30 µs for the RSA check itself.
 * @throws ValidationError `SEAL_FIELD_INVALID` with `details.field`, as `sealPayloadOf`
 */
export function fastSealPayloadOf(fields: SealFields): string {
  const { invoiceCode, invoiceNumber, issueDate, sellerTaxId, buyerTaxId, amount, taxAmount, contentHash } =
    fields;
  if (
    !plain(invoiceCode) ||
    !plain(invoiceNumber) ||
    !plain(issueDate, SEAL_FIELD_PATTERNS.issueDate) ||
    !plain(sellerTaxId) ||
    !plain(buyerTaxId) ||
    !plain(amount, SEAL_FIELD_PATTERNS.amount) ||
    !plain(taxAmount, SEAL_FIELD_PATTERNS.taxAmount) ||
    !plain(contentHash, SEAL_FIELD_PATTERNS.contentHash)
  ) {
    return sealPayloadOf(fields);
  }
  // Keys in RFC 8785 order (UTF-16 code units), as canonicalize would sort them.
  return (
    `{"amount":"${amount}","buyerTaxId":"${buyerTaxId}","contentHash":"${contentHash}",` +
    `"invoiceCode":"${invoiceCode}","invoiceNumber":"${invoiceNumber}","issueDate":"${issueDate}",` +
    `"sellerTaxId":"${sellerTaxId}","taxAmount":"${taxAmount}","v":${SEAL_PAYLOAD_VERSION}}`
  );
}

/** Accepted by `sealPayloadOf` (same rules: non-empty, never "-0.00", its pattern) and plain text. */
function plain(value: unknown, pattern?: RegExp): value is string {
  return (
    typeof value === 'string' && value !== '-0.00' && PLAIN_TEXT.test(value) && (pattern?.test(value) ?? true)
  );
}
