import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import type { AuditParameters, AuditScope } from '@app/domain';
import { AUDIT_PARTITIONS_QUEUE, auditPartitionJobId, type AuditPartitionJob } from '@app/queue';
import type { AuditRun, AuditRunKind } from './audit-run';
import { AuditPartitionLayoutRepository } from './audit-partition-layout.repository';
import { AuditRunsRepository } from './audit-runs.repository';
import { ruleSetNotFound, RuleSetsRepository } from './rule-sets.repository';

export interface StartAuditOptions {
  kind: AuditRunKind;
  parameters?: Partial<AuditParameters>;
  /**
   * False for a trial run (an auditor's what-if with parameters of their own): its counts
   * and per-run findings are reported, but the current findings, roll-ups and assist
   * requests stay those of the official rules. Default true.
   */
  publish?: boolean;
  /**
   * A back-test (never publishes): judge by rule set `ruleSetVersion` (default the active
   * one) and compare with the active version on the same input.
   */
  dryRun?: boolean;
  ruleSetVersion?: number;
  triggerKey?: string;
  requestedBy?: string;
  requestId?: string;
}

/**
 * Starts audit runs: records the run (scope, rules, watermark) and fans it out as one bull
 * job per hash partition. Used by the bureau API (on demand), the audit worker (nightly)
 * and the auditor CLI.
 */
@Injectable()
export class AuditRunLauncherService {
  private readonly logger = new Logger(AuditRunLauncherService.name);

  constructor(
    private readonly runs: AuditRunsRepository,
    private readonly layout: AuditPartitionLayoutRepository,
    private readonly ruleSets: RuleSetsRepository,
    @InjectQueue(AUDIT_PARTITIONS_QUEUE) private readonly queue: Queue<AuditPartitionJob>,
  ) {}

  /**
   * The new run, or null when the database guard refused it (see AuditRunsRepository.create).
   * @throws NotFoundError `RULE_SET_NOT_FOUND` for a back-test of a version that does not exist.
   */
  async start(scope: AuditScope, options: StartAuditOptions): Promise<AuditRun | null> {
    const active = await this.ruleSets.active();
    let judgedBy = active;
    if (options.dryRun && options.ruleSetVersion !== undefined) {
      const candidate = await this.ruleSets.find(options.ruleSetVersion);
      if (!candidate) throw ruleSetNotFound(options.ruleSetVersion);
      judgedBy = candidate;
    }
    const run = await this.runs.create({
      scope,
      kind: options.kind,
      ruleVersion: judgedBy.version,
      parameters: { ...judgedBy.parameters, ...options.parameters },
      ...(options.dryRun ? { baseline: { ruleVersion: active.version, parameters: active.parameters } } : {}),
      partitions: await this.layout.partitions(),
      publishes: options.publish ?? true,
      triggerKey: options.triggerKey,
      requestedBy: options.requestedBy,
      requestId: options.requestId,
    });
    if (!run) return null;
    this.logger.log(
      {
        runId: run.id,
        kind: run.kind,
        period: run.period,
        bureauCode: run.bureauCode,
        requestId: run.requestId,
      },
      'audit run queued',
    );
    try {
      await this.enqueue(run);
    } catch (err) {
      // The run is recorded; the audit worker's sweep enqueues it once Redis answers again.
      this.logger.error(
        { runId: run.id, err: (err as Error).message },
        'audit run recorded but not enqueued',
      );
    }
    return run;
  }

  /**
   * Enqueues the partitions of `run` not yet written. Job ids make this safe to repeat
   * while earlier jobs are still known to bull; a partition job that runs twice anyway
   * replaces its own output.
   */
  async enqueue(run: AuditRun): Promise<number> {
    const done = await this.runs.donePartitions(run.id);
    const jobs = [];
    for (let partition = 0; partition < run.partitionsTotal; partition++) {
      if (done.has(partition)) continue;
      jobs.push({
        data: { runId: run.id, partition, ...(run.requestId ? { requestId: run.requestId } : {}) },
        opts: { jobId: auditPartitionJobId(run.id, partition) },
      });
    }
    if (jobs.length > 0) await this.queue.addBulk(jobs);
    return jobs.length;
  }
}
