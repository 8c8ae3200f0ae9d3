import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NumberRangeEntity } from '@app/database';

/** A range with the next number issuance will take (start when it has taken none). */
export interface NumberRangeUsageRow {
  id: string;
  invoiceCode: string;
  startNumber: number;
  endNumber: number;
  amountVersion: number;
  allocatedAt: Date;
  nextNumber: number;
}

/**
 * registry.number_ranges (written here) and, read-only, issuance.number_counters, which
 * the issuance app owns and advances as it takes numbers.
 */
@Injectable()
export class NumberRangesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A plain INSERT. Overlap with any range of the same code is refused by the table's
   * exclusion constraint (SQLSTATE 23P01), which holds under concurrency where a check
   * in JavaScript would not.
   */
  async insert(
    manager: EntityManager,
    range: Omit<NumberRangeEntity, 'id' | 'allocatedAt'>,
  ): Promise<NumberRangeEntity> {
    const repo = manager.getRepository(NumberRangeEntity);
    const { identifiers } = await repo.insert(range);
    return repo.findOneByOrFail({ id: (identifiers[0] as { id: string }).id });
  }

  /** Keyset page of a taxpayer's ranges in allocation order, with their counters. */
  async listWithUsage(
    taxId: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<NumberRangeUsageRow[]> {
    const rows: NumberRangeUsageRow[] = await this.db.query(
      `SELECT r.id::text AS "id", r.invoice_code AS "invoiceCode", r.start_number AS "startNumber",
              r.end_number AS "endNumber", r.amount_version AS "amountVersion",
              r.allocated_at AS "allocatedAt",
              COALESCE(c.next_number, r.start_number) AS "nextNumber"
         FROM registry.number_ranges r
         LEFT JOIN issuance.number_counters c ON c.range_id = r.id
        WHERE r.tax_id = $1 AND ($2::bigint IS NULL OR r.id > $2::bigint)
        ORDER BY r.id
        LIMIT $3`,
      [taxId, afterId ?? null, limit + 1],
    );
    return rows;
  }
}
