import { formatCents, parseCents, taxOfCents } from './money';

describe('demo money', () => {
  it('formats and parses cents both ways', () => {
    expect(formatCents(12345)).toBe('123.45');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-150)).toBe('-1.50');
    expect(parseCents('123.45')).toBe(12345);
    expect(parseCents('-0.5')).toBe(-50);
    expect(parseCents('7')).toBe(700);
    expect(() => parseCents('1.005')).toThrow(RangeError);
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });

  it('computes line tax round-half-up like the service', () => {
    expect(taxOfCents(100_00, '0.13')).toBe(13_00);
    expect(taxOfCents(50, '0.13')).toBe(7); // 6.5 cents → 7
    expect(taxOfCents(-50, '0.13')).toBe(-7);
    expect(taxOfCents(333_33, '0.06')).toBe(20_00);
  });
});
