import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class VerifyQuery {
  @ApiProperty({ example: '4400261133' }) @IsString() invoiceCode!: string;
  @ApiProperty({ example: '00000001' }) @IsString() invoiceNumber!: string;
  @ApiProperty({ example: '2026-11-27' }) @IsString() issueDate!: string;
  @ApiProperty({ example: '1000.00', description: 'Pre-tax amount' }) @IsString() amount!: string;
}

const STATUSES = [
  'issued',
  'partially_credited',
  'credited',
  'voided',
  'not_found',
  'mismatch',
  'seal_invalid',
  'revoked_seal',
];

export class VerificationDto {
  @ApiProperty({ description: 'True only if the invoice exists with these fields and its seal verifies' })
  authentic!: boolean;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiPropertyOptional() type?: string;
  @ApiPropertyOptional() sellerTaxId?: string;
  @ApiPropertyOptional() sellerName?: string;
  @ApiPropertyOptional() buyerTaxId?: string;
  @ApiPropertyOptional() buyerName?: string;
  @ApiPropertyOptional() taxAmount?: string;
  @ApiPropertyOptional() total?: string;
  @ApiPropertyOptional() checkCode?: string;
  @ApiProperty({ description: 'Checks of this invoice left today' }) checksLeftToday!: number;
}
