import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IntakeCounts } from '../intake/intake-outcome';
import { UPLOAD_KIND_SPECS, UploadKind } from './upload-kinds';

export type UploadStatus = 'receiving' | 'queued' | 'processing' | 'completed' | 'failed';

export interface UploadRow {
  id: string;
  taxId: string;
  kind: UploadKind;
  period: string | null;
  format: 'csv' | 'ndjson';
  fileSha256: string | null;
  bytes: string;
  status: UploadStatus;
  phase: string | null;
  rowsTotal: number;
  /** The highest row number (NDJSON blank lines are not rows, so numbers may skip). */
  lastRow: number;
  rowsAccepted: number;
  rowsRejected: number;
  mergedThrough: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

const COLUMNS = `id, tax_id AS "taxId", kind, period, format, file_sha256 AS "fileSha256", bytes, status, phase,
  rows_total AS "rowsTotal", last_row AS "lastRow", rows_accepted AS "rowsAccepted", rows_rejected AS "rowsRejected",
  merged_through AS "mergedThrough", error, created_at AS "createdAt", started_at AS "startedAt",
  completed_at AS "completedAt"`;

/**
 * The session advisory lock a worker holds while it processes an upload, in the two-key
 * form (its own key space: the one-key locks elsewhere cannot collide with it). $1 is the
 * upload id. Postgres releases it when the worker's connection ends, so a killed worker
 * never leaves an upload locked.
 */
const PROCESSING_LOCK_KEY = `hashtext('collection.uploads'), hashtext($1::text)`;

/** Held while an upload is processed; release() once the pipeline has stopped. */
export interface UploadProcessingLock {
  release(): Promise<void>;
}

/** collection.uploads and its staging tables. */
@Injectable()
export class UploadsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(
    taxId: string,
    kind: UploadKind,
    period: string | null,
    format: 'csv' | 'ndjson',
  ): Promise<string> {
    const [row] = await this.db.query<{ id: string }[]>(
      `INSERT INTO collection.uploads (tax_id, kind, period, format, status) VALUES ($1, $2, $3, $4, 'receiving') RETURNING id`,
      [taxId, kind, period, format],
    );
    return row.id;
  }

