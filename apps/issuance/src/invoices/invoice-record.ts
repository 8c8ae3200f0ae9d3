import type { InvoiceLine, InvoiceType } from '@app/domain';

/** One row of issuance.invoices, money as 2-decimal strings (numeric comes back from pg as text). */
export interface InvoiceRecord {
  invoiceCode: string;
  invoiceNumber: string;
  type: InvoiceType;
  sellerTaxId: string;
  sellerName: string;
  buyerTaxId: string;
  buyerName: string;
  issueDate: string;
  amount: string;
  taxAmount: string;
  total: string;
  lines: InvoiceLine[];
  remarks: string | null;
  contentHash: string;
  sealPayload: string;
  sealSignature: string;
  certificateSerial: string;
  checkCode: string;
  originalInvoiceCode: string | null;
  originalInvoiceNumber: string | null;
  creditReason: string | null;
  creditedAmount: string;
  creditedTaxAmount: string;
  voidedAt: Date | null;
  /** When it was sealed (the instant revocations are compared with). */
  issuedAt: Date;
}

export interface InvoiceKey {
  invoiceCode: string;
  invoiceNumber: string;
}
