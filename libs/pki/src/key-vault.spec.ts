import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { KeyVault, parseMasterKeys } from './key-vault';
import { errorCodeOf } from './testing/error-code';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIE...fake...\n-----END PRIVATE KEY-----\n';

describe('KeyVault', () => {
  const v1 = randomBytes(32);
  const v2 = randomBytes(32);
  const vault = new KeyVault(new Map([[1, v1]]), 1);

  it('round-trips a PEM bound to its owner', () => {
    const sealed = vault.seal(PEM, 'serial:0A1B');
    expect(sealed.keyVersion).toBe(1);
    expect(sealed.ciphertext).not.toContain('PRIVATE');
    expect(Buffer.from(sealed.ciphertext, 'base64').length).toBe(12 + 16 + Buffer.byteLength(PEM));
    expect(vault.open(sealed, 'serial:0A1B')).toBe(PEM);
  });

  it('uses a fresh IV for every seal', () => {
    expect(vault.seal(PEM, 'a').ciphertext).not.toBe(vault.seal(PEM, 'a').ciphertext);
  });

  it('refuses a ciphertext moved to another owner (wrong aad)', () => {
    const sealed = vault.seal(PEM, 'serial:0A1B');
    expect(errorCodeOf(() => vault.open(sealed, 'serial:0A1C'))).toBe('KEY_DECRYPTION_FAILED');
  });

  it.each([
    ['a flipped ciphertext byte', (bytes: Buffer) => (bytes[bytes.length - 1] ^= 1)],
    ['a flipped tag byte', (bytes: Buffer) => (bytes[12] ^= 1)],
    ['a flipped iv byte', (bytes: Buffer) => (bytes[0] ^= 1)],
  ])('refuses %s', (_label, tamper) => {
    const sealed = vault.seal(PEM, 'ca:root');
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    tamper(bytes);
    expect(
      errorCodeOf(() => vault.open({ ...sealed, ciphertext: bytes.toString('base64') }, 'ca:root')),
    ).toBe('KEY_DECRYPTION_FAILED');
  });

  it('refuses truncated and non-base64 ciphertexts', () => {
    const sealed = vault.seal(PEM, 'ca:root');
    const short = Buffer.from(sealed.ciphertext, 'base64').subarray(0, 20).toString('base64');
    expect(errorCodeOf(() => vault.open({ keyVersion: 1, ciphertext: short }, 'ca:root'))).toBe(
      'KEY_DECRYPTION_FAILED',
    );
    expect(errorCodeOf(() => vault.open({ keyVersion: 1, ciphertext: '!!not base64!!' }, 'ca:root'))).toBe(
      'KEY_DECRYPTION_FAILED',
    );
  });

  it('refuses an unknown key version', () => {
    const sealed = vault.seal(PEM, 'ca:root');
    expect(errorCodeOf(() => vault.open({ ...sealed, keyVersion: 7 }, 'ca:root'))).toBe(
      'KEY_VERSION_UNKNOWN',
    );
  });

  it('refuses the right version number under the wrong key', () => {
    const other = new KeyVault(new Map([[1, v2]]), 1);
    expect(errorCodeOf(() => other.open(vault.seal(PEM, 'x'), 'x'))).toBe('KEY_DECRYPTION_FAILED');
  });

  it('rotates: old ciphertexts open with version 1, new ones use version 2', () => {
    const old = vault.seal(PEM, 'serial:01');
    const rotated = new KeyVault(
      new Map([
        [1, v1],
        [2, v2],
      ]),
      2,
    );
    const fresh = rotated.seal(PEM, 'serial:02');
    expect(rotated.currentVersion).toBe(2);
    expect(fresh.keyVersion).toBe(2);
    expect(rotated.open(old, 'serial:01')).toBe(PEM);
    expect(rotated.open(fresh, 'serial:02')).toBe(PEM);
    // A node not yet given key 2 cannot open new rows, and says why.
    expect(errorCodeOf(() => vault.open(fresh, 'serial:02'))).toBe('KEY_VERSION_UNKNOWN');
  });

  it('rejects an empty aad', () => {
    expect(errorCodeOf(() => vault.seal(PEM, ''))).toBe('KEY_AAD_MISSING');
    expect(errorCodeOf(() => vault.open(vault.seal(PEM, 'a'), ''))).toBe('KEY_AAD_MISSING');
  });

  it('rejects bad construction', () => {
    expect(errorCodeOf(() => new KeyVault(new Map([[1, randomBytes(16)]]), 1))).toBe('MASTER_KEYS_INVALID');
    expect(errorCodeOf(() => new KeyVault(new Map([[0, v1]]), 0))).toBe('MASTER_KEYS_INVALID');
    expect(errorCodeOf(() => new KeyVault(new Map([[1, v1]]), 2))).toBe('KEY_VERSION_UNKNOWN');
  });

  it('keeps master keys out of logs and JSON', () => {
    const hex = v1.toString('hex');
    const b64 = v1.toString('base64');
    for (const text of [JSON.stringify(vault), inspect(vault, { depth: 5, showHidden: true })]) {
      expect(text).not.toContain(hex);
      expect(text).not.toContain(b64);
      expect(text).not.toContain(inspect(v1));
    }
  });

  it('copies its keys so later changes to the caller buffer do not matter', () => {
    const key = randomBytes(32);
    const own = new KeyVault(new Map([[1, key]]), 1);
    const sealed = own.seal(PEM, 'a');
    key.fill(0);
    expect(own.open(sealed, 'a')).toBe(PEM);
  });
});

describe('parseMasterKeys', () => {
  const a = randomBytes(32).toString('base64');
  const b = randomBytes(32).toString('base64');

  it('parses versioned base64 keys', () => {
    const keys = parseMasterKeys(`1:${a}, 2:${b}`);
    expect([...keys.keys()]).toEqual([1, 2]);
    expect(keys.get(1)?.toString('base64')).toBe(a);
    expect(keys.get(2)?.length).toBe(32);
  });

  it.each([
    ['empty', ''],
    ['no version', a],
    ['version 0', `0:${a}`],
    ['negative version', `-1:${a}`],
    ['short key', `1:${randomBytes(31).toString('base64')}`],
    ['not base64', '1:%%%%'],
    ['duplicate version', `1:${a},1:${b}`],
    ['trailing comma', `1:${a},`],
  ])('rejects %s with MASTER_KEYS_INVALID', (_label, spec) => {
    expect(errorCodeOf(() => parseMasterKeys(spec))).toBe('MASTER_KEYS_INVALID');
  });

  it('never echoes key material in its errors', () => {
    const secret = randomBytes(31).toString('base64');
    try {
      parseMasterKeys(`1:${a},2:${secret}`);
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).message).not.toContain(a);
    }
  });
});
