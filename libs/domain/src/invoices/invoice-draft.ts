import Decimal from 'decimal.js';
import { BusinessRuleError, ValidationError } from '../errors/domain-error';
import { formatMoney, parseMoney } from '../money/money';
import { parseQuantity } from '../money/quantity';
import { assertIssueDate, IsoDate, parseDate } from '../periods/tax-period';
import { computeInvoiceTax } from '../tax/invoice-tax';
import { resolveVatRate } from '../tax/vat-rate-table';
import { TaxpayerKind } from '../taxpayers/taxpayer';

export type InvoiceType = 'special' | 'ordinary';
export const INVOICE_TYPES: readonly InvoiceType[] = ['special', 'ordinary'];

/** Lines per invoice; a paper special invoice holds 8, with a goods list (销货清单) for more. */
export const MAX_INVOICE_LINES = 100;

/** A line as the client sent it: money fields still unparsed strings. */
export interface InvoiceLineInput {
  description: string;
  taxCode?: string;
  quantity?: unknown;
  unitPrice?: unknown;
  amount: unknown;
  taxRate: unknown;
  taxAmount?: unknown;
}

/** A validated line in canonical form (every money string has exactly two decimals). */
export interface InvoiceLine {
  description: string;
  taxCode?: string;
  quantity?: string;
  unitPrice?: string;
  amount: string;
  taxRate: string;
  taxAmount: string;
}

export interface InvoiceDraft {
  issueDate: IsoDate;
  lines: InvoiceLine[];
  amount: Decimal;
  taxAmount: Decimal;
  total: Decimal;
}

export interface DraftContext {
  sellerKind: TaxpayerKind;
  /** Today in the business time zone; the issue date may not be later nor in a closed period. */
  today: IsoDate;
  /** 'blue' for a normal invoice (positive lines), 'red' for a credit note (negative lines). */
  colour: 'blue' | 'red';
  /** Rates are judged at this date (a credit note uses its original's issue date). */
  rateDate?: IsoDate;
}

function assertLineCount(lines: readonly unknown[]): void {
  if (lines.length === 0)
    throw new ValidationError('INVOICE_LINES_REQUIRED', 'An invoice needs at least one line.');
  if (lines.length > MAX_INVOICE_LINES) {
    throw new ValidationError(
      'INVOICE_TOO_MANY_LINES',
      `An invoice has at most ${MAX_INVOICE_LINES} lines.`,
      {
        lines: lines.length,
        max: MAX_INVOICE_LINES,
      },
    );
  }
}

function signedMoney(input: unknown, field: string, colour: 'blue' | 'red'): Decimal {
  const value = parseMoney(input, { field, allowNegative: colour === 'red', allowZero: false });
  if (colour === 'red' && value.isPositive()) {
    throw new BusinessRuleError(
      'CREDIT_NOTE_LINE_NOT_NEGATIVE',
      `${field} must be negative on a credit note.`,
      {
        field,
      },
    );
  }
  return value;
}

/** A tax may be zero (0% lines) but never of the wrong sign: a credit note only takes tax back. */
function signedTax(input: unknown, field: string, colour: 'blue' | 'red'): Decimal {
  const value = parseMoney(input, { field, allowNegative: colour === 'red' });
  if (colour === 'red' && value.isPositive() && !value.isZero()) {
    throw new BusinessRuleError(
      'CREDIT_NOTE_LINE_NOT_NEGATIVE',
      `${field} must not be positive on a credit note.`,
      {
        field,
      },
    );
  }
  return value;
}

function signedQuantity(input: unknown, field: string, colour: 'blue' | 'red'): Decimal {
  const value = parseQuantity(input, field, { allowNegative: colour === 'red' });
  if (colour === 'red' && value.isPositive()) {
    throw new BusinessRuleError(
      'CREDIT_NOTE_LINE_NOT_NEGATIVE',
      `${field} must be negative on a credit note.`,
      {
        field,
      },
    );
  }
  return value;
}

/** Rates in canonical form: at least two decimals ("0.13", "0.10", "0.00"), as in the rate table. */
export function formatRate(rate: Decimal): string {
  return rate.toFixed(Math.max(2, rate.decimalPlaces()));
}

/**
 * Validates an invoice (or credit note) and computes its tax exactly (DESIGN §4): money
 * is strict, rates must be in force on the date and allowed for the seller's kind, line
 * taxes within 0.06 and the invoice tax within 1.27 of the computed ones. Pure: the caller
 * supplies the seller's kind and today's date.
 */
export function buildInvoiceDraft(
  input: {
    issueDate?: unknown;
    lines: readonly InvoiceLineInput[];
    /** Totals the client declared, if any: they must equal the sums of the lines exactly. */
    amount?: unknown;
    taxAmount?: unknown;
  },
  ctx: DraftContext,
): InvoiceDraft {
  assertLineCount(input.lines);
  const issueDate = input.issueDate === undefined ? ctx.today : parseDate(input.issueDate, 'issueDate');
  assertIssueDate(issueDate, ctx.today);
  const parsed = input.lines.map((line, i) => {
    const at = `lines[${i}]`;
    return {
      line,
      amount: signedMoney(line.amount, `${at}.amount`, ctx.colour),
      rate: resolveVatRate(line.taxRate, ctx.rateDate ?? issueDate, ctx.sellerKind, `${at}.taxRate`),
      taxAmount:
        line.taxAmount === undefined ? undefined : signedTax(line.taxAmount, `${at}.taxAmount`, ctx.colour),
      quantity:
        line.quantity === undefined ? undefined : signedQuantity(line.quantity, `${at}.quantity`, ctx.colour),
      unitPrice: line.unitPrice === undefined ? undefined : parseQuantity(line.unitPrice, `${at}.unitPrice`),
    };
  });
  const tax = computeInvoiceTax({
    lines: parsed,
    declaredAmount: input.amount === undefined ? undefined : signedMoney(input.amount, 'amount', ctx.colour),
    declaredTaxAmount:
      input.taxAmount === undefined ? undefined : signedTax(input.taxAmount, 'taxAmount', ctx.colour),
  });
  return {
    issueDate,
    amount: tax.amount,
    taxAmount: tax.taxAmount,
    total: tax.total,
    lines: parsed.map((p, i) => ({
      description: p.line.description,
      ...(p.line.taxCode === undefined ? {} : { taxCode: p.line.taxCode }),
      ...(p.quantity === undefined ? {} : { quantity: p.quantity.toFixed() }),
      ...(p.unitPrice === undefined ? {} : { unitPrice: p.unitPrice.toFixed() }),
      amount: formatMoney(tax.lines[i].amount),
      taxRate: formatRate(p.rate),
      taxAmount: formatMoney(tax.lines[i].taxAmount),
    })),
  };
}
