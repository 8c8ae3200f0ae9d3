import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal } from '@app/auth';
import { ApiErrors, type RouteError } from '@app/platform';
import { ReportSummaryDto, ReportSummaryQuery, ReportTrendDto, ReportTrendQuery } from './dto/report.dto';
import { ReportsService } from './reports.service';

/** The period and the bureau of a report (a bureau outside your subtree is not found). */
const REPORT_ERRORS = [
  'PERIOD_INVALID',
  'BUREAU_CODE_INVALID',
  'BUREAU_NOT_FOUND',
] as const satisfies RouteError[];

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('summary')
  @ApiOperation({
    summary: 'Findings and tax at risk of a period, per child of a bureau of your subtree (drill-down)',
    description:
      'One row per child bureau (national → provinces → cities → districts), from the roll-ups of the last ' +
      'published audit run; for a bureau without child bureaus (a district, a city without districts) one row ' +
      'per registered taxpayer with active findings, at most `limit`. Any officer role. A bureau outside ' +
      'your subtree is answered 404 BUREAU_NOT_FOUND.',
  })
  @ApiOkResponse({ type: ReportSummaryDto })
  @ApiErrors(...REPORT_ERRORS)
  summary(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Query() query: ReportSummaryQuery,
  ): Promise<ReportSummaryDto> {
    return this.reports.summary(officer, query);
  }

  @Get('trend')
  @ApiOperation({
    summary: 'Findings and tax at risk of a bureau of your subtree over the periods up to one, oldest first',
    description:
      'From the roll-ups; a period without findings has zeros. Any officer role. A bureau outside your ' +
      'subtree is answered 404 BUREAU_NOT_FOUND.',
  })
  @ApiOkResponse({ type: ReportTrendDto })
  @ApiErrors(...REPORT_ERRORS)
  trend(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Query() query: ReportTrendQuery,
  ): Promise<ReportTrendDto> {
    return this.reports.trend(officer, query);
  }
}
