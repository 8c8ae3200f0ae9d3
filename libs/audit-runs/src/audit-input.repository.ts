import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditScope } from '@app/domain';

/**
 * What an audit would read, checked before a run is recorded: whether its scope has
 * anything to judge, and whether the taxpayers it names are in the asking officer's
 * subtree. Reads registry, issuance and collection; writes nothing.
 */
@Injectable()
export class AuditInputRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Whether there is anything for an audit of `scope` to judge: an online invoice or an
   * offline seller copy issued in the period, or a claim for the period, with a seller or
   * buyer in the scope (any status: the audit judges rejected claims too). Each EXISTS
   * stops at the first row; only a period with nothing in it reads a table through.
   */
  async hasInput(scope: AuditScope): Promise<boolean> {
    const [{ found }] = await this.db.query<{ found: boolean }[]>(
      `WITH bounds AS (
         SELECT make_date(substr($1, 1, 4)::int, substr($1, 6, 2)::int, 1) AS first_day,
                (make_date(substr($1, 1, 4)::int, substr($1, 6, 2)::int, 1) + interval '1 month')::date AS next_day
       ),
       -- The scope's taxpayers; unused (and empty) for the whole country ($4 false).
       scope AS MATERIALIZED (
         SELECT unnest($2::text[]) AS tax_id
         UNION ALL
         SELECT t.tax_id FROM registry.taxpayers t JOIN registry.bureaus b ON b.code = $3
          WHERE t.bureau_code LIKE b.scope_prefix || '%'
       )
       SELECT EXISTS (SELECT 1 FROM issuance.invoices i, bounds
                       WHERE i.issue_date >= bounds.first_day AND i.issue_date < bounds.next_day
                         AND (NOT $4 OR i.seller_tax_id IN (SELECT tax_id FROM scope)
                                     OR i.buyer_tax_id IN (SELECT tax_id FROM scope)))
           OR EXISTS (SELECT 1 FROM collection.seller_copies c, bounds
                       WHERE c.issue_date >= bounds.first_day AND c.issue_date < bounds.next_day
                         AND (NOT $4 OR c.seller_tax_id IN (SELECT tax_id FROM scope)
                                     OR c.buyer_tax_id IN (SELECT tax_id FROM scope)))
           OR EXISTS (SELECT 1 FROM collection.claims c
                       WHERE c.period = $1
                         AND (NOT $4 OR c.seller_tax_id IN (SELECT tax_id FROM scope)
                                     OR c.buyer_tax_id IN (SELECT tax_id FROM scope))) AS found`,
      [
        scope.period,
        scope.taxIds ?? null,
        scope.bureauCode ?? null,
        scope.taxIds !== undefined || scope.bureauCode !== undefined,
      ],
    );
    return found;
  }

  /** The IDs of `taxIds` that are not registered taxpayers under `scopePrefix`, sorted. */
  async taxIdsOutside(scopePrefix: string, taxIds: string[]): Promise<string[]> {
    const rows: { taxId: string }[] = await this.db.query(
      `SELECT id AS "taxId" FROM unnest($1::text[]) AS id
        WHERE NOT EXISTS (SELECT 1 FROM registry.taxpayers t
                           WHERE t.tax_id = id AND t.bureau_code LIKE $2 || '%')
        ORDER BY id`,
      [taxIds, scopePrefix],
    );
    return rows.map((r) => r.taxId);
  }
}
