import { MigrationInterface, QueryRunner } from 'typeorm';
import { PairSpecialInvoices1764230000020 } from './1764230000020-pair-special-invoices';

/**
 * The special invoices a set of sellers issued a set of buyers between two dates, as the
 * audit judges them at a watermark (the rule of migration 20, unchanged): online invoices,
 * blue and not voided; accepted offline copies of numbers not issued online. The ring rule
 * reads all of its rings' legs at once through it: one pass over the members' invoices by
 * the buyers' index, hashed against the legs, instead of a lookup per leg that read each
 * buyer's whole window again (ADR 0025). `pair_special_invoices` becomes the one-seller,
 * one-buyer case of it, so the rule is written once; both stay plain SQL, and the planner
 * inlines both into the caller, arrays given as parameters included.
 */
export class TradeSpecialInvoices1764230000023 implements MigrationInterface {
  name = 'TradeSpecialInvoices1764230000023';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit.trade_special_invoices(sellers text[], buyers text[], first_day date,
                                                   next_first_day date, watermark timestamptz)
      RETURNS TABLE (seller_tax_id text, buyer_tax_id text, invoice_code text, invoice_number text,
                     issue_date date, amount numeric, tax_amount numeric)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT i.seller_tax_id, i.buyer_tax_id, i.invoice_code, i.invoice_number, i.issue_date, i.amount,
               i.tax_amount
          FROM issuance.invoices i
         WHERE i.seller_tax_id = ANY (sellers COLLATE "C") AND i.buyer_tax_id = ANY (buyers COLLATE "C")
           AND i.type = 'special' AND i.issue_date >= first_day AND i.issue_date < next_first_day
           AND i.issued_at <= watermark AND i.original_invoice_code IS NULL
           AND NOT coalesce(i.voided_at <= watermark, false)
        UNION ALL
        SELECT s.seller_tax_id, s.buyer_tax_id, s.invoice_code, s.invoice_number, s.issue_date, s.amount,
               s.tax_amount
          FROM collection.seller_copies s
         WHERE s.seller_tax_id = ANY (sellers COLLATE "C") AND s.buyer_tax_id = ANY (buyers COLLATE "C")
           AND s.type = 'special' AND s.issue_date >= first_day AND s.issue_date < next_first_day
           AND s.status = 'accepted' AND s.created_at <= watermark AND s.amount > 0
           AND NOT EXISTS (SELECT 1 FROM issuance.invoices o
                            WHERE o.invoice_code = s.invoice_code AND o.invoice_number = s.invoice_number
                              AND o.issued_at <= watermark)
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit.pair_special_invoices(seller text, buyer text, first_day date,
                                                             next_first_day date, watermark timestamptz)
      RETURNS TABLE (invoice_code text, invoice_number text, issue_date date, amount numeric, tax_amount numeric)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT x.invoice_code, x.invoice_number, x.issue_date, x.amount, x.tax_amount
          FROM audit.trade_special_invoices(ARRAY[seller], ARRAY[buyer], first_day, next_first_day, watermark) x
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit.pair_special_invoices(text, text, date, date, timestamptz)`);
    await q.query(`DROP FUNCTION audit.trade_special_invoices(text[], text[], date, date, timestamptz)`);
    await new PairSpecialInvoices1764230000020().up(q);
  }
}
