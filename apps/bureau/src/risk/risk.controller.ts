import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal } from '@app/auth';
import { ApiErrors, Page } from '@app/platform';
import {
  RiskRankingItemDto,
  RiskRankingPageDto,
  RiskRankingQuery,
  TaxpayerRiskDto,
  TaxpayerRiskQuery,
} from './dto/risk.dto';
import { RiskService } from './risk.service';

const SCORE_RULE =
  "A taxpayer's score (0–100) sums, per category of its active findings of the period it is the subject of " +
  '(FINDING_SUBJECTS: seller, buyer or both), perFinding points a finding up to the category’s max (the ' +
  "weights of the run's rule set; defaults DEFAULT_RULE_SET.weights), capped at 100.";

@ApiTags('risk')
@ApiBearerAuth()
@Controller('v1')
export class RiskController {
  constructor(private readonly risk: RiskService) {}

  @Get('risk/taxpayers')
  @ApiOperation({
    summary: 'Taxpayers of your subtree ranked by risk score, then tax at risk (cursor pages)',
    description:
      `${SCORE_RULE} Taxpayers with at least one such finding are listed; scores are recomputed after every ` +
      'publishing audit run of the period. A bureauCode outside your subtree is answered 404 BUREAU_NOT_FOUND.',
  })
  @ApiOkResponse({ type: RiskRankingPageDto })
  @ApiErrors('PERIOD_INVALID', 'BUREAU_CODE_INVALID', 'BUREAU_NOT_FOUND', 'CURSOR_INVALID')
  ranking(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Query() query: RiskRankingQuery,
  ): Promise<Page<RiskRankingItemDto>> {
    return this.risk.ranking(officer, query);
  }

  @Get('taxpayers/:taxId/risk')
  @ApiOperation({
    summary: "A taxpayer's risk score of a period with its parts, its findings and a 12-period trend",
    description:
      `${SCORE_RULE} Score 0 and no parts when it has no such finding. A taxpayer outside your subtree ` +
      'is answered 404 TAXPAYER_NOT_FOUND.',
  })
  @ApiOkResponse({ type: TaxpayerRiskDto })
  @ApiErrors('PERIOD_INVALID', 'TAXPAYER_NOT_FOUND')
  taxpayer(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('taxId') taxId: string,
    @Query() query: TaxpayerRiskQuery,
  ): Promise<TaxpayerRiskDto> {
    return this.risk.taxpayer(officer, taxId, query);
  }
}
