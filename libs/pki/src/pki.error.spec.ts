import { PkiError } from './pki.error';

describe('PkiError', () => {
  it('carries a stable code and its own name', () => {
    const error = new PkiError('KEY_VERSION_UNKNOWN', 'no key version 9');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('KEY_VERSION_UNKNOWN');
    expect(error.name).toBe('PkiError');
    expect(error.message).toBe('no key version 9');
  });
});
