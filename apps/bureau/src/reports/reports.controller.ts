import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal } from '@app/auth';
import { ReportSummaryDto, ReportSummaryQuery, ReportTrendDto, ReportTrendQuery } from './dto/report.dto';
import { ReportsService } from './reports.service';

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
      'per registered taxpayer with active findings, at most `limit`. Any officer role. ' +
      'Errors: 400 PERIOD_INVALID, BUREAU_CODE_INVALID, VALIDATION_FAILED, UNKNOWN_FIELD; ' +
      '404 BUREAU_NOT_FOUND (also a bureau outside your subtree).',
  })
  @ApiOkResponse({ type: ReportSummaryDto })
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
      'From the roll-ups; a period without findings has zeros. Any officer role. ' +
      'Errors: 400 PERIOD_INVALID, BUREAU_CODE_INVALID, VALIDATION_FAILED (periods not 1–36), UNKNOWN_FIELD; ' +
      '404 BUREAU_NOT_FOUND (also a bureau outside your subtree).',
  })
  @ApiOkResponse({ type: ReportTrendDto })
  trend(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Query() query: ReportTrendQuery,
  ): Promise<ReportTrendDto> {
    return this.reports.trend(officer, query);
  }
}
