import { DomainError } from '../errors/domain-error';
import { parseInvoiceCode } from '../identifiers/invoice-code';
import { assertCodeFits, parseRequestedRange } from './number-range-rules';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return undefined;
};

describe('parseRequestedRange', () => {
  const ok = { invoiceCode: '4400261133', startNumber: '00000001', endNumber: '00000100' };

  it('parses the code and an inclusive integer range', () => {
    const r = parseRequestedRange(ok);
    expect(r).toMatchObject({ start: 1, end: 100 });
    expect(r.code).toMatchObject({ regionCode: '4400', amountVersion: 3 });
    expect(parseRequestedRange({ ...ok, endNumber: '00000001' })).toMatchObject({ start: 1, end: 1 });
  });

  it.each([
    [{ invoiceCode: '440026113' }, 'INVOICE_CODE_INVALID'],
    [{ invoiceCode: '4400261135' }, 'INVOICE_CODE_INVALID'],
    [{ invoiceCode: 4400261133 }, 'INVOICE_CODE_INVALID'],
    [{ invoiceCode: undefined }, 'INVOICE_CODE_INVALID'],
    [{ startNumber: '1' }, 'INVOICE_NUMBER_INVALID'],
    [{ startNumber: 1 }, 'INVOICE_NUMBER_INVALID'],
    [{ endNumber: '0000010a' }, 'INVOICE_NUMBER_INVALID'],
    [{ startNumber: '00000000' }, 'INVOICE_NUMBER_INVALID'],
    [{ startNumber: '00000101' }, 'NUMBER_RANGE_INVALID'],
  ])('refuses %p with %s', (override, code) => {
    expect(codeOf(() => parseRequestedRange({ ...ok, ...override }))).toBe(code);
  });
});

describe('assertCodeFits', () => {
  const tianhe = { bureauCode: '14401060000', maxAmountVersion: 3 };

  it.each(['4400261133', '4401261133', '4401261131'])('accepts %s for a Tianhe taxpayer', (code) => {
    expect(codeOf(() => assertCodeFits(parseInvoiceCode(code, 'c'), tianhe))).toBeUndefined();
  });

  it.each([
    ['4403261133', 'INVOICE_CODE_REGION_MISMATCH'], // Shenzhen
    ['1100261133', 'INVOICE_CODE_REGION_MISMATCH'], // Beijing
    ['4501261133', 'INVOICE_CODE_REGION_MISMATCH'], // Guangxi, same city digits
    ['4400261134', 'AMOUNT_VERSION_NOT_ALLOWED'],
  ])('refuses %s with %s', (code, expected) => {
    expect(codeOf(() => assertCodeFits(parseInvoiceCode(code, 'c'), tianhe))).toBe(expected);
  });

  it('uses the city digits of a city that registers taxpayers itself', () => {
    const dongguan = { bureauCode: '14419000000', maxAmountVersion: 4 };
    expect(codeOf(() => assertCodeFits(parseInvoiceCode('4419261134', 'c'), dongguan))).toBeUndefined();
    expect(codeOf(() => assertCodeFits(parseInvoiceCode('4401261134', 'c'), dongguan))).toBe(
      'INVOICE_CODE_REGION_MISMATCH',
    );
  });
});
