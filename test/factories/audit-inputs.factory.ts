import { DataSource } from 'typeorm';

export interface SellerCopyRow {
  invoiceCode: string;
  invoiceNumber: string;
  sellerTaxId: string;
  buyerTaxId: string;
  issueDate: string;
  amount: string;
  taxAmount: string;
}

export interface ClaimRow extends SellerCopyRow {
  period: string;
}

export interface OnlineInvoiceRow extends SellerCopyRow {
  sellerName: string;
  buyerName: string;
  /** A certificate of the seller's in pki.certificates (the row's foreign key). */
  certificateSerial: string;
  voided?: boolean;
}

/**
 * What the cross-audit reads, written straight into collection.* (and issuance.invoices) for
 * bureau-side tests of audit runs: the routes that write these rows have their own tests, and
 * a run only needs rows, not seals (an accepted offline copy is trusted as intake left it).
 */
export class AuditInputsFactory {
  constructor(private readonly db: DataSource) {}

  /** An accepted offline seller copy (抄税) of a special invoice. */
  async sellerCopy(copy: SellerCopyRow): Promise<void> {
    await this.db.query(
      `INSERT INTO collection.seller_copies (invoice_code, invoice_number, type, seller_tax_id, buyer_tax_id,
              issue_date, amount, tax_amount, content_hash, signature, certificate_serial, status)
       VALUES ($1, $2, 'special', $3, $4, $5, $6, $7, 'test', 'test', 'TEST', 'accepted')`,
      [
        copy.invoiceCode,
        copy.invoiceNumber,
        copy.sellerTaxId,
        copy.buyerTaxId,
        copy.issueDate,
        copy.amount,
        copy.taxAmount,
      ],
    );
  }

  /** An accepted claim (勾选) by `buyerTaxId` for `period`. */
  async claim(claim: ClaimRow): Promise<void> {
    await this.db.query(
      `INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date,
              seller_tax_id, amount, tax_amount, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'accepted')`,
      [
        claim.buyerTaxId,
        claim.period,
        claim.invoiceCode,
        claim.invoiceNumber,
        claim.issueDate,
        claim.sellerTaxId,
        claim.amount,
        claim.taxAmount,
      ],
    );
  }

  /**
   * A blue special invoice as issuance leaves it, on any issue date (issuance itself only
   * dates into open periods). Its seal fields are placeholders: a run of its period would find
   * an issue date its certificate does not cover, so tests date these outside audited periods.
   */
  async onlineInvoice(inv: OnlineInvoiceRow): Promise<void> {
    await this.db.query(
      `INSERT INTO issuance.invoices (invoice_code, invoice_number, type, seller_tax_id, seller_name, buyer_tax_id,
              buyer_name, issue_date, amount, tax_amount, total, lines, content_hash, seal_payload, seal_signature,
              certificate_serial, check_code, voided_at)
       VALUES ($1, $2, 'special', $3, $4, $5, $6, $7, $8, $9, $8::numeric + $9::numeric, '[]', 'test', 'test', 'test',
               $10, '00000000000000000000', CASE WHEN $11 THEN now() END)`,
      [
        inv.invoiceCode,
        inv.invoiceNumber,
        inv.sellerTaxId,
        inv.sellerName,
        inv.buyerTaxId,
        inv.buyerName,
        inv.issueDate,
        inv.amount,
        inv.taxAmount,
        inv.certificateSerial,
        inv.voided ?? false,
      ],
    );
  }

  /** A first VAT return: only the declared special output tax and input tax matter to the audit. */
  async vatReturn(taxId: string, period: string, specialOutputTax: string, inputTax = '0.00'): Promise<void> {
    await this.db.query(
      `INSERT INTO collection.vat_returns (tax_id, period, version, special_sales, special_output_tax,
              other_sales, other_output_tax, input_tax)
       VALUES ($1, $2, 1, 0, $3, 0, 0, $4)`,
      [taxId, period, specialOutputTax, inputTax],
    );
  }
}
