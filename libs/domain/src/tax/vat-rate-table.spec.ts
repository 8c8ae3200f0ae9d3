import { resolveVatRate, VAT_RATE_TABLE, VAT_RATE_TABLE_START } from './vat-rate-table';

const notInForce = (rate: string, issueDate: string) =>
  expect.objectContaining({
    name: 'BusinessRuleError',
    code: 'TAX_RATE_NOT_IN_FORCE',
    details: expect.objectContaining({ rate, issueDate }),
  });

describe('resolveVatRate: validity dates, both sides of every boundary', () => {
  it.each<[string, string, boolean]>([
    // 17%: from the start of the table to 2018-04-30
    ['0.17', '2016-04-30', false],
    ['0.17', '2016-05-01', true],
    ['0.17', '2018-04-30', true],
    ['0.17', '2018-05-01', false],
    // 16%: 2018-05-01 to 2019-03-31
    ['0.16', '2018-04-30', false],
    ['0.16', '2018-05-01', true],
    ['0.16', '2019-03-31', true],
    ['0.16', '2019-04-01', false],
    // 13%: until 2017-06-30 and again from 2019-04-01
    ['0.13', '2016-04-30', false],
    ['0.13', '2016-05-01', true],
    ['0.13', '2017-06-30', true],
    ['0.13', '2017-07-01', false],
    ['0.13', '2018-05-01', false],
    ['0.13', '2019-03-31', false],
    ['0.13', '2019-04-01', true],
    ['0.13', '2099-12-31', true],
    // 11%: from the start of the table (it dates from 2012) to 2018-04-30
    ['0.11', '2016-04-30', false],
    ['0.11', '2016-05-01', true],
    ['0.11', '2017-06-30', true],
    ['0.11', '2017-07-01', true],
    ['0.11', '2018-04-30', true],
    ['0.11', '2018-05-01', false],
    // 10%: 2018-05-01 to 2019-03-31
    ['0.10', '2018-04-30', false],
    ['0.10', '2018-05-01', true],
    ['0.10', '2019-03-31', true],
    ['0.10', '2019-04-01', false],
    // 9%: from 2019-04-01
    ['0.09', '2019-03-31', false],
    ['0.09', '2019-04-01', true],
    ['0.09', '2030-01-01', true],
    // 6% and 0%: the whole table
    ['0.06', '2016-04-30', false],
    ['0.06', '2016-05-01', true],
    ['0.06', '2026-03-10', true],
    ['0.00', '2016-04-30', false],
    ['0.00', '2016-05-01', true],
    ['0.00', '2026-03-10', true],
    // simplified: 5% and 3% the whole table, 1% from 2020-03-01 to 2027-12-31
    ['0.05', '2016-04-30', false],
    ['0.05', '2016-05-01', true],
    ['0.05', '2026-03-10', true],
    ['0.03', '2016-04-30', false],
    ['0.03', '2016-05-01', true],
    ['0.03', '2026-03-10', true],
    ['0.01', '2020-02-29', false],
    ['0.01', '2020-03-01', true],
    ['0.01', '2027-12-31', true],
    ['0.01', '2028-01-01', false],
  ])('%s on %s in force: %s', (rate, date, inForce) => {
    const kind = ['0.05', '0.03', '0.01', '0.00'].includes(rate) ? 'small_scale' : 'general';
    const call = () => resolveVatRate(rate, date, kind, 'taxRate');
    if (inForce) expect(call().toFixed(2)).toBe(rate);
    else expect(call).toThrow(notInForce(rate, date));
  });

  it('lists every validity window of the rate', () => {
    expect(() => resolveVatRate('0.13', '2018-06-01', 'general', 'lines[0].taxRate')).toThrow(
      expect.objectContaining({
        details: {
          field: 'lines[0].taxRate',
          rate: '0.13',
          issueDate: '2018-06-01',
          validity: [
            { validFrom: '2016-05-01', validTo: '2017-06-30' },
            { validFrom: '2019-04-01', validTo: null },
          ],
        },
      }),
    );
  });

  it('says when the date is before the table', () => {
    expect(() => resolveVatRate('0.06', '2016-04-30', 'general', 'taxRate')).toThrow(
      /rate table starts 2016-05-01/,
    );
  });
});

