import fc from 'fast-check';
import Decimal from 'decimal.js';
import { Money, formatMoney } from '../money/money';
import {
  INVOICE_TAX_TOLERANCE,
  LINE_TAX_TOLERANCE,
  computeInvoiceTax,
  computeLineTax,
  type InvoiceTaxLineInput,
} from './invoice-tax';

const m = (s: string): Decimal => new Money(s);
const rule = (code: string, details?: unknown) =>
  expect.objectContaining({ name: 'BusinessRuleError', kind: 'rule', code, ...(details ? { details } : {}) });
const RATES = ['0.17', '0.16', '0.13', '0.11', '0.10', '0.09', '0.06', '0.05', '0.03', '0.01', '0.00'];

describe('computeLineTax', () => {
  // Each expected value is amount × rate written out exactly, then rounded half-up by hand.
  it.each([
    ['0.01', '0.13', '0.00'], // 0.0013
    ['100.05', '0.09', '9.00'], // 9.0045
    ['100.50', '0.13', '13.07'], // 13.065: exactly half, rounds up
    ['0.50', '0.13', '0.07'], // 0.065
    ['0.25', '0.10', '0.03'], // 0.025 (half-even would give 0.02)
    ['1.50', '0.03', '0.05'], // 0.045
    ['11.50', '0.01', '0.12'], // 0.115
    ['0.50', '0.01', '0.01'], // 0.005
    ['38.50', '0.13', '5.01'], // 5.005
    ['0.04', '0.13', '0.01'], // 0.0052
    ['0.03', '0.13', '0.00'], // 0.0039
    ['10.05', '0.09', '0.90'], // 0.9045
    ['1234.50', '0.06', '74.07'], // exact
    ['100.00', '0.00', '0.00'],
    ['9999999999999999.99', '0.17', '1700000000000000.00'], // 1699999999999999.9983
  ])('%s × %s = %s', (amount, rate, tax) => {
    expect(formatMoney(computeLineTax(m(amount), m(rate)))).toBe(tax);
    expect(formatMoney(computeLineTax(m(amount).neg(), m(rate)))).toBe(tax === '0.00' ? '0.00' : `-${tax}`);
  });

  const cents = fc
    .bigInt({ min: -(10n ** 18n) + 1n, max: 10n ** 18n - 1n })
    .map((c) => new Money(c.toString()).div(100));
  const rate = fc.constantFrom(...RATES).map((r) => new Money(r));

  it('is odd-symmetric: tax(−a) = −tax(a)', () => {
    fc.assert(fc.property(cents, rate, (a, r) => computeLineTax(a.neg(), r).eq(computeLineTax(a, r).neg())));
  });

  it('is within half a cent of the exact product and has at most 2 decimals', () => {
    fc.assert(
      fc.property(cents, rate, (a, r) => {
        const tax = computeLineTax(a, r);
        return tax.minus(a.times(r)).abs().lte('0.005') && tax.decimalPlaces() <= 2;
      }),
    );
  });
});

