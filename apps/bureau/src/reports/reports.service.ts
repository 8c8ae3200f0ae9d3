import { Injectable } from '@nestjs/common';
import { OfficerPrincipal } from '@app/auth';
import { BureauEntity } from '@app/database';
import { assertBureauCode, parsePeriod, periodOf, todayIn } from '@app/domain';
import { BureausService } from '../bureaus/bureaus.service';
import { BureauSummaryDto } from '../bureaus/dto/bureau.dto';
import { ReportSummaryDto, ReportSummaryQuery, ReportTrendDto, ReportTrendQuery } from './dto/report.dto';
import { periodsEnding } from './report-periods';
import { toFiguresDto, toReportRowDto, toTrend } from './report.mapper';
import { ReportsRepository } from './reports.repository';

const summaryOf = (b: BureauEntity): BureauSummaryDto => ({ code: b.code, name: b.name, level: b.level });

/**
 * Findings and tax at risk per bureau for officers to drill down the tree, national to
 * taxpayer, and over time. Reads only the audit engine's output: roll-ups per
 * bureau, and the findings themselves below the lowest bureau.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly bureaus: BureausService,
  ) {}

  async summary(officer: OfficerPrincipal, query: ReportSummaryQuery): Promise<ReportSummaryDto> {
    const period = parsePeriod(query.period, 'period');
    const bureau = await this.bureauOf(officer, query.bureauCode);
    const { totals, rows, truncated } = await this.reports.summary(
      officer.scopePrefix,
      bureau.code,
      period,
      query.limit,
    );
    return {
      bureau: summaryOf(bureau),
      period,
      totals: toFiguresDto(totals),
      items: rows.map(toReportRowDto),
      truncated,
    };
  }

  async trend(officer: OfficerPrincipal, query: ReportTrendQuery): Promise<ReportTrendDto> {
    const last = query.period === undefined ? periodOf(todayIn()) : parsePeriod(query.period, 'period');
    const bureau = await this.bureauOf(officer, query.bureauCode);
    const periods = periodsEnding(last, query.periods);
    const figures = await this.reports.trend(officer.scopePrefix, bureau.code, periods);
    return { bureau: summaryOf(bureau), items: toTrend(periods, figures) };
  }

  /** The bureau asked for, else the officer's own; outside the subtree it does not exist (docs/adr/0002). */
  private bureauOf(officer: OfficerPrincipal, bureauCode: unknown): Promise<BureauEntity> {
    const code = bureauCode === undefined ? officer.bureauCode : assertBureauCode(bureauCode);
    return this.bureaus.getVisible(officer, code);
  }
}
