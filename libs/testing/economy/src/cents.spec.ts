import { centsOf, formatCents, generalRatesOn, rateText, taxOf } from './cents';

describe('cents', () => {
  it('formats as the decimal strings Postgres stores', () => {
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(123456)).toBe('1234.56');
    expect(formatCents(-1001)).toBe('-10.01');
    expect(() => formatCents(1.5)).toThrow(RangeError);
    expect(centsOf('10.00', 'tolerance')).toBe(1000);
    expect(centsOf('-0.07', 'x')).toBe(-7);
  });

  it('rounds tax half away from zero, so a credit note mirrors its invoice', () => {
    expect(taxOf(50, 1700)).toBe(9); // 8.5 → 9
    expect(taxOf(-50, 1700)).toBe(-9);
    expect(taxOf(100_000, 600)).toBe(6_000);
    expect(rateText(1700)).toBe('0.17');
  });

  it('takes the general rates in force on the date from the domain rate table', () => {
    const rates = (date: string) => [...generalRatesOn(date)].sort((a, b) => a - b);
    expect(rates('2017-09-15')).toEqual([600, 1100, 1700]);
    expect(rates('2018-06-01')).toEqual([600, 1000, 1600]);
    expect(rates('2019-04-01')).toEqual([600, 900, 1300]);
    expect(() => generalRatesOn('2015-01-01')).toThrow(RangeError);
  });
});
