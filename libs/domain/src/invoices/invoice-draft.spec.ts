import fc from 'fast-check';
import { formatMoney } from '../money/money';
import {
  buildInvoiceDraft,
  MAX_INVOICE_LINES,
  type DraftContext,
  type InvoiceDraft,
  type InvoiceLineInput,
} from './invoice-draft';

// Every test runs on this fixed day (a Friday, day 20: the previous period is already closed).
const TODAY = '2026-11-20';

const blue = (extra: Partial<DraftContext> = {}): DraftContext => ({
  sellerKind: 'general',
  today: TODAY,
  colour: 'blue',
  ...extra,
});
const red = (extra: Partial<DraftContext> = {}): DraftContext => ({ ...blue(), colour: 'red', ...extra });

const line = (
  amount: unknown,
  taxRate: unknown = '0.13',
  extra: Partial<InvoiceLineInput> = {},
): InvoiceLineInput => ({
  description: '软件服务',
  amount,
  taxRate,
  ...extra,
});

const rule = (code: string, details?: unknown) =>
  expect.objectContaining({ name: 'BusinessRuleError', kind: 'rule', code, ...(details ? { details } : {}) });
const invalid = (code: string, details?: unknown) =>
  expect.objectContaining({
    name: 'ValidationError',
    kind: 'invalid',
    code,
    ...(details ? { details } : {}),
  });
const moneyInvalid = (field: string, reason: string) => invalid('MONEY_INVALID', { field, reason });

const totals = (d: InvoiceDraft) => ({
  amount: formatMoney(d.amount),
  taxAmount: formatMoney(d.taxAmount),
  total: formatMoney(d.total),
});

describe('buildInvoiceDraft: a blue invoice', () => {
  it('computes every line tax and exact totals across several rates', () => {
    const draft = buildInvoiceDraft(
      {
        issueDate: '2026-11-18',
        lines: [
          line('1234.56', '0.06'), // 74.0736 → 74.07
          line('100.50', '0.13', { quantity: '3', unitPrice: '33.5' }), // 13.065 → 13.07 (half up)
          line('38.50', '0.13'), // 5.005 → 5.01 (half up)
          line('200.05', '0.09'), // 18.0045 → 18.00
          line('1.50', '0.03'), // 0.045 → 0.05 (half up)
          line('500', '0.00'), // 0.00
        ],
      },
      blue(),
    );
    expect(draft.issueDate).toBe('2026-11-18');
    expect(draft.lines.map((l) => [l.amount, l.taxRate, l.taxAmount])).toEqual([
      ['1234.56', '0.06', '74.07'],
      ['100.50', '0.13', '13.07'],
      ['38.50', '0.13', '5.01'],
      ['200.05', '0.09', '18.00'],
      ['1.50', '0.03', '0.05'],
      ['500.00', '0.00', '0.00'],
    ]);
    // 1234.56 + 100.50 + 38.50 + 200.05 + 1.50 + 500.00 = 2075.11
    // 74.07 + 13.07 + 5.01 + 18.00 + 0.05 + 0.00 = 110.20
    expect(totals(draft)).toEqual({ amount: '2075.11', taxAmount: '110.20', total: '2185.31' });
  });

  it('uses a line tax sent by the client when it is within tolerance', () => {
    const draft = buildInvoiceDraft(
      { lines: [line('100.00', '0.13', { taxAmount: '13.06' }), line('10.00', '0.06')] },
      blue(),
    );
    expect(draft.lines.map((l) => l.taxAmount)).toEqual(['13.06', '0.60']);
    expect(totals(draft)).toEqual({ amount: '110.00', taxAmount: '13.66', total: '123.66' });
  });

  it('lets a general seller use the simplified rates and 0%', () => {
    const draft = buildInvoiceDraft(
      {
        lines: [line('100.00', '0.05'), line('100.00', '0.03'), line('100.00', '0.01'), line('100.00', '0')],
      },
      blue(),
    );
    expect(draft.lines.map((l) => l.taxAmount)).toEqual(['5.00', '3.00', '1.00', '0.00']);
    expect(totals(draft)).toEqual({ amount: '400.00', taxAmount: '9.00', total: '409.00' });
  });

  it('lets a small-scale seller use the simplified rates and 0%', () => {
    const draft = buildInvoiceDraft(
      { lines: [line('33.33', '0.03'), line('10.10', '0.05'), line('1.00', '0.00')] },
      blue({ sellerKind: 'small_scale' }),
    );
    // 0.9999 → 1.00; 0.505 → 0.51 (half up); 0.00
    expect(draft.lines.map((l) => l.taxAmount)).toEqual(['1.00', '0.51', '0.00']);
    expect(totals(draft)).toEqual({ amount: '44.43', taxAmount: '1.51', total: '45.94' });
  });
});

