import { getQueueToken } from '@nestjs/bull';
import { INestApplication } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { AuditRunsRepository } from '@app/audit-runs';
import { nightlyPeriods, nightlyTriggerKey, DEFAULT_AUDIT_PARAMETERS } from '@app/domain';
import { AUDIT_CONTROL_QUEUE, AUDIT_NIGHTLY_JOB } from '@app/queue';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { NightlyAuditService } from '../../apps/audit/src/nightly/nightly-audit.service';
import { createTestApp, fileSettings } from '@app/testing';

/**
 * This file's settings (fileSettings): its own bull prefix, so
 * its repeatable job and triggers are seen by no other file; the in-process audit app
 * registers the nightly schedule and consumes the queues.
 */
const SETTINGS = fileSettings('nightly', {
  AUDIT_CONCURRENCY: '2',
  AUDIT_NIGHTLY: '1',
});

/**
 * Acceptance: the nightly schedule is one bull repeatable job however often workers start,
 * and triggering the nightly job twice for a period runs it once (database guard).
 */
const WAIT_MS = 90_000;

describe('nightly audit', () => {
  let app: INestApplication;
  let db: DataSource;
  let control: Queue;
  let nightly: NightlyAuditService;

  beforeAll(async () => {
    app = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = app.get(DataSource);
    control = app.get<Queue>(getQueueToken(AUDIT_CONTROL_QUEUE));
    nightly = app.get(NightlyAuditService);
  });

  afterAll(async () => {
    // Let started runs finish before the worker goes away.
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const [{ n }] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit.runs WHERE status IN ('queued', 'running', 'finalizing')`,
      );
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await app.close();
  }, WAIT_MS + 10_000);

  const nightlySchedules = async () =>
    (await control.getRepeatableJobs()).filter((j) => j.name === AUDIT_NIGHTLY_JOB);

  it('is registered once, at 02:00 Beijing time, however often a worker starts', async () => {
    await nightly.schedule();
    await nightly.schedule();
    const second = await createTestApp(AuditAppModule.forRoot(SETTINGS)); // another worker process starting
    await second.close();
    const schedules = await nightlySchedules();
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ cron: '0 2 * * *', tz: 'Asia/Shanghai' });
  });

  it('replaces a schedule whose cron changed', async () => {
    await control.add(
      AUDIT_NIGHTLY_JOB,
      {},
      { repeat: { cron: '30 3 * * *', tz: 'Asia/Shanghai' }, jobId: 'audit-nightly' },
    );
    expect(await nightlySchedules()).toHaveLength(2);
    await nightly.schedule();
    const schedules = await nightlySchedules();
    expect(schedules.map((s) => s.cron)).toEqual(['0 2 * * *']);
  });

  it(
    'triggered twice for a night, runs once per period: the current and the previous',
    async () => {
      const now = new Date();
      const first = await control.add(AUDIT_NIGHTLY_JOB, {}, { jobId: 'manual-trigger-1' });
      const second = await control.add(AUDIT_NIGHTLY_JOB, {}, { jobId: 'manual-trigger-2' });
      await Promise.all([first.finished(), second.finished()]);
      // And twice more at once, bypassing the queue.
      const again = await Promise.all([nightly.trigger(now), nightly.trigger(now)]);
      expect(again.flat()).toEqual([]);

      const periods = nightlyPeriods(now);
      const rows: { period: string; triggerKey: string }[] = await db.query(
        // Other files share the database (and start nightly runs of their own periods).
        `SELECT period, trigger_key AS "triggerKey" FROM audit.runs
          WHERE kind = 'nightly' AND period = ANY ($1) ORDER BY period DESC`,
        [periods],
      );
      expect(rows).toEqual(periods.map((p) => ({ period: p, triggerKey: nightlyTriggerKey(now, p) })));
    },
    WAIT_MS,
  );

  it('refuses a second nightly run of a period while one is in flight, whatever the night', async () => {
    const runs = app.get(AuditRunsRepository);
    const nightlyRun = (triggerKey: string) =>
      runs.create({
        scope: { period: '2014-03' },
        kind: 'nightly',
        ruleVersion: 1,
        parameters: DEFAULT_AUDIT_PARAMETERS,
        partitions: 16,
        triggerKey,
      });
    const queued = await nightlyRun('nightly:2014-04-01:2014-03');
    expect(queued).not.toBeNull();
    expect(await nightlyRun('nightly:2014-04-02:2014-03')).toBeNull();
    // Not enqueued: close it so that nothing waits for it.
    await db.query(`UPDATE audit.runs SET status = 'failed', error = 'test' WHERE id = $1`, [queued!.id]);
    expect(await nightlyRun('nightly:2014-04-02:2014-03')).not.toBeNull();
    await db.query(`UPDATE audit.runs SET status = 'failed', error = 'test' WHERE period = '2014-03'`);
  });
});
