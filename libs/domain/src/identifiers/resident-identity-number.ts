import { ValidationError } from '../errors/domain-error';
import { daysInMonth } from '../periods/tax-period';

/**
 * Resident identity number (公民身份号码, GB 11643-1999): 18 characters — a 6-digit GB/T 2260
 * address code, the birth date as YYYYMMDD, a 3-digit sequence (odd for men, even for
 * women) and a check character, a digit or `X` (for 10). Personal data: the registry stores
 * a keyed hash of it and shows the last four characters at most (maskResidentId).
 */
export const RESIDENT_ID_LENGTH = 18;

// Weight of position i (1-based, left to right) is 2^(18-i) mod 11: ISO 7064 MOD 11-2.
const WEIGHTS: readonly number[] = Array.from(
  { length: RESIDENT_ID_LENGTH - 1 },
  (_, i) => 2 ** (17 - i) % 11,
);
const CHECK_CHARACTERS = '10X98765432';

export type ResidentIdInvalidReason = 'NOT_A_STRING' | 'LENGTH' | 'FORMAT' | 'BIRTH_DATE' | 'CHECK_CHARACTER';
export type ResidentIdCheck = { ok: true } | { ok: false; reason: ResidentIdInvalidReason };

/** The check character for 17 digits: CHECK_CHARACTERS[Σ digit(i)·weight(i) mod 11]. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new ValidationError('ID_NUMBER_INVALID', 'A resident identity number body is 17 digits', {
      field: 'first17',
      reason: 'FORMAT',
    });
  }
  let total = 0;
  for (let i = 0; i < 17; i++) total += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[total % 11];
}

/** A calendar date from 1800-01-01 on (the standard's own example was born in 1880), written YYYYMMDD. */
function isBirthDate(yyyymmdd: string): boolean {
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)].map(Number);
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

/** Checks a resident identity number without throwing. A lower-case `x` is not accepted. */
export function checkResidentId(id: unknown): ResidentIdCheck {
  if (typeof id !== 'string') return { ok: false, reason: 'NOT_A_STRING' };
  if (id.length !== RESIDENT_ID_LENGTH) return { ok: false, reason: 'LENGTH' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'FORMAT' };
  if (!isBirthDate(id.slice(6, 14))) return { ok: false, reason: 'BIRTH_DATE' };
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'CHECK_CHARACTER' };
  return { ok: true };
}

const REASON_TEXT: Record<ResidentIdInvalidReason, string> = {
  NOT_A_STRING: 'must be a string',
  LENGTH: `must be ${RESIDENT_ID_LENGTH} characters`,
  FORMAT: 'must be 17 digits followed by a digit or an upper-case X',
  BIRTH_DATE: 'has no valid birth date in characters 7–14 (YYYYMMDD)',
  CHECK_CHARACTER: 'has a wrong check character (18th character, GB 11643)',
};

/**
 * Narrows `id` to a valid resident identity number. The message never repeats the number.
 * @throws ValidationError `ID_NUMBER_INVALID` with details `{ field, reason }`.
 */
export function assertResidentId(id: unknown, field: string): asserts id is string {
  const result = checkResidentId(id);
  if (!result.ok) {
    throw new ValidationError('ID_NUMBER_INVALID', `${field} ${REASON_TEXT[result.reason]}`, {
      field,
      reason: result.reason,
    });
  }
}

/** What may be shown of a resident identity number: its last four characters. */
export function maskResidentId(id: string): string {
  return `${'*'.repeat(RESIDENT_ID_LENGTH - 4)}${id.slice(-4)}`;
}

/** Appends the right check character to 17 digits (test factories, fixtures). */
export function makeResidentId(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}