describe('buildInvoiceDraft: issue date', () => {
  it('defaults to the context’s today, not the clock', () => {
    expect(buildInvoiceDraft({ lines: [line('1.00')] }, blue()).issueDate).toBe(TODAY);
    expect(buildInvoiceDraft({ lines: [line('1.00')] }, blue({ today: '2026-11-03' })).issueDate).toBe(
      '2026-11-03',
    );
  });

  it('accepts today and any earlier day of the current period', () => {
    for (const issueDate of [TODAY, '2026-11-01']) {
      expect(buildInvoiceDraft({ issueDate, lines: [line('1.00')] }, blue()).issueDate).toBe(issueDate);
    }
  });

  it('rejects a date after today', () => {
    expect(() => buildInvoiceDraft({ issueDate: '2026-11-21', lines: [line('1.00')] }, blue())).toThrow(
      rule('ISSUE_DATE_IN_FUTURE', { issueDate: '2026-11-21', today: TODAY }),
    );
  });

  it('rejects a date in a closed period', () => {
    expect(() => buildInvoiceDraft({ issueDate: '2026-10-31', lines: [line('1.00')] }, blue())).toThrow(
      rule('PERIOD_CLOSED', { issueDate: '2026-10-31', period: '2026-10', today: TODAY }),
    );
    expect(() =>
      buildInvoiceDraft({ issueDate: '2018-06-15', lines: [line('1.00', '0.16')] }, blue()),
    ).toThrow(rule('PERIOD_CLOSED'));
  });

  it('accepts the previous period until day 15, across a year end too', () => {
    const draft = buildInvoiceDraft(
      { issueDate: '2026-10-31', lines: [line('1.00')] },
      blue({ today: '2026-11-15' }),
    );
    expect(draft.issueDate).toBe('2026-10-31');
    expect(() =>
      buildInvoiceDraft({ issueDate: '2026-10-31', lines: [line('1.00')] }, blue({ today: '2026-11-16' })),
    ).toThrow(rule('PERIOD_CLOSED'));
    expect(
      buildInvoiceDraft({ issueDate: '2026-12-01', lines: [line('1.00')] }, blue({ today: '2027-01-15' }))
        .issueDate,
    ).toBe('2026-12-01');
  });

  it('rejects a malformed date', () => {
    expect(() => buildInvoiceDraft({ issueDate: '2026-02-30', lines: [line('1.00')] }, blue())).toThrow(
      invalid('DATE_INVALID', { field: 'issueDate', reason: 'CALENDAR' }),
    );
    expect(() => buildInvoiceDraft({ issueDate: 20261120, lines: [line('1.00')] }, blue())).toThrow(
      invalid('DATE_INVALID', { field: 'issueDate', reason: 'NOT_A_STRING' }),
    );
  });
});

describe('buildInvoiceDraft: line count', () => {
  const lines = (n: number) => Array.from({ length: n }, () => line('1.00'));

  it('needs at least one line', () => {
    expect(() => buildInvoiceDraft({ lines: [] }, blue())).toThrow(invalid('INVOICE_LINES_REQUIRED'));
  });

  it(`accepts exactly ${MAX_INVOICE_LINES} lines`, () => {
    expect(MAX_INVOICE_LINES).toBe(100);
    const draft = buildInvoiceDraft({ lines: lines(100) }, blue());
    expect(draft.lines).toHaveLength(100);
    // 100 × 1.00; 100 × 0.13
    expect(totals(draft)).toEqual({ amount: '100.00', taxAmount: '13.00', total: '113.00' });
  });

  it('rejects 101 lines', () => {
    expect(() => buildInvoiceDraft({ lines: lines(101) }, blue())).toThrow(
      invalid('INVOICE_TOO_MANY_LINES', { lines: 101, max: 100 }),
    );
  });
});

