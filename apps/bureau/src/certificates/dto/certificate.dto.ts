import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** A full timestamp with an explicit offset: a bare date or local time would be ambiguous. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class RevokeCertificateDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Device reported stolen on 2026-01-14' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({
    example: '2026-01-14T09:30:00+08:00',
    description:
      'ISO-8601 timestamp with offset from which the certificate seals nothing (default: now); ' +
      'not in the future and not before the certificate notBefore. Invoices sealed after it are flagged.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(TIMESTAMP, { message: 'revokedAt must be a timestamp with offset, e.g. 2026-01-14T09:30:00Z' })
  revokedAt?: string;
}

export class RevocationDto {
  @ApiProperty({ example: '5A0F3C…', description: 'Certificate serial, uppercase hex' })
  serialNumber!: string;
  @ApiProperty({ example: '91440106MA59XXXX0K' }) taxId!: string;
  @ApiProperty({ example: '2026-01-14T01:30:00.000Z' }) revokedAt!: string;
  @ApiProperty() reason!: string;
}

export class CertificateDto {
  @ApiProperty({ description: 'Uppercase hex, as openssl x509 -serial prints it' }) serialNumber!: string;
  @ApiProperty({
    enum: ['service', 'csr'],
    description: 'service: the key is kept (encrypted) by the issuance app; csr: the enterprise holds it',
  })
  keySource!: string;
  @ApiProperty() notBefore!: string;
  @ApiProperty() notAfter!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revocationReason!: string | null;
}

export class CertificatePageDto {
  @ApiProperty({ type: [CertificateDto] }) items!: CertificateDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
