import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_RULE_SET, type FindingCategory, riskScore } from '@app/domain';
import type { TaxpayerFixture } from './registry.factory';

/**
 * Risk scores as the audit's finaliser leaves them (audit.taxpayer_risk), written straight
 * into Postgres for review tests that write their findings with FindingsFactory: the score and
 * its parts are riskScore of the counts given, by the default weights. The finaliser's own
 * computation is tested against real runs (test/bureau/risk.e2e-spec.ts).
 */
export class RiskFactory {
  constructor(private readonly db: DataSource) {}

  async score(
    period: string,
    taxpayer: Pick<TaxpayerFixture, 'taxId' | 'bureauCode'>,
    counts: Partial<Record<FindingCategory, number>>,
    taxAtRisk: string,
  ): Promise<number> {
    const { score, parts } = riskScore(counts, DEFAULT_RULE_SET.weights);
    await this.db.query(
      `INSERT INTO audit.taxpayer_risk (period, tax_id, bureau_code, score, parts, categories, tax_at_risk,
                                        rule_set_version, run_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)`,
      [
        period,
        taxpayer.taxId,
        taxpayer.bureauCode,
        score,
        JSON.stringify(parts),
        JSON.stringify(counts),
        taxAtRisk,
        randomUUID(),
      ],
    );
    return score;
  }
}
