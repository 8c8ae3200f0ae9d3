import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The tables the audit joins, hash-partitioned alike on the invoice key (migration 5). */
export const AUDITED_TABLES = ['issuance.invoices', 'collection.seller_copies', 'collection.claims'] as const;

/**
 * How many hash partitions the invoice key has, read from the catalog rather than assumed,
 * so that repartitioning is a migration and nothing else. Refuses to work if the three
 * tables disagree: their partitions would no longer line up key for key.
 */
@Injectable()
export class AuditPartitionLayoutRepository {
  private count?: Promise<number>;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  partitions(): Promise<number> {
    this.count ??= this.read().catch((err: unknown) => {
      this.count = undefined;
      throw err;
    });
    return this.count;
  }

  /** The name of partition `k` of `table` (`collection.claims_p07`). */
  static partitionTable(table: (typeof AUDITED_TABLES)[number], k: number): string {
    return `${table}_p${String(k).padStart(2, '0')}`;
  }

  private async read(): Promise<number> {
    const rows: { parent: string; partitions: number }[] = await this.db.query(
      `SELECT p.parent, (SELECT count(*) FROM pg_inherits WHERE inhparent = p.parent::regclass)::int AS partitions
         FROM unnest($1::text[]) AS p(parent)`,
      [[...AUDITED_TABLES]],
    );
    const counts = new Set(rows.map((r) => r.partitions));
    if (counts.size !== 1 || rows[0].partitions < 1) {
      throw new Error(`Audited tables are not partitioned alike: ${JSON.stringify(rows)}`);
    }
    return rows[0].partitions;
  }
}
