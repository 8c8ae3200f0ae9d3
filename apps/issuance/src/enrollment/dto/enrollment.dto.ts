import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsTaxIdShape } from '@app/platform';

export class EnrollDto {
  @ApiProperty({ example: '91440101MA59XXXX0K' })
  @IsTaxIdShape()
  taxId!: string;

  @ApiProperty({ description: 'The one-time token the bureau returned at registration' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, {
    message: 'enrollmentToken must be the 43-character token from registration',
  })
  enrollmentToken!: string;

  @ApiPropertyOptional({
    description:
      'PKCS#10 CSR (PEM) if the enterprise keeps its own RSA-2048 key (offline devices); its subject CN or ' +
      'serialNumber must be the tax ID. Without it the service makes and keeps the key pair, encrypted.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(16_384)
  csr?: string;
}

export class EnrollmentDto {
  @ApiProperty({ description: 'Shown once; send as Authorization: Bearer <apiKey>' })
  apiKey!: string;

  @ApiProperty({ description: 'The device certificate (PEM)' })
  certificate!: string;

  @ApiProperty({ description: 'Issuing CA then root CA (PEM bundle)' })
  chain!: string;

  @ApiProperty({ example: '5A1F0C…' })
  serialNumber!: string;

  @ApiProperty({ enum: ['service', 'csr'], description: 'Who holds the private key' })
  keySource!: 'service' | 'csr';

  @ApiProperty({
    example: '2026-12-06',
    description:
      'The first issue date (Asia/Shanghai) this certificate can seal: the day it was issued. Invoices and ' +
      'offline copies dated earlier are refused with 422 / CERTIFICATE_NOT_VALID_AT_ISSUE_DATE, also in a ' +
      'previous period that is still open until the 15th: a seller enrolled today cannot issue into it. ' +
      'See docs/issuing-dates.md.',
  })
  earliestIssueDate!: string;
}
