import { createHash, randomBytes } from 'node:crypto';

const API_KEY_FORMAT = /^jsk_[A-Za-z0-9_-]{43}$/;

/** A new enterprise API key: `jsk_` + 256 random bits. Shown once; only its hash is stored. */
export function generateApiKey(): string {
  return `jsk_${randomBytes(32).toString('base64url')}`;
}

export function isApiKeyFormat(value: string): boolean {
  return API_KEY_FORMAT.test(value);
}

/** SHA-256 suffices (no slow hash): the key has 256 bits of entropy, nothing to brute-force. */
export function hashApiKey(apiKey: string): Buffer {
  return createHash('sha256').update(apiKey).digest();
}
