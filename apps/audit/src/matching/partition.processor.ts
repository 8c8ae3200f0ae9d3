import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AuditRunsRepository } from '@app/audit-runs';
import { DomainError } from '@app/domain';
import {
  AUDIT_CONTROL_QUEUE,
  AUDIT_FINALIZE_JOB,
  AUDIT_PARTITIONS_QUEUE,
  assertAuditPartitionJob,
  auditFinalizeJobId,
  type AuditFinalizeJob,
  type AuditPartitionJob,
  startConsumer,
} from '@app/queue';
import { AuditConfig } from '../config/audit.config';
import { AuditMetrics } from '../metrics/audit-metrics';
import { RunFinalizerRepository } from '../finalize/run-finalizer.repository';
import { PartitionAuditRepository } from './partition-audit.repository';
import { PartitionStatisticsRepository } from './partition-statistics.repository';

/**
 * Consumes partition jobs, AUDIT_CONCURRENCY at a time. bull delivers at least once and
 * hands a dead worker's job to another; a partition job replaces its own output, so both
 * are harmless. The job that completes a run's last partition enqueues its finalisation.
 */
@Injectable()
export class PartitionProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(PartitionProcessor.name);

  constructor(
    private readonly config: AuditConfig,
    private readonly runs: AuditRunsRepository,
    private readonly partitions: PartitionAuditRepository,
    private readonly statistics: PartitionStatisticsRepository,
    private readonly finalizer: RunFinalizerRepository,
    private readonly metrics: AuditMetrics,
    @InjectQueue(AUDIT_PARTITIONS_QUEUE) private readonly queue: Queue<AuditPartitionJob>,
    @InjectQueue(AUDIT_CONTROL_QUEUE) private readonly control: Queue<AuditFinalizeJob>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.AUDIT_CONCURRENCY === 0) return;
    await startConsumer(this.queue, this.logger, () =>
      this.queue.process(this.config.AUDIT_CONCURRENCY, (job) => this.process(job)),
    );
    this.queue.on('failed', (job: Job<AuditPartitionJob>, err: Error) => void this.failed(job, err));
  }

  async process(job: Job<AuditPartitionJob>): Promise<void> {
    const { runId, partition, requestId } = assertAuditPartitionJob(job.data);
    const run = await this.runs.find(runId);
    if (!run) return;
    await this.partitions.markRunning(runId);
    const stop = this.metrics.partitionTimer();
    await this.statistics.refreshIfStale(partition);
    const outcome = await this.partitions.audit(run, partition);
    if (outcome.kind === 'skipped') {
      if (outcome.status === 'finalizing') await this.enqueueFinalize(runId);
      return;
    }
    stop();
    this.logger.log(
      { runId, partition, requestId, attempt: job.attemptsMade + 1, ...outcome.stats },
      'audit partition written',
    );
    if (outcome.readyToFinalize) await this.enqueueFinalize(runId);
  }

  private async enqueueFinalize(runId: string): Promise<void> {
    await this.control.add(AUDIT_FINALIZE_JOB, { runId }, { jobId: auditFinalizeJobId(runId) });
  }

  /** After the last attempt the run is marked failed with the reason, never left hanging. */
  private async failed(job: Job<AuditPartitionJob>, err: Error): Promise<void> {
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof DomainError;
    this.logger.error(
      {
        runId: job.data?.runId,
        partition: job.data?.partition,
        attempt: job.attemptsMade,
        final,
        err: err.message,
      },
      'audit partition job failed',
    );
    if (final && typeof job.data?.runId === 'string') {
      await this.finalizer.fail(job.data.runId, `partition ${job.data.partition}: ${err.message}`);
    }
  }
}
