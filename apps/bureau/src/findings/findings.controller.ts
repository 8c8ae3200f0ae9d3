import { Body, Controller, Get, Logger, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentOfficer, OfficerPrincipal } from '@app/auth';
import { Page, sendDownload } from '@app/platform';
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

const FILTER_ERRORS =
  '400 PERIOD_INVALID, FINDING_CATEGORY_INVALID, BUREAU_CODE_INVALID, TAX_ID_INVALID, AUDIT_RUN_ID_INVALID, ' +
  'CASE_STATUS_INVALID, FINDING_STATE_INVALID, MONEY_INVALID, CURSOR_INVALID, VALIDATION_FAILED; ' +
  '404 BUREAU_NOT_FOUND (a bureauCode outside your subtree)';

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
      "A finding is visible to the seller's and the buyer's district bureaus and all their ancestors. " +
      `Errors: ${FILTER_ERRORS}.`,
  })
  @ApiOkResponse({ type: FindingPageDto })
  list(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Query() query: FindingFiltersQuery,
  ): Promise<Page<FindingDto>> {
    return this.findings.list(officer, query);
  }

  @Get('export')
  @ApiOperation({
    summary: 'The findings list as CSV or XLSX, streamed (same filters, every page, no limit)',
    description: `Memory stays flat whatever the size. Errors: ${FILTER_ERRORS}.`,
  })
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
    description: '400 FINDING_ID_INVALID; 404 FINDING_NOT_FOUND (also outside your subtree).',
  })
  @ApiOkResponse({ type: FindingDetailDto })
  get(@CurrentOfficer() officer: OfficerPrincipal, @Param('id') id: string): Promise<FindingDetailDto> {
    return this.findings.get(officer, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Move the case: open → investigating → confirmed | cleared, with a comment',
    description:
      'Every change is kept with who, when and why (caseTrail). Errors: 400 FINDING_ID_INVALID, ' +
      'CASE_COMMENT_REQUIRED, CASE_COMMENT_TOO_LONG, VALIDATION_FAILED; 404 FINDING_NOT_FOUND (also outside ' +
      'your subtree); 422 CASE_TRANSITION_INVALID (details: from, to, allowed).',
  })
  @ApiOkResponse({ type: FindingDetailDto })
  change(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('id') id: string,
    @Body() dto: ChangeCaseDto,
  ): Promise<FindingDetailDto> {
    return this.findings.changeCase(officer, id, dto);
  }
}