describe('buildInvoiceDraft: line amounts', () => {
  it.each<[string, unknown, string]>([
    ['a JSON number', 100.5, 'NOT_A_STRING'],
    ['null', null, 'NOT_A_STRING'],
    ['3 decimals', '100.505', 'TOO_MANY_DECIMALS'],
    ['exponent form', '1e3', 'EXPONENT'],
    ['NaN', 'NaN', 'FORMAT'],
    ['zero', '0.00', 'ZERO'],
    ['negative zero', '-0', 'ZERO'],
    ['a negative amount', '-100.00', 'NEGATIVE'],
  ])('rejects %s on a blue invoice, naming the line', (_what, amount, reason) => {
    expect(() => buildInvoiceDraft({ lines: [line('1.00'), line(amount)] }, blue())).toThrow(
      moneyInvalid('lines[1].amount', reason),
    );
  });

  it('rejects a malformed or negative line tax on a blue invoice', () => {
    expect(() => buildInvoiceDraft({ lines: [line('1.00', '0.13', { taxAmount: 0.13 })] }, blue())).toThrow(
      moneyInvalid('lines[0].taxAmount', 'NOT_A_STRING'),
    );
    expect(() =>
      buildInvoiceDraft({ lines: [line('0.10', '0.13', { taxAmount: '-0.01' })] }, blue()),
    ).toThrow(moneyInvalid('lines[0].taxAmount', 'NEGATIVE'));
  });
});

describe('buildInvoiceDraft: rates', () => {
  it('rejects a rate not in force on the issue date', () => {
    expect(() => buildInvoiceDraft({ lines: [line('1.00'), line('100.00', '0.16')] }, blue())).toThrow(
      rule(
        'TAX_RATE_NOT_IN_FORCE',
        expect.objectContaining({ field: 'lines[1].taxRate', rate: '0.16', issueDate: TODAY }),
      ),
    );
    expect(() => buildInvoiceDraft({ lines: [line('100.00', '0.17')] }, blue())).toThrow(
      rule('TAX_RATE_NOT_IN_FORCE'),
    );
  });

  it('judges rates at the rate date when one is given (a credit note for a 2018 invoice)', () => {
    const ctx = red({ rateDate: '2018-06-15' });
    // -1000.00 × 0.16 = -160.00; -100.05 × 0.10 = -10.005 → -10.01 (half away from zero)
    const draft = buildInvoiceDraft({ lines: [line('-1000.00', '0.16'), line('-100.05', '0.10')] }, ctx);
    expect(draft.issueDate).toBe(TODAY);
    expect(draft.lines.map((l) => [l.amount, l.taxRate, l.taxAmount])).toEqual([
      ['-1000.00', '0.16', '-160.00'],
      ['-100.05', '0.10', '-10.01'],
    ]);
    expect(totals(draft)).toEqual({ amount: '-1100.05', taxAmount: '-170.01', total: '-1270.06' });
    // 13% was not in force between 2017-07-01 and 2019-03-31, even though it is today.
    expect(() => buildInvoiceDraft({ lines: [line('-1.00', '0.13')] }, ctx)).toThrow(
      rule(
        'TAX_RATE_NOT_IN_FORCE',
        expect.objectContaining({ field: 'lines[0].taxRate', rate: '0.13', issueDate: '2018-06-15' }),
      ),
    );
    // 17% had ended on 2018-04-30.
    expect(() => buildInvoiceDraft({ lines: [line('-1.00', '0.17')] }, ctx)).toThrow(
      rule('TAX_RATE_NOT_IN_FORCE'),
    );
  });

  it('still checks the credit note’s own issue date against today', () => {
    expect(() =>
      buildInvoiceDraft(
        { issueDate: '2018-06-15', lines: [line('-1.00', '0.16')] },
        red({ rateDate: '2018-06-15' }),
      ),
    ).toThrow(rule('PERIOD_CLOSED'));
  });

  it('rejects a general rate for a small-scale seller', () => {
    expect(() =>
      buildInvoiceDraft(
        { lines: [line('1.00', '0.03'), line('100.00', '0.13')] },
        blue({ sellerKind: 'small_scale' }),
      ),
    ).toThrow(
      rule('TAX_RATE_NOT_ALLOWED', { field: 'lines[1].taxRate', rate: '0.13', taxpayerKind: 'small_scale' }),
    );
  });

  it('rejects a rate that is not a rate string', () => {
    expect(() => buildInvoiceDraft({ lines: [line('1.00', 0.13)] }, blue())).toThrow(
      invalid('TAX_RATE_INVALID', { field: 'lines[0].taxRate', reason: 'NOT_A_STRING' }),
    );
    expect(() => buildInvoiceDraft({ lines: [line('1.00', '13%')] }, blue())).toThrow(
      invalid('TAX_RATE_INVALID', { field: 'lines[0].taxRate', reason: 'FORMAT' }),
    );
  });
});

