import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '@app/database';

export interface ApiKeyOwner {
  id: string;
  taxId: string;
}

/** issuance.api_keys: written at enrollment, read by the issuance and collection apps. */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findActiveByHash(hash: Buffer): Promise<ApiKeyOwner | null> {
    const rows: { id: string; tax_id: string }[] = await this.db.query(
      `SELECT id, tax_id FROM issuance.api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    return rows[0] ? { id: rows[0].id, taxId: rows[0].tax_id } : null;
  }

  async insert(manager: EntityManager, taxId: string, hash: Buffer): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO issuance.api_keys (tax_id, key_hash) VALUES ($1, $2) RETURNING id`,
      [taxId, hash],
    );
    return rows[0].id;
  }

  async list(taxId: string): Promise<{ id: string; createdAt: Date; revokedAt: Date | null }[]> {
    return this.db.query(
      `SELECT id, created_at AS "createdAt", revoked_at AS "revokedAt" FROM issuance.api_keys
        WHERE tax_id = $1 ORDER BY created_at DESC`,
      [taxId],
    );
  }

  /** Revokes one of the taxpayer's keys; returns its hash (to evict caches), or null if none. */
  async revoke(taxId: string, id: string): Promise<Buffer | null> {
    const rows = await updateReturning<{ key_hash: Buffer }>(
      this.db.manager,
      `UPDATE issuance.api_keys SET revoked_at = coalesce(revoked_at, now())
        WHERE tax_id = $1 AND id = $2 RETURNING key_hash`,
      [taxId, id],
    );
    return rows[0]?.key_hash ?? null;
  }
}
