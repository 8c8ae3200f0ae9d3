import { ValidationError } from '../errors/domain-error';

export type BureauLevel = 'national' | 'province' | 'city' | 'district';

export const NATIONAL_BUREAU_CODE = '10000000000';
const BUREAU_CODE = /^1[0-9]{10}$/;

/** Bureau code = `1` + 6-digit GB/T 2260 division code + `0000` (DESIGN §3). */
export function assertBureauCode(code: unknown, field = 'bureauCode'): string {
  if (typeof code !== 'string' || !BUREAU_CODE.test(code) || !code.endsWith('0000')) {
    throw new ValidationError(
      'BUREAU_CODE_INVALID',
      `${field} must be an 11-digit bureau code (1 + division code + 0000).`,
      {
        field,
      },
    );
  }
  return code;
}

/** The tier a bureau code names, read from which digits of its division code are significant. */
export function bureauLevelOf(code: string): BureauLevel {
  if (code === NATIONAL_BUREAU_CODE) return 'national';
  const division = code.slice(1, 7);
  if (division.endsWith('0000')) return 'province';
  if (division.endsWith('00')) return 'city';
  return 'district';
}

/**
 * The prefix every bureau code in this bureau's subtree starts with (itself included):
 * `1` for national, then `1` + 2, 4 or 6 division digits. "Under bureau X" is then the
 * single indexed predicate `code LIKE prefix || '%'`.
 */
export function bureauScopePrefix(code: string): string {
  switch (bureauLevelOf(code)) {
    case 'national':
      return '1';
    case 'province':
      return code.slice(0, 3);
    case 'city':
      return code.slice(0, 5);
    case 'district':
      return code.slice(0, 7);
  }
}

/** True when `target` lies in the subtree rooted at `root` (a bureau covers itself). */
export function bureauCovers(root: string, target: string): boolean {
  return target.startsWith(bureauScopePrefix(root));
}
