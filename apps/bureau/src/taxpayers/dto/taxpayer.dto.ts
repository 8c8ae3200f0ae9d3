import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsTaxIdShape, PageQuery } from '@app/platform';

const KINDS = ['general', 'small_scale'] as const;
const STATUSES = ['normal', 'abnormal', 'deregistered'] as const;

const INDUSTRY_DOC = {
  type: String,
  example: 'F5174',
  pattern: '^[A-T]([0-9]{2,4})?$',
  description:
    'Industry (GB/T 4754-2017 国民经济行业分类): the section letter A–T, optionally followed by the ' +
    '2–4 digits of a division, group or class inside that section (F, F51, F5174). Used by the ' +
    "GOODS_DIVERGENCE risk rule (进销背离), which judges sellers whose section is in the rule set's " +
    'goodsDivergence.industrySections (default F, wholesale and retail).',
};

const PERSON_DOC: ApiPropertyOptions = {
  type: 'object',
  nullable: true,
  properties: {
    name: { type: 'string', example: '张三' },
    idNumber: {
      type: 'string',
      example: '11010519491231002X',
      description: '18-character resident identity number (GB 11643), its check character verified',
    },
  },
  required: ['name', 'idNumber'],
};

/*
 * Who controls the taxpayer (issue 17): parsed by the service (parseControllingParties), so
 * that each refusal has its stable code. Identity numbers are stored only as a keyed digest
 * and never returned (the last 4 characters are). On a change, absent leaves a field as it
 * is, null clears it, a value replaces it; the replaced ones stay in the history.
 */
export class ControllingPartiesDto {
  @ApiPropertyOptional({ ...PERSON_DOC, description: 'Legal representative (法定代表人)' })
  @IsOptional()
  legalRepresentative?: unknown;

  @ApiPropertyOptional({ ...PERSON_DOC, description: 'Finance officer (财务负责人)' })
  @IsOptional()
  financeOfficer?: unknown;

  @ApiPropertyOptional({
    type: 'array',
    nullable: true,
    maxItems: 50,
    items: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        share: {
          type: 'string',
          example: '0.25',
          description: 'Decimal in (0, 1]; the shares add up to 1 at most',
        },
        idNumber: { type: 'string', description: 'A person: resident identity number' },
        taxId: { type: 'string', description: 'A company: its tax id, a registered taxpayer' },
      },
      required: ['name', 'share'],
    },
    description: 'Shareholders (股东): each a person (idNumber) or a registered company (taxId), not both',
  })
  @IsOptional()
  shareholders?: unknown;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '广州市天河区示例路 1 号',
    description: '2–300 characters',
  })
  @IsOptional()
  address?: unknown;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+86 20-1234-5678' })
  @IsOptional()
  phone?: unknown;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '6222021234567890',
    description: '8–34 digits; stored as a keyed digest and its last 4 digits',
  })
  @IsOptional()
  bankAccount?: unknown;
}

export class RegisterTaxpayerDto extends ControllingPartiesDto {
  @ApiProperty({ example: '91440101MA59XXXX0K', description: 'Unified social credit code (GB 32100-2015)' })
  @IsTaxIdShape()
  taxId!: string;

  @ApiProperty({ example: '广州示例贸易有限公司' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '14401060000', description: 'District-level bureau of registration' })
  @IsString()
  bureauCode!: string;

  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind!: (typeof KINDS)[number];

  @ApiProperty({
    minimum: 1,
    maximum: 4,
    description: 'Highest invoice amount version (1: 10k … 4: 10M yuan)',
  })
  @IsInt()
  @Min(1)
  @Max(4)
  maxAmountVersion!: 1 | 2 | 3 | 4;

  @ApiPropertyOptional({ ...INDUSTRY_DOC, nullable: true })
  // Checked by parseIndustry in the service, not here, so that any wrong value (42 too) is
  // answered INDUSTRY_INVALID with its reason. Absent or null: no industry.
  @IsOptional()
  industry?: unknown;
}

