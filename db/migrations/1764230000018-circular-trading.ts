import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The invoice-flow graph (issue 17, ADR 0025):
 * - each run records each risk rule's time and the ring search's figures (the graph's size,
 *   its components, the rings), for the bench and for an operator asking where the stage's
 *   time went. CIRCULAR_TRADING's parameters need nothing here: a rule set recorded before
 *   the rule gets its defaults and weight when read (completeRuleSetParameters);
 * - offline seller copies by buyer, as online invoices already are (invoices_buyer_idx): the
 *   graph route (GET /v1/taxpayers/{taxId}/graph) follows a taxpayer's purchases as well as
 *   its sales.
 */
export class CircularTrading1764230000018 implements MigrationInterface {
  name = 'CircularTrading1764230000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.runs ADD COLUMN risk_rules jsonb`);
    await q.query(
      `CREATE INDEX seller_copies_buyer_idx ON collection.seller_copies (buyer_tax_id, issue_date)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX collection.seller_copies_buyer_idx`);
    await q.query(`ALTER TABLE audit.runs DROP COLUMN risk_rules`);
  }
}
