import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  DUPLICATE_CLAIM_REASONS,
  EVIDENCE_REJECTION_REASONS,
  INFORMATIONAL_CATEGORIES,
  SEAL_FAILURE_REASONS,
} from '@app/domain';
import {
  AuditPartitionLayoutRepository,
  baselineOf,
  isScoped,
  judgedBy,
  type AuditRun,
} from '@app/audit-runs';
import { fillSql, sqlFile, updateReturning } from '@app/database';
import { AuditConfig } from '../config/audit.config';

const TEMPLATE = sqlFile(__dirname, 'audit-partition.sql');
/** Also used by the finaliser, for the per-taxpayer findings (partition -1). */
export const MERGE_FINDINGS = sqlFile(__dirname, 'merge-findings.sql');

/** MERGE_FINDINGS' parameters for one partition of a run. */
export function mergeParameters(run: AuditRun, partition: number): unknown[] {
  return [
    run.id,
    run.period,
    run.watermark,
    isScoped(run),
    partition,
    run.parameters.assistDueDays,
    INFORMATIONAL_CATEGORIES,
  ];
}

/** The partition SQL with the partition's own tables in place of {{invoices}} and the others. */
function partitionSql(partition: number): string {
  return fillSql(TEMPLATE, {
    invoices: AuditPartitionLayoutRepository.partitionTable('issuance.invoices', partition),
    seller_copies: AuditPartitionLayoutRepository.partitionTable('collection.seller_copies', partition),
    claims: AuditPartitionLayoutRepository.partitionTable('collection.claims', partition),
  });
}

/** A run's findings of one category: how many, and their tax at risk (decimal string). */
export interface CategoryFigures {
  findings: number;
  taxAtRisk: string;
}

export interface PartitionStats {
  claims: number;
  matched: number;
  findings: number;
  taxpayers: number;
  perCategory: Record<string, CategoryFigures>;
}

/** What merging a run's findings into the current ones changed in them. */
export interface FindingChanges {
  appeared: number;
  reappeared: number;
  changed: number;
  resolved: number;
}

/** What a merge did (MERGE_FINDINGS' result): its changes and the assist requests it opened. */
export interface MergeCounts extends FindingChanges {
  assistRequests: number;
}

/** A merge that did not run (a trial run publishes nothing). */
export const NO_MERGE: MergeCounts = {
  appeared: 0,
  reappeared: 0,
  changed: 0,
  resolved: 0,
  assistRequests: 0,
};

export type PartitionOutcome =
  /** Written; `readyToFinalize` when this was the run's last partition. */
  | { kind: 'written'; stats: PartitionStats; readyToFinalize: boolean }
  /** Nothing to do: the run is past its partitions (or gone); finalise it if it waits for that. */
  | { kind: 'skipped'; status: string | null };

/**
 * One partition of one run, in one transaction: its earlier output (a retried or doubled
 * job) is deleted and written again, so the result is the same however often it runs;
 * and, for a publishing run, merged into the current findings of the partition (ADR 0012).
 */