describe('buildInvoiceDraft: line tax tolerance', () => {
  // 100.00 × 0.13 = 13.00 computed.
  it.each(['13.06', '12.94'])('accepts a line tax of %s (off by exactly 0.06)', (taxAmount) => {
    const draft = buildInvoiceDraft({ lines: [line('100.00', '0.13', { taxAmount })] }, blue());
    expect(draft.lines[0].taxAmount).toBe(taxAmount);
  });

  it.each([
    ['13.07', '0.07'],
    ['12.93', '0.07'],
  ])('rejects a line tax of %s (off by %s)', (taxAmount, difference) => {
    expect(() =>
      buildInvoiceDraft({ lines: [line('1.00'), line('100.00', '0.13', { taxAmount })] }, blue()),
    ).toThrow(
      rule('LINE_TAX_OUT_OF_TOLERANCE', {
        lineIndex: 1,
        sent: taxAmount,
        computed: '13.00',
        difference,
        tolerance: '0.06',
      }),
    );
  });
});

describe('buildInvoiceDraft: quantity × unit price', () => {
  it('must round to the line amount', () => {
    // 3 × 33.333333 = 99.999999 → 100.00
    expect(() =>
      buildInvoiceDraft(
        { lines: [line('100.00', '0.13', { quantity: '3', unitPrice: '33.333333' })] },
        blue(),
      ),
    ).not.toThrow();
    // 3 × 33.33 = 99.99
    expect(() =>
      buildInvoiceDraft(
        { lines: [line('1.00'), line('100.00', '0.13', { quantity: '3', unitPrice: '33.33' })] },
        blue(),
      ),
    ).toThrow(rule('LINE_AMOUNT_MISMATCH', { lineIndex: 1, amount: '100.00', expected: '99.99' }));
  });

  it('rejects malformed, zero or negative quantities and unit prices on a blue invoice', () => {
    const bad = (extra: Partial<InvoiceLineInput>) => () =>
      buildInvoiceDraft({ lines: [line('100.00', '0.13', extra)] }, blue());
    expect(bad({ quantity: 2 })).toThrow(
      invalid('QUANTITY_INVALID', { field: 'lines[0].quantity', reason: 'NOT_A_STRING' }),
    );
    expect(bad({ quantity: '0' })).toThrow(
      invalid('QUANTITY_INVALID', { field: 'lines[0].quantity', reason: 'ZERO' }),
    );
    expect(bad({ quantity: '-2' })).toThrow(
      invalid('QUANTITY_INVALID', { field: 'lines[0].quantity', reason: 'NEGATIVE' }),
    );
    expect(bad({ unitPrice: '-50' })).toThrow(
      invalid('QUANTITY_INVALID', { field: 'lines[0].unitPrice', reason: 'NEGATIVE' }),
    );
    expect(bad({ unitPrice: '1e2' })).toThrow(
      invalid('QUANTITY_INVALID', { field: 'lines[0].unitPrice', reason: 'EXPONENT' }),
    );
  });
});

