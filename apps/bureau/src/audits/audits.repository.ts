import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AUDIT_RUN_COLUMNS, type AuditRun, type AuditRunStatus } from '@app/audit-runs';
import { type AuditScope, NATIONAL_BUREAU_CODE } from '@app/domain';
import { utcMicros } from '@app/database';

/** A run with the bureau it belongs to, for the jurisdiction check. */
export interface OwnedAuditRun extends AuditRun {
  ownerBureauCode: string;
}

export interface AuditRunListRow extends OwnedAuditRun {
  /** created_at at full microsecond precision, for an exact keyset cursor. */
  createdAtKey: string;
}

export interface AuditRunListFilter {
  scopePrefix: string;
  period?: string;
  statuses?: AuditRunStatus[];
  kind?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/**
 * audit.runs with the bureau each run belongs to: its scope bureau; for a list of taxpayers
 * the bureau of the officer who asked for it; the national tier for the whole country
 * (nightly runs included). A run is visible in that bureau's subtree and its ancestors, so
 * `owner_bureau_code LIKE prefix || '%'` is the jurisdiction predicate (docs/adr/0002).
 */
const OWNED_RUNS = `
  owned AS (
    SELECT r.*,
           CASE WHEN r.tax_ids IS NOT NULL THEN coalesce(u.bureau_code, $1)
                ELSE coalesce(r.bureau_code, $1) END AS owner_bureau_code
      FROM audit.runs r
      LEFT JOIN registry.users u ON u.id = r.requested_by
  )`;

/**
 * Reads of audit runs for officers (runs are created by AuditRunLauncher), and the check
 * that the taxpayers of a requested scope are in the officer's subtree. registry.* and
 * audit.runs are only read here.
 */
@Injectable()
export class AuditsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findOwned(id: string): Promise<OwnedAuditRun | null> {
    const [run] = await this.db.query<OwnedAuditRun[]>(
      `WITH ${OWNED_RUNS}
       SELECT ${AUDIT_RUN_COLUMNS}, owner_bureau_code AS "ownerBureauCode" FROM owned WHERE id = $2`,
      [NATIONAL_BUREAU_CODE, id],
    );
    return run ?? null;
  }

  /** Keyset page of the runs visible under `scopePrefix`, newest first. */
  list(filter: AuditRunListFilter): Promise<AuditRunListRow[]> {
    return this.db.query<AuditRunListRow[]>(
      `WITH ${OWNED_RUNS}
       SELECT ${AUDIT_RUN_COLUMNS}, owner_bureau_code AS "ownerBureauCode",
              ${utcMicros('created_at')} AS "createdAtKey"
         FROM owned
        WHERE owner_bureau_code LIKE $2 || '%'
          AND ($3::text IS NULL OR period = $3)
          AND ($4::text[] IS NULL OR status = ANY ($4))
          AND ($5::text IS NULL OR kind = $5)
          AND ($6::timestamptz IS NULL OR (created_at, id) < ($6::timestamptz, $7::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $8`,
      [
        NATIONAL_BUREAU_CODE,
        filter.scopePrefix,
        filter.period ?? null,
        filter.statuses ?? null,
        filter.kind ?? null,
        filter.after?.createdAt ?? null,
        filter.after?.id ?? null,
        filter.limit + 1,
      ],
    );
  }

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
