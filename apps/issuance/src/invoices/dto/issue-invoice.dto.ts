import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { INVOICE_TYPES } from '@app/domain';
import type { InvoiceType } from '@app/domain';
import { IsMoney, IsTaxIdShape } from '@app/platform';

export class InvoiceLineDto {
  @ApiProperty({ example: '办公用品' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  description!: string;

  @ApiPropertyOptional({
    example: '1060201070000000000',
    description: '19-digit tax classification code (税收分类编码)',
  })
  @IsOptional()
  @Matches(/^\d{19}$/, { message: 'taxCode must be 19 digits' })
  taxCode?: string;

  @ApiPropertyOptional({ example: '10', description: 'Decimal string, up to 8 decimals' })
  @IsOptional()
  @IsString()
  quantity?: string;

  @ApiPropertyOptional({ example: '100.00', description: 'Decimal string, up to 8 decimals' })
  @IsOptional()
  @IsString()
  unitPrice?: string;

  @ApiProperty({ example: '1000.00', description: 'Pre-tax amount, decimal string with ≤ 2 decimals' })
  @IsMoney({ allowNegative: true })
  amount!: string;

  @ApiProperty({ example: '0.13', description: 'VAT rate in force on the issue date' })
  @IsString()
  taxRate!: string;

  @ApiPropertyOptional({
    example: '130.00',
    description: 'If sent, within 0.06 of round-half-up(amount × rate)',
  })
  @IsOptional()
  @IsMoney({ allowNegative: true })
  taxAmount?: string;
}

export class IssueInvoiceDto {
  @ApiProperty({
    enum: INVOICE_TYPES,
    description: 'special (增值税专用发票, deductible) or ordinary (普通发票)',
  })
  @IsIn(INVOICE_TYPES)
  type!: InvoiceType;

  @ApiProperty({ example: '91440101MA59XXXX0K' })
  @IsTaxIdShape()
  buyerTaxId!: string;

  @ApiProperty({ example: '广州示例采购有限公司' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  buyerName!: string;

  @ApiPropertyOptional({
    example: '2026-11-27',
    description:
      'Defaults to today (Asia/Shanghai). At most today, in an open period (the previous month until the ' +
      '15th), and on or after the earliestIssueDate of your sealing certificate (given at enrollment).',
  })
  @IsOptional()
  @IsString()
  issueDate?: string;

  @ApiProperty({ type: [InvoiceLineDto], description: '1 to 100 lines' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines!: InvoiceLineDto[];

  @ApiPropertyOptional({ description: 'Declared pre-tax total; must equal the sum of line amounts' })
  @IsOptional()
  @IsMoney()
  amount?: string;

  @ApiPropertyOptional({ description: 'Declared tax total; must equal the sum of line taxes' })
  @IsOptional()
  @IsMoney()
  taxAmount?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  remarks?: string;
}

export class CreditNoteDto {
  @ApiProperty({ type: [InvoiceLineDto], description: 'Negative amounts, at rates the original used' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines!: InvoiceLineDto[];

  @ApiProperty({ example: 'Goods returned (销货退回)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason!: string;
}

export class VoidInvoiceDto {
  @ApiProperty({ example: 'Issued with the wrong buyer name' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason!: string;
}
