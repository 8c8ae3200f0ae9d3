import Decimal from 'decimal.js';
import { BusinessRuleError, ValidationError } from '../errors/domain-error';
import { Money, formatMoney, roundMoney } from '../money/money';

/** A client's line tax may differ from the computed one by at most this much (inclusive). */
export const LINE_TAX_TOLERANCE: Decimal = new Money('0.06');
/** An invoice's tax may differ from the sum of computed line taxes by at most this much (inclusive). */
export const INVOICE_TAX_TOLERANCE: Decimal = new Money('1.27');

/** Line tax = round-half-up(amount × rate, 2); odd-symmetric, so credit lines mirror invoice lines. */
export function computeLineTax(amount: Decimal, rate: Decimal): Decimal {
  return roundMoney(new Money(amount).times(rate));
}

export interface InvoiceTaxLineInput {
  /** Pre-tax amount of the line, 2 decimals; negative on credit notes. */
  amount: Decimal;
  rate: Decimal;
  /** The client's own line tax, if it sent one. */
  taxAmount?: Decimal;
  quantity?: Decimal;
  unitPrice?: Decimal;
}

export interface InvoiceTaxInput {
  lines: readonly InvoiceTaxLineInput[];
  /** The client's pre-tax total, if sent: must equal the sum of line amounts exactly. */
  declaredAmount?: Decimal;
  /** The client's tax total, if sent: must equal the sum of line taxes exactly. */
  declaredTaxAmount?: Decimal;
}

export interface InvoiceTaxLine {
  amount: Decimal;
  rate: Decimal;
  /** The tax that goes on the invoice: the client's if sent (and within tolerance), else computed. */
  taxAmount: Decimal;
  computedTaxAmount: Decimal;
}

export interface InvoiceTax {
  lines: InvoiceTaxLine[];
  amount: Decimal;
  taxAmount: Decimal;
  total: Decimal;
}

const sum = (values: Decimal[]): Decimal => values.reduce((acc, v) => acc.plus(v), new Money(0));

function taxLine(line: InvoiceTaxLineInput, lineIndex: number): InvoiceTaxLine {
  const amount = new Money(line.amount);
  const rate = new Money(line.rate);
  if (line.quantity !== undefined && line.unitPrice !== undefined) {
    const expected = roundMoney(new Money(line.quantity).times(line.unitPrice));
    if (!expected.eq(amount)) {
      throw new BusinessRuleError(
        'LINE_AMOUNT_MISMATCH',
        `Line ${lineIndex}: amount ${formatMoney(amount)} is not quantity × unit price (${formatMoney(expected)})`,
        { lineIndex, amount: formatMoney(amount), expected: formatMoney(expected) },
      );
    }
  }
  const computedTaxAmount = computeLineTax(amount, rate);
  if (line.taxAmount === undefined) return { amount, rate, taxAmount: computedTaxAmount, computedTaxAmount };
  const sent = new Money(line.taxAmount);
  const difference = sent.minus(computedTaxAmount).abs();
  if (difference.gt(LINE_TAX_TOLERANCE)) {
    throw new BusinessRuleError(
      'LINE_TAX_OUT_OF_TOLERANCE',
      `Line ${lineIndex}: tax ${formatMoney(sent)} differs from the computed ${formatMoney(computedTaxAmount)} by more than ${formatMoney(LINE_TAX_TOLERANCE)}`,
      {
        lineIndex,
        sent: formatMoney(sent),
        computed: formatMoney(computedTaxAmount),
        difference: formatMoney(difference),
        tolerance: formatMoney(LINE_TAX_TOLERANCE),
      },
    );
  }
  return { amount, rate, taxAmount: sent, computedTaxAmount };
}

function assertDeclared(field: 'amount' | 'taxAmount', declared: Decimal | undefined, actual: Decimal): void {
  if (declared !== undefined && !new Money(declared).eq(actual)) {
    throw new BusinessRuleError(
      'INVOICE_TOTAL_MISMATCH',
      `Invoice ${field} ${formatMoney(declared)} is not the sum of its lines (${formatMoney(actual)})`,
      { field, declared: formatMoney(declared), sum: formatMoney(actual) },
    );
  }
}

/**
 * Computes an invoice's taxes and totals from its lines and checks whatever the client
 * also sent: quantity × unit price against amount (exact, after rounding to cents),
 * each line tax within {@link LINE_TAX_TOLERANCE} of the computed one, the invoice tax
 * within {@link INVOICE_TAX_TOLERANCE} of the sum of computed line taxes, and declared
 * totals equal to the sums of the lines exactly. Amounts are assumed to be parsed money
 * (2 decimals). Error details carry 0-based `lineIndex` and amounts as money strings.
 * @throws ValidationError `INVOICE_LINES_REQUIRED`; BusinessRuleError `LINE_AMOUNT_MISMATCH`,
 *   `LINE_TAX_OUT_OF_TOLERANCE`, `INVOICE_TAX_OUT_OF_TOLERANCE`, `INVOICE_TOTAL_MISMATCH`.
 */
export function computeInvoiceTax(input: InvoiceTaxInput): InvoiceTax {
  if (input.lines.length === 0) {
    throw new ValidationError('INVOICE_LINES_REQUIRED', 'An invoice needs at least one line', {
      field: 'lines',
    });
  }
  const lines = input.lines.map(taxLine);
  const amount = sum(lines.map((l) => l.amount));
  const taxAmount = sum(lines.map((l) => l.taxAmount));
  const computed = sum(lines.map((l) => l.computedTaxAmount));
  const difference = taxAmount.minus(computed).abs();
  if (difference.gt(INVOICE_TAX_TOLERANCE)) {
    throw new BusinessRuleError(
      'INVOICE_TAX_OUT_OF_TOLERANCE',
      `Invoice tax ${formatMoney(taxAmount)} differs from the sum of computed line taxes ${formatMoney(computed)} by more than ${formatMoney(INVOICE_TAX_TOLERANCE)}`,
      {
        sent: formatMoney(taxAmount),
        computed: formatMoney(computed),
        difference: formatMoney(difference),
        tolerance: formatMoney(INVOICE_TAX_TOLERANCE),
      },
    );
  }
  assertDeclared('amount', input.declaredAmount, amount);
  assertDeclared('taxAmount', input.declaredTaxAmount, taxAmount);
  return { lines, amount, taxAmount, total: amount.plus(taxAmount) };
}
