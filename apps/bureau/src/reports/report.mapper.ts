import { FINDING_CATEGORIES, formatMoney, Money, type TaxPeriod } from '@app/domain';
import type { ReportFiguresDto, ReportRowDto, ReportRowLevel, ReportTrendPointDto } from './dto/report.dto';

/**
 * Findings and tax at risk as the report queries sum them: only the categories that have
 * findings, amounts as Postgres prints a numeric ("20.00", "0").
 */
export interface RiskFigures {
  counts: Record<string, number>;
  taxAtRisk: Record<string, string>;
  totalFindings: number;
  totalTaxAtRisk: string;
}

export interface ReportRow extends RiskFigures {
  code: string;
  name: string;
  level: ReportRowLevel;
}

export interface PeriodFigures extends RiskFigures {
  period: TaxPeriod;
}

const money = (amount: string | undefined): string => formatMoney(new Money(amount ?? 0));

/**
 * Every category, with 0 where there is none, so each row of a report has the same
 * columns; a category the engine wrote that this build does not know is kept, not hidden.
 */
export function toFiguresDto(figures: RiskFigures | undefined): ReportFiguresDto {
  const categories = new Set<string>([...FINDING_CATEGORIES, ...Object.keys(figures?.counts ?? {})]);
  const counts: Record<string, number> = {};
  const taxAtRisk: Record<string, string> = {};
  for (const category of categories) {
    counts[category] = figures?.counts[category] ?? 0;
    taxAtRisk[category] = money(figures?.taxAtRisk[category]);
  }
  return {
    counts,
    taxAtRisk,
    totalFindings: figures?.totalFindings ?? 0,
    totalTaxAtRisk: money(figures?.totalTaxAtRisk),
  };
}

export function toReportRowDto(row: ReportRow): ReportRowDto {
  return { code: row.code, name: row.name, level: row.level, ...toFiguresDto(row) };
}

/** One point per period asked for, in that order; the roll-ups have no row for a period without findings. */
export function toTrend(periods: TaxPeriod[], figures: PeriodFigures[]): ReportTrendPointDto[] {
  const byPeriod = new Map(figures.map((f) => [f.period, f]));
  return periods.map((period) => ({ period, ...toFiguresDto(byPeriod.get(period)) }));
}
