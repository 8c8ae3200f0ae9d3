import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OfficerPrincipal } from '@app/auth';
import { inJurisdiction } from '@app/database';
import { assertBureauCode, bureauScopePrefix, parsePeriod } from '@app/domain';
import { decodeCursor, Page, toPage } from '@app/platform';
import { BureausService } from '../bureaus/bureaus.service';
import { toFindingDto } from '../findings/finding.mapper';
import { periodsEnding } from '../reports/report-periods';
import { visibleTaxpayer } from '../taxpayers/taxpayer-access';
import { RiskRankingItemDto, RiskRankingQuery, TaxpayerRiskDto, TaxpayerRiskQuery } from './dto/risk.dto';
import { RiskRepository } from './risk.repository';
import { cursorOf, isRiskCursor, NO_SCORE, toTrend } from './risk.mapper';

/** The taxpayer page lists at most this many findings of the period. */
export const TAXPAYER_FINDINGS_MAX = 200;
/** Periods in the taxpayer page's trend, ending at the period asked for. */
export const TREND_PERIODS = 12;

/**
 * Taxpayers' risk scores (docs/risk-monitoring.md, docs/review.md): the ranking of a bureau
 * subtree and one taxpayer's score with its parts, findings and trend. The scores themselves
 * are the audit's (audit.taxpayer_risk); this only reads them. Jurisdiction is checked here
 * (the bureau filter, the taxpayer's bureau) and again by Postgres: every read runs under
 * row-level security for the officer's subtree (inJurisdiction).
 */
@Injectable()
export class RiskService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly risk: RiskRepository,
    private readonly bureaus: BureausService,
  ) {}

  async ranking(officer: OfficerPrincipal, query: RiskRankingQuery): Promise<Page<RiskRankingItemDto>> {
    const period = parsePeriod(query.period, 'period');
    let scopePrefix = officer.scopePrefix;
    if (query.bureauCode !== undefined) {
      // A bureau outside the subtree is not found, like a bureau that does not exist.
      const bureau = await this.bureaus.getVisible(officer, assertBureauCode(query.bureauCode, 'bureauCode'));
      scopePrefix = bureauScopePrefix(bureau.code);
    }
    const after = query.cursor ? decodeCursor(query.cursor, isRiskCursor) : undefined;
    const rows = await inJurisdiction(this.db, officer.scopePrefix, (m) =>
      this.risk.ranking(m, period, scopePrefix, query.limit + 1, after),
    );
    return toPage(rows, query.limit, (r) => r, cursorOf);
  }

  /** One taxpayer of the officer's subtree: its score of the period, the parts, findings and trend. */
  async taxpayer(
    officer: OfficerPrincipal,
    taxId: string,
    query: TaxpayerRiskQuery,
  ): Promise<TaxpayerRiskDto> {
    const period = parsePeriod(query.period, 'period');
    const periods = periodsEnding(period, TREND_PERIODS);
    // One after another: they share the transaction's one connection.
    return inJurisdiction(this.db, officer.scopePrefix, async (m) => {
      const taxpayer = visibleTaxpayer(officer, taxId, await this.risk.taxpayer(m, taxId));
      const score = (await this.risk.score(m, period, taxId)) ?? NO_SCORE;
      const findings = await this.risk.findings(
        m,
        officer.scopePrefix,
        period,
        taxId,
        TAXPAYER_FINDINGS_MAX + 1,
      );
      const trend = await this.risk.trend(m, taxId, periods[0], period);
      return {
        ...taxpayer,
        period,
        ...score,
        findings: findings.slice(0, TAXPAYER_FINDINGS_MAX).map(toFindingDto),
        findingsTruncated: findings.length > TAXPAYER_FINDINGS_MAX,
        trend: toTrend(periods, trend),
      };
    });
  }
}
