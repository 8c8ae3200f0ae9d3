import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { AuditRunLauncherService, type AuditRun } from '@app/audit-runs';
import { nightlyPeriods, nightlyTriggerKey } from '@app/domain';
import { AUDIT_CONTROL_QUEUE, AUDIT_NIGHTLY_JOB } from '@app/queue';
import { AuditConfig } from '../config/audit.config';

/** The bull repeat job's id: one schedule however many workers register it. */
const NIGHTLY_JOB_ID = 'audit-nightly';

/**
 * The nightly cross-audit (DESIGN §7): a bull repeatable job at AUDIT_NIGHTLY_CRON in
 * AUDIT_NIGHTLY_TZ, registered by every audit worker at start and again at every sweep
 * (RunSweeperService), so that a schedule Redis lost comes back — bull keys a repeatable job by
 * name, id, cron and time zone, and the next trigger's job id by the key and its time, so
 * registering it again changes nothing; a stale schedule (the cron was changed) is removed. Each trigger starts one run per period,
 * the current and the previous; the database refuses a second run for the same night
 * and period, and a second nightly run of a period while one is in flight.
 */
@Injectable()
export class NightlyAuditService implements OnApplicationBootstrap {
  private readonly logger = new Logger(NightlyAuditService.name);

  constructor(
    private readonly config: AuditConfig,
    private readonly launcher: AuditRunLauncherService,
    @InjectQueue(AUDIT_CONTROL_QUEUE) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.AUDIT_NIGHTLY === 1) await this.schedule();
  }

  /** Registers the repeatable job (idempotent) and removes schedules that differ from the config. */
  async schedule(): Promise<void> {
    const { AUDIT_NIGHTLY_CRON: cron, AUDIT_NIGHTLY_TZ: tz } = this.config;
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === AUDIT_NIGHTLY_JOB && (job.cron !== cron || job.tz !== tz)) {
        await this.queue.removeRepeatableByKey(job.key);
        this.logger.log({ cron: job.cron, tz: job.tz }, 'stale nightly audit schedule removed');
      }
    }
    await this.queue.add(AUDIT_NIGHTLY_JOB, {}, { repeat: { cron, tz }, jobId: NIGHTLY_JOB_ID });
  }

  /** Starts the night's runs; returns those created (none when this night already ran). */
  async trigger(now: Date): Promise<AuditRun[]> {
    const tz = this.config.AUDIT_NIGHTLY_TZ;
    const started: AuditRun[] = [];
    for (const period of nightlyPeriods(now, tz)) {
      const run = await this.launcher.start(
        { period },
        {
          kind: 'nightly',
          triggerKey: nightlyTriggerKey(now, period, tz),
          parameters: {
            declarationTolerance: this.config.AUDIT_DECLARATION_TOLERANCE,
            assistDueDays: this.config.AUDIT_ASSIST_DUE_DAYS,
          },
        },
      );
      if (run) started.push(run);
      else this.logger.log({ period }, 'nightly audit already triggered or in flight: not started again');
    }
    return started;
  }
}