describe('buildInvoiceDraft: a red invoice (credit note)', () => {
  it('accepts negative lines and negative totals', () => {
    const draft = buildInvoiceDraft(
      {
        lines: [
          line('-100.50', '0.13'),
          line('-100.00', '0.13', { taxAmount: '-13.06' }),
          line('-1234.56', '0.06'),
        ],
      },
      red(),
    );
    // -13.065 → -13.07; sent -13.06; -74.0736 → -74.07
    expect(draft.lines.map((l) => [l.amount, l.taxAmount])).toEqual([
      ['-100.50', '-13.07'],
      ['-100.00', '-13.06'],
      ['-1234.56', '-74.07'],
    ]);
    // -100.50 - 100.00 - 1234.56 = -1435.06; -13.07 - 13.06 - 74.07 = -100.20
    expect(totals(draft)).toEqual({ amount: '-1435.06', taxAmount: '-100.20', total: '-1535.26' });
  });

  it('rejects a positive line', () => {
    expect(() => buildInvoiceDraft({ lines: [line('-1.00'), line('100.00')] }, red())).toThrow(
      rule('CREDIT_NOTE_LINE_NOT_NEGATIVE', { field: 'lines[1].amount' }),
    );
  });

  it('rejects a zero line and a malformed amount', () => {
    expect(() => buildInvoiceDraft({ lines: [line('-0.00')] }, red())).toThrow(
      moneyInvalid('lines[0].amount', 'ZERO'),
    );
    expect(() => buildInvoiceDraft({ lines: [line(-100)] }, red())).toThrow(
      moneyInvalid('lines[0].amount', 'NOT_A_STRING'),
    );
  });

  it('allows a negative quantity with a positive unit price', () => {
    const draft = buildInvoiceDraft(
      { lines: [line('-100.00', '0.13', { quantity: '-3', unitPrice: '33.333333' })] },
      red(),
    );
    expect(draft.lines[0]).toEqual({
      description: '软件服务',
      quantity: '-3',
      unitPrice: '33.333333',
      amount: '-100.00',
      taxRate: '0.13',
      taxAmount: '-13.00',
    });
    expect(() =>
      buildInvoiceDraft(
        { lines: [line('-100.00', '0.13', { quantity: '3', unitPrice: '33.333333' })] },
        red(),
      ),
    ).toThrow(rule('CREDIT_NOTE_LINE_NOT_NEGATIVE'));
    expect(() =>
      buildInvoiceDraft(
        { lines: [line('-100.00', '0.13', { quantity: '-3', unitPrice: '-33.333333' })] },
        red(),
      ),
    ).toThrow(invalid('QUANTITY_INVALID', { field: 'lines[0].unitPrice', reason: 'NEGATIVE' }));
  });

  it('applies the line tax tolerance in the negative direction', () => {
    expect(() =>
      buildInvoiceDraft({ lines: [line('-100.00', '0.13', { taxAmount: '-13.07' })] }, red()),
    ).toThrow(
      rule('LINE_TAX_OUT_OF_TOLERANCE', expect.objectContaining({ sent: '-13.07', computed: '-13.00' })),
    );
  });

  // A credit line's tax must not point the other way: -0.01 at 13% computes a tax of 0.00, so a
  // sent "0.06" is within the 0.06 tolerance but makes the line (and the note) positive.
  it('rejects a positive line tax', () => {
    expect(() => buildInvoiceDraft({ lines: [line('-0.01', '0.13', { taxAmount: '0.06' })] }, red())).toThrow(
      expect.objectContaining({
        code: 'CREDIT_NOTE_LINE_NOT_NEGATIVE',
        details: expect.objectContaining({ field: 'lines[0].taxAmount' }),
      }),
    );
  });

  it('never yields a positive total', () => {
    // 21 × -0.01 = -0.21 pre-tax; 21 × 0.06 = 1.26 tax (within the 1.27 invoice tolerance).
    const lines = Array.from({ length: 21 }, () => line('-0.01', '0.13', { taxAmount: '0.06' }));
    let total: string | undefined;
    try {
      total = formatMoney(buildInvoiceDraft({ lines }, red()).total);
    } catch {
      total = undefined; // rejecting the note is fine
    }
    expect(total).toBeUndefined();
  });
});

