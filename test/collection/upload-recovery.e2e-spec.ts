import { getQueueToken } from '@nestjs/bull';
import { INestApplication } from '@nestjs/common';
import type { Queue } from 'bull';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { UPLOADS_QUEUE } from '@app/queue';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { UploadsRepository } from '../../apps/collection/src/uploads/uploads.repository';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { dropDatabase, migrate } from '../../scripts/migrate';
import { runCli, shown } from '../cli/cli-process';
import {
  CLAIMS_CSV_HEADER,
  createTestApp,
  deleteBullKeys,
  EnrolledTaxpayer,
  enrolledTaxpayer,
  fileSettings,
  issueInvoice,
  ownDatabaseUrl,
  newInvoiceCode,
  newNumberBlock,
  postUpload,
  withWrongCheckCharacter,
  WorkerProcess,
} from '@app/testing';

/**
 * This file's settings (fileSettings), which its worker processes and CLI runs share:
 * - the collection app in the test process only receives files; uploads are processed by
 *   worker child processes that the test starts, kills, and whose Redis keys it deletes;
 * - a database of this file's own (the run's name, suffixed; made and dropped by the file):
 *   the sweeper under test takes every unfinished upload of its database, and must see only
 *   this file's, never another file's left stopped on purpose.
 */
const SETTINGS = fileSettings('upload-recovery', {
  UPLOAD_WORKER: '0',
  DATABASE_URL: ownDatabaseUrl('_recovery'),
});

/**
 * Acceptance: uploads are reconciled from Postgres. An upload whose bull job vanished
 * mid-merge (Redis lost its data; its worker gone) stays `processing` until something gives
 * it a job again: the workers' sweeper, POST /v1/uploads/{id}/resume, or the CLI's
 * `uploads resume`. Each completes it with exactly the rows and counts of an undisturbed
 * upload of the same file. A second job of an upload never runs beside the first.
 *
 * Workers are child processes (test/support/collection-worker.main.ts). "Redis lost its
 * data" is the deletion of every key under this file's bull prefix. To stop a worker in the
 * middle of the merge without depending on timing, the test holds the upload's row lock
 * while it kills the worker (see upload-crash.e2e-spec.ts).
 */
const WORKER_MAIN = join(__dirname, '..', 'support', 'collection-worker.main.ts');
const WORKER_ENV = {
  BULL_PREFIX: SETTINGS.BULL_PREFIX,
  DATABASE_URL: SETTINGS.DATABASE_URL,
  UPLOAD_WORKER: '1',
  UPLOAD_BATCH_ROWS: '500',
  UPLOAD_JOB_LOCK_MS: '2000',
  SEAL_WORKERS: '1',
  LOG_LEVEL: 'warn',
  UPLOAD_SWEEP_INTERVAL_MS: '86400000',
};
const SWEEPING = { UPLOAD_SWEEP_INTERVAL_MS: '1000' };
const ROWS = 20_000;
const TEST_TIMEOUT = 240_000;
/** Bound of every wait (boot, a phase, completion): a hang guard, never a timing assertion. */
const WAIT_MS = 120_000;

interface RowOutcome {
  row: number;
  status: string;
  reason: string | null;
}

