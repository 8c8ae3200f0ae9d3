import { DataSource } from 'typeorm';
import { FindingsFactory } from './findings.factory';

export interface NewRollup {
  period: string;
  bureauCode: string;
  category?: string;
  findings?: number;
  taxAtRisk?: string;
}

/**
 * Roll-ups (audit.rollups) as the audit engine's finaliser leaves them, written straight
 * into Postgres for the report tests; the engine that computes them has its own tests
 * (test/audit). Each row hangs off the completed run FindingsFactory makes for its period.
 */
export class RollupsFactory {
  constructor(
    private readonly db: DataSource,
    private readonly findings = new FindingsFactory(db),
  ) {}

  /** One bureau's row of a category; writing the same one again replaces it. */
  async rollup(opts: NewRollup): Promise<void> {
    await this.db.query(
      `INSERT INTO audit.rollups (period, bureau_code, category, findings, tax_at_risk, run_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (period, bureau_code, category)
       DO UPDATE SET findings = excluded.findings, tax_at_risk = excluded.tax_at_risk, run_id = excluded.run_id`,
      [
        opts.period,
        opts.bureauCode,
        opts.category ?? 'FIELD_MISMATCH',
        opts.findings ?? 1,
        opts.taxAtRisk ?? '130.00',
        await this.findings.run(opts.period),
      ],
    );
  }
}
