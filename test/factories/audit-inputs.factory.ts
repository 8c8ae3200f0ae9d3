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

/**
 * What the cross-audit reads, written straight into collection.* for bureau-side tests of
 * audit runs: the collection routes that write these rows have their own tests, and a run
 * only needs rows, not seals (an accepted offline copy is trusted as intake left it).
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
