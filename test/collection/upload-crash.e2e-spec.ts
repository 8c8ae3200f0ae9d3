import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { CollectionConfig } from '../../apps/collection/src/config/collection.config';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  createTestApp,
  EnrolledTaxpayer,
  enrolledTaxpayer,
  fileSettings,
  invoiceBody,
  newInvoiceCode,
  newNumberBlock,
  withWrongCheckCharacter,
  WorkerProcess,
} from '@app/testing';

/**
 * This file's settings (fileSettings): the collection app in the test process only receives
 * uploads; the queue, on this file's bull prefix, is consumed by child processes that the
 * test starts and kills (WORKER_ENV).
 */
const SETTINGS = fileSettings('upload-crash', {
  UPLOAD_WORKER: '0',
});

/**
 * Acceptance: an upload whose worker is killed halfway completes after a restart, and no
 * row is lost or doubled.
 *
 * The HTTP side runs here and only receives files; the queue is consumed by collection
 * workers in child processes (test/support/collection-worker.main.ts), killed with SIGKILL.
 * To kill "halfway" without depending on timing, the test holds the upload's row lock
 * (SELECT … FOR UPDATE) around the kill: the worker cannot commit a merge batch, move to
 * the next phase or complete while it is held, so the state read under the lock is
 * exactly where the killed worker stopped — usually with batch transactions of its still
 * open, which must then roll back.
 *
 * What is checked depends only on the documented contract, not on how the worker tracks
 * its progress: every row ends up stored once with the right outcome, counts and error
 * report are exact, and a batch of UPLOAD_BATCH_ROWS rows is stored whole or not at all.
 */

const WORKER_MAIN = join(__dirname, '..', 'support', 'collection-worker.main.ts');
/** Small batches so that a file has many; a short lock so a dead worker's job is re-delivered quickly. */
const BATCH_ROWS = 500;
const WORKER_ENV = {
  BULL_PREFIX: SETTINGS.BULL_PREFIX,
  UPLOAD_WORKER: '1',
  UPLOAD_BATCH_ROWS: String(BATCH_ROWS),
  UPLOAD_JOB_LOCK_MS: '2000',
  SEAL_WORKERS: '1',
  LOG_LEVEL: 'warn',
};
const TEST_TIMEOUT = 240_000;
/** Bound of every wait for a worker (boot, a phase, completion). Generous: never a timing assertion. */
const WAIT_MS = 120_000;
const HEADER =
  'invoice_code,invoice_number,issue_date,seller_tax_id,amount,tax_amount,signature,content_hash';

interface IssuedInvoice {
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  sellerTaxId: string;
  amount: string;
  taxAmount: string;
  seal: { signature: string; contentHash: string };
}

/** What must become of one row of the file. */
type Outcome =
  | { status: 'accepted'; sealVerified: boolean }
  /** Judged and kept in collection.claims as rejected evidence. */
  | { status: 'rejected'; code: string }
  /** A format error: in collection.upload_errors only, never a claim. */
  | { status: 'error'; code: string };

type RowPlan =
  | { kind: 'genuine'; invoice: IssuedInvoice }
  /** A real invoice with its amount raised: the seal no longer matches. */
  | { kind: 'tampered'; invoice: IssuedInvoice }
  /** A new invoice number carrying the seal of another invoice. */
  | { kind: 'forged' }
  | { kind: 'unsealed' }
  /** The same invoice as an earlier row (copied line). */
  | { kind: 'duplicate'; of: number }
  | { kind: 'badAmount'; amount: string }
  | { kind: 'badDate' }
  | { kind: 'badNumber' }
  | { kind: 'badSellerId' }
  /** A signature without its content hash. */
  | { kind: 'sealIncomplete' };

interface ClaimsFile {
  csv: string;
  rows: number;
  /** Row number → expected outcome, for every row of the file. */
  outcomes: Map<number, Outcome>;
  /** Rows whose seal the worker verifies, with the verdict it must store. */
  sealVerdicts: Map<number, 'OK' | 'SEAL_MISMATCH'>;
}

