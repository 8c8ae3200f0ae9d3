import { DataSource } from 'typeorm';

export interface StoredInvoiceState {
  creditedAmount: string;
  creditedTaxAmount: string;
  voidedAt: Date | null;
  voidReason: string | null;
}

export interface EnrollmentFootprint {
  certificates: number;
  apiKeys: number;
  enrollments: number;
}

/**
 * Read-only questions about what the issuance app stored, so a test can assert that a
 * refused request wrote nothing (no invoice, no number, no certificate, no key).
 */
export class IssuanceProbe {
  constructor(private readonly db: DataSource) {}

  /** Invoices and credit notes stored with this seller. */
  async invoiceCount(sellerTaxId: string): Promise<number> {
    const [row] = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM issuance.invoices WHERE seller_tax_id = $1`,
      [sellerTaxId],
    );
    return row.n;
  }

  /** next_number of each of the seller's counters, in range order (empty before the first number). */
  async nextNumbers(sellerTaxId: string): Promise<number[]> {
    const rows: { next: number }[] = await this.db.query(
      `SELECT c.next_number AS next
         FROM issuance.number_counters c JOIN registry.number_ranges r ON r.id = c.range_id
        WHERE r.tax_id = $1 ORDER BY r.id`,
      [sellerTaxId],
    );
    return rows.map((r) => r.next);
  }

  async invoice(key: { invoiceCode: string; invoiceNumber: string }): Promise<StoredInvoiceState> {
    const [row] = await this.db.query<StoredInvoiceState[]>(
      `SELECT credited_amount AS "creditedAmount", credited_tax_amount AS "creditedTaxAmount",
              voided_at AS "voidedAt", void_reason AS "voidReason"
         FROM issuance.invoices WHERE invoice_code = $1 AND invoice_number = $2`,
      [key.invoiceCode, key.invoiceNumber],
    );
    if (!row) throw new Error(`no stored invoice ${key.invoiceCode}/${key.invoiceNumber}`);
    return row;
  }

  /** What an enrollment of this taxpayer leaves behind. */
  async enrollmentFootprint(taxId: string): Promise<EnrollmentFootprint> {
    const [row] = await this.db.query<EnrollmentFootprint[]>(
      `SELECT (SELECT count(*) FROM pki.certificates WHERE tax_id = $1)::int AS certificates,
              (SELECT count(*) FROM issuance.api_keys WHERE tax_id = $1)::int AS "apiKeys",
              (SELECT count(*) FROM issuance.enrollments WHERE tax_id = $1)::int AS enrollments`,
      [taxId],
    );
    return row;
  }

  /** Idempotency keys recorded for this taxpayer, with their state. */
  async idempotencyKeys(taxId: string): Promise<{ key: string; state: string }[]> {
    return this.db.query(
      `SELECT key, state FROM issuance.idempotency_keys WHERE scope = $1 ORDER BY started_at, key`,
      [`taxpayer:${taxId}`],
    );
  }
}
