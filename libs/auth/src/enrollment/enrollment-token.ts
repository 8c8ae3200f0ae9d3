import { createHash, randomBytes } from 'node:crypto';

/** A one-time enrollment token as shown to the officer, with what is stored of it. */
export interface EnrollmentToken {
  /** 32 random bytes, base64url (43 characters); shown once, never stored. */
  readonly token: string;
  /** SHA-256 of the token: the only form kept in registry.taxpayers. */
  readonly hash: Buffer;
  readonly expiresAt: Date;
}

/** SHA-256 of a token; the issuance app hashes what the enterprise sends the same way. */
export function enrollmentTokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** A fresh token valid for `ttlHours` from `now`. */
export function newEnrollmentToken(ttlHours: number, now: Date = new Date()): EnrollmentToken {
  const token = randomBytes(32).toString('base64url');
  return {
    token,
    hash: enrollmentTokenHash(token),
    expiresAt: new Date(now.getTime() + ttlHours * 3600_000),
  };
}