@Injectable()
export class PartitionAuditRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AuditConfig,
  ) {}

  async markRunning(runId: string): Promise<void> {
    await this.db.query(
      `UPDATE audit.runs SET status = 'running', started_at = coalesce(started_at, now())
        WHERE id = $1 AND status = 'queued'`,
      [runId],
    );
  }

  async audit(run: AuditRun, partition: number): Promise<PartitionOutcome> {
    const started = Date.now();
    return this.db.transaction(async (m) => {
      // KEY SHARE: partitions of one run proceed together; the finaliser's FOR UPDATE waits
      // for them, and a partition arriving after it sees the run is no longer running.
      const [current] = await m.query<{ status: string }[]>(
        `SELECT status FROM audit.runs WHERE id = $1 FOR KEY SHARE`,
        [run.id],
      );
      if (current?.status !== 'queued' && current?.status !== 'running') {
        return { kind: 'skipped', status: current?.status ?? null };
      }
      // The matching hashes a partition's rows: room for them in memory. Row counts of CTEs
      // are guessed badly, and the planner then sorts both sides for merge joins on text
      // keys (collation-aware sorts, several times slower than the hash joins wanted here).
      await m.query(`SET LOCAL work_mem = '64MB'`);
      await m.query(`SET LOCAL enable_mergejoin = off`);
      // For the same reason, aggregates over CTEs (guessed at a row or two, holding tens of
      // thousands) would be sorted on text keys rather than hashed: no sorts where a hash
      // will do (DISTINCT ON still sorts: it has no other way). A disabled path costs 10^10,
      // which would make the planner JIT-compile the statement: no JIT either.
      await m.query(`SET LOCAL enable_sort = off`);
      await m.query(`SET LOCAL jit = off`);
      await m.query(`DELETE FROM audit.run_findings WHERE run_id = $1 AND partition = $2`, [
        run.id,
        partition,
      ]);
      await m.query(`DELETE FROM audit.run_taxpayer_totals WHERE run_id = $1 AND partition = $2`, [
        run.id,
        partition,
      ]);
      const [stats] = await m.query<PartitionStats[]>(partitionSql(partition), [
        run.id,
        run.period,
        run.watermark,
        isScoped(run),
        partition,
        SEAL_FAILURE_REASONS,
        EVIDENCE_REJECTION_REASONS,
        DUPLICATE_CLAIM_REASONS,
        this.config.TZ_BUSINESS,
        String(judgedBy(run).capEdge.capFraction),
        String(baselineOf(run).capEdge.capFraction),
        judgedBy(run).goodsDivergence.lookbackPeriods,
        baselineOf(run).goodsDivergence.lookbackPeriods,
      ]);
      // A trial run reports; only a publishing run makes its findings the current ones (and
      // opens assist requests for them).
      let merged = NO_MERGE;
      if (run.publishes) {
        // The merge joins the partition's new findings (whose count the planner cannot know)
        // with the current ones: a nested loop over that mis-estimate is quadratic. (Not
        // earlier: the matching needs its nested loops over one-row CTEs.)
        await m.query(`SET LOCAL enable_nestloop = off`);
        await m.query(`SET LOCAL enable_sort = on`);
        [merged] = await m.query<MergeCounts[]>(MERGE_FINDINGS, mergeParameters(run, partition));
      }
      const readyToFinalize = await this.recordDone(
        m,
        run.id,
        partition,
        stats,
        merged,
        Date.now() - started,
      );
      return { kind: 'written', stats, readyToFinalize };
    });
  }

  /**
   * Counts the partition done once however often it ran; true when it was the last one. Its
   * figures are replaced by a later attempt's, which rewrote its findings, but what the merges
   * did adds up: a second attempt merges what the first already merged, and does nothing.
   */
  private async recordDone(
    m: EntityManager,
    runId: string,
    partition: number,
    stats: PartitionStats,
    merged: MergeCounts,
    durationMs: number,
  ): Promise<boolean> {
    const [row] = await m.query<{ first: boolean }[]>(
      `INSERT INTO audit.run_partitions (run_id, partition, claims, matched, findings, per_category,
                                         appeared, reappeared, changed, resolved, assist_requests,
                                         duration_ms, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, clock_timestamp())
       ON CONFLICT (run_id, partition) DO UPDATE
          SET claims = EXCLUDED.claims, matched = EXCLUDED.matched, findings = EXCLUDED.findings,
              per_category = EXCLUDED.per_category,
              appeared = audit.run_partitions.appeared + EXCLUDED.appeared,
              reappeared = audit.run_partitions.reappeared + EXCLUDED.reappeared,
              changed = audit.run_partitions.changed + EXCLUDED.changed,
              resolved = audit.run_partitions.resolved + EXCLUDED.resolved,
              assist_requests = audit.run_partitions.assist_requests + EXCLUDED.assist_requests,
              duration_ms = EXCLUDED.duration_ms, attempts = audit.run_partitions.attempts + 1,
              finished_at = clock_timestamp()
       RETURNING (xmax = 0) AS first`,
      [
        runId,
        partition,
        stats.claims,
        stats.matched,
        stats.findings,
        stats.perCategory,
        merged.appeared,
        merged.reappeared,
        merged.changed,
        merged.resolved,
        merged.assistRequests,
        durationMs,
      ],
    );
    if (!row.first) return false;
    const [run] = await updateReturning<{ status: string }>(
      m,
      `UPDATE audit.runs
          SET partitions_done = partitions_done + 1,
              status = CASE WHEN partitions_done + 1 = partitions_total THEN 'finalizing' ELSE 'running' END
        WHERE id = $1
        RETURNING status`,
      [runId],
    );
    return run.status === 'finalizing';
  }
}
