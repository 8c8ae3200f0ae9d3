import type { TaxPeriod } from '@app/domain';
import type { RiskRankingItemDto, RiskTrendPointDto, ScorePartDto } from './dto/risk.dto';

/** A row of the ranking as risk-ranking.sql reads it. */
export type RiskRankingRow = RiskRankingItemDto;

/** The sort key of the ranking (score, then tax at risk, both descending, then tax ID), for keyset cursors. */
export interface RiskCursor {
  score: number;
  taxAtRisk: string;
  taxId: string;
  [key: string]: string | number;
}

/** Values the ranking's SQL can take as they are: a forged cursor is CURSOR_INVALID, never a SQL error. */
export const isRiskCursor = (v: unknown): v is RiskCursor => {
  const c = v as Partial<RiskCursor> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    Number.isInteger(c.score) &&
    (c.score as number) >= 0 &&
    (c.score as number) <= 100 &&
    typeof c.taxAtRisk === 'string' &&
    /^[0-9]{1,16}\.[0-9]{2}$/.test(c.taxAtRisk) &&
    typeof c.taxId === 'string' &&
    /^[0-9A-Z]{18}$/.test(c.taxId)
  );
};

export const cursorOf = (row: RiskRankingRow): RiskCursor => ({
  score: row.score,
  taxAtRisk: row.taxAtRisk,
  taxId: row.taxId,
});

/** A taxpayer's identity as the taxpayer page shows it. */
export interface RiskTaxpayerRow {
  taxId: string;
  name: string;
  bureauCode: string;
  status: string;
  industry: string | null;
  registeredAt: string;
}

/** A taxpayer's score of a period: its row of audit.taxpayer_risk, or NO_SCORE. */
export interface TaxpayerScore {
  score: number;
  parts: ScorePartDto[];
  categories: Record<string, number>;
  taxAtRisk: string;
  ruleSetVersion: number | null;
  computedAt: string | null;
}

/** A taxpayer without a row: no active finding of the period it is the subject of. */
export const NO_SCORE: TaxpayerScore = {
  score: 0,
  parts: [],
  categories: {},
  taxAtRisk: '0.00',
  ruleSetVersion: null,
  computedAt: null,
};

/** A period of taxpayer-trend.sql: null where it had nothing of that side. */
export interface TrendRow {
  period: string;
  issuedAmount: string | null;
  issuedTax: string | null;
  claimedAmount: string | null;
  claimedTax: string | null;
}

/** Every period of `periods` (oldest first), zeros where the query found nothing. */
export function toTrend(periods: TaxPeriod[], rows: TrendRow[]): RiskTrendPointDto[] {
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  return periods.map((period) => {
    const r = byPeriod.get(period);
    return {
      period,
      issuedAmount: r?.issuedAmount ?? '0.00',
      issuedTax: r?.issuedTax ?? '0.00',
      claimedAmount: r?.claimedAmount ?? '0.00',
      claimedTax: r?.claimedTax ?? '0.00',
    };
  });
}
