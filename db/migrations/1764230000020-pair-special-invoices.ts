import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The special invoices one seller issued one buyer between two dates, as the audit judges
 * them at a watermark: online invoices issued by it, blue and not voided by it; and accepted
 * offline copies uploaded by it of numbers not issued online by it. The ring rule reads a
 * ring's edges and the affiliation rule a pair's trade through it (issue 17), instead of
 * each writing the same two branches. Plain SQL and not STRICT, so the planner inlines it
 * into the caller's LATERAL join and both branches keep their indexes (the sellers', by
 * issue date); the tax ids compare in collation "C", as the columns are indexed.
 */
export class PairSpecialInvoices1764230000020 implements MigrationInterface {
  name = 'PairSpecialInvoices1764230000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit.pair_special_invoices(seller text, buyer text, first_day date, next_first_day date,
                                                  watermark timestamptz)
      RETURNS TABLE (invoice_code text, invoice_number text, issue_date date, amount numeric, tax_amount numeric)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT i.invoice_code, i.invoice_number, i.issue_date, i.amount, i.tax_amount
          FROM issuance.invoices i
         WHERE i.seller_tax_id = seller COLLATE "C" AND i.buyer_tax_id = buyer COLLATE "C" AND i.type = 'special'
           AND i.issue_date >= first_day AND i.issue_date < next_first_day
           AND i.issued_at <= watermark AND i.original_invoice_code IS NULL
           AND NOT coalesce(i.voided_at <= watermark, false)
        UNION ALL
        SELECT s.invoice_code, s.invoice_number, s.issue_date, s.amount, s.tax_amount
          FROM collection.seller_copies s
         WHERE s.seller_tax_id = seller COLLATE "C" AND s.buyer_tax_id = buyer COLLATE "C" AND s.type = 'special'
           AND s.issue_date >= first_day AND s.issue_date < next_first_day
           AND s.status = 'accepted' AND s.created_at <= watermark AND s.amount > 0
           AND NOT EXISTS (SELECT 1 FROM issuance.invoices o
                            WHERE o.invoice_code = s.invoice_code AND o.invoice_number = s.invoice_number
                              AND o.issued_at <= watermark)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit.pair_special_invoices(text, text, date, date, timestamptz)`);
  }
}
