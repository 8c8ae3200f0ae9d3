import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { INVOICE_TYPES } from '@app/domain';
import type { InvoiceType } from '@app/domain';
import { IsMoney, IsTaxIdShape } from '@app/platform';

export const MAX_SELLER_COPIES_PER_REQUEST = 1000;

export class SellerCopyDto {
  @ApiProperty({ enum: INVOICE_TYPES }) @IsIn(INVOICE_TYPES) type!: InvoiceType;
  @ApiProperty({ example: '4400261133' }) @IsString() invoiceCode!: string;
  @ApiProperty({ example: '00000001' }) @IsString() invoiceNumber!: string;
  @ApiProperty({ example: '2026-11-27' }) @IsString() issueDate!: string;
  @ApiProperty() @IsTaxIdShape() buyerTaxId!: string;
  @ApiProperty({ example: '1500.00' }) @IsMoney() amount!: string;
  @ApiProperty({ example: '160.00' }) @IsMoney() taxAmount!: string;
  @ApiProperty()
  @Matches(/^[0-9a-f]{64}$/, { message: 'contentHash must be 64 lowercase hex characters' })
  contentHash!: string;
  @ApiProperty({ description: 'Seal signature by the device key (base64)' })
  @Matches(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'signature must be base64' })
  signature!: string;
  @ApiProperty({ description: 'Serial of the device certificate (enrolled with a CSR)' })
  @Matches(/^[0-9A-Fa-f]{2,64}$/, { message: 'certificateSerial must be hex' })
  certificateSerial!: string;
}

export class SellerCopiesRequestDto {
  @ApiProperty({ type: [SellerCopyDto], description: `1 to ${MAX_SELLER_COPIES_PER_REQUEST} invoices` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SELLER_COPIES_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => SellerCopyDto)
  invoices!: SellerCopyDto[];
}

export class SellerCopyResultDto {
  @ApiProperty() index!: number;
  @ApiProperty() invoiceCode!: string;
  @ApiProperty() invoiceNumber!: string;
  @ApiProperty({ enum: ['accepted', 'rejected'] }) status!: 'accepted' | 'rejected';
  @ApiPropertyOptional({ description: 'Why it was rejected (kept as evidence)' }) code?: string;
  @ApiProperty() id!: string;
}

export class SellerCopiesResponseDto {
  @ApiProperty() accepted!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: [SellerCopyResultDto] }) results!: SellerCopyResultDto[];
}
