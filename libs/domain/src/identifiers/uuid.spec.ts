import { isUuid } from './uuid';

describe('isUuid', () => {
  it('takes a canonical lower-case UUID', () => {
    expect(isUuid('0b6f2a52-3c1e-4d7a-9a57-2f0e1c9b6d11')).toBe(true);
  });

  it('refuses anything else', () => {
    for (const v of [
      '0B6F2A52-3C1E-4D7A-9A57-2F0E1C9B6D11',
      '0b6f2a523c1e4d7a9a572f0e1c9b6d11',
      '',
      42,
      null,
      undefined,
    ]) {
      expect(isUuid(v)).toBe(false);
    }
  });
});
