import { Idempotent } from '@app/idempotency';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal, Roles } from '@app/auth';
import { ApiErrors, Page } from '@app/platform';
import { AuditsService } from './audits.service';
import { AuditRunDto, AuditRunPageDto, ListAuditsQuery, StartAuditDto } from './dto/audit-run.dto';
import { RequestId } from './request-id.decorator';

@ApiTags('audits')
@ApiBearerAuth()
@Controller('v1/audits')
export class AuditsController {
  constructor(private readonly audits: AuditsService) {}

  @Post()
  @Idempotent()
  @HttpCode(202)
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'Start a cross-audit of a period over a scope of your subtree (runs in the background)',
    description:
      'Scope: bureauCode (a bureau of your subtree), or taxIds (registered taxpayers of your subtree), or ' +
      'neither (your own bureau; the whole country for the national tier). Poll GET /v1/audits/{runId}. ' +
      'The run judges by the active rule set. Back-test another version with {ruleSetVersion, dryRun: true}: ' +
      'the run compares it with the active version on the same input (backtest, once completed) and ' +
      'publishes nothing. A bureau or taxpayer outside your subtree is answered 404 as one that does not ' +
      'exist; a dry run of a period with no invoice, seller copy or claim in the scope is 422 ' +
      'AUDIT_PERIOD_NO_DATA.',
  })
  @ApiAcceptedResponse({ type: AuditRunDto })
  @ApiErrors(
    'PERIOD_INVALID',
    'AUDIT_PERIOD_IN_FUTURE',
    'AUDIT_SCOPE_AMBIGUOUS',
    'AUDIT_SCOPE_INVALID',
    'BUREAU_CODE_INVALID',
    'TAX_ID_INVALID',
    'AUDIT_RULE_SET_REQUIRES_DRY_RUN',
    'AUDIT_DRY_RUN_WITH_TOLERANCE',
    'MONEY_INVALID',
    'BUREAU_NOT_FOUND',
    'TAXPAYER_NOT_FOUND',
    'RULE_SET_NOT_FOUND',
    'AUDIT_PERIOD_NO_DATA',
  )
  start(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Body() dto: StartAuditDto,
    @RequestId() requestId: string | undefined,
  ): Promise<AuditRunDto> {
    return this.audits.start(officer, dto, requestId);
  }

  @Get()
  @ApiOperation({
    summary: 'Audit runs visible to you, newest first (cursor pages)',
    description:
      'A run is visible in the subtree of its scope bureau; a run over taxIds in that of the officer who ' +
      'started it; a nationwide run (nightly ones included) to the national tier only.',
  })
  @ApiOkResponse({ type: AuditRunPageDto })
  @ApiErrors('PERIOD_INVALID', 'CURSOR_INVALID')
  list(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Query() query: ListAuditsQuery,
  ): Promise<Page<AuditRunDto>> {
    return this.audits.list(officer, query);
  }

  @Get(':runId')
  @ApiOperation({
    summary:
      "Status, progress and (once completed) counts and tax at risk of an audit run; a dry run's back-test",
    description: 'A run outside your subtree is answered 404 AUDIT_RUN_NOT_FOUND.',
  })
  @ApiOkResponse({ type: AuditRunDto })
  @ApiErrors('AUDIT_RUN_ID_INVALID', 'AUDIT_RUN_NOT_FOUND')
  get(@CurrentOfficer() officer: OfficerPrincipal, @Param('runId') runId: string): Promise<AuditRunDto> {
    return this.audits.get(officer, runId);
  }
}
