import { formatMoney } from '../money/money';
import { InvoiceDraft, InvoiceLine, InvoiceType } from './invoice-draft';

/**
 * The whole invoice as it is hashed into `contentHash` (SHA-256 of its RFC 8785 form).
 * Anyone holding the invoice can rebuild this object and check the hash: field names are
 * those of the API, money is a 2-decimal string, absent optional fields are omitted.
 */
export interface InvoiceDocument {
  invoiceCode: string;
  invoiceNumber: string;
  type: InvoiceType;
  issueDate: string;
  sellerTaxId: string;
  sellerName: string;
  buyerTaxId: string;
  buyerName: string;
  amount: string;
  taxAmount: string;
  total: string;
  lines: InvoiceLine[];
  remarks?: string;
  originalInvoiceCode?: string;
  originalInvoiceNumber?: string;
}

/** Picks exactly the document's fields, so nothing else (row ids, timestamps) can reach the hash. */
export function invoiceDocumentOf(fields: InvoiceDocument): InvoiceDocument {
  const { remarks, originalInvoiceCode, originalInvoiceNumber } = fields;
  return {
    invoiceCode: fields.invoiceCode,
    invoiceNumber: fields.invoiceNumber,
    type: fields.type,
    issueDate: fields.issueDate,
    sellerTaxId: fields.sellerTaxId,
    sellerName: fields.sellerName,
    buyerTaxId: fields.buyerTaxId,
    buyerName: fields.buyerName,
    amount: fields.amount,
    taxAmount: fields.taxAmount,
    total: fields.total,
    lines: fields.lines.map((l) => ({
      description: l.description,
      ...(l.taxCode === undefined ? {} : { taxCode: l.taxCode }),
      ...(l.quantity === undefined ? {} : { quantity: l.quantity }),
      ...(l.unitPrice === undefined ? {} : { unitPrice: l.unitPrice }),
      amount: l.amount,
      taxRate: l.taxRate,
      taxAmount: l.taxAmount,
    })),
    ...(remarks === undefined ? {} : { remarks }),
    ...(originalInvoiceCode === undefined ? {} : { originalInvoiceCode }),
    ...(originalInvoiceNumber === undefined ? {} : { originalInvoiceNumber }),
  };
}

/**
 * What a draft is issued with besides its figures: its number and its parties, and for a
 * credit note (红字) the invoice it credits.
 */
export type DocumentHeading = Pick<
  InvoiceDocument,
  | 'invoiceCode'
  | 'invoiceNumber'
  | 'type'
  | 'sellerTaxId'
  | 'sellerName'
  | 'buyerTaxId'
  | 'buyerName'
  | 'remarks'
  | 'originalInvoiceCode'
  | 'originalInvoiceNumber'
>;

/** A draft, numbered and addressed: the document to seal, money as 2-decimal strings. */
export function documentOfDraft(draft: InvoiceDraft, heading: DocumentHeading): InvoiceDocument {
  return {
    invoiceCode: heading.invoiceCode,
    invoiceNumber: heading.invoiceNumber,
    type: heading.type,
    issueDate: draft.issueDate,
    sellerTaxId: heading.sellerTaxId,
    sellerName: heading.sellerName,
    buyerTaxId: heading.buyerTaxId,
    buyerName: heading.buyerName,
    amount: formatMoney(draft.amount),
    taxAmount: formatMoney(draft.taxAmount),
    total: formatMoney(draft.total),
    lines: draft.lines,
    remarks: heading.remarks,
    originalInvoiceCode: heading.originalInvoiceCode,
    originalInvoiceNumber: heading.originalInvoiceNumber,
  };
}
