import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import type { AuditRun } from '@app/audit-runs';
import {
  AUDIT_CONTROL_QUEUE,
  AUDIT_FINALIZE_JOB,
  AUDIT_PARTITIONS_QUEUE,
  auditFinalizeJobId,
  auditPartitionJobId,
  type AuditFinalizeJob,
  type AuditPartitionJob,
  ensureJob,
} from '@app/queue';
import { AuditConfig } from '../config/audit.config';
import { NightlyAuditService } from '../nightly/nightly-audit.service';
import { RunSweepRepository } from './run-sweep.repository';

/**
 * Reconciles bull with Postgres, the system of record, every AUDIT_SWEEP_INTERVAL_MS:
 * - runs that stopped moving get a job bull will run for each partition not yet written, or
 *   for their finalisation — whether the job was never enqueued (a crash in between), lost
 *   (Redis restarted without its data, or evicted it) or ended without doing the work.
 *   Written partitions are never enqueued again; a partition job that runs twice anyway
 *   replaces its own output (ADR 0012), and the finaliser finalises a run once.
 * - where this worker keeps the nightly schedule (AUDIT_NIGHTLY=1), the schedule is
 *   registered again: bull keys it by name, id, cron and time zone, so it stays one
 *   schedule however many workers do this, and a schedule Redis lost comes back.
 */
@Injectable()
export class RunSweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunSweeperService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AuditConfig,
    private readonly sweeps: RunSweepRepository,
    private readonly nightly: NightlyAuditService,
    @InjectQueue(AUDIT_PARTITIONS_QUEUE) private readonly partitions: Queue<AuditPartitionJob>,
    @InjectQueue(AUDIT_CONTROL_QUEUE) private readonly control: Queue<AuditFinalizeJob>,
  ) {}

  onApplicationBootstrap(): void {
    const runs = this.config.AUDIT_CONCURRENCY > 0;
    const schedule = this.config.AUDIT_NIGHTLY === 1;
    if (!runs && !schedule) return;
    this.timer = setInterval(() => void this.tick(runs, schedule), this.config.AUDIT_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(runs: boolean, schedule: boolean): Promise<void> {
    // Each on its own: Postgres away must not keep the schedule from coming back, nor the reverse.
    if (schedule) {
      await this.nightly
        .schedule()
        .catch((err: Error) => this.logger.warn({ err: err.message }, 'nightly schedule not checked'));
    }
    if (runs) {
      await this.sweep().catch((err: Error) => this.logger.warn({ err: err.message }, 'run sweep failed'));
    }
  }

  /** Returns how many jobs it had to add (runs idle for at least `idleMs`). */
  async sweep(idleMs = this.config.AUDIT_SWEEP_INTERVAL_MS): Promise<number> {
    let added = 0;
    for (const run of await this.sweeps.stalled(idleMs)) {
      const n = run.status === 'finalizing' ? await this.finalisation(run) : await this.partitionJobs(run);
      if (n > 0)
        this.logger.warn({ runId: run.id, status: run.status, jobs: n }, 'audit run jobs enqueued again');
      added += n;
    }
    return added;
  }

  private async finalisation(run: AuditRun): Promise<number> {
    const outcome = await ensureJob(this.control, {
      name: AUDIT_FINALIZE_JOB,
      jobId: auditFinalizeJobId(run.id),
      data: { runId: run.id },
    });
    return outcome === 'added' ? 1 : 0;
  }

  private async partitionJobs(run: AuditRun): Promise<number> {
    let added = 0;
    for (const partition of await this.sweeps.missingPartitions(run)) {
      const outcome = await ensureJob(this.partitions, {
        jobId: auditPartitionJobId(run.id, partition),
        data: { runId: run.id, partition, ...(run.requestId ? { requestId: run.requestId } : {}) },
      });
      if (outcome === 'added') added++;
    }
    return added;
  }
}