describe('computeInvoiceTax', () => {
  const line = (
    amount: string,
    rate: string,
    extra: Partial<Record<'taxAmount' | 'quantity' | 'unitPrice', string>> = {},
  ) => {
    const l: InvoiceTaxLineInput = { amount: m(amount), rate: m(rate) };
    if (extra.taxAmount !== undefined) l.taxAmount = m(extra.taxAmount);
    if (extra.quantity !== undefined) l.quantity = m(extra.quantity);
    if (extra.unitPrice !== undefined) l.unitPrice = m(extra.unitPrice);
    return l;
  };
  const text = (r: ReturnType<typeof computeInvoiceTax>) => ({
    lines: r.lines.map((l) => [l.amount, l.rate, l.taxAmount, l.computedTaxAmount].map((d) => d.toString())),
    amount: formatMoney(r.amount),
    taxAmount: formatMoney(r.taxAmount),
    total: formatMoney(r.total),
  });

  it('computes line taxes and exact totals', () => {
    const r = computeInvoiceTax({
      lines: [line('100.50', '0.13'), line('0.10', '0.06'), line('0.20', '0.09')],
    });
    expect(text(r)).toEqual({
      lines: [
        ['100.5', '0.13', '13.07', '13.07'],
        ['0.1', '0.06', '0.01', '0.01'],
        ['0.2', '0.09', '0.02', '0.02'],
      ],
      amount: '100.80',
      taxAmount: '13.10',
      total: '113.90',
    });
  });

  it('keeps a sent line tax within tolerance and reports the computed one beside it', () => {
    const r = computeInvoiceTax({ lines: [line('100.00', '0.13', { taxAmount: '13.06' })] });
    expect(text(r).lines[0]).toEqual(['100', '0.13', '13.06', '13']);
    expect(formatMoney(r.taxAmount)).toBe('13.06');
    expect(formatMoney(r.total)).toBe('113.06');
  });

  it('allows a line tax off by exactly 0.06, not 0.07, in either direction', () => {
    expect(LINE_TAX_TOLERANCE.toString()).toBe('0.06');
    for (const sent of ['13.06', '12.94']) {
      expect(() => computeInvoiceTax({ lines: [line('100.00', '0.13', { taxAmount: sent })] })).not.toThrow();
    }
    expect(() =>
      computeInvoiceTax({ lines: [line('1.00', '0.13'), line('100.00', '0.13', { taxAmount: '13.07' })] }),
    ).toThrow(
      rule('LINE_TAX_OUT_OF_TOLERANCE', {
        lineIndex: 1,
        sent: '13.07',
        computed: '13.00',
        difference: '0.07',
        tolerance: '0.06',
      }),
    );
    expect(() => computeInvoiceTax({ lines: [line('100.00', '0.13', { taxAmount: '12.93' })] })).toThrow(
      rule('LINE_TAX_OUT_OF_TOLERANCE'),
    );
  });

  it('works the same on credit notes (negative amounts)', () => {
    const r = computeInvoiceTax({
      lines: [line('-100.50', '0.13'), line('-100.00', '0.13', { taxAmount: '-13.06' })],
      declaredAmount: m('-200.50'),
      declaredTaxAmount: m('-26.13'),
    });
    expect(text(r)).toEqual({
      lines: [
        ['-100.5', '0.13', '-13.07', '-13.07'],
        ['-100', '0.13', '-13.06', '-13'],
      ],
      amount: '-200.50',
      taxAmount: '-26.13',
      total: '-226.63',
    });
    expect(() => computeInvoiceTax({ lines: [line('-100.00', '0.13', { taxAmount: '-13.07' })] })).toThrow(
      rule(
        'LINE_TAX_OUT_OF_TOLERANCE',
        expect.objectContaining({ sent: '-13.07', computed: '-13.00', difference: '0.07' }),
      ),
    );
  });

  describe('invoice tax tolerance', () => {
    // 22 lines of 100.00 at 13% (computed 13.00 each); line taxes nudged by the given cents.
    const nudged = (offsetsInCents: number[], sign = 1) => ({
      lines: offsetsInCents.map((c) =>
        line((sign * 100).toFixed(2), '0.13', {
          taxAmount: new Money(sign * 13).plus(new Money(c).div(100)).toFixed(2),
        }),
      ),
    });
    const upTo = (total: number) => [...Array<number>(21).fill(6), total - 126];

    it('allows exactly 1.27, not 1.28, in either direction and on credit notes', () => {
      expect(INVOICE_TAX_TOLERANCE.toString()).toBe('1.27');
      for (const sign of [1, -1]) {
        for (const dir of [1, -1]) {
          const ok = computeInvoiceTax(
            nudged(
              upTo(127).map((c) => dir * c),
              sign,
            ),
          );
          expect(ok.taxAmount.eq(new Money(sign * 286).plus(dir * 1.27))).toBe(true);
          expect(() =>
            computeInvoiceTax(
              nudged(
                upTo(128).map((c) => dir * c),
                sign,
              ),
            ),
          ).toThrow(rule('INVOICE_TAX_OUT_OF_TOLERANCE', expect.objectContaining({ difference: '1.28' })));
        }
      }
      expect(() => computeInvoiceTax(nudged(upTo(128)))).toThrow(
        rule('INVOICE_TAX_OUT_OF_TOLERANCE', {
          sent: '287.28',
          computed: '286.00',
          difference: '1.28',
          tolerance: '1.27',
        }),
      );
    });

    const offsets = (min: number, max: number) =>
      fc.array(fc.integer({ min, max }), { minLength: 1, maxLength: 40 });
    const linesFrom = (cents: number[], amounts: bigint[], rates: string[]) =>
      cents.map((c, i) => {
        const amount = new Money(amounts[i % amounts.length].toString()).div(100);
        const rate = new Money(rates[i % rates.length]);
        return { amount, rate, taxAmount: computeLineTax(amount, rate).plus(new Money(c).div(100)) };
      });
    const check = (cents: number[], amounts: bigint[], rates: string[]) => {
      const input = { lines: linesFrom(cents, amounts, rates) };
      const drift = Math.abs(cents.reduce((a, b) => a + b, 0));
      if (drift <= 127) {
        const r = computeInvoiceTax(input);
        return r.taxAmount.eq(input.lines.reduce((a, l) => a.plus(l.taxAmount), new Money(0)));
      }
      try {
        computeInvoiceTax(input);
        return false;
      } catch (e) {
        return (e as { code?: string }).code === 'INVOICE_TAX_OUT_OF_TOLERANCE';
      }
    };
    const amounts = fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), {
      minLength: 1,
      maxLength: 40,
    });
    const rates = fc.array(fc.constantFrom(...RATES), { minLength: 1, maxLength: 5 });

    it('accepts any line taxes each within 0.06 when their sum is within 1.27, and rejects beyond', () => {
      fc.assert(fc.property(offsets(-6, 6), amounts, rates, check));
      // Same-signed offsets cross 1.27 often, so both outcomes are exercised.
      fc.assert(
        fc.property(offsets(3, 6), fc.constantFrom(1, -1), amounts, rates, (c, sign, a, r) =>
          check(
            c.map((x) => sign * x),
            a,
            r,
          ),
        ),
      );
    });

    it('rejects any single line tax off by more than 0.06', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 7, max: 10_000 }),
          fc.constantFrom(1, -1),
          amounts,
          rates,
          (c, sign, a, r) => {
            const input = { lines: linesFrom([sign * c], a, r) };
            expect(() => computeInvoiceTax(input)).toThrow(rule('LINE_TAX_OUT_OF_TOLERANCE'));
          },
        ),
      );
    });
  });

  describe('quantity × unit price', () => {
    it('must round to the line amount exactly', () => {
      expect(() =>
        computeInvoiceTax({ lines: [line('100.00', '0.13', { quantity: '3', unitPrice: '33.333333' })] }),
      ).not.toThrow();
      expect(() =>
        computeInvoiceTax({ lines: [line('0.01', '0.13', { quantity: '1', unitPrice: '0.005' })] }),
      ).not.toThrow();
      expect(() =>
        computeInvoiceTax({
          lines: [line('1.00', '0.13'), line('99.99', '0.13', { quantity: '3', unitPrice: '33.333333' })],
        }),
      ).toThrow(rule('LINE_AMOUNT_MISMATCH', { lineIndex: 1, amount: '99.99', expected: '100.00' }));
    });

    it('works on credit lines with a negative quantity', () => {
      expect(() =>
        computeInvoiceTax({ lines: [line('-100.00', '0.13', { quantity: '-3', unitPrice: '33.333333' })] }),
      ).not.toThrow();
      expect(() =>
        computeInvoiceTax({ lines: [line('-0.01', '0.13', { quantity: '-1', unitPrice: '0.005' })] }),
      ).not.toThrow();
      expect(() =>
        computeInvoiceTax({ lines: [line('-100.00', '0.13', { quantity: '3', unitPrice: '33.333333' })] }),
      ).toThrow(rule('LINE_AMOUNT_MISMATCH'));
    });

    it('is only checked when both are given', () => {
      expect(() => computeInvoiceTax({ lines: [line('100.00', '0.13', { quantity: '7' })] })).not.toThrow();
      expect(() => computeInvoiceTax({ lines: [line('100.00', '0.13', { unitPrice: '7' })] })).not.toThrow();
    });
  });

  describe('declared totals', () => {
    const lines = [line('0.10', '0.13', { taxAmount: '0.02' }), line('0.20', '0.13')];

    it('must equal the sums of the lines exactly', () => {
      const r = computeInvoiceTax({ lines, declaredAmount: m('0.30'), declaredTaxAmount: m('0.05') });
      expect(formatMoney(r.total)).toBe('0.35');
    });

    it('rejects an amount that is not the sum', () => {
      expect(() => computeInvoiceTax({ lines, declaredAmount: m('0.31') })).toThrow(
        rule('INVOICE_TOTAL_MISMATCH', { field: 'amount', declared: '0.31', sum: '0.30' }),
      );
    });

    it('rejects a tax that is not the sum of the line taxes used, even within tolerance', () => {
      expect(() => computeInvoiceTax({ lines, declaredTaxAmount: m('0.04') })).toThrow(
        rule('INVOICE_TOTAL_MISMATCH', { field: 'taxAmount', declared: '0.04', sum: '0.05' }),
      );
    });
  });

  it('needs at least one line', () => {
    expect(() => computeInvoiceTax({ lines: [] })).toThrow(
      expect.objectContaining({ name: 'ValidationError', code: 'INVOICE_LINES_REQUIRED' }),
    );
  });

  it('does its own arithmetic in Money, whatever Decimal the caller used', () => {
    // 0.00000005 × 246913499999.99999999 = 12345.6749999999999995 exactly (21 digits):
    // rounding first to Decimal's default 20 digits would give 12345.675, then 12345.68.
    const quantity = new Decimal('0.00000005');
    const unitPrice = new Decimal('246913499999.99999999');
    expect(quantity.times(unitPrice).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)).toBe('12345.68');
    const lines = [{ amount: new Decimal('12345.67'), rate: new Decimal('0.13'), quantity, unitPrice }];
    expect(formatMoney(computeInvoiceTax({ lines }).total)).toBe('13950.61'); // 12345.67 + 1604.9371 → 1604.94
  });
});
