import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlFile, utcMicros } from '@app/database';
import type { TaxPeriod } from '@app/domain';
import { bureauCodeRange, type FindingRow, findingsQuery } from '@app/review';
import type { RiskCursor, RiskRankingRow, RiskTaxpayerRow, TaxpayerScore, TrendRow } from './risk.mapper';

const sql = (name: string): string => sqlFile(__dirname, `${name}.sql`);
const RANKING = sql('risk-ranking');
const TREND = sql('taxpayer-trend');

/** How many periods of invoices before the trend's first are looked at for its claims (taxpayer-trend.sql). */
export const CLAIMS_LOOKBACK_PERIODS = 12;

/**
 * Reads for the risk routes. Every method takes the EntityManager of an inJurisdiction
 * transaction: audit.taxpayer_risk and audit.findings are under row-level security, so rows
 * outside the officer's subtree are not there whatever a query says.
 */
@Injectable()
export class RiskRepository {
  /** `limit` rows of the ranking of `period` in the subtree of `scopePrefix`, after `cursor`. */
  ranking(
    m: EntityManager,
    period: TaxPeriod,
    scopePrefix: string,
    limit: number,
    cursor?: RiskCursor,
  ): Promise<RiskRankingRow[]> {
    const [from, below] = bureauCodeRange(scopePrefix);
    return m.query<RiskRankingRow[]>(RANKING, [
      period,
      from,
      below,
      cursor?.score ?? null,
      cursor?.taxAtRisk ?? null,
      cursor?.taxId ?? null,
      limit,
    ]);
  }

  async taxpayer(m: EntityManager, taxId: string): Promise<RiskTaxpayerRow | null> {
    const [row] = await m.query<RiskTaxpayerRow[]>(
      `SELECT tax_id AS "taxId", name, bureau_code AS "bureauCode", status, industry,
              ${utcMicros('created_at')} AS "registeredAt"
         FROM registry.taxpayers WHERE tax_id = $1`,
      [taxId],
    );
    return row ?? null;
  }

  async score(m: EntityManager, period: TaxPeriod, taxId: string): Promise<TaxpayerScore | null> {
    const [row] = await m.query<TaxpayerScore[]>(
      `SELECT score, parts, categories, tax_at_risk::text AS "taxAtRisk", rule_set_version AS "ruleSetVersion",
              ${utcMicros('computed_at')} AS "computedAt"
         FROM audit.taxpayer_risk WHERE period = $1 AND tax_id = $2`,
      [period, taxId],
    );
    return row ?? null;
  }

  /**
   * Up to `limit` findings of the period naming the taxpayer as seller or buyer, active ones
   * first, each state highest tax at risk first: the findings list's own query (findingsQuery),
   * once per state.
   */
  async findings(
    m: EntityManager,
    scopePrefix: string,
    period: TaxPeriod,
    taxId: string,
    limit: number,
  ): Promise<FindingRow[]> {
    const rows: FindingRow[] = [];
    for (const state of ['active', 'resolved'] as const) {
      if (rows.length >= limit) break;
      const q = findingsQuery(scopePrefix, { period, taxId, state }, undefined, limit - rows.length);
      rows.push(...(await m.query<FindingRow[]>(q.sql, q.params)));
    }
    return rows;
  }

  /** Issued and claimed figures of the periods `first` .. `last` that have any (taxpayer-trend.sql). */
  trend(m: EntityManager, taxId: string, first: TaxPeriod, last: TaxPeriod): Promise<TrendRow[]> {
    return m.query<TrendRow[]>(TREND, [taxId, first, last, CLAIMS_LOOKBACK_PERIODS]);
  }
}
