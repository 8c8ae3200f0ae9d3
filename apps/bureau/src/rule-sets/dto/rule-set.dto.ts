import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { RuleSetParameters } from '@app/domain';
import { RULE_SET_CHANGES_SCHEMA, RULE_SET_PARAMETERS_SCHEMA } from './rule-set-parameters-schema';

/** Postgres `integer`: a larger version would fail the query instead of not being found. */
export const RULE_SET_VERSION_MAX = 2_147_483_647;

/**
 * A new rule set version: `parameters` changes some parameters of `basedOn`. The pipe lets
 * `parameters` through as it is (any JSON); parseRuleSetParameters checks it in the
 * service, so that each problem is answered with its stable code and the parameter's path.
 */
export class CreateRuleSetDto {
  @ApiPropertyOptional({
    maxLength: 500,
    example: 'Cap-edge issuance from half of the invoices (pilot, Guangdong)',
    description: 'What changes and why',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 1,
    description: 'The version whose parameters the new one starts from (default the active one)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(RULE_SET_VERSION_MAX)
  basedOn?: number;

  @ApiProperty({
    ...RULE_SET_CHANGES_SCHEMA,
    description:
      'The parameters that change, nested as in a rule set (any subset; {} copies basedOn). ' +
      'Errors: 400 RULE_SET_PARAMETER_UNKNOWN, RULE_SET_PARAMETER_INVALID, RULE_SET_PARAMETER_OUT_OF_RANGE ' +
      'with details { parameter, … }.',
  })
  @Allow()
  parameters!: unknown;
}

export class RuleSetDto {
  @ApiProperty({ type: 'integer', example: 2 }) version!: number;
  @ApiProperty({ description: 'The version every audit run judges by (exactly one is active)' })
  active!: boolean;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ ...RULE_SET_PARAMETERS_SCHEMA, description: 'Every threshold and weight of the version' })
  parameters!: RuleSetParameters;
  @ApiProperty({ nullable: true, type: String, description: 'Officer (user id); null for version 1' })
  createdBy!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Officer who last made it the active version; null if it never was (or for version 1)',
  })
  activatedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) activatedAt!: string | null;
}

export class RuleSetPageDto {
  @ApiProperty({ type: [RuleSetDto] }) items!: RuleSetDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
