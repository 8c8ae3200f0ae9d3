import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What GOODS_DIVERGENCE needs of the offline seller copies, gathered by the partition jobs
 * (which read every copy of their partition anyway, already deduplicated against online
 * issuance) instead of a second pass over all copies in the risk stage (ADR 0024):
 * per taxpayer and partition, its offline sales of the period (chapter `unknown`), and its
 * offline purchases of the rule's window, by the run's lookbackPeriods and by its back-test
 * baseline's.
 */
export class OfflineTradeTotals1764230000017 implements MigrationInterface {
  name = 'OfflineTradeTotals1764230000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit.run_taxpayer_totals
        ADD COLUMN offline_sales numeric(18,2) NOT NULL DEFAULT 0,
        ADD COLUMN offline_purchases numeric(18,2) NOT NULL DEFAULT 0,
        ADD COLUMN baseline_offline_purchases numeric(18,2) NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit.run_taxpayer_totals
        DROP COLUMN offline_sales, DROP COLUMN offline_purchases, DROP COLUMN baseline_offline_purchases`);
  }
}
