import type { AmountVersion, ControllingParties, IsoDate, TaxPeriod } from '@app/domain';
import type { Cents } from './cents';

/**
 * The rows an economy writes, one interface per table, in the table's terms. Instants are
 * Postgres timestamptz literals; `late` marks a row stamped after any audit run's
 * watermark (DESIGN §7: a run judges what was stamped at or before its start), which the
 * ground truth must treat as not there.
 */

/** The key of an invoice: unique nationally. */
export interface InvoiceKey {
  invoiceCode: string;
  invoiceNumber: string;
}

export interface TaxpayerRow {
  taxId: string;
  name: string;
  bureauCode: string;
  /** GB/T 4754-2017 class, e.g. 'F5164'. */
  industry: string;
  status: 'normal' | 'abnormal';
  maxAmountVersion: AmountVersion;
  /** When the bureau registered it. */
  createdAt: string;
}

/** registry.taxpayer_status_changes: an officer setting a taxpayer abnormal (非正常户) or back. */
export interface StatusChangeRow {
  taxId: string;
  fromStatus: 'normal' | 'abnormal';
  toStatus: 'normal' | 'abnormal';
  reason: string;
  changedAt: string;
}

/**
 * registry.taxpayer_parties: who controls a taxpayer (as registered through the API), in force
 * from `from` until `to` (Beijing instants; open when null).
 */
export interface PartyRegistrationRow {
  taxId: string;
  parties: ControllingParties;
  from: string;
  to: string | null;
}

/** A device certificate; the loader adds the issuer and a placeholder PEM (the audit never parses it). */
export interface CertificateRow {
  serialNumber: string;
  taxId: string;
  notBefore: string;
  notAfter: string;
}

export interface RevocationRow {
  serialNumber: string;
  revokedAt: string;
  reason: string;
  recordedAt: string;
  late: boolean;
}

export interface NumberRangeRow {
  taxId: string;
  invoiceCode: string;
  startNumber: number;
  endNumber: number;
  amountVersion: AmountVersion;
  allocatedAt: string;
}

/** What the seller's copy of an invoice says, online or offline. */
export interface InvoiceFields extends InvoiceKey {
  type: 'special' | 'ordinary';
  sellerTaxId: string;
  buyerTaxId: string;
  issueDate: IsoDate;
  amount: Cents;
  tax: Cents;
  /** Basis points; credit notes carry their original's rate. */
  rate: number;
  certificateSerial: string;
}

/**
 * One line of an invoice. `taxCode` is the 19-digit 税收分类编码 (its first five digits are
 * the chapter the risk stage compares), or null where the issuer gave none. The lines'
 * amounts add up to the invoice's, their taxes to its tax.
 */
export interface SaleLine {
  taxCode: string | null;
  description: string;
  amount: Cents;
  tax: Cents;
}

/** A sale with its lines. Only an online invoice keeps them: an offline copy (抄税) carries none. */
export interface SaleFields extends InvoiceFields {
  lines: readonly SaleLine[];
}

/** issuance.invoices: issued online, so its seal is timed (issuedAt) and it can be voided or credited. */
export interface OnlineInvoiceRow extends SaleFields {
  sellerName: string;
  buyerName: string;
  issuedAt: string;
  late: boolean;
  /** Set on a credit note (红字), whose amounts are negative. */
  original: InvoiceKey | null;
  /** On an original: what its credit notes took back, including any issued after the watermark. */
  credited: Cents;
  creditedTax: Cents;
  voided: { at: string; late: boolean } | null;
}

/** collection.seller_copies: an offline-sealed invoice uploaded by its seller (抄税). */
export interface SellerCopyRow extends InvoiceFields {
  status: 'accepted' | 'rejected';
  reasonCode: string | null;
  createdAt: string;
  late: boolean;
}

/** collection.claims: what the buyer claimed, as stored by intake (accepted or rejected evidence). */
export interface ClaimRow extends InvoiceKey {
  buyerTaxId: string;
  period: TaxPeriod;
  issueDate: IsoDate;
  sellerTaxId: string;
  amount: Cents;
  tax: Cents;
  /** Whether a seal was sent (the rejected seal reasons need one). */
  sealed: boolean;
  status: 'accepted' | 'rejected';
  reasonCode: string | null;
  /** Claims that came in a bulk file: DUPLICATE_IN_FILE only arises there. */
  upload: { id: string; row: number } | null;
  createdAt: string;
  late: boolean;
}

export interface VatReturnRow {
  taxId: string;
  period: TaxPeriod;
  version: number;
  specialSales: Cents;
  specialOutputTax: Cents;
  otherSales: Cents;
  otherOutputTax: Cents;
  inputTax: Cents;
  filedAt: string;
  late: boolean;
}
