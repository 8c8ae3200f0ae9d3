import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { AuditRunLauncher, AuditRunsRepository } from '@app/audit-runs';
import { AUDIT_CONTROL_QUEUE, AUDIT_FINALIZE_JOB, auditFinalizeJobId } from '@app/queue';
import { AuditConfig } from '../config/audit.config';

/**
 * Keeps runs moving after a crash in the wrong place: a run recorded but never enqueued
 * (Redis down, process killed in between), or waiting for a finalisation that was never
 * enqueued. Every AUDIT_SWEEP_INTERVAL_MS, runs older than that which are unfinished get
 * their missing jobs again; bull job ids make this a no-op for jobs bull still holds.
 */
@Injectable()
export class RunSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AuditConfig,
    private readonly runs: AuditRunsRepository,
    private readonly launcher: AuditRunLauncher,
    @InjectQueue(AUDIT_CONTROL_QUEUE) private readonly control: Queue,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.AUDIT_CONCURRENCY === 0) return;
    this.timer = setInterval(
      () => void this.sweep().catch((err: Error) => this.logger.warn(err.message)),
      this.config.AUDIT_SWEEP_INTERVAL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(olderThanMs = this.config.AUDIT_SWEEP_INTERVAL_MS): Promise<number> {
    let requeued = 0;
    for (const run of await this.runs.unfinished()) {
      if (Date.now() - run.createdAt.getTime() < olderThanMs) continue;
      if (run.status === 'finalizing') {
        await this.control.add(AUDIT_FINALIZE_JOB, { runId: run.id }, { jobId: auditFinalizeJobId(run.id) });
      } else {
        const n = await this.launcher.enqueue(run);
        if (n > 0) this.logger.log({ runId: run.id, jobs: n }, 'audit run partitions enqueued by the sweep');
      }
      requeued++;
    }
    return requeued;
  }
}
