import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { utcMicros } from '../utc-micros';
import { TaxIdOverrideEntity } from './tax-id-override.entity';
import { TaxpayerEntity } from './taxpayer.entity';
import { TaxpayerStatusChangeEntity } from './taxpayer-status-change.entity';

/** One row of a taxpayer's status history, with the officer's username. */
export interface TaxpayerStatusChangeRow {
  from: string;
  to: string;
  reason: string | null;
  /** RFC 3339 in UTC to the microsecond, as stored. */
  changedAt: string;
  changedBy: string;
  changedByUsername: string;
}

export interface TaxpayerListFilter {
  scopePrefix: string;
  status?: string;
  afterTaxId?: string;
  limit: number;
}

/** Taxpayer records. Every list is bounded by a bureau subtree prefix. */
@Injectable()
export class TaxpayerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByTaxId(taxId: string, manager: EntityManager = this.db.manager): Promise<TaxpayerEntity | null> {
    return manager.getRepository(TaxpayerEntity).findOneBy({ taxId });
  }

  /** Locks the row for a status change in the caller's transaction. */
  findForUpdate(manager: EntityManager, taxId: string): Promise<TaxpayerEntity | null> {
    return manager
      .getRepository(TaxpayerEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.tax_id = :taxId', { taxId })
      .getOne();
  }

  /** Keyset page ordered by tax ID, within the subtree (`bureau_code LIKE prefix%` uses the index). */
  list(filter: TaxpayerListFilter): Promise<TaxpayerEntity[]> {
    const qb = this.db
      .getRepository(TaxpayerEntity)
      .createQueryBuilder('t')
      .where('t.bureau_code LIKE :scope', { scope: `${filter.scopePrefix}%` })
      .orderBy('t.tax_id', 'ASC')
      .limit(filter.limit + 1);
    if (filter.status) qb.andWhere('t.status = :status', { status: filter.status });
    if (filter.afterTaxId) qb.andWhere('t.tax_id > :after', { after: filter.afterTaxId });
    return qb.getMany();
  }

  /** Puts a tax ID on the override list; one already there keeps its first entry. */
  async addOverride(taxId: string, reason: string, addedBy: string): Promise<void> {
    await this.db
      .getRepository(TaxIdOverrideEntity)
      .createQueryBuilder()
      .insert()
      .values({ taxId, reason, addedBy })
      .orIgnore()
      .execute();
  }

  async isOverridden(taxId: string): Promise<boolean> {
    return this.db.getRepository(TaxIdOverrideEntity).existsBy({ taxId });
  }

  /** The override list as a set, for validating many IDs at once. */
  async overridesAmong(taxIds: string[]): Promise<Set<string>> {
    if (taxIds.length === 0) return new Set();
    const rows: { tax_id: string }[] = await this.db.query(
      `SELECT tax_id FROM registry.tax_id_overrides WHERE tax_id = ANY($1)`,
      [taxIds],
    );
    return new Set(rows.map((r) => r.tax_id));
  }

  /** A plain INSERT (never TypeORM's save(), which would silently update an existing taxpayer). */
  async insert(manager: EntityManager, taxpayer: Partial<TaxpayerEntity>): Promise<TaxpayerEntity> {
    const repo = manager.getRepository(TaxpayerEntity);
    await repo.insert(taxpayer);
    return repo.findOneByOrFail({ taxId: taxpayer.taxId });
  }

  async changeStatus(
    manager: EntityManager,
    taxpayer: TaxpayerEntity,
    change: { toStatus: TaxpayerEntity['status']; reason: string | null; changedBy: string },
  ): Promise<void> {
    await manager.getRepository(TaxpayerStatusChangeEntity).insert({
      taxId: taxpayer.taxId,
      fromStatus: taxpayer.status,
      toStatus: change.toStatus,
      reason: change.reason,
      changedBy: change.changedBy,
    });
    await manager
      .getRepository(TaxpayerEntity)
      .update({ taxId: taxpayer.taxId }, { status: change.toStatus });
  }

  /**
   * The latest `limit` status changes of a taxpayer, oldest first: when there are more,
   * the oldest are left out, not the current state.
   */
  statusHistory(taxId: string, limit: number): Promise<TaxpayerStatusChangeRow[]> {
    return this.db.query<TaxpayerStatusChangeRow[]>(
      `SELECT "from", "to", reason, "changedAt", "changedBy", "changedByUsername"
         FROM (SELECT c.id, c.from_status AS "from", c.to_status AS "to", c.reason,
                      ${utcMicros('c.changed_at')} AS "changedAt", c.changed_by AS "changedBy",
                      u.username AS "changedByUsername"
                 FROM registry.taxpayer_status_changes c
                 JOIN registry.users u ON u.id = c.changed_by
                WHERE c.tax_id = $1
                ORDER BY c.id DESC
                LIMIT $2) latest
        ORDER BY id`,
      [taxId, limit],
    );
  }

  /** Sets or (null) clears the taxpayer's GB/T 4754 industry. */
  async setIndustry(manager: EntityManager, taxId: string, industry: string | null): Promise<void> {
    await manager.getRepository(TaxpayerEntity).update({ taxId }, { industry });
  }

  /** Sets the taxpayer's own request rate, or (null) returns it to the installation's default. */
  async setRateLimit(
    manager: EntityManager,
    taxId: string,
    limit: { perSecond: number; burst: number } | null,
    setBy: string,
  ): Promise<void> {
    await manager.getRepository(TaxpayerEntity).update(
      { taxId },
      {
        rateLimitPerSecond: limit?.perSecond ?? null,
        rateLimitBurst: limit?.burst ?? null,
        rateLimitSetBy: limit ? setBy : null,
        rateLimitSetAt: limit ? new Date() : null,
      },
    );
  }
}
