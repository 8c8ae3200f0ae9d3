import { Body, Controller, Get, Logger, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentOfficer, OfficerPrincipal } from '@app/auth';
import { ApiErrors, Page, type RouteError, sendDownload } from '@app/platform';
import { EXPORT_CONTENT_TYPES } from '@app/review';
import {
  ChangeCaseDto,
  ExportFindingsQuery,
  FindingDetailDto,
  FindingDto,
  FindingFiltersQuery,
  FindingPageDto,
} from './dto/finding.dto';
import { FindingsService } from './findings.service';

/** The filters of the list and the export (parseFindingQuery), and a bureauCode outside your subtree. */
const FILTER_ERRORS = [
  'PERIOD_INVALID',
  'FINDING_CATEGORY_INVALID',
  'BUREAU_CODE_INVALID',
  'TAX_ID_INVALID',
  'AUDIT_RUN_ID_INVALID',
  'CASE_STATUS_INVALID',
  'FINDING_STATE_INVALID',
  'MONEY_INVALID',
  'BUREAU_NOT_FOUND',
] as const satisfies RouteError[];

@ApiTags('findings')
@ApiBearerAuth()
@Controller('v1/findings')
export class FindingsController {
  private readonly logger = new Logger(FindingsController.name);

  constructor(private readonly findings: FindingsService) {}

  @Get()
  @ApiOperation({
    summary: 'Findings of your subtree, highest tax at risk first (cursor pages)',
    description:
      "A finding is visible to the seller's and the buyer's district bureaus and all their ancestors.",
  })
  @ApiOkResponse({ type: FindingPageDto })
  @ApiErrors(...FILTER_ERRORS, 'CURSOR_INVALID')
  list(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Query() query: FindingFiltersQuery,
  ): Promise<Page<FindingDto>> {
    return this.findings.list(officer, query);
  }

  @Get('export')
  @ApiOperation({
    summary: 'The findings list as CSV or XLSX, streamed (same filters, every page, no limit)',
    description: 'Memory stays flat whatever the size.',
  })
  @ApiErrors(...FILTER_ERRORS)
  @ApiProduces(EXPORT_CONTENT_TYPES.csv, EXPORT_CONTENT_TYPES.xlsx)
  @ApiOkResponse({
    description: 'A file download (Content-Disposition: attachment): header row, then one row per finding',
    content: {
      [EXPORT_CONTENT_TYPES.csv]: { schema: { type: 'string' } },
      [EXPORT_CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async export(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Query() query: ExportFindingsQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const format = query.format ?? 'csv';
    const write = await this.findings.prepareExport(officer, query, format);
    const file = {
      contentType: EXPORT_CONTENT_TYPES[format],
      filename: `findings-${query.period ?? 'all'}.${format}`,
    };
    await sendDownload(reply, file, write).catch((err: unknown) =>
      this.logger.error({ err: (err as Error).message, by: officer.userId }, 'findings export failed'),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One finding: both sides of the invoice, the differing fields, its history across runs, the case trail',
    description: 'A finding outside your subtree is answered 404 FINDING_NOT_FOUND.',
  })
  @ApiOkResponse({ type: FindingDetailDto })
  @ApiErrors('FINDING_ID_INVALID', 'FINDING_NOT_FOUND')
  get(@CurrentOfficer() officer: OfficerPrincipal, @Param('id') id: string): Promise<FindingDetailDto> {
    return this.findings.get(officer, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Move the case: open → investigating → confirmed | cleared, with a comment',
    description:
      'Every change is kept with who, when and why (caseTrail). A finding outside your subtree is answered ' +
      '404 FINDING_NOT_FOUND; CASE_TRANSITION_INVALID has details from, to, allowed.',
  })
  @ApiOkResponse({ type: FindingDetailDto })
  @ApiErrors(
    'FINDING_ID_INVALID',
    'FINDING_NOT_FOUND',
    'CASE_COMMENT_REQUIRED',
    'CASE_COMMENT_TOO_LONG',
    'CASE_TRANSITION_INVALID',
  )
  change(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('id') id: string,
    @Body() dto: ChangeCaseDto,
  ): Promise<FindingDetailDto> {
    return this.findings.changeCase(officer, id, dto);
  }
}
