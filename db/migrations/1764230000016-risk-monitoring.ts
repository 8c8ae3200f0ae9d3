import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_RULE_SET } from '@app/domain';
import { OFFICER_DB_ROLE } from './1764230000007-review';

/**
 * Risk monitoring (风险监控, docs/adr/0024-risk-monitoring.md):
 * - a taxpayer's industry (GB/T 4754-2017 section, optionally its class), which
 *   GOODS_DIVERGENCE reads;
 * - versioned rule sets, one active; version 1 is DEFAULT_RULE_SET as this migration
 *   found it (later defaults are new versions, not edits of version 1);
 * - what a run needs for its risk stage: the per-partition issuance figures of each
 *   seller, the stage's time, and for a back-test (dry run) the baseline it is compared
 *   with and the comparison;
 * - each taxpayer's risk score per period, under row-level security by its bureau.
 */
export class RiskMonitoring1764230000016 implements MigrationInterface {
  name = 'RiskMonitoring1764230000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE registry.taxpayers
                     ADD COLUMN industry text CHECK (industry ~ '^[A-T]([0-9]{2,4})?$')`);

    await q.query(`
      CREATE TABLE audit.rule_sets (
        version      integer PRIMARY KEY,
        parameters   jsonb NOT NULL,
        description  text CHECK (length(description) <= 500),
        active       boolean NOT NULL DEFAULT false,
        created_by   uuid REFERENCES registry.users (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        activated_by uuid REFERENCES registry.users (id),
        activated_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX rule_sets_one_active ON audit.rule_sets (active) WHERE active`);
    await q.query(
      `INSERT INTO audit.rule_sets (version, parameters, description, active, activated_at)
       VALUES (1, $1, 'The defaults', true, now())`,
      [JSON.stringify(DEFAULT_RULE_SET)],
    );

    await q.query(`
      ALTER TABLE audit.runs
        ADD COLUMN dry_run boolean NOT NULL DEFAULT false,
        ADD COLUMN baseline_rule_version integer,
        ADD COLUMN baseline_parameters jsonb,
        ADD COLUMN backtest jsonb,
        ADD COLUMN risk_ms integer,
        ADD CONSTRAINT runs_dry_run_baseline CHECK (
          dry_run = (baseline_rule_version IS NOT NULL)
          AND dry_run = (baseline_parameters IS NOT NULL)
          AND (NOT dry_run OR NOT publishes))`);

    // Per seller and partition, of its blue invoices of the period that are not voided: how
    // many, their pre-tax amount (all, and special only), and how many (and their tax) are
    // at the edge of their code's amount cap by the run's capFraction and, for a back-test,
    // by its baseline's (the partition jobs count both, so the finaliser never rescans).
    await q.query(`
      ALTER TABLE audit.run_taxpayer_totals
        ADD COLUMN invoices               integer NOT NULL DEFAULT 0,
        ADD COLUMN sales_amount           numeric(18, 2) NOT NULL DEFAULT 0,
        ADD COLUMN special_amount         numeric(18, 2) NOT NULL DEFAULT 0,
        ADD COLUMN edge_invoices          integer NOT NULL DEFAULT 0,
        ADD COLUMN edge_tax               numeric(18, 2) NOT NULL DEFAULT 0,
        ADD COLUMN baseline_edge_invoices integer NOT NULL DEFAULT 0,
        ADD COLUMN baseline_edge_tax      numeric(18, 2) NOT NULL DEFAULT 0`);

    await q.query(`
      CREATE TABLE audit.taxpayer_risk (
        period           text NOT NULL,
        tax_id           text COLLATE "C" NOT NULL,
        bureau_code      text COLLATE "C" NOT NULL,
        score            smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
        -- [{category, findings, points}], largest first; and {CATEGORY: count}
        parts            jsonb NOT NULL,
        categories       jsonb NOT NULL,
        tax_at_risk      numeric(18, 2) NOT NULL,
        rule_set_version integer NOT NULL,
        run_id           uuid NOT NULL,
        computed_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (period, tax_id)
      )`);
    // The ranking: a bureau's taxpayers of a period, highest score first, ties by tax at risk.
    await q.query(`CREATE INDEX taxpayer_risk_rank_idx
                     ON audit.taxpayer_risk (period, score DESC, tax_at_risk DESC, tax_id)`);
    await q.query(`ALTER TABLE audit.taxpayer_risk ENABLE ROW LEVEL SECURITY`);
    const visible = `bureau_code LIKE review.caller_scope() || '%'`;
    await q.query(
      `CREATE POLICY in_jurisdiction ON audit.taxpayer_risk TO ${OFFICER_DB_ROLE} USING (${visible}) WITH CHECK (${visible})`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit.taxpayer_risk`);
    await q.query(`ALTER TABLE audit.run_taxpayer_totals
                     DROP COLUMN baseline_edge_tax, DROP COLUMN baseline_edge_invoices, DROP COLUMN edge_tax,
                     DROP COLUMN edge_invoices, DROP COLUMN special_amount, DROP COLUMN sales_amount,
                     DROP COLUMN invoices`);
    await q.query(`ALTER TABLE audit.runs
                     DROP CONSTRAINT runs_dry_run_baseline, DROP COLUMN risk_ms, DROP COLUMN backtest,
                     DROP COLUMN baseline_parameters, DROP COLUMN baseline_rule_version, DROP COLUMN dry_run`);
    await q.query(`DROP TABLE audit.rule_sets`);
    await q.query(`ALTER TABLE registry.taxpayers DROP COLUMN industry`);
  }
}
