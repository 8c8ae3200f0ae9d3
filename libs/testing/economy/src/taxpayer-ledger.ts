import type { TaxPeriod } from '@app/domain';
import type { Cents } from './cents';
import type { ClaimRow, OnlineInvoiceRow, SellerCopyRow } from './economy-rows';

/** One taxpayer's invoiced and claimed sums for the period, as the audit must see them. */
export interface TaxpayerTotals {
  /** Tax of its special invoices issued in the period: credit notes included, voids excluded. */
  outputTax: Cents;
  specialSales: Cents;
  /** Ordinary invoices: not audited, but a return declares them. */
  otherSales: Cents;
  otherOutputTax: Cents;
  /** Tax of its claims accepted for the period. */
  claimedTax: Cents;
}

const ZERO: TaxpayerTotals = {
  outputTax: 0,
  specialSales: 0,
  otherSales: 0,
  otherOutputTax: 0,
  claimedTax: 0,
};

/**
 * Adds up, per taxpayer, what 票表比对 compares a return with (DESIGN §7, rule version 1):
 * as a seller, the special invoices issued in the period that the run can see and that
 * are not voided by then; as a buyer, its claims accepted for the period. Rows stamped
 * after the watermark (`late`) are not seen. One entry per taxpayer, however many rows.
 */
export class TaxpayerLedger {
  private readonly totals = new Map<string, TaxpayerTotals>();

  constructor(private readonly period: TaxPeriod) {}

  online(row: OnlineInvoiceRow): void {
    const voided = row.voided !== null && !row.voided.late;
    if (!row.late && !voided) this.sale(row.sellerTaxId, row.type, row.issueDate, row.amount, row.tax);
  }

  offline(row: SellerCopyRow): void {
    if (!row.late && row.status === 'accepted') {
      this.sale(row.sellerTaxId, row.type, row.issueDate, row.amount, row.tax);
    }
  }

  claim(row: ClaimRow): void {
    if (row.late || row.status !== 'accepted' || row.period !== this.period) return;
    this.entry(row.buyerTaxId).claimedTax += row.tax;
  }

  of(taxId: string): TaxpayerTotals {
    return { ...(this.totals.get(taxId) ?? ZERO) };
  }

  private sale(
    seller: string,
    type: 'special' | 'ordinary',
    issueDate: string,
    amount: Cents,
    tax: Cents,
  ): void {
    if (issueDate.slice(0, 7) !== this.period) return;
    const entry = this.entry(seller);
    if (type === 'special') {
      entry.outputTax += tax;
      entry.specialSales += amount;
    } else {
      entry.otherOutputTax += tax;
      entry.otherSales += amount;
    }
  }

  private entry(taxId: string): TaxpayerTotals {
    let entry = this.totals.get(taxId);
    if (!entry) this.totals.set(taxId, (entry = { ...ZERO }));
    return entry;
  }
}