describe('uploads reconciled from Postgres', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let db: DataSource;
  let queue: Queue;
  let seller: EnrolledTaxpayer;
  let csv: string;
  let period: string;
  let baseline: { counts: Record<string, unknown>; outcomes: RowOutcome[] };
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    await migrate(SETTINGS.DATABASE_URL);
    issuance = await createTestApp(IssuanceAppModule.forRoot(SETTINGS));
    collection = await createTestApp(CollectionAppModule.forRoot(SETTINGS));
    db = collection.get(DataSource);
    queue = collection.get<Queue>(getQueueToken(UPLOADS_QUEUE));
    seller = await enrolledTaxpayer(issuance);
    const sealSource = await issueInvoice(
      issuance,
      seller,
      await enrolledTaxpayer(issuance, { invoiceCode: null }),
    );
    period = sealSource.issueDate.slice(0, 7);
    csv = claimsFile(sealSource);
  }, WAIT_MS);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
  });

  afterAll(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
    await collection?.close();
    await issuance?.close();
    if (process.env.KEEP_TEST_DB !== '1') await dropDatabase(SETTINGS.DATABASE_URL);
  });

  /**
   * ROWS claims of invoices of a fresh code (unknown to the system, so accepted for any
   * buyer) with refusals spread over the file: forged seals (SEAL_MISMATCH), duplicates,
   * format errors. Every buyer who sends it gets the same outcome row for row.
   */
  function claimsFile(sealSource: Awaited<ReturnType<typeof issueInvoice>>): string {
    const code = newInvoiceCode();
    const number = newNumberBlock();
    const lines = [CLAIMS_CSV_HEADER];
    for (let row = 1; row <= ROWS; row++) {
      const fields = [code, number(row), sealSource.issueDate, seller.taxId, '1000.00', '130.00', '', ''];
      if (row % 997 === 0) [fields[6], fields[7]] = [sealSource.seal.signature, sealSource.seal.contentHash];
      if (row % 1999 === 0) fields[1] = number(row - 1); // the invoice of the row before
      if (row % 2503 === 0) fields[4] = '12.345';
      if (row % 4001 === 0) fields[3] = withWrongCheckCharacter(seller.taxId);
      lines.push(fields.join(','));
    }
    return `${lines.join('\n')}\n`;
  }

  async function buyer(): Promise<EnrolledTaxpayer> {
    return enrolledTaxpayer(issuance, { invoiceCode: null });
  }

  async function post(as: EnrolledTaxpayer): Promise<string> {
    const res = await postUpload(collection, as, { kind: 'claims', period, body: csv }).expect(202);
    expect(res.body).toMatchObject({ status: 'queued', rowsTotal: ROWS, duplicate: false });
    return res.body.uploadId as string;
  }

  async function startWorker(name: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
    const worker = new WorkerProcess(name, WORKER_MAIN, { ...WORKER_ENV, ...env }, WAIT_MS);
    workers.push(worker);
    await worker.ready();
    return worker;
  }

  async function state(id: string): Promise<{ status: string; phase: string | null; mergedThrough: number }> {
    const [row] = await db.query<{ status: string; phase: string | null; mergedThrough: number }[]>(
      `SELECT status, phase, merged_through AS "mergedThrough" FROM collection.uploads WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Polls until `probe` returns a value; the message says where the upload was and what the workers said. */
  async function until<T>(what: string, id: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new Error(
          `gave up waiting for: ${what}\nupload: ${JSON.stringify(await state(id))}\n` +
            workers.map((w) => w.output()).join('\n'),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const completed = (id: string) =>
    until('the upload completes', id, async () => {
      const s = await state(id);
      if (s.status === 'failed') throw new Error(`upload failed: ${JSON.stringify(s)}`);
      return s.status === 'completed' ? s : undefined;
    });

  /** What became of the file: the counts the API reports and every row's outcome. */
  async function result(as: EnrolledTaxpayer, id: string) {
    const res = await request(collection.getHttpServer())
      .get(`/v1/uploads/${id}`)
      .set('Authorization', `Bearer ${as.apiKey}`)
      .expect(200);
    const { status, phase, rowsTotal, rowsAccepted, rowsRejected, progress, error } = res.body as Record<
      string,
      unknown
    >;
    const outcomes = await db.query<RowOutcome[]>(
      `SELECT row_number AS row, status, reason_code AS reason FROM collection.claims WHERE upload_id = $1
       UNION ALL
       SELECT row_number, 'error', code FROM collection.upload_errors WHERE upload_id = $1
       ORDER BY 1, 2`,
      [id],
    );
    return { counts: { status, phase, rowsTotal, rowsAccepted, rowsRejected, progress, error }, outcomes };
  }

  /**
   * An upload stuck as the issue found it: its worker stopped in the middle of the merge
   * (killed while the test holds the upload's row lock, so some batches are committed and
   * others not), and Redis lost the job.
   */
  async function stuckMidMerge(as: EnrolledTaxpayer): Promise<string> {
    const id = await post(as);
    const doomed = await startWorker('doomed');
    await until('the worker commits a first merge batch', id, async () => {
      const s = await state(id);
      if (s.status === 'completed') throw new Error('completed before the kill');
      return s.mergedThrough > 0 ? s : undefined;
    });
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`SELECT 1 FROM collection.uploads WHERE id = $1 FOR UPDATE`, [id]);
      await doomed.kill();
      expect(await deleteBullKeys(SETTINGS.BULL_PREFIX)).toBeGreaterThan(0);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const stuck = await state(id);
    expect(stuck).toMatchObject({ status: 'processing', phase: 'merging' });
    expect(stuck.mergedThrough).toBeGreaterThan(0);
    expect(stuck.mergedThrough).toBeLessThan(ROWS);
    expect(await queue.getJob(id)).toBeNull();
    return id;
  }

  async function expectSameAsBaseline(as: EnrolledTaxpayer, id: string): Promise<void> {
    const got = await result(as, id);
    expect(got.counts).toEqual(baseline.counts);
    expect(got.outcomes).toEqual(baseline.outcomes);
  }

  it(
    'baseline: an undisturbed upload of the file',
    async () => {
      const as = await buyer();
      const id = await post(as);
      await startWorker('steady');
      await completed(id);
      baseline = await result(as, id);
      expect(baseline.counts).toMatchObject({ status: 'completed', rowsTotal: ROWS, error: null });
      // One outcome per row: accepted, rejected evidence, or a format error.
      expect(baseline.outcomes).toHaveLength(ROWS);
      expect(new Set(baseline.outcomes.map((o) => o.reason))).toEqual(
        new Set([null, 'SEAL_MISMATCH', 'DUPLICATE_IN_FILE', 'MONEY_INVALID', 'TAX_ID_INVALID']),
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'the sweeper completes an upload whose job vanished mid-merge, as an undisturbed one',
    async () => {
      const as = await buyer();
      const id = await stuckMidMerge(as);
      await startWorker('sweeping', SWEEPING);
      await completed(id);
      await expectSameAsBaseline(as, id);
    },
    TEST_TIMEOUT,
  );

  it(
    'a second job of an upload does not run while a worker holds it; the sweeper replaces a finished job',
    async () => {
      const as = await buyer();
      const id = await post(as);
      // The test stands in for a worker processing the upload (it holds the processing lock).
      const lock = (await collection.get(UploadsRepository).lockForProcessing(id))!;
      expect(lock).not.toBeNull();
      try {
        await startWorker('second', SWEEPING);
        await until('the worker ends the job of the upload it may not take', id, async () => {
          const job = await queue.getJob(id);
          return job && (await job.getState()) === 'completed' ? job : undefined;
        });
        expect(await state(id)).toEqual({ status: 'queued', phase: null, mergedThrough: 0 });
      } finally {
        await lock.release();
      }
      // Released: the upload has only a finished job, which bull would never run again.
      await completed(id);
      await expectSameAsBaseline(as, id);
    },
    TEST_TIMEOUT,
  );

  it(
    'POST /v1/uploads/{id}/resume completes a stuck upload of its owner, idempotently',
    async () => {
      const as = await buyer();
      const stranger = await buyer();
      const id = await stuckMidMerge(as);
      const resume = (who: EnrolledTaxpayer) =>
        request(collection.getHttpServer())
          .post(`/v1/uploads/${id}/resume`)
          .set('Authorization', `Bearer ${who.apiKey}`);

      expect((await resume(stranger).expect(404)).body).toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
      const first = await resume(as).expect(202);
      expect(first.body).toMatchObject({ uploadId: id, resume: 'requeued', status: 'processing' });
      // Again before any worker runs: the job is there, nothing is added.
      const again = await resume(as).expect(202);
      expect(again.body).toMatchObject({ uploadId: id, resume: 'queued' });
      expect(await queue.getJobCounts()).toMatchObject({ waiting: 1, active: 0 });

      await startWorker('rescuer');
      await completed(id);
      await expectSameAsBaseline(as, id);
      const done = await resume(as).expect(202);
      expect(done.body).toMatchObject({ resume: 'completed', status: 'completed', progress: 100 });
    },
    TEST_TIMEOUT,
  );

  it(
    'npm run cli -- uploads resume ID completes a stuck upload',
    async () => {
      const as = await buyer();
      const id = await stuckMidMerge(as);
      const cli = await runCli(['uploads', 'resume', id], SETTINGS);
      expect({ code: cli.code, stdout: cli.stdout }).toEqual({
        code: 0,
        stdout: expect.stringMatching(new RegExp(`^upload ${id}: requeued \\(processing, merging;`)),
      });
      await startWorker('rescuer');
      await completed(id);
      await expectSameAsBaseline(as, id);

      const unknown = await runCli(['uploads', 'resume', '00000000-0000-4000-8000-000000000000'], SETTINGS);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('error UPLOAD_NOT_FOUND');
      const done = await runCli(['uploads', 'resume', id], SETTINGS);
      expect(done.code).toBe(0);
      expect(done.stdout).toContain(`upload ${id}: completed (completed`);
    },
    TEST_TIMEOUT,
  );

  it(
    'an upload whose staged rows were lost fails with UPLOAD_STAGING_LOST, and a failed upload is final',
    async () => {
      const as = await buyer();
      const id = await post(as);
      // Staging emptied by hand (a crash no longer can: it is logged, ADR 0008).
      await db.query(`DELETE FROM collection.claim_upload_rows WHERE upload_id = $1`, [id]);
      await startWorker('worker');
      await until('the upload fails', id, async () =>
        (await state(id)).status === 'failed' ? true : undefined,
      );
      const status = await request(collection.getHttpServer())
        .get(`/v1/uploads/${id}`)
        .set('Authorization', `Bearer ${as.apiKey}`)
        .expect(200);
      expect(status.body.error).toMatch(/lost: send the file again/);
      expect(await db.query(`SELECT 1 FROM collection.claims WHERE upload_id = $1`, [id])).toEqual([]);

      const resume = await request(collection.getHttpServer())
        .post(`/v1/uploads/${id}/resume`)
        .set('Authorization', `Bearer ${as.apiKey}`)
        .expect(409);
      expect(resume.body).toMatchObject({ code: 'UPLOAD_FAILED' });
      const cli = await runCli(['uploads', 'resume', id], SETTINGS);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('error UPLOAD_FAILED');
      expect(shown(cli)).not.toContain('requeued');
    },
    TEST_TIMEOUT,
  );
});
