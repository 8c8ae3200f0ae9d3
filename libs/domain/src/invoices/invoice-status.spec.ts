import { Money } from '../money/money';
import { invoiceStatusOf } from './invoice-status';

describe('invoiceStatusOf', () => {
  it.each<[string, boolean, string, string, string]>([
    ['nothing credited', false, '100.00', '0', 'issued'],
    ['nothing credited (written 0.00)', false, '100.00', '0.00', 'issued'],
    ['one cent credited', false, '100.00', '0.01', 'partially_credited'],
    ['all but one cent credited', false, '100.00', '99.99', 'partially_credited'],
    ['exactly the whole amount credited', false, '100.00', '100.00', 'credited'],
    ['the whole amount written differently', false, '100.5', '100.50', 'credited'],
    ['more than the amount credited', false, '100.00', '100.01', 'credited'],
    ['voided, nothing credited', true, '100.00', '0', 'voided'],
    ['voided and partially credited', true, '100.00', '40.00', 'voided'],
    ['voided and fully credited', true, '100.00', '100.00', 'voided'],
  ])('%s → %s', (_what, voided, amount, creditedAmount, status) => {
    expect(invoiceStatusOf({ voided, amount, creditedAmount })).toBe(status);
  });

  it('accepts Decimals and numbers as well as strings', () => {
    expect(
      invoiceStatusOf({ voided: false, amount: new Money('100.00'), creditedAmount: new Money('100') }),
    ).toBe('credited');
    expect(invoiceStatusOf({ voided: false, amount: 100, creditedAmount: 0 })).toBe('issued');
    expect(invoiceStatusOf({ voided: false, amount: 100, creditedAmount: 30 })).toBe('partially_credited');
  });

  it('compares exactly, not in floating point', () => {
    // 0.1 + 0.2 !== 0.3 in floating point; as decimals the invoice is fully credited.
    const credited = new Money('0.1').plus('0.2');
    expect(invoiceStatusOf({ voided: false, amount: '0.30', creditedAmount: credited })).toBe('credited');
    expect(
      invoiceStatusOf({
        voided: false,
        amount: '9999999999999999.99',
        creditedAmount: '9999999999999999.98',
      }),
    ).toBe('partially_credited');
  });
});
