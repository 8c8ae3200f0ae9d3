import { ApiProperty } from '@nestjs/swagger';
import { Allow } from 'class-validator';

/**
 * The pipe only admits these fields; their format is checked by the domain parsers in the
 * service (`parseInvoiceCode`, `parseInvoiceNumber`), so a bad value is answered with the
 * stable INVOICE_CODE_INVALID / INVOICE_NUMBER_INVALID rather than a generic failure.
 */
export class AllocateNumberRangeDto {
  @ApiProperty({
    example: '4400261133',
    pattern: '^[0-9]{10}$',
    description:
      'Special-invoice code: region 4 (taxpayer province + city or 00) + year 2 + batch 1 + language 1 + ' +
      "copies 1 + amount version 1 (1–4, at most the taxpayer's maxAmountVersion)",
  })
  @Allow()
  invoiceCode!: string;

  @ApiProperty({
    example: '00000001',
    pattern: '^[0-9]{8}$',
    description: 'First number (inclusive), 8 digits',
  })
  @Allow()
  startNumber!: string;

  @ApiProperty({
    example: '00001000',
    pattern: '^[0-9]{8}$',
    description: 'Last number (inclusive), 8 digits',
  })
  @Allow()
  endNumber!: string;
}

/** What every view of a range shows. */
export class NumberRangeFieldsDto {
  @ApiProperty({ example: '42', description: 'Range ID (a bigint, hence a string)' }) id!: string;
  @ApiProperty({ example: '4400261133' }) invoiceCode!: string;
  @ApiProperty({ example: '00000001' }) startNumber!: string;
  @ApiProperty({ example: '00001000' }) endNumber!: string;
  @ApiProperty({ minimum: 1, maximum: 4, description: 'Last digit of the invoice code' })
  amountVersion!: number;
  @ApiProperty({ example: '2026-01-15T08:00:00.000Z' }) allocatedAt!: string;
}

export class NumberRangeDto extends NumberRangeFieldsDto {
  @ApiProperty({ example: '91440106MA59XXXX0K' }) taxId!: string;
}

/** A range with how far issuance has consumed it (issuance.number_counters). */
export class NumberRangeUsageDto extends NumberRangeFieldsDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: '00000043',
    description: 'Next number issuance will take; null once the range is used up',
  })
  nextNumber!: string | null;

  @ApiProperty({ example: 958, description: 'Numbers not yet issued' })
  remaining!: number;
}

export class NumberRangePageDto {
  @ApiProperty({ type: [NumberRangeUsageDto] }) items!: NumberRangeUsageDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
