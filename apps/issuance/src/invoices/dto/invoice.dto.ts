import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SealDto {
  @ApiProperty({ description: 'The exact canonical (RFC 8785) string that was signed' })
  payload!: string;
  @ApiProperty({ description: 'RSASSA-PKCS1-v1_5 SHA-256 signature, base64' })
  signature!: string;
  @ApiProperty() certificateSerial!: string;
  @ApiProperty({
    example: '04718262738495061728',
    description: '20-digit check code (校验码) derived from the seal',
  })
  checkCode!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the canonical form of the whole invoice' })
  contentHash!: string;
}

export class InvoiceLineOutDto {
  @ApiProperty() description!: string;
  @ApiPropertyOptional() taxCode?: string;
  @ApiPropertyOptional() quantity?: string;
  @ApiPropertyOptional() unitPrice?: string;
  @ApiProperty() amount!: string;
  @ApiProperty() taxRate!: string;
  @ApiProperty() taxAmount!: string;
}

export class InvoiceDto {
  @ApiProperty({ example: '4400261133' }) invoiceCode!: string;
  @ApiProperty({ example: '00000001' }) invoiceNumber!: string;
  @ApiProperty({ enum: ['special', 'ordinary'] }) type!: string;
  @ApiProperty({ example: '2026-11-27' }) issueDate!: string;
  @ApiProperty() sellerTaxId!: string;
  @ApiProperty() sellerName!: string;
  @ApiProperty() buyerTaxId!: string;
  @ApiProperty() buyerName!: string;
  @ApiProperty({ example: '1000.00' }) amount!: string;
  @ApiProperty({ example: '130.00' }) taxAmount!: string;
  @ApiProperty({ example: '1130.00' }) total!: string;
  @ApiProperty({ type: [InvoiceLineOutDto] }) lines!: InvoiceLineOutDto[];
  @ApiPropertyOptional() remarks?: string;
  @ApiPropertyOptional({ description: 'On a credit note: the invoice it credits' })
  originalInvoiceCode?: string;
  @ApiPropertyOptional() originalInvoiceNumber?: string;
  @ApiProperty({ enum: ['issued', 'voided', 'partially_credited', 'credited'] }) status!: string;
  @ApiProperty({ description: 'Pre-tax amount not yet credited (blue invoices)' }) remainingAmount!: string;
  @ApiProperty({ type: SealDto }) seal!: SealDto;
}
