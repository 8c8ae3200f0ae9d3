import { Idempotent } from '@app/idempotency';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal, Roles } from '@app/auth';
import { ApiErrors, Page, PageQuery } from '@app/platform';
import { CreateRuleSetDto, RuleSetDto, RuleSetPageDto } from './dto/rule-set.dto';
import { RuleSetsService } from './rule-sets.service';

const VERSION_PARAM = ApiParam({
  name: 'version',
  schema: { type: 'integer', minimum: 1 },
  description: 'A rule set version',
});

@ApiTags('rule-sets')
@ApiBearerAuth()
@Controller('v1/rule-sets')
export class RuleSetsController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  @Get()
  @ApiOperation({
    summary: 'Rule set versions (thresholds and weights of the audit), newest first (cursor pages)',
    description: 'Any officer. Exactly one version is active.',
  })
  @ApiOkResponse({ type: RuleSetPageDto })
  @ApiErrors('CURSOR_INVALID')
  list(@Query() query: PageQuery): Promise<Page<RuleSetDto>> {
    return this.ruleSets.list(query);
  }

  @Get(':version')
  @VERSION_PARAM
  @ApiOperation({ summary: 'One rule set version with all its parameters' })
  @ApiOkResponse({ type: RuleSetDto })
  @ApiErrors('RULE_SET_VERSION_INVALID', 'RULE_SET_NOT_FOUND')
  get(@Param('version') version: string): Promise<RuleSetDto> {
    return this.ruleSets.get(version);
  }

  @Post()
  @Idempotent()
  @Roles('admin')
  @ApiOperation({
    summary:
      'National-tier admins: add a rule set version (inactive) that changes some parameters of another',
    description:
      'Back-test it with POST /v1/audits {dryRun: true, ruleSetVersion}, then activate it. A refused ' +
      'request adds no version. A refused parameter has details { parameter, … }. 403 ROLE_FORBIDDEN: not ' +
      'an admin; NATIONAL_TIER_ONLY: an admin below the national tier.',
  })
  @ApiCreatedResponse({ type: RuleSetDto })
  @ApiErrors(
    'NATIONAL_TIER_ONLY',
    'RULE_SET_NOT_FOUND',
    'RULE_SET_PARAMETER_UNKNOWN',
    'RULE_SET_PARAMETER_INVALID',
    'RULE_SET_PARAMETER_OUT_OF_RANGE',
  )
  create(@CurrentOfficer() officer: OfficerPrincipal, @Body() dto: CreateRuleSetDto): Promise<RuleSetDto> {
    return this.ruleSets.create(officer, dto);
  }

  @Post(':version/activate')
  @Idempotent()
  @HttpCode(200)
  @Roles('admin')
  @VERSION_PARAM
  @ApiOperation({
    summary: 'National-tier admins: make a version the active one',
    description:
      'Audit runs started from now on (nightly and on demand) judge by it; runs already recorded keep ' +
      'their version. Activating the active version changes nothing.',
  })
  @ApiOkResponse({ type: RuleSetDto })
  @ApiErrors('NATIONAL_TIER_ONLY', 'RULE_SET_VERSION_INVALID', 'RULE_SET_NOT_FOUND')
  activate(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('version') version: string,
  ): Promise<RuleSetDto> {
    return this.ruleSets.activate(officer, version);
  }
}
