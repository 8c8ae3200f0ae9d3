import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RevocationEntity, utcMicros } from '@app/database';

/** A device certificate with the bureau of its taxpayer, for the jurisdiction check. */
export interface CertificateOwnerRow {
  serialNumber: string;
  taxId: string;
  bureauCode: string;
  notBefore: Date;
}

export interface CertificateRow {
  serialNumber: string;
  keySource: string;
  notBefore: Date;
  notAfter: Date;
  createdAt: Date;
  /** Full microsecond precision as text, for an exact keyset cursor. */
  createdAtKey: string;
  revokedAt: Date | null;
  revocationReason: string | null;
}

/**
 * pki.certificates (read-only here: the issuance app writes them) and pki.revocations,
 * which only the bureau writes.
 */
@Injectable()
export class CertificatesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findWithOwner(serialNumber: string): Promise<CertificateOwnerRow | null> {
    const rows: CertificateOwnerRow[] = await this.db.query(
      `SELECT c.serial_number AS "serialNumber", c.tax_id AS "taxId", t.bureau_code AS "bureauCode",
              c.not_before AS "notBefore"
         FROM pki.certificates c
         JOIN registry.taxpayers t ON t.tax_id = c.tax_id
        WHERE c.serial_number = $1`,
      [serialNumber],
    );
    return rows[0] ?? null;
  }

  /** A second revocation of one certificate is refused by the primary key (SQLSTATE 23505). */
  async insertRevocation(revocation: Omit<RevocationEntity, 'recordedAt'>): Promise<void> {
    await this.db.getRepository(RevocationEntity).insert(revocation);
  }

  /** Keyset page of a taxpayer's certificates, newest first, with any revocation. */
  listForTaxpayer(
    taxId: string,
    after: { createdAt: string; serialNumber: string } | undefined,
    limit: number,
  ): Promise<CertificateRow[]> {
    return this.db.query(
      `SELECT c.serial_number AS "serialNumber", c.key_source AS "keySource",
              c.not_before AS "notBefore", c.not_after AS "notAfter", c.created_at AS "createdAt",
              ${utcMicros('c.created_at')} AS "createdAtKey",
              r.revoked_at AS "revokedAt", r.reason AS "revocationReason"
         FROM pki.certificates c
         LEFT JOIN pki.revocations r ON r.serial_number = c.serial_number
        WHERE c.tax_id = $1
          AND ($2::timestamptz IS NULL OR (c.created_at, c.serial_number) < ($2::timestamptz, $3::text))
        ORDER BY c.created_at DESC, c.serial_number DESC
        LIMIT $4`,
      [taxId, after?.createdAt ?? null, after?.serialNumber ?? null, limit + 1],
    );
  }
}
