import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CASE_COMMENT_MAX, CASE_STATUSES, FINDING_CATEGORIES } from '@app/domain';
import { PageQuery } from '@app/platform';
import { EXPORT_FORMATS } from '@app/review';

/**
 * Filters of the findings list and export. The pipe only admits them; parseFindingQuery
 * checks each with its stable code (PERIOD_INVALID, FINDING_CATEGORY_INVALID, …).
 */
export class FindingFiltersQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026-10' })
  @Allow()
  period?: string;

  @ApiPropertyOptional({
    example: 'OVERSTATED_CLAIM,FORGED',
    description: `One or more of ${FINDING_CATEGORIES.join(', ')}, comma-separated`,
  })
  @Allow()
  category?: string;

  @ApiPropertyOptional({
    example: '14401060000',
    description: "Findings routed to this bureau's subtree (a bureau of yours); default all of your subtree",
  })
  @Allow()
  bureauCode?: string;

  @ApiPropertyOptional({ example: '91440106MA59XXXX0K', description: 'Seller or buyer' })
  @Allow()
  taxId?: string;

  @ApiPropertyOptional({ description: 'The findings this audit run saw (its own output)' })
  @Allow()
  runId?: string;

  @ApiPropertyOptional({
    example: 'open,investigating',
    description: `Case status, one or more of ${CASE_STATUSES.join(', ')}`,
  })
  @Allow()
  status?: string;

  @ApiPropertyOptional({
    enum: ['active', 'resolved'],
    description: "The engine's judgement: active, or resolved by a later run; default both",
  })
  @Allow()
  state?: string;

  @ApiPropertyOptional({
    example: '1000.00',
    description: 'Only findings with at least this tax at risk (yuan)',
  })
  @Allow()
  minTaxAtRisk?: string;
}

export class ExportFindingsQuery extends FindingFiltersQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: (typeof EXPORT_FORMATS)[number];
}

export class ChangeCaseDto {
  @ApiProperty({ enum: ['investigating', 'confirmed', 'cleared'] })
  @IsIn(['investigating', 'confirmed', 'cleared'])
  status!: 'investigating' | 'confirmed' | 'cleared';

  @ApiProperty({ maxLength: CASE_COMMENT_MAX, example: '已调取销方记账联，金额与认证数据不符' })
  @IsString()
  @MaxLength(CASE_COMMENT_MAX)
  comment!: string;
}

export class FindingDto {
  @ApiProperty({ example: '1042' }) id!: string;
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ enum: FINDING_CATEGORIES }) category!: string;
  @ApiProperty({ enum: CASE_STATUSES, description: 'The review of the finding (case workflow)' })
  status!: string;
  @ApiProperty({ enum: ['active', 'resolved'], description: "The engine's judgement at its last run" })
  state!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for per-taxpayer categories' })
  invoiceCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) invoiceNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) sellerTaxId!: string | null;
  @ApiProperty({ nullable: true, type: String }) buyerTaxId!: string | null;
  @ApiProperty({ nullable: true, type: String }) sellerBureauCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) buyerBureauCode!: string | null;
  @ApiProperty({ example: '1300.00' }) taxAtRisk!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { differingFields: ['amount', 'taxAmount'] },
    description: 'Category-specific: differing fields, claimed and issued amounts, forgedBecause, …',
  })
  details!: Record<string, unknown>;
  @ApiProperty() firstSeenAt!: string;
  @ApiProperty() lastSeenAt!: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt!: string | null;
}

export class FindingPageDto {
  @ApiProperty({ type: [FindingDto] }) items!: FindingDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SellerCopyDto {
  @ApiProperty({
    enum: ['issued', 'offline'],
    description: 'Issued online, or an offline-sealed seller copy',
  })
  source!: string;
  @ApiProperty() type!: string;
  @ApiProperty() sellerTaxId!: string;
  @ApiProperty() buyerTaxId!: string;
  @ApiProperty() issueDate!: string;
  @ApiProperty() amount!: string;
  @ApiProperty() taxAmount!: string;
  @ApiProperty({ description: 'normal, voided or credited (online only)' }) status!: string;
  @ApiProperty({ description: 'What credit notes took back (online only)' }) creditedTaxAmount!: string;
}

export class ClaimDto {
  @ApiProperty() id!: string;
  @ApiProperty() buyerTaxId!: string;
  @ApiProperty() period!: string;
  @ApiProperty() sellerTaxId!: string;
  @ApiProperty() issueDate!: string;
  @ApiProperty() amount!: string;
  @ApiProperty() taxAmount!: string;
  @ApiProperty({ enum: ['accepted', 'rejected'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) reasonCode!: string | null;
  @ApiProperty() sealVerified!: boolean;
  @ApiProperty() createdAt!: string;
}

export class FindingEventDto {
  @ApiProperty({ enum: ['appeared', 'changed', 'resolved', 'reappeared'] }) event!: string;
  @ApiProperty() runId!: string;
  @ApiProperty() taxAtRisk!: string;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true })
  details!: Record<string, unknown> | null;
  @ApiProperty() at!: string;
}

export class CaseEventDto {
  @ApiProperty() fromStatus!: string;
  @ApiProperty() toStatus!: string;
  @ApiProperty() comment!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() actorBureauCode!: string;
  @ApiProperty() at!: string;
}

export class FindingAssistDto {
  @ApiProperty() id!: string;
  @ApiProperty() fromBureauCode!: string;
  @ApiProperty() toBureauCode!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ nullable: true, type: String }) conclusion!: string | null;
  @ApiProperty({ nullable: true, type: String }) repliedAt!: string | null;
}

export class FindingDetailDto extends FindingDto {
  @ApiProperty({ type: [SellerCopyDto], description: "The seller's side (none: the seller copy is missing)" })
  sellerCopies!: SellerCopyDto[];
  @ApiProperty({
    type: [ClaimDto],
    description: "The buyers' side: every claim of this invoice, rejected ones too",
  })
  claims!: ClaimDto[];
  @ApiProperty({
    type: [FindingEventDto],
    description: 'When the finding appeared, changed, cleared, came back',
  })
  history!: FindingEventDto[];
  @ApiProperty({ type: [CaseEventDto], description: 'Every change of the case: who, when, why' })
  caseTrail!: CaseEventDto[];
  @ApiProperty({ type: FindingAssistDto, nullable: true }) assistRequest!: FindingAssistDto | null;
}
