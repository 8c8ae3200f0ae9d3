import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '@app/database';
import type { RatePolicy } from '@app/platform';

export interface ApiKeyOwner {
  id: string;
  taxId: string;
  /** The taxpayer's own request rate, or null for the installation's default (ADR 0017). */
  ratePolicy: RatePolicy | null;
}

/** issuance.api_keys: written at enrollment, read by the issuance and collection apps. */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The key's taxpayer with its rate limit, in one query: the guard caches both together,
   * so a changed limit takes effect with the key's next lookup (at most its cache TTL).
   */
  async findActiveByHash(hash: Buffer): Promise<ApiKeyOwner | null> {
    const rows: { id: string; tax_id: string; per_second: number | null; burst: number | null }[] =
      await this.db.query(
        `SELECT k.id, k.tax_id, t.rate_limit_per_second AS per_second, t.rate_limit_burst AS burst
           FROM issuance.api_keys k JOIN registry.taxpayers t ON t.tax_id = k.tax_id
          WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
        [hash],
      );
    const row = rows[0];
    if (!row) return null;
    const ratePolicy =
      row.per_second !== null && row.burst !== null ? { perSecond: row.per_second, burst: row.burst } : null;
    return { id: row.id, taxId: row.tax_id, ratePolicy };
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
