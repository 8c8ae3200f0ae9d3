import { formatMoney, invoiceStatusOf, Money } from '@app/domain';
import { InvoiceDto } from './dto/invoice.dto';
import { InvoiceRecord } from './invoice-record';

/** The API view of a stored invoice. */
export function toInvoiceDto(r: Omit<InvoiceRecord, 'issuedAt'>): InvoiceDto {
  const isCredit = r.originalInvoiceCode !== null;
  return {
    invoiceCode: r.invoiceCode,
    invoiceNumber: r.invoiceNumber,
    type: r.type,
    issueDate: r.issueDate,
    sellerTaxId: r.sellerTaxId,
    sellerName: r.sellerName,
    buyerTaxId: r.buyerTaxId,
    buyerName: r.buyerName,
    amount: r.amount,
    taxAmount: r.taxAmount,
    total: r.total,
    lines: r.lines,
    ...(r.remarks === null ? {} : { remarks: r.remarks }),
    ...(isCredit
      ? { originalInvoiceCode: r.originalInvoiceCode!, originalInvoiceNumber: r.originalInvoiceNumber! }
      : {}),
    status: invoiceStatusOf({
      voided: r.voidedAt !== null,
      amount: r.amount,
      creditedAmount: r.creditedAmount,
    }),
    remainingAmount: isCredit ? '0.00' : formatMoney(new Money(r.amount).minus(r.creditedAmount)),
    seal: {
      payload: r.sealPayload,
      signature: r.sealSignature,
      certificateSerial: r.certificateSerial,
      checkCode: r.checkCode,
      contentHash: r.contentHash,
    },
  };
}
