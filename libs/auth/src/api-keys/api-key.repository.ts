import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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
}
