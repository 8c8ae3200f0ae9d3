import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { utcMicros } from '@app/database';
import { type AuditParameters, type AuditScope, NATIONAL_BUREAU_CODE } from '@app/domain';
import {
  AUDIT_RUN_COLUMNS,
  isScoped,
  type AuditRun,
  type AuditRunKind,
  type AuditRunStatus,
} from './audit-run';

export interface NewAuditRun {
  scope: AuditScope;
  kind: AuditRunKind;
  /** The rule set version judged by, and its parameters (with a trial's overrides). */
  ruleVersion: number;
  parameters: AuditParameters;
  /** A back-test's baseline: the version it is compared with. Makes the run a dry run. */
  baseline?: { ruleVersion: number; parameters: AuditParameters };
  partitions: number;
  publishes?: boolean;
  triggerKey?: string;
  requestedBy?: string;
  requestId?: string;
}

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
 * audit.runs, its one owner: creating runs with their resolved scope, reading them for the
 * workers, and for officers with the bureau each belongs to.
 */
@Injectable()
export class AuditRunsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Records a queued run and the taxpayers of its scope in one transaction; the watermark
   * is the transaction's start. Returns null when a unique guard refuses it: the night's
   * trigger key is taken, or a nightly run of the period is still in flight.
   */
  async create(run: NewAuditRun): Promise<AuditRun | null> {
    return this.db.transaction(async (m) => {
      const [created] = await m.query<AuditRun[]>(
        `INSERT INTO audit.runs (kind, period, bureau_code, tax_ids, rule_version, parameters, status,
                                 partitions_total, watermark, trigger_key, requested_by, request_id, publishes,
                                 dry_run, baseline_rule_version, baseline_parameters)
         VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, now(), $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT DO NOTHING
         RETURNING ${AUDIT_RUN_COLUMNS}`,
        [
          run.kind,
          run.scope.period,
          run.scope.bureauCode ?? null,
          run.scope.taxIds ?? null,
          run.ruleVersion,
          run.parameters,
          run.partitions,
          run.triggerKey ?? null,
          run.requestedBy ?? null,
          run.requestId ?? null,
          run.baseline ? false : (run.publishes ?? true),
          run.baseline !== undefined,
          run.baseline?.ruleVersion ?? null,
          run.baseline ? JSON.stringify(run.baseline.parameters) : null,
        ],
      );
      if (!created || !isScoped(created)) return created ?? null;
      if (created.taxIds) {
        await m.query(
          `INSERT INTO audit.run_scope_taxpayers (run_id, tax_id) SELECT $1, unnest($2::text[])`,
          [created.id, created.taxIds],
        );
      } else {
        // "Under bureau X" is a prefix of the district code (docs/adr/0002).
        await m.query(
          `INSERT INTO audit.run_scope_taxpayers (run_id, tax_id)
           SELECT $1, t.tax_id FROM registry.taxpayers t
            WHERE t.bureau_code LIKE (SELECT scope_prefix FROM registry.bureaus WHERE code = $2) || '%'`,
          [created.id, created.bureauCode],
        );
      }
      return created;
    });
  }

  async find(id: string): Promise<AuditRun | null> {
    const [run] = await this.db.query<AuditRun[]>(
      `SELECT ${AUDIT_RUN_COLUMNS} FROM audit.runs WHERE id = $1`,
      [id],
    );
    return run ?? null;
  }

  /** Partitions of the run already written, so that a re-enqueue skips them. */
  async donePartitions(id: string): Promise<Set<number>> {
    const rows: { partition: number }[] = await this.db.query(
      `SELECT partition FROM audit.run_partitions WHERE run_id = $1`,
      [id],
    );
    return new Set(rows.map((r) => r.partition));
  }

  /** Runs that should be moving: queued or running, or waiting to be finalised. */
  async unfinished(): Promise<AuditRun[]> {
    return this.db.query<AuditRun[]>(
      `SELECT ${AUDIT_RUN_COLUMNS} FROM audit.runs
        WHERE status IN ('queued', 'running', 'finalizing') ORDER BY created_at`,
    );
  }

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
}
