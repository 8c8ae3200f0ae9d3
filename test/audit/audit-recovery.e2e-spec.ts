import { getQueueToken } from '@nestjs/bull';
import { INestApplication } from '@nestjs/common';
import Bull, { type Queue } from 'bull';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditRunLauncherService, AuditRunsRepository, type AuditRun } from '@app/audit-runs';
import { AUDIT_CONTROL_QUEUE, AUDIT_NIGHTLY_JOB, AUDIT_PARTITIONS_QUEUE } from '@app/queue';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { dropDatabase, migrate } from '../../scripts/migrate';
import { runFindings, syntheticPeriod } from '../factories/audit-scenario.factory';
import { createTestApp, deleteBullKeys, fileSettings, ownDatabaseUrl, WorkerProcess } from '@app/testing';

/**
 * This file's settings (fileSettings):
 * - the audit app in the test process only starts runs and reads the queues (no consumers,
 *   no schedule); worker child processes consume them and sweep (WORKER_ENV);
 * - a database of this file's own (made and dropped by the file): the sweeper under test
 *   takes every unfinished run of its database, and must see only this file's.
 */
const SETTINGS = fileSettings('audit-recovery', {
  AUDIT_CONCURRENCY: '0',
  AUDIT_NIGHTLY: '0',
  DATABASE_URL: ownDatabaseUrl('_audit_recovery'),
});

/**
 * Acceptance: audit runs and the nightly schedule are reconciled from Postgres. A run whose
 * partition jobs vanished (Redis lost its data mid-run), whose jobs failed without the
 * failure being recorded, or whose finalisation job vanished, is completed by the workers'
 * sweep with the findings of an undisturbed run, and partitions written before are not run
 * again. The nightly schedule comes back after Redis lost it: one, however many workers.
 *
 * Workers are child processes (test/support/audit-worker.main.ts); "Redis lost its data" is
 * the deletion of every key under this file's bull prefix.
 */
const WORKER_MAIN = join(__dirname, '..', 'support', 'audit-worker.main.ts');
const WORKER_ENV = {
  BULL_PREFIX: SETTINGS.BULL_PREFIX,
  DATABASE_URL: SETTINGS.DATABASE_URL,
  AUDIT_CONCURRENCY: '1',
  AUDIT_JOB_LOCK_MS: '2000',
  AUDIT_NIGHTLY: '0',
  AUDIT_SWEEP_INTERVAL_MS: '86400000',
  LOG_LEVEL: 'warn',
};
const SWEEPING = { AUDIT_SWEEP_INTERVAL_MS: '1000' };
const PERIOD = '2016-05';
const PER_SELLER = 4000;
/** Bound of every wait: a hang guard, never a timing assertion. */
const WAIT_MS = 150_000;

