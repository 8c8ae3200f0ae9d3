import type { Cents } from './cents';
import type { VatReturnRow } from './economy-rows';
import type { EconomyTaxpayer } from './economy-taxpayers';
import type { TruthRecorder } from './ground-truth';
import { currentReturn } from './return-profiles';
import type { TaxpayerTotals } from './taxpayer-ledger';

/**
 * 票表比对 and its mirror for one taxpayer (rule version 1): judged only if it filed, on the
 * latest version filed by the watermark; a gap counts when it exceeds the tolerance.
 */
export function judgeDeclaration(
  taxpayer: EconomyTaxpayer,
  returns: readonly VatReturnRow[],
  totals: TaxpayerTotals,
  tolerance: Cents,
  truth: TruthRecorder,
): void {
  const filed = currentReturn(returns);
  if (!filed) return;
  const origin = `return (${taxpayer.returnProfile}) v${filed.version}`;
  const underDeclared = totals.outputTax - filed.specialOutputTax;
  if (underDeclared > tolerance) {
    const parts = { invoiceCode: null, invoiceNumber: null, sellerTaxId: taxpayer.taxId, buyerTaxId: null };
    truth.finding({ category: 'UNDER_DECLARED', ...parts }, underDeclared, origin);
  }
  const overclaimed = filed.inputTax - totals.claimedTax;
  if (overclaimed > tolerance) {
    const parts = { invoiceCode: null, invoiceNumber: null, sellerTaxId: null, buyerTaxId: taxpayer.taxId };
    truth.finding({ category: 'INPUT_OVERCLAIMED', ...parts }, overclaimed, origin);
  }
}
