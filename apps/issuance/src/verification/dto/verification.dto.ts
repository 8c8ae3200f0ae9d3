import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class VerifyQuery {
  @ApiProperty({ example: '4400261133' }) @IsString() invoiceCode!: string;
  @ApiProperty({ example: '00000001' }) @IsString() invoiceNumber!: string;
  @ApiProperty({ example: '2026-11-27' }) @IsString() issueDate!: string;
  @ApiProperty({ example: '1000.00', description: 'Pre-tax amount' }) @IsString() amount!: string;
}

/**
 * Every status a check can answer. `no_match` is what anyone but the invoice's parties gets
 * when the four facts match no invoice, whether the number was never issued or was issued
 * with other facts; the parties (seller, buyer, owner of the number's range) get
 * `not_found` or `mismatch` instead, and never `no_match`.
 */
export const VERIFICATION_STATUSES = [
  'issued',
  'partially_credited',
  'credited',
  'voided',
  'no_match',
  'not_found',
  'mismatch',
  'seal_invalid',
  'revoked_seal',
] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export class VerificationDto {
  @ApiProperty({ description: 'True only if the invoice exists with these facts and its seal verifies' })
  authentic!: boolean;
  @ApiProperty({
    enum: VERIFICATION_STATUSES,
    description:
      'issued | partially_credited | credited | voided when authentic. Otherwise: no_match (anonymous ' +
      'callers and API keys of other taxpayers: no invoice has these four facts, without saying whether ' +
      'the number exists), not_found or mismatch (the seller, the buyer or the owner of the number range, ' +
      'with their API key), seal_invalid, revoked_seal.',
  })
  status!: VerificationStatus;
  @ApiPropertyOptional() type?: string;
  @ApiPropertyOptional() sellerTaxId?: string;
  @ApiPropertyOptional() sellerName?: string;
  @ApiPropertyOptional() buyerTaxId?: string;
  @ApiPropertyOptional() buyerName?: string;
  @ApiPropertyOptional() taxAmount?: string;
  @ApiPropertyOptional() total?: string;
  @ApiPropertyOptional() checkCode?: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Checks of this invoice your address has left today (Beijing time), the same whether or not the ' +
      'invoice exists; null for the invoice\u2019s parties, who have no daily limit',
  })
  checksLeftToday!: number | null;
}
