import * as fc from 'fast-check';
import { decodeCanonicalBase64 } from './base64';

describe('decodeCanonicalBase64', () => {
  it('decodes canonical padded base64', () => {
    expect(decodeCanonicalBase64('aGk=')?.toString()).toBe('hi');
    expect(decodeCanonicalBase64('')?.length).toBe(0);
  });

  it.each(['aGk', 'aG k=', 'aGk=\n', 'aGl=', 'a-_=', '====', 'aGk==='])('rejects %j', (text) => {
    expect(decodeCanonicalBase64(text)).toBeNull();
  });

  it('decodes what Buffer encodes, and nothing that differs from it in one character', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (bytes, at, junk) => {
          const text = Buffer.from(bytes).toString('base64');
          expect(decodeCanonicalBase64(text)?.equals(Buffer.from(bytes))).toBe(true);
          if (text === '') return;
          const i = at % text.length;
          const altered = text.slice(0, i) + junk + text.slice(i + 1);
          if (altered !== text)
            expect(decodeCanonicalBase64(altered)?.equals(Buffer.from(bytes)) ?? false).toBe(false);
        },
      ),
    );
  });

  it('rejects any string with a character outside the base64 alphabet', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }).filter((s) => /[^A-Za-z0-9+/=]/.test(s)),
        (a, junk) => {
          expect(decodeCanonicalBase64(a + junk)).toBeNull();
        },
      ),
    );
  });
});
