import Decimal from 'decimal.js';
import { BusinessRuleError, ValidationError } from '../errors/domain-error';
import { Money, formatMoney } from '../money/money';
import type { AmountVersion } from '../taxpayers/taxpayer';

/**
 * The parts of a 10-digit special-invoice code: region 4 + year 2 + batch 1 + language 1
 * + copies 1 + amount version 1.
 */
export interface InvoiceCodeParts {
  code: string;
  /** Digits 1–4: the issuing region (province + city). */
  regionCode: string;
  /** Digits 1–2. */
  provinceCode: string;
  /** 2000 + digits 5–6. */
  year: number;
  /** Digit 7: printing batch. */
  batch: number;
  /** Digit 8: language version. */
  language: number;
  /** Digit 9: number of copies (联次). */
  copies: number;
  /** Digit 10: caps the pre-tax amount of one invoice; see {@link amountCapOf}. */
  amountVersion: AmountVersion;
}

/**
 * @throws ValidationError `INVOICE_CODE_INVALID` with details `{ field, reason }`,
 *   reason `NOT_A_STRING` | `FORMAT` (not exactly 10 digits) | `AMOUNT_VERSION` (last digit not 1–4).
 */
export function parseInvoiceCode(code: unknown, field: string): InvoiceCodeParts {
  if (typeof code !== 'string' || !/^\d{10}$/.test(code)) {
    const reason = typeof code === 'string' ? 'FORMAT' : 'NOT_A_STRING';
    throw new ValidationError('INVOICE_CODE_INVALID', `${field} must be a string of exactly 10 digits`, {
      field,
      reason,
    });
  }
  const amountVersion = Number(code[9]);
  if (amountVersion < 1 || amountVersion > 4) {
    throw new ValidationError('INVOICE_CODE_INVALID', `${field} must end in an amount version 1–4`, {
      field,
      reason: 'AMOUNT_VERSION',
    });
  }
  return {
    code,
    regionCode: code.slice(0, 4),
    provinceCode: code.slice(0, 2),
    year: 2000 + Number(code.slice(4, 6)),
    batch: Number(code[6]),
    language: Number(code[7]),
    copies: Number(code[8]),
    amountVersion: amountVersion as AmountVersion,
  };
}

const AMOUNT_CAPS: Readonly<Record<AmountVersion, string>> = {
  1: '10000',
  2: '100000',
  3: '1000000',
  4: '10000000',
};

/** Highest pre-tax amount (yuan, inclusive) of one invoice under an amount version. */
export function amountCapOf(version: AmountVersion): Decimal {
  return new Money(AMOUNT_CAPS[version]);
}

/**
 * The smallest amount version whose cap admits the amount (by absolute value), or null
 * when even version 4 (10,000,000 yuan) is too small.
 */
export function minimalAmountVersion(amount: Decimal): AmountVersion | null {
  const size = new Money(amount).abs();
  return ([1, 2, 3, 4] as const).find((v) => size.lte(amountCapOf(v))) ?? null;
}

/**
 * The cap is on the size of the invoice, so a credit note (negative amount) is held to
 * it by absolute value.
 * @throws BusinessRuleError `AMOUNT_ABOVE_VERSION_CAP` with details `{ amount, cap, amountVersion }`.
 */
export function assertWithinAmountCap(amount: Decimal, version: AmountVersion): void {
  const cap = amountCapOf(version);
  if (new Money(amount).abs().gt(cap)) {
    throw new BusinessRuleError(
      'AMOUNT_ABOVE_VERSION_CAP',
      `Amount ${formatMoney(amount)} is above the cap ${formatMoney(cap)} of amount version ${version}`,
      { amount: formatMoney(amount), cap: formatMoney(cap), amountVersion: version },
    );
  }
}

export const INVOICE_NUMBER_MAX = 99_999_999;

/**
 * An invoice number is exactly 8 digits, kept as a string so leading zeros survive.
 * @throws ValidationError `INVOICE_NUMBER_INVALID` with details `{ field, reason }`,
 *   reason `NOT_A_STRING` | `FORMAT`.
 */
export function parseInvoiceNumber(n: unknown, field: string): string {
  if (typeof n !== 'string' || !/^\d{8}$/.test(n)) {
    const reason = typeof n === 'string' ? 'FORMAT' : 'NOT_A_STRING';
    throw new ValidationError('INVOICE_NUMBER_INVALID', `${field} must be a string of exactly 8 digits`, {
      field,
      reason,
    });
  }
  return n;
}

/**
 * 42 → "00000042". Number ranges are counted as integers and formatted at the edge.
 * @throws ValidationError `INVOICE_NUMBER_INVALID` (reason `OUT_OF_RANGE`) outside 0–99,999,999.
 */
export function formatInvoiceNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > INVOICE_NUMBER_MAX) {
    throw new ValidationError(
      'INVOICE_NUMBER_INVALID',
      `Invoice number ${n} is not an integer in 0–99999999`,
      {
        field: 'invoiceNumber',
        reason: 'OUT_OF_RANGE',
      },
    );
  }
  return String(n).padStart(8, '0');
}
