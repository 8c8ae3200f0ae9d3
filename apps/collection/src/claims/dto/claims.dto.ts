import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsMoney, IsTaxIdShape } from '@app/platform';

export const MAX_CLAIMS_PER_REQUEST = 1000;

export class ClaimSealDto {
  @ApiProperty({ description: 'The seal signature from the invoice (base64)' })
  @IsString()
  @Matches(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'signature must be base64' })
  signature!: string;

  @ApiProperty({ description: 'The invoice contentHash (SHA-256 hex)' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'contentHash must be 64 lowercase hex characters' })
  contentHash!: string;
}

export class ClaimItemDto {
  @ApiProperty({ example: '4400261133' }) @IsString() invoiceCode!: string;
  @ApiProperty({ example: '00000001' }) @IsString() invoiceNumber!: string;
  @ApiProperty({ example: '2026-11-27' }) @IsString() issueDate!: string;
  @ApiProperty({ example: '91440106MA5CJ1001H' }) @IsTaxIdShape() sellerTaxId!: string;
  @ApiProperty({ example: '1500.00' }) @IsMoney() amount!: string;
  @ApiProperty({ example: '160.00' }) @IsMoney() taxAmount!: string;

  @ApiPropertyOptional({
    type: ClaimSealDto,
    description: 'When the buyer holds it: the seal is then verified',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClaimSealDto)
  seal?: ClaimSealDto;
}

export class ClaimsRequestDto {
  @ApiProperty({ example: '2026-11', description: 'Tax period the input tax is deducted in' })
  @IsString()
  period!: string;

  @ApiProperty({ type: [ClaimItemDto], description: `1 to ${MAX_CLAIMS_PER_REQUEST} invoices` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CLAIMS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => ClaimItemDto)
  invoices!: ClaimItemDto[];
}

const REASONS = [
  'DUPLICATE_IN_REQUEST',
  'DUPLICATE_IN_FILE',
  'ISSUE_DATE_AFTER_PERIOD',
  'NOT_SPECIAL_INVOICE',
  'NOT_THE_BUYER',
  'INVOICE_VOIDED',
  'SEAL_MISMATCH',
  'SEAL_REVOKED',
  'SELLER_CERTIFICATE_UNKNOWN',
  'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE',
  'CERTIFICATE_CHAIN_INVALID',
  'ALREADY_CLAIMED',
];

export class ClaimResultDto {
  @ApiProperty({ description: 'Position of the item in the request (0-based)' }) index!: number;
  @ApiProperty() invoiceCode!: string;
  @ApiProperty() invoiceNumber!: string;
  @ApiProperty({ enum: ['accepted', 'rejected'] }) status!: 'accepted' | 'rejected';
  @ApiPropertyOptional({ enum: REASONS, description: 'Why it was rejected (kept as evidence)' })
  code?: string;
  @ApiProperty({ description: 'True when a seal was sent and verified' }) sealVerified!: boolean;
  @ApiProperty() claimId!: string;
}

export class ClaimsResponseDto {
  @ApiProperty() period!: string;
  @ApiProperty() accepted!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: [ClaimResultDto] }) results!: ClaimResultDto[];
}
