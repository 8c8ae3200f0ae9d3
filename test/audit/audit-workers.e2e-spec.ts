import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditRunLauncherService, AuditRunsRepository, type AuditRun } from '@app/audit-runs';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { runFindings, syntheticPeriod } from '../factories/audit-scenario.factory';
import { AuditProbe } from '../factories/audit.probe';
import { createTestApp, fileSettings, WorkerProcess } from '@app/testing';

/**
 * This file's settings (fileSettings): the audit app in the test process only starts runs
 * (no consumers, no schedule); the queues, on this file's bull prefix, are consumed by the
 * child processes that the test starts and kills (WORKER_ENV).
 */
const SETTINGS = fileSettings('audit-workers', {
  AUDIT_CONCURRENCY: '0',
  AUDIT_NIGHTLY: '0',
});

/**
 * Acceptance: the findings of a run do not depend on how many audit workers take its
 * partition jobs, nor on a worker dying in the middle of a run.
 *
 * Workers are child processes (test/support/audit-worker.main.ts) sharing Postgres and
 * Redis with this process, which only starts runs. A killed worker's job is handed to
 * another after AUDIT_JOB_LOCK_MS (bull's stalled-job check); its open transaction is
 * rolled back by Postgres when the connection dies.
 */
const WORKER_MAIN = join(__dirname, '..', 'support', 'audit-worker.main.ts');
const WORKER_ENV = {
  BULL_PREFIX: SETTINGS.BULL_PREFIX,
  AUDIT_CONCURRENCY: '1',
  AUDIT_JOB_LOCK_MS: '2000',
  AUDIT_NIGHTLY: '0',
  LOG_LEVEL: 'warn',
};
const PERIOD = '2016-02';
const PER_SELLER = 4000;
const WAIT_MS = 150_000;

describe('audit workers', () => {
  let app: INestApplication;
  let db: DataSource;
  let launcher: AuditRunLauncherService;
  let runs: AuditRunsRepository;
  const workers: WorkerProcess[] = [];
  let baseline: { run: AuditRun; findings: string[] };

  beforeAll(async () => {
    app = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = app.get(DataSource);
    launcher = app.get(AuditRunLauncherService);
    runs = app.get(AuditRunsRepository);
    await syntheticPeriod(db, PERIOD, PER_SELLER);
  }, WAIT_MS);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
  });

  afterAll(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
    await app.close();
  });

  async function startWorker(name: string): Promise<WorkerProcess> {
    const worker = new WorkerProcess(name, WORKER_MAIN, WORKER_ENV, WAIT_MS);
    workers.push(worker);
    await worker.ready();
    return worker;
  }

  async function startRun(): Promise<AuditRun> {
    const run = await launcher.start({ period: PERIOD }, { kind: 'on_demand' });
    if (!run) throw new Error('run refused');
    return run;
  }

  async function completed(runId: string): Promise<AuditRun> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const run = (await runs.find(runId))!;
      if (run.status === 'completed') return run;
      if (run.status === 'failed') throw new Error(`run failed: ${run.error}`);
      if (Date.now() > deadline) {
        throw new Error(
          `run ${run.status} after ${WAIT_MS} ms\n${workers.map((w) => w.output()).join('\n')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it(
    'one worker: every partition written once, findings of every synthetic fault',
    async () => {
      await startWorker('single');
      const run = await completed((await startRun()).id);
      const [partitions] = await db.query<{ n: number; attempts: number }[]>(
        `SELECT count(*)::int AS n, max(attempts)::int AS attempts FROM audit.run_partitions WHERE run_id = $1`,
        [run.id],
      );
      expect(partitions).toEqual({ n: run.partitionsTotal, attempts: 1 });
      expect(run.partitionsDone).toBe(run.partitionsTotal);
      // The factory's residues: every 10th copy unclaimed, claims of allocated numbers
      // without a copy, claims of numbers never allocated.
      expect(run.counts).toMatchObject({
        UNCLAIMED: 2 * (PER_SELLER / 10),
        MISSING_SELLER_COPY: 2 * (PER_SELLER / 50 + 1),
        FORGED: 2 * (PER_SELLER / 100 + 1),
      });
      expect(run.counts!.OVERSTATED_CLAIM).toBeGreaterThan(0);
      expect(run.counts!.FIELD_MISMATCH).toBeGreaterThan(0);
      expect(run.counts!.MATCHED).toBeGreaterThan(0);
      // The merges' changes, as the partition jobs recorded them: every finding appeared.
      const probe = new AuditProbe(db);
      const changes = await probe.partitionChanges(run.id);
      expect(changes.appeared).toBeGreaterThan(0);
      expect(changes).toEqual(await probe.partitionEventCounts(run.id));
      baseline = { run, findings: await runFindings(db, run.id) };
    },
    WAIT_MS,
  );

  it(
    'two workers find exactly what one found',
    async () => {
      await Promise.all([startWorker('a'), startWorker('b')]);
      const run = await completed((await startRun()).id);
      expect(run.partitionsDone).toBe(run.partitionsTotal);
      expect(run.counts).toEqual(baseline.run.counts);
      expect(await runFindings(db, run.id)).toEqual(baseline.findings);
    },
    WAIT_MS,
  );

  it(
    'a worker killed in the middle of a run: another finishes it with the same findings',
    async () => {
      const doomed = await startWorker('doomed');
      const started = await startRun();
      // Kill as soon as some partitions are written and others are not.
      const deadline = Date.now() + WAIT_MS;
      while ((await runs.find(started.id))!.partitionsDone < 2) {
        if (Date.now() > deadline) throw new Error(`no progress\n${doomed.output()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await doomed.kill();
      const atKill = (await runs.find(started.id))!;
      expect(atKill.partitionsDone).toBeLessThan(started.partitionsTotal);
      expect(atKill.status).toBe('running');

      await startWorker('rescuer');
      const run = await completed(started.id);
      expect(run.partitionsDone).toBe(run.partitionsTotal);
      expect(run.counts).toEqual(baseline.run.counts);
      // Retried partitions add up their merges' changes as their events do.
      const probe = new AuditProbe(db);
      expect(await probe.partitionChanges(run.id)).toEqual(await probe.partitionEventCounts(run.id));
      expect(await runFindings(db, run.id)).toEqual(baseline.findings);
    },
    WAIT_MS,
  );
});
