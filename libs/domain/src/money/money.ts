import Decimal from 'decimal.js';
import { ValidationError } from '../errors/domain-error';

/**
 * The one Decimal constructor for all domain arithmetic. 40 significant digits hold any
 * numeric(18,2) amount multiplied by any rate or quantity without loss, so the only
 * rounding that ever happens is the explicit one in {@link roundMoney}.
 * The exponent thresholds are pushed out so `toString()` never yields "1e+21" on its way
 * to Postgres.
 */
export const Money = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

/** Why a money string was rejected; carried in `details.reason` of `MONEY_INVALID`. */
export type MoneyInvalidReason =
  'NOT_A_STRING' | 'FORMAT' | 'EXPONENT' | 'TOO_MANY_DECIMALS' | 'NEGATIVE' | 'ZERO' | 'OUT_OF_RANGE';

export interface ParseMoneyOptions {
  /** Name of the input field, echoed in the error details. */
  field: string;
  /** Credit-note lines and totals are negative; everything else is not. Default false. */
  allowNegative?: boolean;
  /** Default true. */
  allowZero?: boolean;
}

/** numeric(18,2): at most 16 digits before the point. */
export const MONEY_MAX_INTEGER_DIGITS = 16;

// The only accepted shape: optional '-', no leading zeros, at most 16 integer digits,
// optional 1–2 decimals. Everything else is diagnosed by the looser patterns below.
const MONEY_PATTERN = /^-?(?:0|[1-9]\d{0,15})(?:\.\d{1,2})?$/;
const EXPONENT_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;
const LOOSE_DECIMAL_PATTERN = /^-?(\d+)(?:\.(\d+))?$/;

/** True when `s` is a money string in the wire format (sign allowed, zero allowed). */
export function isMoneyString(s: unknown): s is string {
  return typeof s === 'string' && MONEY_PATTERN.test(s);
}

/**
 * Parses a money amount from its wire form, a decimal string such as "1234.50".
 * JSON numbers are refused because a float has already lost the exact cents.
 * "-0", "-0.00" are read as zero (never as a negative amount).
 * @throws ValidationError `MONEY_INVALID` with details `{ field, reason }`.
 */
export function parseMoney(input: unknown, opts: ParseMoneyOptions): Decimal {
  const { field, allowNegative = false, allowZero = true } = opts;
  const fail = (reason: MoneyInvalidReason, why: string): never => {
    throw new ValidationError('MONEY_INVALID', `${field} ${why}`, { field, reason });
  };
  if (typeof input !== 'string') {
    return fail('NOT_A_STRING', 'must be a decimal string such as "1234.50", not a JSON number or null');
  }
  if (!MONEY_PATTERN.test(input)) {
    if (EXPONENT_PATTERN.test(input)) return fail('EXPONENT', 'must not use exponent notation');
    const loose = LOOSE_DECIMAL_PATTERN.exec(input);
    if (!loose || (loose[1].length > 1 && loose[1].startsWith('0'))) {
      return fail('FORMAT', 'must be a decimal string such as "1234.50" (no leading zeros, spaces or "+")');
    }
    if (loose[2] !== undefined && loose[2].length > 2) {
      return fail('TOO_MANY_DECIMALS', 'must have at most 2 decimals');
    }
    return fail('OUT_OF_RANGE', `must have at most ${MONEY_MAX_INTEGER_DIGITS} digits before the point`);
  }
  const parsed = new Money(input);
  // A parsed "-0" would be negative zero; normalise so it never formats as "-0.00".
  const value = parsed.isZero() ? new Money(0) : parsed;
  if (value.isNegative() && !allowNegative) return fail('NEGATIVE', 'must not be negative');
  if (value.isZero() && !allowZero) return fail('ZERO', 'must not be zero');
  return value;
}

/**
 * Rounds to cents, half away from zero ("0.005" → "0.01", "-0.005" → "-0.01"), so a
 * credit note is the exact mirror of its invoice. Never returns negative zero.
 */
export function roundMoney(d: Decimal): Decimal {
  const rounded = new Money(d).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return rounded.isZero() ? new Money(0) : rounded;
}

/** Wire form with exactly 2 decimals: "1234.50", "-0.50", "0.00" (never "-0.00"). */
export function formatMoney(d: Decimal): string {
  return roundMoney(d).toFixed(2);
}

/**
 * `formatMoney(new Money(s))` without building a Decimal, for bulk paths that format
 * millions of amounts already validated: a non-negative wire-format string only needs its
 * decimals padded to two. Anything else takes the Decimal route (and throws as it would).
 */
export function formatMoneyString(s: string): string {
  if (s.startsWith('-') || !MONEY_PATTERN.test(s)) return formatMoney(new Money(s));
  const dot = s.indexOf('.');
  if (dot < 0) return `${s}.00`;
  return s.length - dot === 2 ? `${s}0` : s;
}
