import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { InvoiceType } from '@app/domain';

export interface VerificationKey {
  invoiceCode: string;
  invoiceNumber: string;
}

/** The four facts a check names: the invoice key, its issue date and its pre-tax amount. */
export interface VerificationFacts extends VerificationKey {
  issueDate: string;
  /** Two decimals. */
  amount: string;
}

/** What a check that matched shows, and what judging its seal needs. */
export interface MatchedInvoice {
  type: InvoiceType;
  sellerTaxId: string;
  sellerName: string;
  buyerTaxId: string;
  buyerName: string;
  amount: string;
  taxAmount: string;
  total: string;
  checkCode: string;
  sealPayload: string;
  sealSignature: string;
  certificateSerial: string;
  creditedAmount: string;
  voidedAt: Date | null;
  issuedAt: Date;
}

const MATCHED_COLUMNS = `type, seller_tax_id AS "sellerTaxId", seller_name AS "sellerName",
  buyer_tax_id AS "buyerTaxId", buyer_name AS "buyerName", amount, tax_amount AS "taxAmount", total,
  check_code AS "checkCode", seal_payload AS "sealPayload", seal_signature AS "sealSignature",
  certificate_serial AS "certificateSerial", credited_amount AS "creditedAmount",
  voided_at AS "voidedAt", issued_at AS "issuedAt"`;

/**
 * What public verification (查验) reads: issuance.invoices, and registry.number_ranges
 * (read-only, written by the bureau app) to know whom a number belongs to.
 */
@Injectable()
export class VerificationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The invoice only if all four facts match. The date and the amount are compared in the
   * query, so an invoice that exists with other facts returns no row, exactly as a number
   * never issued: the answer, and the work behind it, is the same for both.
   */
  async findMatching(facts: VerificationFacts): Promise<MatchedInvoice | null> {
    const rows: MatchedInvoice[] = await this.db.query(
      `SELECT ${MATCHED_COLUMNS} FROM issuance.invoices
        WHERE invoice_code = $1 AND invoice_number = $2 AND issue_date = $3::date AND amount = $4::numeric`,
      [facts.invoiceCode, facts.invoiceNumber, facts.issueDate, facts.amount],
    );
    return rows[0] ?? null;
  }

  /** Whether an invoice with this key was issued (asked only for a party to the key). */
  async exists(key: VerificationKey): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM issuance.invoices WHERE invoice_code = $1 AND invoice_number = $2`,
      [key.invoiceCode, key.invoiceNumber],
    );
    return rows.length > 0;
  }

  /**
   * Whether `taxId` is a party to the invoice key: the seller or the buyer of the invoice
   * issued under it, or the seller the number was allocated to (a number not issued yet
   * belongs to the owner of its range, which alone may learn that it is unused). The range
   * test uses the gist index of the ranges' no-overlap constraint.
   */
  async isParty(key: VerificationKey, taxId: string): Promise<boolean> {
    const [row] = await this.db.query<{ party: boolean }[]>(
      `SELECT EXISTS (
                SELECT 1 FROM issuance.invoices
                 WHERE invoice_code = $1 AND invoice_number = $2 AND $3 IN (seller_tax_id, buyer_tax_id)
              )
           OR EXISTS (
                SELECT 1 FROM registry.number_ranges
                 WHERE invoice_code = $1 AND int4range(start_number, end_number, '[]') @> $2::int
                   AND tax_id = $3
              ) AS party`,
      [key.invoiceCode, key.invoiceNumber, taxId],
    );
    return row.party;
  }
}
