import { AmountVersion, documentOfDraft, InvoiceDocument, InvoiceDraft } from '@app/domain';
import { IdempotencyHandle } from '@app/idempotency';
import { IssueInvoiceDto } from './dto/issue-invoice.dto';
import { SellerContext } from './seller-context.service';

/**
 * A blue-invoice request after everything that can be decided per request, before any
 * transaction: validated draft, seller context (name, key, certificate), the smallest
 * amount version that admits it. What is left needs the number lock.
 */
export interface PreparedIssue extends SellerContext {
  dto: IssueInvoiceDto;
  draft: InvoiceDraft;
  minVersion: AmountVersion;
  idempotency?: IdempotencyHandle;
}

/** The document to seal once the number is known. */
export function documentOf(
  p: PreparedIssue,
  number: { invoiceCode: string; invoiceNumber: string },
): InvoiceDocument {
  return documentOfDraft(p.draft, {
    ...number,
    type: p.dto.type,
    sellerTaxId: p.seller.taxId,
    sellerName: p.seller.name,
    buyerTaxId: p.dto.buyerTaxId,
    buyerName: p.dto.buyerName,
    remarks: p.dto.remarks,
  });
}
