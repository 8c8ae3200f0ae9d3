import Decimal from 'decimal.js';
import { Money } from '../money/money';

export type InvoiceStatus = 'issued' | 'voided' | 'partially_credited' | 'credited';

/**
 * What an invoice is worth now: voided (作废) wins; a blue invoice whose credit notes
 * (红字) add up to its whole amount is `credited`; some credit makes it `partially_credited`.
 */
export function invoiceStatusOf(inv: {
  voided: boolean;
  amount: Decimal.Value;
  creditedAmount: Decimal.Value;
}): InvoiceStatus {
  if (inv.voided) return 'voided';
  const credited = new Money(inv.creditedAmount);
  if (credited.isZero()) return 'issued';
  return credited.gte(inv.amount) ? 'credited' : 'partially_credited';
}
