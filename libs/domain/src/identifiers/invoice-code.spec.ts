import { Money } from '../money/money';
import type { AmountVersion } from '../taxpayers/taxpayer';
import {
  amountCapOf,
  assertWithinAmountCap,
  formatInvoiceNumber,
  minimalAmountVersion,
  parseInvoiceCode,
  parseInvoiceNumber,
} from './invoice-code';

const invalid = (code: string, reason: string, field: string) =>
  expect.objectContaining({ name: 'ValidationError', code, details: { field, reason } });

describe('parseInvoiceCode', () => {
  it('splits a code into its parts', () => {
    expect(parseInvoiceCode('4403204321', 'invoiceCode')).toEqual({
      code: '4403204321',
      regionCode: '4403',
      provinceCode: '44',
      year: 2020,
      batch: 4,
      language: 3,
      copies: 2,
      amountVersion: 1,
    });
    expect(parseInvoiceCode('1100261134', 'invoiceCode')).toMatchObject({ year: 2026, amountVersion: 4 });
  });

  it.each<[unknown, string]>([
    [4403204321, 'NOT_A_STRING'],
    [null, 'NOT_A_STRING'],
    ['440320432', 'FORMAT'],
    ['44032043211', 'FORMAT'],
    ['44032043A1', 'FORMAT'],
    [' 4403204321', 'FORMAT'],
    ['４４03204321', 'FORMAT'],
    ['4403204320', 'AMOUNT_VERSION'],
    ['4403204325', 'AMOUNT_VERSION'],
    ['4403204329', 'AMOUNT_VERSION'],
  ])('rejects %p: %s', (code, reason) => {
    expect(() => parseInvoiceCode(code, 'invoiceCode')).toThrow(
      invalid('INVOICE_CODE_INVALID', reason, 'invoiceCode'),
    );
  });
});

describe('amount caps', () => {
  it.each<[AmountVersion, string]>([
    [1, '10000'],
    [2, '100000'],
    [3, '1000000'],
    [4, '10000000'],
  ])('version %s caps one invoice at %s yuan, inclusive, for invoices and credit notes', (version, cap) => {
    expect(amountCapOf(version).toString()).toBe(cap);
    const atCap = new Money(cap);
    const above = atCap.plus('0.01');
    expect(() => assertWithinAmountCap(atCap, version)).not.toThrow();
    expect(() => assertWithinAmountCap(atCap.neg(), version)).not.toThrow();
    for (const amount of [above, above.neg()]) {
      expect(() => assertWithinAmountCap(amount, version)).toThrow(
        expect.objectContaining({
          name: 'BusinessRuleError',
          code: 'AMOUNT_ABOVE_VERSION_CAP',
          details: { amount: amount.toFixed(2), cap: atCap.toFixed(2), amountVersion: version },
        }),
      );
    }
  });
});

describe('invoice numbers', () => {
  it('parses exactly 8 digits, keeping leading zeros', () => {
    expect(parseInvoiceNumber('00000001', 'invoiceNumber')).toBe('00000001');
    expect(parseInvoiceNumber('99999999', 'invoiceNumber')).toBe('99999999');
  });

  it.each<[unknown, string]>([
    [12345678, 'NOT_A_STRING'],
    [undefined, 'NOT_A_STRING'],
    ['1', 'FORMAT'],
    ['1234567', 'FORMAT'],
    ['123456789', 'FORMAT'],
    ['1234567a', 'FORMAT'],
    ['-1234567', 'FORMAT'],
  ])('rejects %p: %s', (n, reason) => {
    expect(() => parseInvoiceNumber(n, 'invoiceNumber')).toThrow(
      invalid('INVOICE_NUMBER_INVALID', reason, 'invoiceNumber'),
    );
  });

  it('formats counters as 8 digits', () => {
    expect(formatInvoiceNumber(42)).toBe('00000042');
    expect(formatInvoiceNumber(0)).toBe('00000000');
    expect(formatInvoiceNumber(99_999_999)).toBe('99999999');
  });

  it.each([100_000_000, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses to format %p', (n) => {
    expect(() => formatInvoiceNumber(n)).toThrow(
      invalid('INVOICE_NUMBER_INVALID', 'OUT_OF_RANGE', 'invoiceNumber'),
    );
  });
});

describe('minimalAmountVersion', () => {
  it.each([
    ['0.01', 1],
    ['10000.00', 1],
    ['10000.01', 2],
    ['-10000.01', 2],
    ['100000.00', 2],
    ['1000000.00', 3],
    ['10000000.00', 4],
    ['10000000.01', null],
  ])('%s → %p', (amount, version) => {
    expect(minimalAmountVersion(new Money(amount))).toBe(version);
  });
});
