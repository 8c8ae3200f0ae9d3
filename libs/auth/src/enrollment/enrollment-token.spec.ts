import { createHash } from 'node:crypto';
import { enrollmentTokenHash, newEnrollmentToken } from './enrollment-token';

describe('newEnrollmentToken', () => {
  it('makes a fresh 43-character base64url token, its SHA-256 and its expiry', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const a = newEnrollmentToken(24, now);
    const b = newEnrollmentToken(24, now);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash.equals(createHash('sha256').update(a.token).digest())).toBe(true);
    expect(a.hash.equals(enrollmentTokenHash(a.token))).toBe(true);
    expect(a.expiresAt.toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });
});