  async find(id: string, m: EntityManager = this.db.manager): Promise<UploadRow | null> {
    const rows = await m.query<UploadRow[]>(`SELECT ${COLUMNS} FROM collection.uploads WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * The file is in: queue it — unless the same taxpayer already sent this exact file for
   * the same kind and period, in which case that earlier upload is returned instead.
   */
  async markReceived(
    id: string,
    file: { sha256: string; bytes: number; rows: number; lastRow: number },
  ): Promise<{ queued: true } | { queued: false; existingId: string }> {
    return this.db.transaction(async (m) => {
      const [mine] = await m.query<{ tax_id: string; kind: string; period: string | null }[]>(
        `SELECT tax_id, kind, period FROM collection.uploads WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const [existing] = await m.query<{ id: string }[]>(
        `SELECT id FROM collection.uploads
          WHERE tax_id = $1 AND kind = $2 AND coalesce(period, '') = coalesce($3, '') AND file_sha256 = $4
            AND status IN ('queued', 'processing', 'completed')`,
        [mine.tax_id, mine.kind, mine.period, file.sha256],
      );
      if (existing) return { queued: false, existingId: existing.id };
      await m.query(
        `UPDATE collection.uploads SET status = 'queued', file_sha256 = $2, bytes = $3, rows_total = $4, last_row = $5
          WHERE id = $1`,
        [id, file.sha256, file.bytes, file.rows, file.lastRow],
      );
      return { queued: true };
    });
  }

  /** Removes an upload that never became one (bad header, too large, duplicate file). */
  async discard(id: string, kind: UploadKind): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(`DELETE FROM ${UPLOAD_KIND_SPECS[kind].stagingTable} WHERE upload_id = $1`, [id]);
      await m.query(`DELETE FROM collection.upload_errors WHERE upload_id = $1`, [id]);
      await m.query(`DELETE FROM collection.uploads WHERE id = $1 AND status IN ('receiving', 'failed')`, [
        id,
      ]);
    });
  }

  async setPhase(id: string, phase: string, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      `UPDATE collection.uploads SET status = 'processing', phase = $2, started_at = coalesce(started_at, now()) WHERE id = $1`,
      [id, phase],
    );
  }

  /**
   * Every seal verdict is stored. Batches may have merged meanwhile (the merge runs beside
   * the checks): an upload already 'merging' stays so.
   */
  async markSealed(id: string): Promise<void> {
    await this.db.query(
      `UPDATE collection.uploads SET phase = CASE WHEN phase = 'merging' THEN phase ELSE 'sealed' END WHERE id = $1`,
      [id],
    );
  }

  /** rows_rejected as validation left it: the rows in upload_errors. */
  async countValidationRejects(id: string, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      `UPDATE collection.uploads
          SET rows_rejected = (SELECT count(*) FROM collection.upload_errors WHERE upload_id = $1)
        WHERE id = $1`,
      [id],
    );
  }

  /** Adds a merged batch of `rows` rows to the counters, in the batch's transaction. */
  async countMergedBatch(
    id: string,
    rows: number,
    { accepted, rejected }: IntakeCounts,
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    await m.query(
      `UPDATE collection.uploads
          SET merged_through = merged_through + $2, rows_accepted = rows_accepted + $3,
              rows_rejected = rows_rejected + $4, status = 'processing', phase = 'merging'
        WHERE id = $1`,
      [id, rows, accepted, rejected],
    );
  }

  async complete(id: string): Promise<void> {
    await this.db.query(
      `UPDATE collection.uploads SET status = 'completed', phase = 'completed', completed_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** Marks an unfinished upload failed; a completed one stays completed (a late job's failure). */
  async fail(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE collection.uploads SET status = 'failed', error = $2, completed_at = now()
        WHERE id = $1 AND status IN ('queued', 'processing')`,
      [id, error],
    );
  }

  /**
   * Takes the upload for processing, on a connection of its own held until release(): null
   * when another worker holds it (it is processing the upload right now). bull delivers a
   * job at least once, and the sweeper re-enqueues uploads whose job Redis lost, so two jobs
   * of one upload can meet; only the holder of this lock runs the pipeline.
   */
  async lockForProcessing(id: string): Promise<UploadProcessingLock | null> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    let locked = false;
    try {
      [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock(${PROCESSING_LOCK_KEY}) AS locked`, [
        id,
      ])) as { locked: boolean }[];
    } finally {
      if (!locked) await runner.release();
    }
    if (!locked) return null;
    return {
      release: async () => {
        try {
          await runner.query(`SELECT pg_advisory_unlock(${PROCESSING_LOCK_KEY})`, [id]);
        } catch {
          // Not unlocked: the session must not go back to the pool still holding the lock.
          // Ending it releases the lock, and the pool drops an ended client on release.
          const session = (runner as unknown as { databaseConnection: { end(): Promise<void> } })
            .databaseConnection;
          await session.end().catch(() => undefined);
        } finally {
          await runner.release();
        }
      },
    };
  }

  /**
   * Uploads that are neither finished nor being processed by a live worker (nobody holds
   * their processing lock): received and waiting for a job, or left half-way by a worker
   * that died or whose job Redis lost. `id` limits it to one upload.
   */
  async unfinishedAndIdle(id?: string): Promise<{ id: string; status: UploadStatus }[]> {
    return this.db.query(
      // pg_locks covers every database of the server: only this one's locks count.
      `SELECT u.id, u.status FROM collection.uploads u
        WHERE u.status IN ('queued', 'processing') AND ($1::uuid IS NULL OR u.id = $1)
          AND NOT EXISTS (
            SELECT 1 FROM pg_locks l
             WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND l.classid = hashtext('collection.uploads')::oid AND l.objid = hashtext(u.id::text)::oid)
        ORDER BY u.created_at`,
      [id ?? null],
    );
  }

  /**
   * The next `limit` refused rows of an upload after row `after`: format errors, and rows
   * judged and kept as rejected evidence.
   */
  refusedRows(
    id: string,
    after: number,
    limit: number,
  ): Promise<{ row_number: number; code: string; detail: string | null }[]> {
    return this.db.query(
      `SELECT row_number, code, detail FROM (
         SELECT row_number, code, detail FROM collection.upload_errors WHERE upload_id = $1
         UNION ALL
         SELECT row_number, reason_code, NULL FROM collection.claims WHERE upload_id = $1 AND status = 'rejected'
         UNION ALL
         SELECT row_number, reason_code, NULL FROM collection.seller_copies WHERE upload_id = $1 AND status = 'rejected'
       ) e
       WHERE row_number > $2
       ORDER BY row_number
       LIMIT ${limit}`,
      [id, after],
    );
  }

  /** Whether the upload still has rows in staging (gone only if someone emptied it by hand). */
  async hasStagedRows(id: string, kind: UploadKind): Promise<boolean> {
    const [row] = await this.db.query<{ staged: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM ${UPLOAD_KIND_SPECS[kind].stagingTable} WHERE upload_id = $1) AS staged`,
      [id],
    );
    return row.staged;
  }

  /** Drops the scratch copy of a finished upload (errors and merged rows stay). */
  async dropStaging(id: string, kind: UploadKind): Promise<void> {
    const tables = [
      UPLOAD_KIND_SPECS[kind].stagingTable,
      'collection.upload_seal_checks',
      'collection.upload_duplicates',
    ];
    for (const table of tables) {
      await this.db.query(`DELETE FROM ${table} WHERE upload_id = $1`, [id]);
    }
  }
}
