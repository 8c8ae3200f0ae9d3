import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A taxpayer as its enrollment sees it: whether the token presented is its pending one. */
export interface EnrollmentTokenRow {
  name: string;
  bureau_code: string;
  status: string;
  matches: boolean;
  expired: boolean;
  used: boolean;
}

/**
 * issuance.enrollments: one row per enrollment token spent. The token's hash is its primary
 * key, so a token works exactly once even when two enrollments race.
 */
@Injectable()
export class EnrollmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The taxpayer and how `tokenHash` stands against its pending token; undefined if no such taxpayer. */
  async tokenOf(taxId: string, tokenHash: Buffer): Promise<EnrollmentTokenRow | undefined> {
    const [row] = await this.db.query<EnrollmentTokenRow[]>(
      `SELECT t.name, t.bureau_code, t.status,
              coalesce(t.enrollment_token_hash = $2, false) AS matches,
              coalesce(t.enrollment_token_expires_at < now(), true) AS expired,
              EXISTS (SELECT 1 FROM issuance.enrollments e WHERE e.token_hash = $2) AS used
         FROM registry.taxpayers t WHERE t.tax_id = $1`,
      [taxId, tokenHash],
    );
    return row;
  }

  /** Spends the token, in the transaction that stores the certificate; a second spend violates the key. */
  async record(m: EntityManager, tokenHash: Buffer, taxId: string, certificateSerial: string): Promise<void> {
    await m.query(
      `INSERT INTO issuance.enrollments (token_hash, tax_id, certificate_serial) VALUES ($1, $2, $3)`,
      [tokenHash, taxId, certificateSerial],
    );
  }
}
