import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import {
  assertAuditFinalizeJob,
  AUDIT_CONTROL_QUEUE,
  AUDIT_FINALIZE_JOB,
  AUDIT_NIGHTLY_JOB,
  startConsumer,
} from '@app/queue';
import { AuditConfig } from '../config/audit.config';
import { RunFinalizerRepository } from '../finalize/run-finalizer.repository';
import { AuditMetrics } from '../metrics/audit-metrics';
import { NightlyAuditService } from '../nightly/nightly-audit.service';

/**
 * Consumes the control queue one job at a time: run finalisations and nightly triggers.
 * Both are guarded in Postgres (a run is finalised once; a night's run per period is
 * created once), so a doubled or retried job changes nothing.
 */
@Injectable()
export class ControlProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(ControlProcessor.name);

  constructor(
    private readonly config: AuditConfig,
    private readonly finalizer: RunFinalizerRepository,
    private readonly nightly: NightlyAuditService,
    private readonly metrics: AuditMetrics,
    @InjectQueue(AUDIT_CONTROL_QUEUE) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.AUDIT_CONCURRENCY === 0) return;
    await startConsumer(this.queue, this.logger, () =>
      this.queue.process('*', 1, (job) => this.process(job)),
    );
    this.queue.on('failed', (job: Job, err: Error) => void this.failed(job, err));
  }

  async process(job: Job): Promise<void> {
    switch (job.name) {
      case AUDIT_FINALIZE_JOB:
        return this.finalize(assertAuditFinalizeJob(job.data).runId);
      case AUDIT_NIGHTLY_JOB:
        await this.nightly.trigger(new Date());
        return;
      default:
        this.logger.warn({ name: job.name }, 'unknown control job ignored');
    }
  }

  private async finalize(runId: string): Promise<void> {
    const done = await this.finalizer.finalize(runId);
    if (!done) return;
    const { run, changes, assistRequests } = done;
    const seconds = (run.finishedAt!.getTime() - run.createdAt.getTime()) / 1000;
    this.metrics.runCompleted(run.kind, seconds, run.counts ?? {});
    this.logger.log(
      {
        runId,
        period: run.period,
        kind: run.kind,
        seconds,
        counts: run.counts,
        ...changes,
        assistRequests,
        requestId: run.requestId,
      },
      'audit run completed',
    );
  }

  private async failed(job: Job, err: Error): Promise<void> {
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.error(
      { name: job.name, data: job.data, attempt: job.attemptsMade, final, err: err.message },
      'audit control job failed',
    );
    const runId = (job.data as { runId?: unknown })?.runId;
    if (final && job.name === AUDIT_FINALIZE_JOB && typeof runId === 'string') {
      await this.finalizer.fail(runId, `finalisation: ${err.message}`);
    }
  }
}
