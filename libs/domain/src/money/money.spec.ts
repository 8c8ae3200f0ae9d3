import fc from 'fast-check';
import Decimal from 'decimal.js';
import { Money, formatMoney, formatMoneyString, isMoneyString, parseMoney, roundMoney } from './money';

const moneyInvalid = (reason: string, field = 'amount') =>
  expect.objectContaining({
    name: 'ValidationError',
    kind: 'invalid',
    code: 'MONEY_INVALID',
    details: { field, reason },
  });

const m = (s: string): Decimal => new Money(s);

describe('Money', () => {
  it('is a Decimal with 40 significant digits, rounding half-up', () => {
    expect(Money.precision).toBe(40);
    expect(Money.rounding).toBe(Decimal.ROUND_HALF_UP);
    expect(new Money('1').div(3).toString()).toBe('0.' + '3'.repeat(40));
  });

  it('never writes exponent notation', () => {
    expect(new Money('9999999999999999.99').times(100).toString()).toBe('999999999999999999');
    expect(new Money('0.0000001').toString()).toBe('0.0000001');
  });
});

describe('parseMoney', () => {
  it.each(['0', '0.0', '0.00', '1', '1234.5', '1234.50', '0.01', '9999999999999999.99'])(
    'accepts %s',
    (s) => {
      expect(parseMoney(s, { field: 'amount' }).eq(new Money(s))).toBe(true);
    },
  );

  it('accepts negatives only when allowed', () => {
    expect(formatMoney(parseMoney('-0.50', { field: 'amount', allowNegative: true }))).toBe('-0.50');
    expect(formatMoney(parseMoney('-9999999999999999.99', { field: 'amount', allowNegative: true }))).toBe(
      '-9999999999999999.99',
    );
    expect(() => parseMoney('-0.01', { field: 'amount' })).toThrow(moneyInvalid('NEGATIVE'));
  });

  it('reads a signed zero as plain zero, even where negatives are refused', () => {
    const zero = parseMoney('-0.00', { field: 'amount' });
    expect(zero.isZero()).toBe(true);
    expect(zero.isNegative()).toBe(false);
    expect(formatMoney(zero)).toBe('0.00');
    expect(() => parseMoney('-0', { field: 'amount', allowZero: false })).toThrow(moneyInvalid('ZERO'));
  });

  it('refuses zero when allowZero is false', () => {
    expect(() => parseMoney('0.00', { field: 'price', allowZero: false })).toThrow(
      moneyInvalid('ZERO', 'price'),
    );
    expect(parseMoney('0.01', { field: 'price', allowZero: false }).toString()).toBe('0.01');
  });

  it.each<[unknown, string]>([
    [1234.5, 'NOT_A_STRING'],
    [0, 'NOT_A_STRING'],
    [null, 'NOT_A_STRING'],
    [undefined, 'NOT_A_STRING'],
    [true, 'NOT_A_STRING'],
    [{ value: '1.00' }, 'NOT_A_STRING'],
    [['1.00'], 'NOT_A_STRING'],
    [new Money('1.00'), 'NOT_A_STRING'],
    ['', 'FORMAT'],
    [' 1.00', 'FORMAT'],
    ['1.00 ', 'FORMAT'],
    ['+1.00', 'FORMAT'],
    ['.5', 'FORMAT'],
    ['1.', 'FORMAT'],
    ['01.00', 'FORMAT'],
    ['00', 'FORMAT'],
    ['-01', 'FORMAT'],
    ['--1', 'FORMAT'],
    ['1,000.00', 'FORMAT'],
    ['1_000', 'FORMAT'],
    ['NaN', 'FORMAT'],
    ['Infinity', 'FORMAT'],
    ['-Infinity', 'FORMAT'],
    ['0x10', 'FORMAT'],
    ['１２', 'FORMAT'],
    ['12\n', 'FORMAT'],
    ['1e3', 'EXPONENT'],
    ['1E3', 'EXPONENT'],
    ['1.5e-2', 'EXPONENT'],
    ['-2e+2', 'EXPONENT'],
    ['1.234', 'TOO_MANY_DECIMALS'],
    ['0.001', 'TOO_MANY_DECIMALS'],
    ['-0.001', 'TOO_MANY_DECIMALS'],
    ['12345678901234567', 'OUT_OF_RANGE'],
    ['10000000000000000.00', 'OUT_OF_RANGE'],
  ])('rejects %p as %s', (input, reason) => {
    expect(() => parseMoney(input, { field: 'amount', allowNegative: true })).toThrow(moneyInvalid(reason));
  });

  it('says what is wrong in the message', () => {
    expect(() => parseMoney(12, { field: 'lines[0].amount' })).toThrow(
      /lines\[0\]\.amount must be a decimal string/,
    );
  });
});

