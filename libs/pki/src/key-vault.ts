import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodeCanonicalBase64 } from './base64';
import { PkiError } from './pki.error';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A private key as stored in a database row. */
export interface SealedKey {
  /** Which master key encrypted it; lets old rows open after a rotation. */
  readonly keyVersion: number;
  /** base64 of `iv (12 bytes) || GCM tag (16 bytes) || ciphertext`. */
  readonly ciphertext: string;
}

/**
 * Encrypts private keys at rest with AES-256-GCM under versioned master keys.
 *
 * New ciphertexts always use `currentVersion`; older versions stay in the map only so
 * rows sealed before a rotation still open. The AAD names the row that owns the key
 * (a certificate serial, `ca:root`, ...): GCM authenticates it, so a ciphertext copied
 * onto another row fails to open instead of silently lending its key to that row.
 *
 * Master keys live in ES private fields, so they never appear in `JSON.stringify` or
 * `console.log` output of a vault.
 */
export class KeyVault {
  readonly #keys = new Map<number, Buffer>();
  readonly #currentVersion: number;

  /**
   * @param keys master key version → 32-byte key (see {@link parseMasterKeys})
   * @param currentVersion the version used for every new {@link seal}
   * @throws PkiError `MASTER_KEYS_INVALID` if a version is not a positive integer or a key is not 32 bytes;
   *   `KEY_VERSION_UNKNOWN` if `currentVersion` is not in `keys`
   */
  constructor(keys: ReadonlyMap<number, Buffer>, currentVersion: number) {
    for (const [version, key] of keys) {
      if (!isKeyVersion(version) || !Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
        throw new PkiError('MASTER_KEYS_INVALID', `master key version ${version} is not a 32-byte key`);
      }
      // Copy so a caller zeroing or reusing its buffer cannot change our keys.
      this.#keys.set(version, Buffer.from(key));
    }
    if (!this.#keys.has(currentVersion)) {
      throw new PkiError(
        'KEY_VERSION_UNKNOWN',
        `current master key version ${currentVersion} is not configured`,
      );
    }
    this.#currentVersion = currentVersion;
  }

  /** The master key version new ciphertexts are sealed with. */
  get currentVersion(): number {
    return this.#currentVersion;
  }

  /**
   * Encrypts a private key PEM under the current master key.
   * @param aad the owner of the key (e.g. its certificate serial); the same string is needed to open it
   */
  seal(plaintextPem: string, aad: string): SealedKey {
    assertAad(aad);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keyFor(this.#currentVersion), iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintextPem, 'utf8'), cipher.final()]);
    const ciphertext = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    return { keyVersion: this.#currentVersion, ciphertext };
  }

  /**
   * Decrypts a {@link SealedKey} under the master key version it names.
   * @throws PkiError `KEY_VERSION_UNKNOWN` if that version is not configured;
   *   `KEY_DECRYPTION_FAILED` if the ciphertext was altered, is malformed, or `aad` is not its owner
   */
  open(sealed: SealedKey, aad: string): string {
    assertAad(aad);
    const key = this.keyFor(sealed.keyVersion);
    const bytes = decodeCanonicalBase64(sealed.ciphertext);
    if (bytes === null || bytes.length < IV_BYTES + TAG_BYTES) {
      throw new PkiError('KEY_DECRYPTION_FAILED', 'sealed key is malformed');
    }
    const iv = bytes.subarray(0, IV_BYTES);
    const tag = bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    // authTagLength pins the tag at 16 bytes; without it Node accepts truncated tags.
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      const body = bytes.subarray(IV_BYTES + TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new PkiError(
        'KEY_DECRYPTION_FAILED',
        'sealed key failed authentication (tampered or wrong owner)',
      );
    }
  }

  private keyFor(version: number): Buffer {
    const key = this.#keys.get(version);
    if (key === undefined) {
      throw new PkiError('KEY_VERSION_UNKNOWN', `master key version ${version} is not configured`);
    }
    return key;
  }
}

/**
 * Parses a master key list from config: `"1:<base64 of 32 bytes>,2:<base64>"`.
 * Whitespace around entries is ignored. Error messages name the entry's position, never
 * its content, because the string is a secret.
 * @throws PkiError `MASTER_KEYS_INVALID` on an empty list, a malformed entry, a duplicate
 *   version or a key that is not exactly 32 bytes
 */
export function parseMasterKeys(spec: string): ReadonlyMap<number, Buffer> {
  const keys = new Map<number, Buffer>();
  const entries = typeof spec === 'string' && spec.trim() !== '' ? spec.split(',') : [];
  if (entries.length === 0) throw new PkiError('MASTER_KEYS_INVALID', 'no master keys configured');
  entries.forEach((entry, index) => {
    const match = /^\s*([0-9]+):(\S+)\s*$/.exec(entry);
    const version = match ? Number(match[1]) : NaN;
    const key = match ? decodeCanonicalBase64(match[2]) : null;
    if (!isKeyVersion(version) || key === null || key.length !== KEY_BYTES) {
      throw new PkiError(
        'MASTER_KEYS_INVALID',
        `master key entry ${index + 1} is not "<version>:<base64 of 32 bytes>"`,
      );
    }
    if (keys.has(version)) {
      throw new PkiError('MASTER_KEYS_INVALID', `master key version ${version} is listed twice`);
    }
    keys.set(version, key);
  });
  return keys;
}

function isKeyVersion(version: number): boolean {
  return Number.isSafeInteger(version) && version > 0;
}

function assertAad(aad: string): void {
  // An empty AAD would bind the key to nothing, defeating the point of passing one.
  if (typeof aad !== 'string' || aad === '') {
    throw new PkiError('KEY_AAD_MISSING', 'a sealed key must be bound to its owner (non-empty aad)');
  }
}
