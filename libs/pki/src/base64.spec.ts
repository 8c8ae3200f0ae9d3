import { decodeCanonicalBase64 } from './base64';

describe('decodeCanonicalBase64', () => {
  it('decodes canonical padded base64', () => {
    expect(decodeCanonicalBase64('aGk=')?.toString()).toBe('hi');
    expect(decodeCanonicalBase64('')?.length).toBe(0);
  });

  it.each(['aGk', 'aG k=', 'aGk=\n', 'aGl=', 'a-_=', '====', 'aGk==='])('rejects %j', (text) => {
    expect(decodeCanonicalBase64(text)).toBeNull();
  });
});
