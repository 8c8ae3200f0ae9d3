import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { FINDING_CATEGORIES } from '@app/domain';
import { PageQuery } from '@app/platform';

/** inbox: requests assigned to your bureau now (escalation included); outbox: those your bureau sent. */
export const ASSIST_BOXES = ['inbox', 'outbox'] as const;
export type AssistBox = (typeof ASSIST_BOXES)[number];

/** overdue is a kind of open: unanswered and past its due date. */
export const ASSIST_STATUS_FILTERS = ['open', 'answered', 'overdue'] as const;
export type AssistStatusFilter = (typeof ASSIST_STATUS_FILTERS)[number];

export const ASSIST_STATUSES = ['open', 'answered'] as const;
export type AssistStatusView = (typeof ASSIST_STATUSES)[number];

/** The investigating bureau's verdict on the invoice; review.assist_replies checks the same list. */
export const ASSIST_CONCLUSIONS = ['genuine', 'false', 'undetermined'] as const;
export type AssistConclusion = (typeof ASSIST_CONCLUSIONS)[number];

export const EVIDENCE_NOTE_MAX = 4000;
/**
 * Counted in code points, as Postgres counts the column's check (a string's length, and
 * class-validator's, differ for characters beyond the BMP and variation selectors); NUL is
 * refused here because a text column cannot hold it.
 */
const EVIDENCE_NOTE = new RegExp(`^[^\\u0000]{1,${EVIDENCE_NOTE_MAX}}$`, 'u');

export class ListAssistRequestsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ASSIST_BOXES,
    default: 'inbox',
    description:
      'inbox: requests assigned to your bureau now (sent to it, or escalated to it from below); ' +
      'outbox: requests your bureau sent',
  })
  @IsOptional()
  @IsIn(ASSIST_BOXES)
  box: AssistBox = 'inbox';

  @ApiPropertyOptional({
    enum: ASSIST_STATUS_FILTERS,
    description: 'open: no reply yet; answered: replied; overdue: no reply and past its due date',
  })
  @IsOptional()
  @IsIn(ASSIST_STATUS_FILTERS)
  status?: AssistStatusFilter;

  @ApiPropertyOptional({ example: '2026-01' })
  @IsOptional()
  @IsString()
  period?: string;
}

export class ReplyToAssistRequestDto {
  @ApiProperty({ enum: ASSIST_CONCLUSIONS, description: 'Whether the invoice is genuine, as investigated' })
  @IsIn(ASSIST_CONCLUSIONS)
  conclusion!: AssistConclusion;

  @ApiProperty({
    minLength: 1,
    maxLength: EVIDENCE_NOTE_MAX,
    example: '已调取销方记账联及银行流水，交易真实',
    description: 'What was checked and found',
  })
  @IsString()
  @Matches(EVIDENCE_NOTE, {
    message: `evidenceNote must be 1 to ${EVIDENCE_NOTE_MAX} characters, without NUL`,
  })
  evidenceNote!: string;
}

export class AssistFindingDto {
  @ApiProperty({ enum: FINDING_CATEGORIES }) category!: string;
  @ApiProperty({ nullable: true, type: String, example: '4400231130' }) invoiceCode!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '00012345' }) invoiceNumber!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '91440106MA59XXXX0K' })
  sellerTaxId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '91110101MA01XXXX3Q' })
  buyerTaxId!: string | null;
  @ApiProperty({ example: '130.00', description: 'Yuan' }) taxAtRisk!: string;
}

export class AssistReplyDto {
  @ApiProperty({ enum: ASSIST_CONCLUSIONS }) conclusion!: AssistConclusion;
  @ApiProperty() evidenceNote!: string;
  @ApiProperty({ example: 'zhang.wei', description: 'Username of the officer who replied' })
  repliedBy!: string;
  @ApiProperty({ example: '14401060000', description: "The replying officer's bureau" })
  repliedByBureau!: string;
  @ApiProperty() repliedAt!: string;
}

export class AssistRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '1042' }) findingId!: string;
  @ApiProperty({ example: '2026-01' }) period!: string;
  @ApiProperty({ example: '11101010000', description: "The requesting bureau: the buyer's district" })
  fromBureauCode!: string;
  @ApiProperty({
    example: '14401060000',
    description: "The bureau asked to investigate: the seller's district (or city) in another province",
  })
  toBureauCode!: string;
  @ApiProperty({
    example: '14401000000',
    description:
      'Whose inbox it is in now: toBureauCode, or its ancestor escalationLevel tiers up while unanswered ' +
      'and overdue. An answered request shows toBureauCode.',
  })
  assignedBureauCode!: string;
  @ApiProperty({
    example: 1,
    description:
      '0 until overdue (and once answered); then 1 + whole escalation periods overdue ' +
      '(ASSIST_ESCALATION_DAYS, default 15), at most the national tier',
  })
  escalationLevel!: number;
  @ApiProperty({ enum: ASSIST_STATUSES }) status!: AssistStatusView;
  @ApiProperty({ description: 'Open and past dueAt' }) overdue!: boolean;
  @ApiProperty() openedAt!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ type: AssistFindingDto }) finding!: AssistFindingDto;
  @ApiProperty({ type: AssistReplyDto, nullable: true }) reply!: AssistReplyDto | null;
}

export class AssistRequestPageDto {
  @ApiProperty({ type: [AssistRequestDto] }) items!: AssistRequestDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
