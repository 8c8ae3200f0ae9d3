import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Allow, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { FINDING_CATEGORIES } from '@app/domain';
import { IsMoney, PageQuery } from '@app/platform';
import { PERIOD_PATTERN } from '../../reports/dto/report.dto';

/** Run statuses as the API shows them (DESIGN §10); the engine's `finalizing` is shown as `running`. */
export const AUDIT_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type AuditRunStatusView = (typeof AUDIT_RUN_STATUSES)[number];
export const AUDIT_RUN_KINDS = ['nightly', 'on_demand'] as const;

/**
 * The pipe only admits the scope fields; `parseAuditScope` checks them in the service, so
 * a bad value is answered with its stable code (PERIOD_INVALID, BUREAU_CODE_INVALID,
 * AUDIT_SCOPE_AMBIGUOUS, AUDIT_SCOPE_INVALID, TAX_ID_INVALID) rather than a generic failure.
 */
export class StartAuditDto {
  @ApiProperty({
    example: '2026-01',
    pattern: PERIOD_PATTERN,
    description: 'Tax period, not after this month',
  })
  @Allow()
  period!: string;

  @ApiPropertyOptional({
    example: '14401060000',
    description:
      'A bureau of your subtree (any tier): its taxpayers as seller or buyer. Without bureauCode and taxIds, ' +
      'your own bureau (the whole country for the national tier).',
  })
  @Allow()
  bureauCode?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['91440106MA59XXXX0K'],
    description:
      '1–1000 registered taxpayers of your subtree, as seller or buyer; not together with bureauCode',
  })
  @Allow()
  taxIds?: string[];

  @ApiPropertyOptional({
    example: '10.00',
    description:
      '票表比对 tolerance in yuan (default 10.00): declared and invoiced tax may differ by this much',
  })
  @IsOptional()
  @IsMoney()
  declarationTolerance?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 2,
    description:
      'Back-test this rule set version (GET /v1/rule-sets) against the active one; only with dryRun: true ' +
      '(only the active version publishes findings). Default the active version.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  ruleSetVersion?: number;

  @ApiPropertyOptional({
    default: false,
    description:
      'A back-test: the run judges by ruleSetVersion and by the active version on the same input and ' +
      'reports, per category, what would appear and disappear (backtest). It publishes nothing: findings, ' +
      'roll-ups and assist requests stay as they are.',
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ListAuditsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026-01' })
  @IsOptional()
  @IsString()
  period?: string;

  @ApiPropertyOptional({ enum: AUDIT_RUN_STATUSES })
  @IsOptional()
  @IsIn(AUDIT_RUN_STATUSES)
  status?: AuditRunStatusView;

  @ApiPropertyOptional({ enum: AUDIT_RUN_KINDS })
  @IsOptional()
  @IsIn(AUDIT_RUN_KINDS)
  kind?: (typeof AUDIT_RUN_KINDS)[number];
}

export class AuditScopeDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: '14401060000',
    description: 'The bureau subtree audited; null with taxIds null: the whole country',
  })
  bureauCode!: string | null;

  @ApiProperty({ nullable: true, type: [String], description: 'The taxpayers audited (sorted, unique)' })
  taxIds!: string[] | null;
}

export class AuditParametersDto {
  @ApiProperty({ example: '10.00' }) declarationTolerance!: string;
  @ApiProperty({ example: 30, description: 'Days an assist request (协查) opened by the run has' })
  assistDueDays!: number;
}

export class AuditProgressDto {
  @ApiProperty({ example: 12 }) partitionsDone!: number;
  @ApiProperty({ example: 16 }) partitionsTotal!: number;
  @ApiProperty({
    example: 75,
    description: '0–100; 100 only once completed (the finalisation after the last partition is the last 1%)',
  })
  percent!: number;
}

const countsExample = { OVERSTATED_CLAIM: 1, MATCHED: 41 };

export class BacktestSideDto {
  @ApiProperty({ type: 'integer', example: 3 }) findings!: number;
  @ApiProperty({ example: '1300.00', description: 'Tax at risk of those findings, in yuan' })
  taxAtRisk!: string;
}

export class BacktestCategoryDto {
  @ApiProperty({ type: BacktestSideDto, description: 'What the candidate version finds' })
  candidate!: BacktestSideDto;
  @ApiProperty({ type: BacktestSideDto, description: 'What the baseline (active) version finds' })
  baseline!: BacktestSideDto;
  @ApiProperty({
    type: 'integer',
    example: 2,
    description: 'Findings the candidate has and the baseline has not',
  })
  appear!: number;
  @ApiProperty({
    type: 'integer',
    example: 0,
    description: 'Findings the baseline has and the candidate has not',
  })
  disappear!: number;
}

@ApiExtraModels(BacktestCategoryDto)
export class BacktestDto {
  @ApiProperty({ type: 'integer', example: 2 }) candidateVersion!: number;
  @ApiProperty({ type: 'integer', example: 1 }) baselineVersion!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(BacktestCategoryDto) },
    description: `Per finding category (${FINDING_CATEGORIES.join(', ')})`,
  })
  categories!: Record<string, BacktestCategoryDto>;
}

export class AuditRunDto {
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ enum: AUDIT_RUN_KINDS }) kind!: string;
  @ApiProperty({ enum: AUDIT_RUN_STATUSES }) status!: AuditRunStatusView;
  @ApiProperty({ example: '2026-01' }) period!: string;
  @ApiProperty({ type: AuditScopeDto }) scope!: AuditScopeDto;
  @ApiProperty({
    example: 1,
    description:
      'The rule set version the run judges by (GET /v1/rule-sets/{version}): its findings follow from it',
  })
  ruleSetVersion!: number;
  @ApiProperty({ type: AuditParametersDto }) parameters!: AuditParametersDto;
  @ApiProperty({
    description:
      'Whether the findings become the current ones (merged, rolled up, assist requests). False for a trial run ' +
      '(one started with parameters of its own, which only reports its counts) and for a dry run.',
  })
  publishes!: boolean;
  @ApiProperty({
    description: 'A back-test of ruleSetVersion against baselineRuleVersion; publishes nothing',
  })
  dryRun!: boolean;
  @ApiProperty({
    nullable: true,
    type: 'integer',
    example: null,
    description: 'A dry run: the version it is compared with (the active one when it started); else null',
  })
  baselineRuleVersion!: number | null;
  @ApiProperty({ type: AuditProgressDto }) progress!: AuditProgressDto;

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: countsExample,
    description: `Once completed: findings per category (${FINDING_CATEGORIES.join(', ')}) and MATCHED claims`,
  })
  counts!: Record<string, number> | null;

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { OVERSTATED_CLAIM: '20.00' },
    description: 'Once completed: tax at risk per finding category, in yuan',
  })
  taxAtRisk!: Record<string, string> | null;

  @ApiProperty({
    type: BacktestDto,
    nullable: true,
    description:
      "A completed dry run: per category, the candidate's findings next to the baseline's; else null",
  })
  backtest!: BacktestDto | null;

  @ApiProperty({
    nullable: true,
    type: 'integer',
    example: 120,
    description: 'Once completed: how long the risk stage took, in milliseconds',
  })
  riskMs!: number | null;

  @ApiProperty({
    description: 'Input stamped at or before this instant is what the run judges (UTC, to the microsecond)',
    example: '2026-11-27T02:00:00.123456Z',
  })
  watermark!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Officer (user id) who started it; null for nightly',
  })
  requestedBy!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why a failed run failed' })
  error!: string | null;
}

export class AuditRunPageDto {
  @ApiProperty({ type: [AuditRunDto] }) items!: AuditRunDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
