import { Money } from './money';
import { parseQuantity } from './quantity';

const quantityInvalid = (reason: string, field = 'quantity') =>
  expect.objectContaining({ name: 'ValidationError', code: 'QUANTITY_INVALID', details: { field, reason } });

describe('parseQuantity', () => {
  it.each(['1', '2.5', '0.00000001', '33.33333333', '999999999999.99999999'])('accepts %s', (s) => {
    expect(parseQuantity(s, 'quantity').eq(new Money(s))).toBe(true);
  });

  it('accepts a negative quantity only for credit lines', () => {
    expect(parseQuantity('-3', 'quantity', { allowNegative: true }).toString()).toBe('-3');
    expect(() => parseQuantity('-3', 'quantity')).toThrow(quantityInvalid('NEGATIVE'));
  });

  it.each<[unknown, string]>([
    [2.5, 'NOT_A_STRING'],
    [null, 'NOT_A_STRING'],
    ['', 'FORMAT'],
    ['+1', 'FORMAT'],
    ['01', 'FORMAT'],
    ['.5', 'FORMAT'],
    ['1.', 'FORMAT'],
    ['1 ', 'FORMAT'],
    ['NaN', 'FORMAT'],
    ['1e2', 'EXPONENT'],
    ['0.000000001', 'TOO_MANY_DECIMALS'],
    ['1000000000000', 'OUT_OF_RANGE'],
    ['0', 'ZERO'],
    ['0.00000000', 'ZERO'],
    ['-0', 'ZERO'],
  ])('rejects %p as %s', (input, reason) => {
    expect(() => parseQuantity(input, 'quantity', { allowNegative: true })).toThrow(quantityInvalid(reason));
  });

  it('names the field', () => {
    expect(() => parseQuantity('x', 'lines[2].unitPrice')).toThrow(
      quantityInvalid('FORMAT', 'lines[2].unitPrice'),
    );
  });
});