describe('roundMoney', () => {
  it.each([
    ['0.125', '0.13'],
    ['-0.125', '-0.13'],
    ['0.0049', '0'],
    ['2.675', '2.68'],
    ['1.005', '1.01'],
    ['0.025', '0.03'],
    ['-0.025', '-0.03'],
    ['1234.5', '1234.5'],
  ])('%s → %s (half away from zero)', (input, expected) => {
    expect(roundMoney(m(input)).toString()).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(roundMoney(m('-0.004')).isNegative()).toBe(false);
  });

  it('rounds x.xx5 away from zero, for every x', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 17n }), (k) => {
        const half = new Money((10n * k + 5n).toString()).div(1000);
        const up = new Money((k + 1n).toString()).div(100);
        return roundMoney(half).eq(up) && roundMoney(half.neg()).eq(up.neg());
      }),
    );
  });
});

describe('formatMoney', () => {
  it.each([
    ['1234.5', '1234.50'],
    ['-0.5', '-0.50'],
    ['0', '0.00'],
    ['-0', '0.00'],
    ['-0.001', '0.00'],
    ['-0.005', '-0.01'],
    ['0.005', '0.01'],
    ['9999999999999999.99', '9999999999999999.99'],
  ])('%s → %s', (input, expected) => {
    expect(formatMoney(m(input))).toBe(expected);
  });

  it('round-trips with parseMoney for every amount numeric(18,2) can hold', () => {
    const cents = fc.bigInt({ min: -(10n ** 18n) + 1n, max: 10n ** 18n - 1n });
    fc.assert(
      fc.property(cents, (c) => {
        const value = new Money(c.toString()).div(100);
        const text = formatMoney(value);
        const parsed = parseMoney(text, { field: 'amount', allowNegative: true });
        return parsed.eq(value) && formatMoney(parsed) === text && isMoneyString(text);
      }),
    );
  });

  it('keeps the value of any accepted string', () => {
    const moneyString = fc
      .tuple(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 10n ** 16n - 1n }),
        fc.constantFrom('', '.', '..'),
        fc.nat(99),
      )
      .map(([neg, int, dot, frac]) => {
        const decimals = dot === '' ? '' : '.' + String(frac).padStart(2, '0').slice(0, dot.length);
        return `${neg ? '-' : ''}${int}${decimals}`;
      });
    fc.assert(
      fc.property(moneyString, (s) => {
        const parsed = parseMoney(s, { field: 'amount', allowNegative: true });
        return (
          parsed.eq(new Money(s)) &&
          parseMoney(formatMoney(parsed), { field: 'a', allowNegative: true }).eq(parsed)
        );
      }),
    );
  });
});

describe('isMoneyString', () => {
  it('matches the wire format only', () => {
    expect(isMoneyString('1234.50')).toBe(true);
    expect(isMoneyString('-0.5')).toBe(true);
    expect(isMoneyString('1.234')).toBe(false);
    expect(isMoneyString('1e3')).toBe(false);
    expect(isMoneyString(1.5)).toBe(false);
    expect(isMoneyString(null)).toBe(false);
  });
});

describe('formatMoneyString', () => {
  it.each([
    '0',
    '0.0',
    '0.00',
    '0.5',
    '0.05',
    '0.50',
    '1',
    '1.5',
    '1.50',
    '10',
    '1001.00',
    '1001.1',
    '9999999999999999',
    '9999999999999999.9',
    '9999999999999999.99',
    '-0',
    '-0.5',
    '-12.3',
    '-7',
  ])('gives what formatMoney(new Money(%p)) gives', (s) => {
    expect(formatMoneyString(s)).toBe(formatMoney(new Money(s)));
  });

  it('rejects what Money rejects', () => {
    expect(() => formatMoneyString('abc')).toThrow();
  });
});