interface UploadState {
  status: string;
  phase: string | null;
  mergedThrough: number;
}

interface StoredClaim {
  row: number;
  id: string;
  status: string;
  reason: string | null;
  sealVerified: boolean;
}

describe('bulk upload whose worker is killed halfway', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let db: DataSource;
  let seller: EnrolledTaxpayer;
  let buyer: EnrolledTaxpayer;
  let invoices: IssuedInvoice[];
  let period: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    issuance = await createTestApp(IssuanceAppModule.forRoot(SETTINGS));
    collection = await createTestApp(CollectionAppModule.forRoot(SETTINGS));
    const config = collection.get(CollectionConfig);
    // The env module must have been loaded before the app module: otherwise the app in
    // this process would consume the queue itself and the test would prove nothing.
    if (config.UPLOAD_WORKER !== 0 || !config.BULL_PREFIX.endsWith(':upload-crash')) {
      throw new Error(
        `the collection app in the test process must not consume this file's queue: ${JSON.stringify(config)}`,
      );
    }
    db = collection.get(DataSource);
    [seller, buyer] = await Promise.all([
      enrolledTaxpayer(issuance, { rangeSize: 1000 }),
      enrolledTaxpayer(issuance, { invoiceCode: null }),
    ]);
    invoices = await issueInvoices(410);
    period = invoices[0].issueDate.slice(0, 7);
  }, WAIT_MS);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
  });

  afterAll(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
    await collection?.close();
    await issuance?.close();
  });

  async function issueInvoices(count: number): Promise<IssuedInvoice[]> {
    const issued: IssuedInvoice[] = [];
    while (issued.length < count) {
      const n = Math.min(8, count - issued.length);
      const bodies = await Promise.all(
        Array.from({ length: n }, async () => {
          const res = await request(issuance.getHttpServer())
            .post('/v1/invoices')
            .set('Authorization', `Bearer ${seller.apiKey}`)
            .send(invoiceBody(buyer))
            .expect(201);
          return res.body as IssuedInvoice;
        }),
      );
      issued.push(...bodies);
    }
    return issued;
  }

  /** Builds the file and, independently of the app, what must become of each row. */
  function claimsFile(rows: number, planOf: (row: number) => RowPlan): ClaimsFile {
    const code = newInvoiceCode();
    const number = newNumberBlock();
    const issueDate = invoices[0].issueDate;
    const forgerySource = invoices[invoices.length - 1].seal;
    const lines = [HEADER];
    const outcomes = new Map<number, Outcome>();
    const sealVerdicts = new Map<number, 'OK' | 'SEAL_MISMATCH'>();
    const sealed = (inv: IssuedInvoice, amount = inv.amount): string[] => [
      inv.invoiceCode,
      inv.invoiceNumber,
      inv.issueDate,
      inv.sellerTaxId,
      amount,
      inv.taxAmount,
      inv.seal.signature,
      inv.seal.contentHash,
    ];
    for (let row = 1; row <= rows; row++) {
      const plan = planOf(row);
      // A fresh invoice of a code and number block no other test uses: its seller copy is
      // unknown, so a claim without a seal is accepted (the cross-audit judges it later).
      const fields = [code, number(row), issueDate, seller.taxId, '1000.00', '130.00', '', ''];
      let outcome: Outcome;
      switch (plan.kind) {
        case 'genuine':
          fields.splice(0, 8, ...sealed(plan.invoice));
          outcome = { status: 'accepted', sealVerified: true };
          sealVerdicts.set(row, 'OK');
          break;
        case 'tampered':
          fields.splice(0, 8, ...sealed(plan.invoice, '99999.00'));
          outcome = { status: 'rejected', code: 'SEAL_MISMATCH' };
          sealVerdicts.set(row, 'SEAL_MISMATCH');
          break;
        case 'forged':
          fields[6] = forgerySource.signature;
          fields[7] = forgerySource.contentHash;
          outcome = { status: 'rejected', code: 'SEAL_MISMATCH' };
          sealVerdicts.set(row, 'SEAL_MISMATCH');
          break;
        case 'unsealed':
          outcome = { status: 'accepted', sealVerified: false };
          break;
        case 'duplicate': {
          const first = outcomes.get(plan.of);
          if (plan.of >= row || !first || first.status === 'error') throw new Error(`bad plan: row ${row}`);
          fields.splice(0, 8, ...lines[plan.of].split(','));
          outcome = { status: 'rejected', code: 'DUPLICATE_IN_FILE' };
          break;
        }
        case 'badAmount':
          fields[4] = plan.amount;
          outcome = { status: 'error', code: 'MONEY_INVALID' };
          break;
        case 'badDate':
          fields[2] = `${issueDate.slice(0, 4)}-02-30`;
          outcome = { status: 'error', code: 'DATE_INVALID' };
          break;
        case 'badNumber':
          fields[1] = '00000000';
          outcome = { status: 'error', code: 'INVOICE_NUMBER_INVALID' };
          break;
        case 'badSellerId':
          fields[3] = withWrongCheckCharacter(seller.taxId);
          outcome = { status: 'error', code: 'TAX_ID_INVALID' };
          break;
        case 'sealIncomplete':
          fields[6] = forgerySource.signature;
          outcome = { status: 'error', code: 'SEAL_INCOMPLETE' };
          break;
      }
      lines.push(fields.join(','));
      outcomes.set(row, outcome);
    }
    return { csv: `${lines.join('\n')}\n`, rows, outcomes, sealVerdicts };
  }

  function count(file: ClaimsFile, status: Outcome['status']): number {
    return [...file.outcomes.values()].filter((o) => o.status === status).length;
  }

  async function postFile(file: ClaimsFile): Promise<string> {
    const res = await request(collection.getHttpServer())
      .post(`/v1/uploads?kind=claims&period=${period}`)
      .set('Authorization', `Bearer ${buyer.apiKey}`)
      .set('Content-Type', 'text/csv')
      .send(file.csv)
      .expect(202);
    expect(res.body).toMatchObject({ status: 'queued', rowsTotal: file.rows });
    return res.body.uploadId as string;
  }

  async function startWorker(name: string): Promise<WorkerProcess> {
    const worker = new WorkerProcess(name, WORKER_MAIN, WORKER_ENV, WAIT_MS);
    workers.push(worker);
    await worker.ready();
    return worker;
  }

  async function uploadState(id: string): Promise<UploadState> {
    const [row] = await db.query<UploadState[]>(
      `SELECT status, phase, merged_through AS "mergedThrough" FROM collection.uploads WHERE id = $1`,
      [id],
    );
    return row;
  }

  async function httpStatus(id: string): Promise<Record<string, unknown>> {
    const res = await request(collection.getHttpServer())
      .get(`/v1/uploads/${id}`)
      .set('Authorization', `Bearer ${buyer.apiKey}`)
      .expect(200);
    return res.body as Record<string, unknown>;
  }

  async function storedClaims(id: string): Promise<StoredClaim[]> {
    return db.query<StoredClaim[]>(
      `SELECT row_number AS row, id::text AS id, status, reason_code AS reason, seal_verified AS "sealVerified"
         FROM collection.claims WHERE upload_id = $1 ORDER BY row_number, id`,
      [id],
    );
  }

  /**
   * Polls `probe` until it returns a value; fails early if `worker` dies or the probe
   * throws. On failure the message carries the upload's state and the worker's output.
   */
  async function until<T>(
    what: string,
    worker: WorkerProcess,
    uploadId: string,
    probe: () => Promise<T | undefined>,
    everyMs = 10,
  ): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    const fail = async (why: string): Promise<never> => {
      const state = await uploadState(uploadId).catch((err: Error) => err.message);
      throw new Error(`${why} waiting for: ${what}\nupload: ${JSON.stringify(state)}\n${worker.output()}`);
    };
    for (;;) {
      let value: T | undefined;
      try {
        value = await probe();
      } catch (err) {
        return fail((err as Error).message);
      }
      if (value !== undefined) return value;
      if (worker.exit !== null) return fail(`worker ${worker.name} died`);
      if (Date.now() > deadline) return fail(`gave up after ${WAIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  /**
   * Holds the upload's row lock while `whileLocked` runs (the worker blocks on its next
   * write of the upload row: a batch's cursor, a phase change, completion).
   */
  async function withUploadLocked<T>(
    id: string,
    whileLocked: (state: UploadState) => Promise<T>,
  ): Promise<T> {
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [state] = (await runner.query(
        `SELECT status, phase, merged_through AS "mergedThrough" FROM collection.uploads WHERE id = $1 FOR UPDATE`,
        [id],
      )) as UploadState[];
      const result = await whileLocked(state);
      await runner.commitTransaction();
      return result;
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  async function killed(worker: WorkerProcess): Promise<void> {
    await worker.kill();
    expect(worker.exit).toEqual({ code: null, signal: 'SIGKILL' });
  }

  /**
   * Stored claims against the plan: none stored twice, none that should not be, each with
   * its outcome, and (unless `partial`, i.e. before the upload completed) none missing.
   */
  function claimProblems(claims: StoredClaim[], file: ClaimsFile, partial = false): string[] {
    const problems: string[] = [];
    const times = new Map<number, number>();
    for (const c of claims) {
      times.set(c.row, (times.get(c.row) ?? 0) + 1);
      const want = file.outcomes.get(c.row);
      const got = `${c.status} ${c.reason ?? ''} sealVerified=${c.sealVerified}`;
      if (want === undefined || want.status === 'error') {
        problems.push(`row ${c.row}: stored (${got}) but should not be`);
      } else if (
        want.status === 'accepted' &&
        (c.status !== 'accepted' || c.sealVerified !== want.sealVerified)
      ) {
        problems.push(`row ${c.row}: ${got}, expected accepted sealVerified=${want.sealVerified}`);
      } else if (want.status === 'rejected' && (c.status !== 'rejected' || c.reason !== want.code)) {
        problems.push(`row ${c.row}: ${got}, expected rejected ${want.code}`);
      }
    }
    for (const [row, n] of times) if (n > 1) problems.push(`row ${row}: stored ${n} times`);
    for (const [row, want] of file.outcomes) {
      if (!partial && want.status !== 'error' && !times.has(row))
        problems.push(`row ${row}: missing (${want.status})`);
    }
    return problems.length === 0
      ? []
      : [`${problems.length} problem(s), the first:`, ...problems.slice(0, 30)];
  }

  /** Batches (rows 1–500, 501–1000, …) of which some claims are stored but not all. */
  function partBatches(claims: StoredClaim[], file: ClaimsFile): string[] {
    const stored = new Set(claims.map((c) => c.row));
    const problems: string[] = [];
    for (let from = 1; from <= file.rows; from += BATCH_ROWS) {
      const to = Math.min(from + BATCH_ROWS - 1, file.rows);
      let expected = 0;
      let found = 0;
      for (let row = from; row <= to; row++) {
        if (file.outcomes.get(row)?.status === 'error') continue;
        expected++;
        if (stored.has(row)) found++;
      }
      if (found !== 0 && found !== expected)
        problems.push(`rows ${from}-${to}: ${found} of ${expected} claims stored`);
    }
    return problems;
  }

  /** The completed upload, checked row by row against the file's plan. */
  async function expectCompletedExactly(id: string, file: ClaimsFile): Promise<StoredClaim[]> {
    const accepted = count(file, 'accepted');
    const evidence = count(file, 'rejected');
    const errors = count(file, 'error');
    expect(await httpStatus(id)).toMatchObject({
      status: 'completed',
      phase: 'completed',
      rowsTotal: file.rows,
      rowsAccepted: accepted,
      rowsRejected: evidence + errors,
      progress: 100,
      error: null,
    });

    const [counts] = await db.query<{ all: number; rows: number }[]>(
      `SELECT count(*)::int AS "all", count(DISTINCT row_number)::int AS rows FROM collection.claims WHERE upload_id = $1`,
      [id],
    );
    expect(counts).toEqual({ all: accepted + evidence, rows: accepted + evidence });
    const claims = await storedClaims(id);
    expect(claimProblems(claims, file)).toEqual([]);

    const report = await request(collection.getHttpServer())
      .get(`/v1/uploads/${id}/errors`)
      .set('Authorization', `Bearer ${buyer.apiKey}`)
      .expect(200);
    const reported = report.text
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(',').slice(0, 2).join(','));
    const refused = [...file.outcomes]
      .filter(([, o]) => o.status !== 'accepted')
      .map(([row, o]) => `${row},${(o as { code: string }).code}`);
    expect(reported).toEqual(refused);
    return claims;
  }

  it(
    'resumes the merge after the worker is killed in the middle of it: every row stored once',
    async () => {
      // 20,000 rows: 200 genuine sealed invoices (every 100th row), unsealed claims, and
      // refused rows on both sides of where the worker is killed.
      const genuine = invoices.slice(0, 200);
      const [t1, t2, t3] = invoices.slice(200, 203);
      const special = new Map<number, RowPlan>([
        [7, { kind: 'badAmount', amount: '12.345' }],
        [333, { kind: 'forged' }],
        [1_234, { kind: 'tampered', invoice: t1 }],
        [2_003, { kind: 'duplicate', of: 2_002 }],
        [5_000, { kind: 'sealIncomplete' }],
        [7_777, { kind: 'forged' }],
        [9_999, { kind: 'badDate' }],
        [10_001, { kind: 'tampered', invoice: t2 }],
        [12_001, { kind: 'duplicate', of: 11_950 }], // a genuine sealed row
        [12_345, { kind: 'badAmount', amount: '0.00' }],
        [14_000, { kind: 'badSellerId' }],
        [15_015, { kind: 'forged' }],
        [19_990, { kind: 'duplicate', of: 3 }],
        [19_999, { kind: 'tampered', invoice: t3 }],
        [20_000, { kind: 'badNumber' }],
      ]);
      const file = claimsFile(
        20_000,
        (row) =>
          special.get(row) ??
          (row % 100 === 50 ? { kind: 'genuine', invoice: genuine[(row - 50) / 100] } : { kind: 'unsealed' }),
      );
      expect([count(file, 'accepted'), count(file, 'rejected'), count(file, 'error')]).toEqual([
        19_985, 9, 6,
      ]);

      const id = await postFile(file);
      const a = await startWorker('A');
      await until('worker A commits a first merge batch', a, id, async () => {
        const s = await uploadState(id);
        if (s.status === 'completed' || s.status === 'failed')
          throw new Error(`upload ${s.status} before the kill`);
        return s.mergedThrough > 0 ? s : undefined;
      });
      const atKill = await withUploadLocked(id, async (state) => {
        await killed(a);
        return state;
      });
      expect(atKill).toMatchObject({ status: 'processing', phase: 'merging' });
      expect(atKill.mergedThrough).toBeGreaterThan(0);
      expect(atKill.mergedThrough).toBeLessThan(file.rows);

      // Dead worker, lock released: the batches it had open are rolled back, those it
      // committed stay — whole, and counted.
      expect(await uploadState(id)).toEqual(atKill);
      const stopped = await httpStatus(id);
      expect(stopped).toMatchObject({ status: 'processing' });
      const beforeRestart = await storedClaims(id);
      expect(claimProblems(beforeRestart, file, true)).toEqual([]);
      expect(partBatches(beforeRestart, file)).toEqual([]);
      expect(beforeRestart.length).toBeGreaterThan(0);
      expect(beforeRestart.length).toBeLessThan(count(file, 'accepted') + count(file, 'rejected'));
      expect(stopped.rowsAccepted).toBe(beforeRestart.filter((c) => c.status === 'accepted').length);

      const b = await startWorker('B');
      await until(
        'worker B completes the upload',
        b,
        id,
        async () => {
          const s = await httpStatus(id);
          if (s.status === 'failed') throw new Error(`upload failed: ${JSON.stringify(s)}`);
          return s.status === 'completed' ? s : undefined;
        },
        100,
      );
      await killed(b);

      const claims = await expectCompletedExactly(id, file);
      // Worker B resumed after the cursor: the claims stored before the kill are the same rows.
      const idOf = new Map(claims.map((c) => [c.row, c.id]));
      expect(beforeRestart.filter((c) => idOf.get(c.row) !== c.id).map((c) => c.row)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'resumes the seal checks after the worker is killed during them: every row stored once',
    async () => {
      // 40,000 rows, ~36,000 of them sealed, so the seal checks take more than one round
      // (the worker stores verdicts per round). Most seals are forged (SEAL_MISMATCH);
      // 200 genuine ones (every 200th row); every 10th row unsealed.
      const genuine = invoices.slice(203, 403);
      const [t1, t2] = invoices.slice(403, 405);
      const special = new Map<number, RowPlan>([
        [7, { kind: 'badAmount', amount: '-1.00' }],
        [1_001, { kind: 'duplicate', of: 1_000 }],
        [3_333, { kind: 'tampered', invoice: t1 }],
        [21_111, { kind: 'tampered', invoice: t2 }],
        [30_001, { kind: 'duplicate', of: 100 }], // a genuine sealed row
        [33_333, { kind: 'badDate' }],
        [39_999, { kind: 'badSellerId' }],
      ]);
      const file = claimsFile(
        40_000,
        (row) =>
          special.get(row) ??
          (row % 200 === 100
            ? { kind: 'genuine', invoice: genuine[(row - 100) / 200] }
            : row % 10 === 0
              ? { kind: 'unsealed' }
              : { kind: 'forged' }),
      );
      expect([count(file, 'accepted'), count(file, 'rejected'), count(file, 'error')]).toEqual([
        4_000, 35_997, 3,
      ]);

      const id = await postFile(file);
      const a = await startWorker('A');
      await until('worker A validates the file', a, id, async () => {
        const s = await uploadState(id);
        if (s.phase !== null && s.phase !== 'validated')
          throw new Error(`the seal phase passed unseen: ${JSON.stringify(s)}`);
        return s.phase === 'validated' ? s : undefined;
      });
      const atKill = await withUploadLocked(id, async (state) => {
        // With the lock held the worker cannot leave the seal phase: wait for its first
        // stored verdicts, then kill it.
        await until('worker A stores seal verdicts', a, id, async () => {
          const [{ n }] = await db.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM collection.upload_seal_checks WHERE upload_id = $1`,
            [id],
          );
          return n > 0 ? n : undefined;
        });
        await killed(a);
        return state;
      });
      expect(atKill).toMatchObject({ status: 'processing', phase: 'validated', mergedThrough: 0 });

      // The verdicts stored before the kill are right; nothing is merged yet.
      expect(await uploadState(id)).toEqual(atKill);
      const verdicts = await db.query<{ row: number; verdict: string }[]>(
        `SELECT row_number AS row, verdict FROM collection.upload_seal_checks WHERE upload_id = $1 ORDER BY row_number`,
        [id],
      );
      expect(verdicts.length).toBeGreaterThan(0);
      expect(verdicts.filter((v) => v.verdict !== file.sealVerdicts.get(v.row))).toEqual([]);
      expect(await storedClaims(id)).toEqual([]);

      const b = await startWorker('B');
      await until(
        'worker B completes the upload',
        b,
        id,
        async () => {
          const s = await httpStatus(id);
          if (s.status === 'failed') throw new Error(`upload failed: ${JSON.stringify(s)}`);
          return s.status === 'completed' ? s : undefined;
        },
        100,
      );
      await killed(b);

      await expectCompletedExactly(id, file);
    },
    TEST_TIMEOUT,
  );
});