describe('resolveVatRate: who may use which rate', () => {
  it.each(['0.13', '0.09', '0.06', '0.03', '0.05', '0.01', '0.00'])(
    'a general taxpayer may use %s',
    (rate) => {
      expect(resolveVatRate(rate, '2026-03-10', 'general', 'taxRate').toFixed(2)).toBe(rate);
    },
  );

  it.each(['0.03', '0.05', '0.01', '0.00'])('a small-scale taxpayer may use %s', (rate) => {
    expect(resolveVatRate(rate, '2026-03-10', 'small_scale', 'taxRate').toFixed(2)).toBe(rate);
  });

  it.each([
    ['0.13', '2026-03-10'],
    ['0.09', '2026-03-10'],
    ['0.06', '2026-03-10'],
    ['0.17', '2017-01-01'],
    ['0.16', '2018-06-01'],
    ['0.11', '2017-01-01'],
    ['0.10', '2018-06-01'],
  ])('a small-scale taxpayer may not use the general rate %s', (rate, date) => {
    expect(() => resolveVatRate(rate, date, 'small_scale', 'taxRate')).toThrow(
      expect.objectContaining({
        name: 'BusinessRuleError',
        code: 'TAX_RATE_NOT_ALLOWED',
        details: { field: 'taxRate', rate, taxpayerKind: 'small_scale' },
      }),
    );
  });
});

describe('resolveVatRate: input format', () => {
  it('accepts equal spellings of a rate', () => {
    expect(resolveVatRate('0.1', '2018-06-01', 'general', 'taxRate').eq('0.10')).toBe(true);
    expect(resolveVatRate('0.130', '2026-01-01', 'general', 'taxRate').eq('0.13')).toBe(true);
    expect(resolveVatRate('0', '2026-01-01', 'general', 'taxRate').isZero()).toBe(true);
  });

  it.each<[unknown, string]>([
    [0.13, 'NOT_A_STRING'],
    [null, 'NOT_A_STRING'],
    [13, 'NOT_A_STRING'],
    ['13', 'FORMAT'],
    ['13%', 'FORMAT'],
    ['0.13e0', 'FORMAT'],
    ['.13', 'FORMAT'],
    ['1.13', 'FORMAT'],
    [' 0.13', 'FORMAT'],
    ['0.13000', 'FORMAT'],
    ['-0.13', 'FORMAT'],
    ['', 'FORMAT'],
  ])('rejects %p as %s', (rate, reason) => {
    expect(() => resolveVatRate(rate, '2026-01-01', 'general', 'taxRate')).toThrow(
      expect.objectContaining({
        name: 'ValidationError',
        code: 'TAX_RATE_INVALID',
        details: { field: 'taxRate', reason },
      }),
    );
  });

  it.each(['0.07', '0.15', '0.04', '0.125'])('rejects the unknown rate %s', (rate) => {
    expect(() => resolveVatRate(rate, '2026-01-01', 'general', 'taxRate')).toThrow(
      expect.objectContaining({
        code: 'TAX_RATE_INVALID',
        details: { field: 'taxRate', reason: 'UNKNOWN_RATE', rate },
      }),
    );
  });

  it('validates the issue date', () => {
    expect(() => resolveVatRate('0.13', '2026-02-30', 'general', 'taxRate')).toThrow(
      expect.objectContaining({ code: 'DATE_INVALID' }),
    );
  });
});

describe('VAT_RATE_TABLE', () => {
  it('has well-formed, non-overlapping windows that start with the table', () => {
    for (const e of VAT_RATE_TABLE) {
      expect(e.validFrom >= VAT_RATE_TABLE_START).toBe(true);
      if (e.validTo !== null) expect(e.validFrom <= e.validTo).toBe(true);
      const overlapping = VAT_RATE_TABLE.filter(
        (o) =>
          o !== e &&
          o.rate === e.rate &&
          o.validFrom <= (e.validTo ?? '9999-12-31') &&
          e.validFrom <= (o.validTo ?? '9999-12-31'),
      );
      expect(overlapping).toEqual([]);
    }
  });
});
