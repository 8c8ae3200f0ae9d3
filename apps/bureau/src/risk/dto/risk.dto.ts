import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { FINDING_CATEGORIES, TAXPAYER_STATUSES } from '@app/domain';
import { PageQuery } from '@app/platform';
import { FindingDto } from '../../findings/dto/finding.dto';
import { PERIOD_PATTERN } from '../../reports/dto/report.dto';

/*
 * period and bureauCode are only admitted by the pipe; the service parses them, so a bad
 * value is answered with its stable code (PERIOD_INVALID, BUREAU_CODE_INVALID) rather than
 * the generic VALIDATION_FAILED, as on the findings list.
 */
export class RiskRankingQuery extends PageQuery {
  @ApiProperty({ example: '2026-10', pattern: PERIOD_PATTERN, description: 'Tax period' })
  @Allow()
  period!: string;

  @ApiPropertyOptional({
    example: '14401060000',
    description:
      "Only taxpayers registered in this bureau's subtree (a bureau of yours); default all of your subtree",
  })
  @Allow()
  bureauCode?: string;
}

export class TaxpayerRiskQuery {
  @ApiProperty({ example: '2026-10', pattern: PERIOD_PATTERN, description: 'Tax period' })
  @Allow()
  period!: string;
}

const CATEGORY_COUNTS = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  example: { OVERSTATED_CLAIM: 2, FIELD_MISMATCH: 1 },
  description:
    'Active findings of the period the taxpayer is the subject of (FINDING_SUBJECTS), per category; ' +
    'categories without one are left out',
} as const;

export class RiskRankingItemDto {
  @ApiProperty({ example: '91440106MA59XXXX0K' }) taxId!: string;
  @ApiProperty({ example: '广州示例贸易有限公司' }) name!: string;
  @ApiProperty({ example: '14401060000', description: 'Where the taxpayer is registered' })
  bureauCode!: string;
  @ApiProperty({ minimum: 0, maximum: 100, example: 45 }) score!: number;
  @ApiProperty(CATEGORY_COUNTS) categories!: Record<string, number>;
  @ApiProperty({
    example: '2860.00',
    description: 'Tax at risk of those findings, in yuan (2 decimals); ranks taxpayers of equal score',
  })
  taxAtRisk!: string;
}

export class RiskRankingPageDto {
  @ApiProperty({ type: [RiskRankingItemDto] }) items!: RiskRankingItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ScorePartDto {
  @ApiProperty({ enum: FINDING_CATEGORIES }) category!: string;
  @ApiProperty({ example: 2, description: 'Active findings of this category the taxpayer is the subject of' })
  findings!: number;
  @ApiProperty({ example: 40, description: 'min(max, perFinding × findings) by the rule set’s weights' })
  points!: number;
}

export class RiskTrendPointDto {
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({
    example: '125000.00',
    description:
      'Pre-tax amount of its blue invoices not voided, issued in the period (issue date): online ones and ' +
      'accepted offline seller copies',
  })
  issuedAmount!: string;
  @ApiProperty({ example: '16250.00' }) issuedTax!: string;
  @ApiProperty({
    example: '98000.00',
    description:
      'Pre-tax amount of its accepted claims of the period (claim period) of invoices issued online to it ' +
      'in the trend’s periods or the 12 before; claims of offline-only invoices are not counted (no index ' +
      'finds a buyer’s claims; docs/review.md)',
  })
  claimedAmount!: string;
  @ApiProperty({ example: '12740.00' }) claimedTax!: string;
}

export class TaxpayerRiskDto {
  @ApiProperty({ example: '91440106MA59XXXX0K' }) taxId!: string;
  @ApiProperty({ example: '广州示例贸易有限公司' }) name!: string;
  @ApiProperty({ example: '14401060000' }) bureauCode!: string;
  @ApiProperty({ enum: TAXPAYER_STATUSES }) status!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'F5174',
    description: 'GB/T 4754-2017 industry (section letter, optionally its class); null: not recorded',
  })
  industry!: string | null;
  @ApiProperty({ example: '2026-03-01T08:00:00.123456Z', description: 'When the bureau registered it' })
  registeredAt!: string;
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({
    minimum: 0,
    maximum: 100,
    example: 45,
    description: 'The sum of the parts, at most 100; 0 when it has no active finding of the period',
  })
  score!: number;
  @ApiProperty({
    type: [ScorePartDto],
    description: 'Largest first; empty when the score is 0 for want of findings',
  })
  parts!: ScorePartDto[];
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 1,
    description: 'The rule set whose weights made the score; null without a score',
  })
  ruleSetVersion!: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'When the audit computed it (after its last publishing run of the period); null without a score',
  })
  computedAt!: string | null;
  @ApiProperty({ example: '2860.00' }) taxAtRisk!: string;
  @ApiProperty(CATEGORY_COUNTS) categories!: Record<string, number>;
  @ApiProperty({
    type: [FindingDto],
    description:
      'Findings of the period naming it as seller or buyer (the subject or not), active first, then by tax at ' +
      'risk; at most 200',
  })
  findings!: FindingDto[];
  @ApiProperty({ example: false, description: 'True when it has more findings of the period than listed' })
  findingsTruncated!: boolean;
  @ApiProperty({ type: [RiskTrendPointDto], description: 'The 12 periods ending at `period`, oldest first' })
  trend!: RiskTrendPointDto[];
}
