import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsInt, IsOptional, Max, Min } from 'class-validator';
import { FINDING_CATEGORIES } from '@app/domain';
import { BureauSummaryDto } from '../../bureaus/dto/bureau.dto';

/** Rows of a summary: the child bureaus, or below the lowest bureau its taxpayers. */
export const REPORT_ROW_LEVELS = ['province', 'city', 'district', 'taxpayer'] as const;
export type ReportRowLevel = (typeof REPORT_ROW_LEVELS)[number];

export const TREND_PERIODS_MAX = 36;
export const TAXPAYER_ROWS_MAX = 1000;

/** The OpenAPI pattern of a `period` query or body field (the service parses it). */
export const PERIOD_PATTERN = '^[0-9]{4}-[0-9]{2}$';

/*
 * period and bureauCode are only admitted by the pipe; the service parses them, so a bad
 * value is answered with its stable code (PERIOD_INVALID, BUREAU_CODE_INVALID) rather
 * than the generic VALIDATION_FAILED.
 */
export class ReportSummaryQuery {
  @ApiProperty({ example: '2026-01', pattern: PERIOD_PATTERN, description: 'Tax period' })
  @Allow()
  period!: string;

  @ApiPropertyOptional({
    example: '14401000000',
    description: 'A bureau of your subtree (default: your own bureau)',
  })
  @Allow()
  bureauCode?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: TAXPAYER_ROWS_MAX,
    default: 100,
    description: 'At most this many taxpayer rows (the highest tax at risk); child bureaus are all listed',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TAXPAYER_ROWS_MAX)
  limit: number = 100;
}

export class ReportTrendQuery {
  @ApiPropertyOptional({
    example: '2026-01',
    pattern: PERIOD_PATTERN,
    description: 'The last period of the trend (default: the current period, Beijing time)',
  })
  @Allow()
  period?: string;

  @ApiPropertyOptional({
    example: '14401000000',
    description: 'A bureau of your subtree (default: your own bureau)',
  })
  @Allow()
  bureauCode?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: TREND_PERIODS_MAX,
    default: 12,
    description: 'How many periods',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TREND_PERIODS_MAX)
  periods: number = 12;
}

export class ReportFiguresDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { FIELD_MISMATCH: 3, OVERSTATED_CLAIM: 1, FORGED: 0 },
    description: `Active findings per category; every category (${FINDING_CATEGORIES.join(', ')}) is listed, 0 included`,
  })
  counts!: Record<string, number>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { FIELD_MISMATCH: '390.00', OVERSTATED_CLAIM: '20.00', FORGED: '0.00' },
    description: 'Tax at risk per category, in yuan (2 decimals)',
  })
  taxAtRisk!: Record<string, string>;

  @ApiProperty({ example: 4 }) totalFindings!: number;
  @ApiProperty({ example: '410.00', description: 'In yuan (2 decimals)' }) totalTaxAtRisk!: string;
}

export class ReportRowDto extends ReportFiguresDto {
  @ApiProperty({ example: '14401060000', description: 'Bureau code, or the tax id of a taxpayer row' })
  code!: string;
  @ApiProperty({ example: '国家税务总局广州市天河区税务局' }) name!: string;
  @ApiProperty({ enum: REPORT_ROW_LEVELS }) level!: ReportRowLevel;
}

export class ReportSummaryDto {
  @ApiProperty({ type: BureauSummaryDto }) bureau!: BureauSummaryDto;
  @ApiProperty({ example: '2026-01' }) period!: string;
  @ApiProperty({
    type: ReportFiguresDto,
    description:
      "The bureau's own roll-up: a finding counts once however many of its rows it appears in, " +
      'so the rows need not add up to it',
  })
  totals!: ReportFiguresDto;
  @ApiProperty({
    type: [ReportRowDto],
    description:
      'One row per child bureau (those without findings included, with zeros), highest tax at risk first. ' +
      'A bureau without child bureaus (a district, a city without districts): its registered taxpayers ' +
      'that have active findings of the period, as seller or buyer, highest tax at risk first',
  })
  items!: ReportRowDto[];
  @ApiProperty({ description: 'Taxpayer rows were cut at `limit`' }) truncated!: boolean;
}

export class ReportTrendPointDto extends ReportFiguresDto {
  @ApiProperty({ example: '2026-01' }) period!: string;
}

export class ReportTrendDto {
  @ApiProperty({ type: BureauSummaryDto }) bureau!: BureauSummaryDto;
  @ApiProperty({
    type: [ReportTrendPointDto],
    description: 'One row per period, oldest first; a period without findings has zeros',
  })
  items!: ReportTrendPointDto[];
}
