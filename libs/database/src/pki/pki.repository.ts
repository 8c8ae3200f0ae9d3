import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface AuthorityRow {
  serialNumber: string;
  kind: 'root' | 'issuing';
  provinceCode: string | null;
  certificatePem: string;
  privateKeyCiphertext: string;
  keyVersion: number;
}

export interface NewDeviceCertificate {
  serialNumber: string;
  taxId: string;
  issuerSerial: string;
  certificatePem: string;
  keySource: 'service' | 'csr';
  privateKeyCiphertext: string | null;
  keyVersion: number | null;
  notBefore: Date;
  notAfter: Date;
}

const AUTHORITY_COLUMNS = `serial_number AS "serialNumber", kind, province_code AS "provinceCode",
  certificate_pem AS "certificatePem", private_key_ciphertext AS "privateKeyCiphertext", key_version AS "keyVersion"`;

/** The CA store (pki schema): authorities, device certificates, revocations. */
@Injectable()
export class PkiRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Serialises, until `manager`'s transaction ends, the making of one authority (root when
   * provinceCode is null): two processes starting at once must not both create it.
   */
  async lockAuthority(manager: EntityManager, provinceCode: string | null): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`pki:ca:${provinceCode ?? 'root'}`]);
  }

  /** Root (provinceCode null) or the province's issuing CA. */
  async findAuthority(
    provinceCode: string | null,
    manager: EntityManager = this.db.manager,
  ): Promise<AuthorityRow | null> {
    const rows: AuthorityRow[] = provinceCode
      ? await manager.query(`SELECT ${AUTHORITY_COLUMNS} FROM pki.authorities WHERE province_code = $1`, [
          provinceCode,
        ])
      : await manager.query(`SELECT ${AUTHORITY_COLUMNS} FROM pki.authorities WHERE kind = 'root'`);
    return rows[0] ?? null;
  }

  async allAuthorities(): Promise<AuthorityRow[]> {
    return this.db.query(
      `SELECT ${AUTHORITY_COLUMNS} FROM pki.authorities ORDER BY kind DESC, province_code`,
    );
  }

  async insertAuthority(manager: EntityManager, row: AuthorityRow): Promise<void> {
    await manager.query(
      `INSERT INTO pki.authorities (serial_number, kind, province_code, certificate_pem, private_key_ciphertext, key_version)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        row.serialNumber,
        row.kind,
        row.provinceCode,
        row.certificatePem,
        row.privateKeyCiphertext,
        row.keyVersion,
      ],
    );
  }

  async insertDeviceCertificate(manager: EntityManager, c: NewDeviceCertificate): Promise<void> {
    await manager.query(
      `INSERT INTO pki.certificates (serial_number, tax_id, issuer_serial, certificate_pem, key_source,
                                     private_key_ciphertext, key_version, not_before, not_after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        c.serialNumber,
        c.taxId,
        c.issuerSerial,
        c.certificatePem,
        c.keySource,
        c.privateKeyCiphertext,
        c.keyVersion,
        c.notBefore,
        c.notAfter,
      ],
    );
  }

  /** Why a taxpayer has no signing certificate: none at all, or only revoked / expired / CSR ones. */
  async certificateSummary(taxId: string): Promise<{ total: number; revoked: number; service: number }> {
    const [row] = await this.db.query<{ total: number; revoked: number; service: number }[]>(
      `SELECT count(*)::int AS total, count(r.serial_number)::int AS revoked,
              count(*) FILTER (WHERE c.key_source = 'service')::int AS service
         FROM pki.certificates c LEFT JOIN pki.revocations r ON r.serial_number = c.serial_number
        WHERE c.tax_id = $1`,
      [taxId],
    );
    return row;
  }

  async certificatePem(
    serialNumber: string,
  ): Promise<{ certificatePem: string; revokedAt: Date | null } | null> {
    const rows: { certificatePem: string; revokedAt: Date | null }[] = await this.db.query(
      `SELECT c.certificate_pem AS "certificatePem", r.revoked_at AS "revokedAt"
         FROM pki.certificates c LEFT JOIN pki.revocations r ON r.serial_number = c.serial_number
        WHERE c.serial_number = $1`,
      [serialNumber],
    );
    return rows[0] ?? null;
  }
}
