import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inJurisdiction } from '@app/database';
import type { TaxPeriod } from '@app/domain';
import type { PeriodFigures, ReportRow, RiskFigures } from './report.mapper';

/**
 * The figures of a group of per-category rows `r` (category, findings, tax_at_risk): a
 * group with no rows (a LEFT JOIN that found none) gives empty maps and zero totals.
 * Amounts are summed as numeric and leave as text.
 */
const FIGURES = `
  coalesce(jsonb_object_agg(r.category, r.findings) FILTER (WHERE r.category IS NOT NULL), '{}') AS counts,
  coalesce(jsonb_object_agg(r.category, r.tax_at_risk::text) FILTER (WHERE r.category IS NOT NULL), '{}')
    AS "taxAtRisk",
  coalesce(sum(r.findings), 0)::int AS "totalFindings",
  coalesce(sum(r.tax_at_risk), 0)::text AS "totalTaxAtRisk"`;

export interface SummaryRows {
  totals: RiskFigures | undefined;
  rows: ReportRow[];
  truncated: boolean;
}

/**
 * Reads for the reports, every one under the officer's jurisdiction in Postgres
 * (inJurisdiction: row-level security on audit.rollups and audit.findings) on top of the
 * service's own check of the bureau asked for.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The bureau's own figures and one row per child bureau, from the roll-ups; a bureau
   * without child bureaus registers taxpayers, whose rows are summed from the findings.
   */
  summary(scopePrefix: string, bureauCode: string, period: TaxPeriod, limit: number): Promise<SummaryRows> {
    return inJurisdiction(this.db, scopePrefix, async (m) => {
      const [totals] = await this.rollupsOf(m, bureauCode, [period]);
      const children = await this.childBureaus(m, bureauCode, period);
      if (children.length > 0) return { totals, rows: children, truncated: false };
      const taxpayers = await this.taxpayers(m, bureauCode, period, limit + 1);
      return { totals, rows: taxpayers.slice(0, limit), truncated: taxpayers.length > limit };
    });
  }

  /** The bureau's roll-ups of those periods that have any (in no particular order). */
  trend(scopePrefix: string, bureauCode: string, periods: TaxPeriod[]): Promise<PeriodFigures[]> {
    return inJurisdiction(this.db, scopePrefix, (m) => this.rollupsOf(m, bureauCode, periods));
  }

  private rollupsOf(m: EntityManager, bureauCode: string, periods: TaxPeriod[]): Promise<PeriodFigures[]> {
    return m.query<PeriodFigures[]>(
      `SELECT r.period, ${FIGURES}
         FROM audit.rollups r
        WHERE r.bureau_code = $1 AND r.period = ANY ($2::text[])
        GROUP BY r.period`,
      [bureauCode, periods],
    );
  }

  /** Every child, with or without roll-ups: a clean district is news too. */
  private childBureaus(m: EntityManager, bureauCode: string, period: TaxPeriod): Promise<ReportRow[]> {
    return m.query<ReportRow[]>(
      `SELECT b.code, b.name, b.level, ${FIGURES}
         FROM registry.bureaus b
         LEFT JOIN audit.rollups r ON r.bureau_code = b.code AND r.period = $2
        WHERE b.parent_code = $1
        GROUP BY b.code, b.name, b.level
        ORDER BY coalesce(sum(r.tax_at_risk), 0) DESC, b.code`,
      [bureauCode, period],
    );
  }

  /**
   * The taxpayers registered at the bureau with active findings of the period, as seller
   * or buyer. Roll-ups stop at bureaus, so these are summed live; the second branch skips
   * a finding whose buyer is also its seller, which the first has counted already.
   */
  private taxpayers(
    m: EntityManager,
    bureauCode: string,
    period: TaxPeriod,
    limit: number,
  ): Promise<ReportRow[]> {
    return m.query<ReportRow[]>(
      `WITH involved AS (
         SELECT t.tax_id, f.category, f.tax_at_risk
           FROM registry.taxpayers t
           JOIN audit.findings f ON f.seller_tax_id = t.tax_id
          WHERE t.bureau_code = $1 AND f.period = $2 AND f.state = 'active'
         UNION ALL
         SELECT t.tax_id, f.category, f.tax_at_risk
           FROM registry.taxpayers t
           JOIN audit.findings f ON f.buyer_tax_id = t.tax_id
          WHERE t.bureau_code = $1 AND f.period = $2 AND f.state = 'active'
            AND f.seller_tax_id IS DISTINCT FROM f.buyer_tax_id
       ),
       r AS (
         SELECT tax_id, category, count(*)::int AS findings, sum(tax_at_risk) AS tax_at_risk
           FROM involved
          GROUP BY tax_id, category
       )
       SELECT r.tax_id AS code, t.name, 'taxpayer' AS level, ${FIGURES}
         FROM r
         JOIN registry.taxpayers t ON t.tax_id = r.tax_id
        GROUP BY r.tax_id, t.name
        ORDER BY sum(r.tax_at_risk) DESC, r.tax_id
        LIMIT $3`,
      [bureauCode, period, limit],
    );
  }
}
