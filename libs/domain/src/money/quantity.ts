import Decimal from 'decimal.js';
import { ValidationError } from '../errors/domain-error';
import { Money } from './money';

/** Why a quantity or unit price was rejected; carried in `details.reason` of `QUANTITY_INVALID`. */
export type QuantityInvalidReason =
  'NOT_A_STRING' | 'FORMAT' | 'EXPONENT' | 'TOO_MANY_DECIMALS' | 'OUT_OF_RANGE' | 'NEGATIVE' | 'ZERO';

/** Quantities and unit prices are stored as numeric(20,8): 12 integer digits, 8 decimals. */
export const QUANTITY_MAX_INTEGER_DIGITS = 12;
export const QUANTITY_MAX_DECIMALS = 8;

const QUANTITY_PATTERN = /^-?(?:0|[1-9]\d{0,11})(?:\.\d{1,8})?$/;
const EXPONENT_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;
const LOOSE_DECIMAL_PATTERN = /^-?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a quantity or unit price: a decimal string with up to 8 decimals, strictly
 * positive. A red-letter (credit) line carries a negative quantity with a positive unit
 * price, which is what `allowNegative` is for; zero is never a quantity.
 * @throws ValidationError `QUANTITY_INVALID` with details `{ field, reason }`.
 */
export function parseQuantity(
  input: unknown,
  field: string,
  opts: { allowNegative?: boolean } = {},
): Decimal {
  const fail = (reason: QuantityInvalidReason, why: string): never => {
    throw new ValidationError('QUANTITY_INVALID', `${field} ${why}`, { field, reason });
  };
  if (typeof input !== 'string') return fail('NOT_A_STRING', 'must be a decimal string such as "2.5"');
  if (!QUANTITY_PATTERN.test(input)) {
    if (EXPONENT_PATTERN.test(input)) return fail('EXPONENT', 'must not use exponent notation');
    const loose = LOOSE_DECIMAL_PATTERN.exec(input);
    if (!loose || (loose[1].length > 1 && loose[1].startsWith('0'))) {
      return fail('FORMAT', 'must be a decimal string such as "2.5" (no leading zeros, spaces or "+")');
    }
    if (loose[2] !== undefined && loose[2].length > QUANTITY_MAX_DECIMALS) {
      return fail('TOO_MANY_DECIMALS', `must have at most ${QUANTITY_MAX_DECIMALS} decimals`);
    }
    return fail('OUT_OF_RANGE', `must have at most ${QUANTITY_MAX_INTEGER_DIGITS} digits before the point`);
  }
  const value = new Money(input);
  if (value.isZero()) return fail('ZERO', 'must not be zero');
  if (value.isNegative() && !opts.allowNegative) return fail('NEGATIVE', 'must be positive');
  return value;
}
