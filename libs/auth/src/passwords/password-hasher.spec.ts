import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hasher';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('never matches the decoy or a malformed hash', async () => {
    await expect(verifyPassword('', DECOY_PASSWORD_HASH)).resolves.toBe(false);
    await expect(verifyPassword('x', 'plain$text')).resolves.toBe(false);
  });
});
