import type { FindingCategory } from '@app/domain';
import type { Cents } from './cents';
import type { ClaimRow } from './economy-rows';
import type { TradeInvoice } from './background-trade';
import type { FindingSink } from './ground-truth';

/**
 * What the audit must make of one invoice of the background trade, pattern by pattern
 * (rule version 1), declared like the scenarios' outcomes rather than computed from rows.
 */
export function judgeTrade(t: TradeInvoice, truth: FindingSink): void {
  const origin = `trade ${t.pattern} #${t.index}`;
  const { invoiceCode, invoiceNumber, sellerTaxId } = t.sale;
  // A claim's finding names the copy's seller (the claimed one where there is no copy: the same here).
  const aboutClaim = (category: FindingCategory, c: ClaimRow, taxAtRisk: Cents = c.tax) =>
    truth.finding(
      { category, invoiceCode, invoiceNumber, sellerTaxId, buyerTaxId: c.buyerTaxId },
      taxAtRisk,
      origin,
    );
  switch (t.pattern) {
    case 'matched':
    case 'previous-period':
      return truth.matched();
    case 'ordinary':
      return;
    case 'unclaimed':
      return truth.finding(
        { category: 'UNCLAIMED', invoiceCode, invoiceNumber, sellerTaxId, buyerTaxId: t.sale.buyerTaxId },
        0,
        origin,
      );
    case 'overstated':
      return aboutClaim('OVERSTATED_CLAIM', t.claims[0], Math.max(t.claims[0].tax - t.sale.tax, 0));
    case 'date-mismatch':
      return aboutClaim('FIELD_MISMATCH', t.claims[0]);
    case 'missing-copy':
      return aboutClaim('MISSING_SELLER_COPY', t.claims[0]);
    case 'forged-number':
      return aboutClaim('FORGED', t.claims[0]);
    case 'second-buyer':
      // The true buyer's claim is first and matches; the second company's differs (buyer) and repeats.
      truth.matched();
      aboutClaim('FIELD_MISMATCH', t.claims[1]);
      return aboutClaim('DUPLICATE_CLAIM', t.claims[1]);
  }
}