describe('audit runs and the nightly schedule reconciled from Postgres', () => {
  let app: INestApplication;
  let db: DataSource;
  let launcher: AuditRunLauncherService;
  let runs: AuditRunsRepository;
  let control: Queue;
  const workers: WorkerProcess[] = [];
  let baseline: { run: AuditRun; findings: string[] };

  beforeAll(async () => {
    await migrate(SETTINGS.DATABASE_URL);
    app = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = app.get(DataSource);
    launcher = app.get(AuditRunLauncherService);
    runs = app.get(AuditRunsRepository);
    control = app.get<Queue>(getQueueToken(AUDIT_CONTROL_QUEUE));
    await syntheticPeriod(db, PERIOD, PER_SELLER);
  }, WAIT_MS);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
  });

  afterAll(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
    await app?.close();
    if (process.env.KEEP_TEST_DB !== '1') await dropDatabase(SETTINGS.DATABASE_URL);
  });

  async function startWorker(name: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
    const worker = new WorkerProcess(name, WORKER_MAIN, { ...WORKER_ENV, ...env }, WAIT_MS);
    workers.push(worker);
    await worker.ready();
    return worker;
  }

  async function startRun(): Promise<AuditRun> {
    const run = await launcher.start({ period: PERIOD }, { kind: 'on_demand' });
    if (!run) throw new Error('run refused');
    return run;
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new Error(`gave up waiting for: ${what}\n${workers.map((w) => w.output()).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const completed = (runId: string): Promise<AuditRun> =>
    until(`run ${runId} completes`, async () => {
      const run = (await runs.find(runId))!;
      if (run.status === 'failed') throw new Error(`run failed: ${run.error}`);
      return run.status === 'completed' ? run : undefined;
    });

  /** Each written partition with when it was written and how often. */
  const partitionLedger = (runId: string) =>
    db.query<{ partition: number; attempts: number; finishedAt: Date }[]>(
      `SELECT partition, attempts, finished_at AS "finishedAt" FROM audit.run_partitions WHERE run_id = $1 ORDER BY partition`,
      [runId],
    );

  async function expectSameAsBaseline(run: AuditRun): Promise<void> {
    expect(run.partitionsDone).toBe(run.partitionsTotal);
    expect(run.counts).toEqual(baseline.run.counts);
    expect(await runFindings(db, run.id)).toEqual(baseline.findings);
    // Every partition written once: none of them ran twice.
    expect((await partitionLedger(run.id)).map((p) => p.attempts)).toEqual(
      Array.from({ length: run.partitionsTotal }, () => 1),
    );
  }

  it(
    'baseline: an undisturbed run',
    async () => {
      await startWorker('steady');
      const run = await completed((await startRun()).id);
      baseline = { run, findings: await runFindings(db, run.id) };
      expect(baseline.findings.length).toBeGreaterThan(0);
    },
    WAIT_MS,
  );

  it(
    'a run whose partition jobs vanished mid-run is completed by the sweep; written partitions are not redone',
    async () => {
      const doomed = await startWorker('doomed');
      const started = await startRun();
      await until('some partitions are written', async () =>
        (await runs.find(started.id))!.partitionsDone >= 2 ? true : undefined,
      );
      await doomed.kill();
      expect(await deleteBullKeys(SETTINGS.BULL_PREFIX)).toBeGreaterThan(0);
      const atLoss = (await runs.find(started.id))!;
      expect(atLoss.status).toBe('running');
      expect(atLoss.partitionsDone).toBeLessThan(atLoss.partitionsTotal);
      const writtenBefore = await partitionLedger(started.id);

      await startWorker('sweeping', SWEEPING);
      const run = await completed(started.id);
      await expectSameAsBaseline(run);
      const ledger = new Map((await partitionLedger(run.id)).map((p) => [p.partition, p]));
      for (const before of writtenBefore) expect(ledger.get(before.partition)).toEqual(before);
    },
    WAIT_MS,
  );

  it(
    'a run whose partition jobs failed without the failure being recorded is run again by the sweep',
    async () => {
      const started = await startRun();
      // A consumer that fails every partition job for good and records nothing: what a
      // worker does when Postgres is away long enough for the jobs to use up their attempts
      // and for the failure itself not to be written. Bull then holds failed jobs of a run
      // that Postgres still has as queued.
      const failing = new Bull(AUDIT_PARTITIONS_QUEUE, process.env.REDIS_URL!, {
        prefix: SETTINGS.BULL_PREFIX,
      });
      try {
        void failing.process(async (job) => {
          await job.discard();
          throw new Error('Postgres unreachable (simulated)');
        });
        await until('every partition job has failed', async () =>
          (await failing.getJobCounts()).failed === started.partitionsTotal ? true : undefined,
        );
      } finally {
        await failing.close();
      }
      expect((await runs.find(started.id))!.status).toBe('queued');

      await startWorker('sweeping', SWEEPING);
      await expectSameAsBaseline(await completed(started.id));
    },
    WAIT_MS,
  );

  it(
    'a run whose finalisation job vanished is finalised by the sweep',
    async () => {
      // The control queue paused: the finalisation waits in it, unprocessed.
      await control.pause();
      await startWorker('doomed');
      const started = await startRun();
      await until('the run waits for its finalisation', async () =>
        (await runs.find(started.id))!.status === 'finalizing' ? true : undefined,
      );
      await until('the finalisation is queued', async () =>
        (await control.getPausedCount()) === 1 ? true : undefined,
      );
      await Promise.all(workers.splice(0).map((w) => w.kill()));
      expect(await deleteBullKeys(SETTINGS.BULL_PREFIX)).toBeGreaterThan(0); // the pause went with it
      expect((await runs.find(started.id))!.status).toBe('finalizing');

      await startWorker('sweeping', SWEEPING);
      await expectSameAsBaseline(await completed(started.id));
    },
    WAIT_MS,
  );

  it(
    'the nightly schedule comes back after Redis lost it: one schedule, however many workers',
    async () => {
      const nightly = { AUDIT_NIGHTLY: '1', AUDIT_CONCURRENCY: '0', ...SWEEPING };
      await Promise.all([startWorker('scheduler-a', nightly), startWorker('scheduler-b', nightly)]);
      const schedules = async () =>
        (await control.getRepeatableJobs()).filter((j) => j.name === AUDIT_NIGHTLY_JOB);
      const nextTrigger = async () =>
        (await control.getDelayed()).filter((j) => j.name === AUDIT_NIGHTLY_JOB);
      expect(await schedules()).toHaveLength(1);

      await deleteBullKeys(SETTINGS.BULL_PREFIX);
      expect(await schedules()).toEqual([]);
      expect(await nextTrigger()).toEqual([]);

      const back = await until('the schedule is registered again', async () => {
        const found = await schedules();
        return found.length > 0 && (await nextTrigger()).length > 0 ? found : undefined;
      });
      // Both workers re-register it, every second: still one schedule and one next trigger.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await schedules()).toEqual(back);
      expect(back).toEqual([expect.objectContaining({ cron: '0 2 * * *', tz: 'Asia/Shanghai' })]);
      expect(await nextTrigger()).toHaveLength(1);
    },
    WAIT_MS,
  );
});