describe('buildInvoiceDraft: canonical lines', () => {
  it('writes every field in canonical form', () => {
    const draft = buildInvoiceDraft(
      {
        lines: [
          {
            description: '咨询服务',
            taxCode: '3040201010000000000',
            quantity: '2.50',
            unitPrice: '40.000',
            amount: '100',
            taxRate: '0.130',
            taxAmount: '13.0',
          },
        ],
      },
      blue(),
    );
    expect(draft.lines[0]).toEqual({
      description: '咨询服务',
      taxCode: '3040201010000000000',
      quantity: '2.5',
      unitPrice: '40',
      amount: '100.00',
      taxRate: '0.13',
      taxAmount: '13.00',
    });
    expect(Object.keys(draft.lines[0])).toEqual([
      'description',
      'taxCode',
      'quantity',
      'unitPrice',
      'amount',
      'taxRate',
      'taxAmount',
    ]);
  });

  it('omits the optional fields that were not sent', () => {
    const draft = buildInvoiceDraft({ lines: [line('0.5', '0.06')] }, blue());
    expect(draft.lines[0]).toEqual({
      description: '软件服务',
      amount: '0.50',
      taxRate: '0.06',
      taxAmount: '0.03',
    });
    expect(Object.keys(draft.lines[0])).toEqual(['description', 'amount', 'taxRate', 'taxAmount']);
  });

  it('writes quantities and unit prices as plain decimals, never in exponent form', () => {
    // 0.00000001 × 100000000 = 1.00; 123456789012 × 0.00000001 = 1234.56789012 → 1234.57
    const draft = buildInvoiceDraft(
      {
        lines: [
          line('1.00', '0.13', { quantity: '0.00000001', unitPrice: '100000000' }),
          line('1234.57', '0.13', { quantity: '123456789012', unitPrice: '0.00000001' }),
        ],
      },
      blue(),
    );
    expect(draft.lines.map((l) => [l.quantity, l.unitPrice])).toEqual([
      ['0.00000001', '100000000'],
      ['123456789012', '0.00000001'],
    ]);
  });

  it('writes rates with at least two decimals, as the rate table does ("0.00", "0.10")', () => {
    expect(buildInvoiceDraft({ lines: [line('1.00', '0')] }, blue()).lines[0].taxRate).toBe('0.00');
    expect(buildInvoiceDraft({ lines: [line('1.00', '0.130')] }, blue()).lines[0].taxRate).toBe('0.13');
  });
});

describe('buildInvoiceDraft: totals are exact sums', () => {
  // Percent, so the expected tax is integer arithmetic on cents, independent of the code under test.
  const RATES: Record<string, bigint> = {
    '0.13': 13n,
    '0.09': 9n,
    '0.06': 6n,
    '0.05': 5n,
    '0.03': 3n,
    '0.01': 1n,
    '0.00': 0n,
  };
  const cents = (c: bigint): string => {
    const sign = c < 0n ? '-' : '';
    const a = c < 0n ? -c : c;
    return `${sign}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
  };
  // round-half-up(amount × rate, 2) on positive cents: (c × r + 50) div 100
  const taxCents = (c: bigint, r: bigint) => (c * r + 50n) / 100n;
  const arbLines = fc.array(
    fc.record({
      cents: fc.bigInt({ min: 1n, max: 100_000_000n }), // 0.01 .. 1,000,000.00
      rate: fc.constantFrom(...Object.keys(RATES)),
    }),
    { minLength: 1, maxLength: MAX_INVOICE_LINES },
  );

  it('amount, taxAmount and total of a blue invoice are the sums of its lines', () => {
    fc.assert(
      fc.property(arbLines, (ls) => {
        const draft = buildInvoiceDraft({ lines: ls.map((l) => line(cents(l.cents), l.rate)) }, blue());
        const lineTaxes = ls.map((l) => taxCents(l.cents, RATES[l.rate]));
        const amount = ls.reduce((s, l) => s + l.cents, 0n);
        const tax = lineTaxes.reduce((s, t) => s + t, 0n);
        expect(draft.lines.map((l) => l.amount)).toEqual(ls.map((l) => cents(l.cents)));
        expect(draft.lines.map((l) => l.taxAmount)).toEqual(lineTaxes.map(cents));
        expect(totals(draft)).toEqual({
          amount: cents(amount),
          taxAmount: cents(tax),
          total: cents(amount + tax),
        });
        expect(draft.total.toFixed(2)).toBe(cents(amount + tax));
      }),
    );
  });

  it('a red invoice of the same lines negated is the exact mirror', () => {
    fc.assert(
      fc.property(arbLines, (ls) => {
        const draft = buildInvoiceDraft({ lines: ls.map((l) => line(cents(-l.cents), l.rate)) }, red());
        const amount = ls.reduce((s, l) => s + l.cents, 0n);
        const tax = ls.reduce((s, l) => s + taxCents(l.cents, RATES[l.rate]), 0n);
        expect(totals(draft)).toEqual({
          amount: cents(-amount),
          taxAmount: cents(-tax),
          total: cents(-(amount + tax)),
        });
      }),
    );
  });
});
