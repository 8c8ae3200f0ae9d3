import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AUDIT_RUN_COLUMNS, type AuditRun } from '@app/audit-runs';

/** What the run sweeper reads: unfinished runs that stopped moving, and what they still lack. */
@Injectable()
export class RunSweepRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Runs that should be moving (queued, running, or waiting to be finalised) and have not
   * for `idleMs`: nothing recorded since — not created, started, nor a partition written.
   * A run whose jobs are running records a partition every second or so and is left alone,
   * so the sweep does not enqueue again what a live worker is doing.
   */
  async stalled(idleMs: number): Promise<AuditRun[]> {
    return this.db.query<AuditRun[]>(
      `SELECT ${AUDIT_RUN_COLUMNS} FROM audit.runs r
        WHERE r.status IN ('queued', 'running', 'finalizing')
          AND greatest(r.created_at, r.started_at,
                       (SELECT max(p.finished_at) FROM audit.run_partitions p WHERE p.run_id = r.id))
              < clock_timestamp() - make_interval(secs => $1::double precision / 1000)
        ORDER BY r.created_at`,
      [idleMs],
    );
  }

  /** Partitions of the run not written yet (a written one is never enqueued again). */
  async missingPartitions(run: AuditRun): Promise<number[]> {
    const rows = await this.db.query<{ partition: number }[]>(
      `SELECT k AS partition FROM generate_series(0, $2::int - 1) k
        WHERE NOT EXISTS (SELECT 1 FROM audit.run_partitions p WHERE p.run_id = $1 AND p.partition = k)
        ORDER BY k`,
      [run.id, run.partitionsTotal],
    );
    return rows.map((r) => r.partition);
  }
}
