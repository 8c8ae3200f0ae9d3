const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes standard padded base64, or returns null if `text` is not the one canonical
 * base64 spelling of some bytes. Node's own decoder silently skips junk characters, so
 * two different strings could otherwise stand for the same signature or key.
 */
export function decodeCanonicalBase64(text: string): Buffer | null {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
