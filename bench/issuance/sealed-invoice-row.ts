import { KeyObject } from 'node:crypto';
import { documentOfDraft, type InvoiceDocument, type InvoiceDraft } from '@app/domain';
import { checkCodeOf, sealDocument } from '@app/pki';

/** The columns both floors insert, in this order. */
export const SEALED_INVOICE_COLUMNS =
  'invoice_code, invoice_number, type, seller_tax_id, seller_name, buyer_tax_id, buyer_name, issue_date, ' +
  'amount, tax_amount, total, lines, content_hash, seal_payload, seal_signature, certificate_serial, check_code';

/** A blue special invoice's document, as the app numbers a draft: the floors' invoices. */
export function floorDocument(
  invoiceCode: string,
  invoiceNumber: number,
  seller: { taxId: string; name: string },
  buyer: { taxId: string; name: string },
  draft: InvoiceDraft,
): InvoiceDocument {
  return documentOfDraft(draft, {
    invoiceCode,
    invoiceNumber: String(invoiceNumber).padStart(8, '0'),
    type: 'special',
    sellerTaxId: seller.taxId,
    sellerName: seller.name,
    buyerTaxId: buyer.taxId,
    buyerName: buyer.name,
  });
}

/** Seals a numbered document as the app does and returns the values of SEALED_INVOICE_COLUMNS. */
export function sealedInvoiceRow(doc: InvoiceDocument, key: KeyObject, certificateSerial: string): unknown[] {
  const { contentHash, payload, signature } = sealDocument(doc, key);
  return [
    doc.invoiceCode,
    doc.invoiceNumber,
    doc.type,
    doc.sellerTaxId,
    doc.sellerName,
    doc.buyerTaxId,
    doc.buyerName,
    doc.issueDate,
    doc.amount,
    doc.taxAmount,
    doc.total,
    JSON.stringify(doc.lines),
    contentHash,
    payload,
    signature,
    certificateSerial,
    checkCodeOf(signature),
  ];
}