/** A taxpayer's own request rate (all its API keys together); the bounds are those of the settings. */
export class TaxpayerRateLimitDto {
  @ApiProperty({ minimum: 1, maximum: 1_000_000, example: 200, description: 'Sustained requests a second' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  perSecond!: number;

  @ApiProperty({ minimum: 1, maximum: 10_000_000, example: 1000, description: 'Extra requests in a burst' })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  burst!: number;
}

/** Admins only (docs/access-and-limits.md): status, rate limit, industry, or several in one change. */
export class ChangeTaxpayerDto extends ControllingPartiesDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({
    example: 'Not reachable at the registered address (非正常户)',
    description: 'Why the status changes (kept in its history); only with status',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    type: TaxpayerRateLimitDto,
    nullable: true,
    description:
      "This taxpayer's own API rate, for big issuers; null: back to the installation's default " +
      '(RATE_LIMIT_ENTERPRISE_*). Takes effect within 10 s.',
  })
  // IsOptional lets null through: null resets, absent leaves the limit as it is.
  @IsOptional()
  @ValidateNested()
  @Type(() => TaxpayerRateLimitDto)
  rateLimit?: TaxpayerRateLimitDto | null;

  @ApiPropertyOptional({
    ...INDUSTRY_DOC,
    nullable: true,
    description: `${INDUSTRY_DOC.description} null: clears it.`,
  })
  // As on registration, parseIndustry checks it in the service; IsOptional lets null through
  // (null clears, absent leaves the industry as it is).
  @IsOptional()
  industry?: unknown;
}

export class ListTaxpayersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Subtree to list (default: your own bureau)' })
  @IsOptional()
  @IsString()
  bureauCode?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
}

export class TaxpayerRateLimitViewDto extends TaxpayerRateLimitDto {
  @ApiProperty({ description: 'The admin who set it' }) setBy!: string;
  @ApiProperty() setAt!: string;
}

export class PartyPersonDto {
  @ApiProperty({ example: '张三' }) name!: string;
  @ApiProperty({ example: '002X', description: 'The last 4 characters of the identity number' })
  idNumberLast4!: string;
}

export class PartyShareholderDto {
  @ApiProperty() name!: string;
  @ApiProperty({ example: '0.25' }) share!: string;
  @ApiPropertyOptional({ example: '002X', description: 'A person: the last 4 characters of its number' })
  idNumberLast4?: string;
  @ApiPropertyOptional({ description: 'A company: its tax id' }) taxId?: string;
}

export class TaxpayerPartiesDto {
  @ApiProperty({ type: PartyPersonDto, nullable: true }) legalRepresentative!: PartyPersonDto | null;
  @ApiProperty({ type: PartyPersonDto, nullable: true }) financeOfficer!: PartyPersonDto | null;
  @ApiProperty({ type: [PartyShareholderDto] }) shareholders!: PartyShareholderDto[];
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '7890', description: 'Its last 4 digits' })
  bankAccountLast4!: string | null;
}

export class TaxpayerDto {
  @ApiProperty() taxId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() bureauCode!: string;
  @ApiProperty({ enum: KINDS }) kind!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty() maxAmountVersion!: number;
  @ApiProperty({
    ...INDUSTRY_DOC,
    nullable: true,
    description: `${INDUSTRY_DOC.description} null: not recorded.`,
  })
  industry!: string | null;
  @ApiProperty({ description: 'When the taxpayer was registered' }) createdAt!: string;
  @ApiProperty() updatedAt!: string;

  @ApiProperty({
    type: TaxpayerRateLimitViewDto,
    nullable: true,
    description: "The taxpayer's own API rate; null: the installation's default",
  })
  rateLimit!: TaxpayerRateLimitViewDto | null;

  @ApiPropertyOptional({
    type: TaxpayerPartiesDto,
    description: 'Who controls it, as in force now (on a single taxpayer; not in lists)',
  })
  parties?: TaxpayerPartiesDto;
}

export class RegisteredTaxpayerDto extends TaxpayerDto {
  @ApiProperty({ description: 'One-time token for POST /v1/enrollment on the issuance app; shown only now' })
  enrollmentToken!: string;
  @ApiProperty() enrollmentTokenExpiresAt!: string;
}

export class TaxpayerPageDto {
  @ApiProperty({ type: [TaxpayerDto] }) items!: TaxpayerDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class TaxpayerStatusChangeDto {
  @ApiProperty({ enum: STATUSES }) from!: string;
  @ApiProperty({ enum: STATUSES }) to!: string;
  @ApiProperty({ nullable: true, type: String, description: 'As given with the change' })
  reason!: string | null;
  @ApiProperty({ example: '2026-03-01T08:00:00.123456Z' }) changedAt!: string;
  @ApiProperty({ format: 'uuid', description: 'The officer who made the change (its user id)' })
  changedBy!: string;
  @ApiProperty({ description: "That officer's username" }) changedByUsername!: string;
}

export class TaxpayerStatusHistoryDto {
  @ApiProperty({ type: [TaxpayerStatusChangeDto], description: 'Oldest first; at most the latest 500' })
  items!: TaxpayerStatusChangeDto[];
}

export class AddTaxIdOverrideDto {
  @ApiProperty({ description: 'A legally issued code whose check character fails' })
  @IsTaxIdShape()
  taxId!: string;

  @ApiProperty({ example: 'Issued 2015-10 before the check rule was enforced; letter ref. 2015-123' })
  @IsString()
  @MinLength(5)
  @MaxLength(500)
  reason!: string;
}
