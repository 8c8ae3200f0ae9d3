import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IssueBatcherService } from '../../apps/issuance/src/invoices/issue-batcher.service';
import {
  addInvoiceTrigger,
  dropInvoiceTrigger,
  enrolledTaxpayer,
  EnrolledTaxpayer,
  GUANGDONG_CODES,
  invoiceBody,
  RegistryFactory,
} from '@app/testing';
import { BatchLanes, issuanceAppWithBatches, until } from './issue-batch-helpers';

/**
 * Gap-free numbering (DESIGN §3): consecutive under concurrency, and never consumed by a
 * failure — with one transaction per invoice (ISSUE_BATCH_MAX=1) and with group commit
 * (ADR 0013), where the concurrent requests are made to wait behind busy lanes so that
 * they certainly share transactions.
 */
describe.each([1, 32])('invoice numbering (ISSUE_BATCH_MAX=%i)', (batchMax) => {
  let app: INestApplication;
  let db: DataSource;
  let buyer: EnrolledTaxpayer;
  let lanes: BatchLanes;
  const marker = randomBytes(4).toString('hex');

  beforeAll(async () => {
    app = await issuanceAppWithBatches({ max: batchMax, concurrency: 2 });
    db = app.get(DataSource);
    buyer = await enrolledTaxpayer(app, { invoiceCode: null });
    lanes = await BatchLanes.create(app, buyer);
    // Failure injection *after* validation and numbering: a trigger on the invoice insert.
    await db.query(`
      CREATE FUNCTION issuance.test_fail_${marker}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.buyer_name = 'FAIL-${marker}' THEN RAISE EXCEPTION 'injected failure'; END IF;
        IF NEW.buyer_name = 'CRASH-${marker}' THEN PERFORM pg_sleep(30); END IF;
        RETURN NEW;
      END $$`);
    await addInvoiceTrigger(db, `test_fail_${marker}`, `issuance.test_fail_${marker}`);
  });
  afterAll(async () => {
    await dropInvoiceTrigger(db, `test_fail_${marker}`);
    await db.query(`DROP FUNCTION issuance.test_fail_${marker}()`);
    await app.close();
  });

  const issue = (seller: EnrolledTaxpayer, overrides: Record<string, unknown> = {}) =>
    request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .send(invoiceBody(buyer, overrides));
  const numbersOf = (responses: request.Response[]) =>
    responses.map((r) => Number(r.body.invoiceNumber)).sort((a, b) => a - b);
  const consecutive = (ns: number[]) => ns.every((n, i) => i === 0 || n === ns[i - 1] + 1);
  /** All at once; with group commit, queued behind busy lanes first, then checked to have formed batches. */
  const concurrently = async (sends: (() => request.Test)[]) => {
    if (batchMax === 1) return Promise.all(sends.map((send) => send()));
    const batcher = app.get(IssueBatcherService);
    const before = batcher.stats;
    await lanes.hold();
    const responses = sends.map((send) => send().then((r) => r));
    await until('every request queued', () => batcher.stats.queued === sends.length);
    await lanes.release();
    const settled = await Promise.all(responses);
    const after = batcher.stats;
    expect(after.grouped - before.grouped).toBe(Math.ceil(sends.length / batchMax));
    expect(after.items - before.items).toBe(sends.length + 2); // + one blocker per lane
    return settled;
  };

  it('gives 50 concurrent invoices of one seller 50 consecutive numbers, no gap, no duplicate', async () => {
    const seller = await enrolledTaxpayer(app);
    const [{ start }] = await db.query<{ start: number }[]>(
      `SELECT start_number AS start FROM registry.number_ranges WHERE tax_id = $1`,
      [seller.taxId],
    );
    const responses = await concurrently(Array.from({ length: 50 }, () => () => issue(seller)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = numbersOf(responses);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => start + i));
  });

  it('never lets two sellers share a number, each staying consecutive', async () => {
    const [a, b] = await Promise.all([enrolledTaxpayer(app), enrolledTaxpayer(app)]);
    const responses = await concurrently(Array.from({ length: 40 }, (_, i) => () => issue(i % 2 ? a : b)));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const keys = responses.map((r) => `${r.body.invoiceCode}/${r.body.invoiceNumber}`);
    expect(new Set(keys).size).toBe(40);
    for (const seller of [a, b]) {
      const own = numbersOf(responses.filter((r) => r.body.sellerTaxId === seller.taxId));
      expect(own).toHaveLength(20);
      expect(consecutive(own)).toBe(true);
    }
  });

  it('gives the number back when the transaction fails after numbering (rollback)', async () => {
    const seller = await enrolledTaxpayer(app);
    const first = await issue(seller).expect(201);
    const failed = await issue(seller, { buyerName: `FAIL-${marker}` }).expect(500);
    expect(failed.body).toEqual({ code: 'INTERNAL_ERROR', message: expect.any(String) });
    const next = await issue(seller).expect(201);
    expect(Number(next.body.invoiceNumber)).toBe(Number(first.body.invoiceNumber) + 1);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM issuance.invoices WHERE seller_tax_id = $1`,
      [seller.taxId],
    );
    expect(n).toBe(2);
  });

  it('gives the number back when the database session dies mid-transaction (crash)', async () => {
    const seller = await enrolledTaxpayer(app);
    const first = await issue(seller).expect(201);
    const crashing = issue(seller, { buyerName: `CRASH-${marker}` });
    const crashed = crashing.then((r) => r);
    // Wait until the insert sits in the trigger's sleep (number taken, row lock held), then kill that backend.
    let killed = false;
    for (let i = 0; i < 100 && !killed; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const rows: unknown[] = await db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event = 'PgSleep' AND query LIKE '%issuance.invoices%'`,
      );
      killed = rows.length > 0;
    }
    expect(killed).toBe(true);
    // The session ended with 57P01 (admin_shutdown), as in a Postgres restart: an outage, not a bug.
    const answer = await crashed;
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { store: 'postgres' } });
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    const next = await issue(seller).expect(201);
    expect(Number(next.body.invoiceNumber)).toBe(Number(first.body.invoiceNumber) + 1);
  });

  it('consumes ranges in order and says clearly when all are exhausted', async () => {
    const seller = await enrolledTaxpayer(app, { rangeSize: 2 });
    const registry = new RegistryFactory(db);
    const second = await registry.numberRange(seller.taxId, GUANGDONG_CODES.v3, 1);
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await issue(seller).expect(201));
    expect(Number(responses[2].body.invoiceNumber)).toBe(second.start);
    expect(Number(responses[1].body.invoiceNumber)).toBe(Number(responses[0].body.invoiceNumber) + 1);
    const exhausted = await issue(seller).expect(422);
    expect(exhausted.body.code).toBe('NUMBER_RANGE_EXHAUSTED');
  });

  it('takes a range whose amount version admits the amount, and refuses when none does', async () => {
    const seller = await enrolledTaxpayer(app, { invoiceCode: GUANGDONG_CODES.v1 });
    const big = {
      lines: [{ description: '设备', amount: '50000.00', taxRate: '0.13' }],
    };
    const refused = await issue(seller, big).expect(422);
    expect(refused.body).toMatchObject({ code: 'AMOUNT_ABOVE_VERSION_CAP', details: { requiredVersion: 2 } });
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM issuance.number_counters c
      JOIN registry.number_ranges r ON r.id = c.range_id WHERE r.tax_id = $1`,
      [seller.taxId],
    );
    expect(n).toBe(0);
    await new RegistryFactory(db).numberRange(seller.taxId, GUANGDONG_CODES.v2, 10);
    const small = await issue(seller).expect(201);
    const large = await issue(seller, big).expect(201);
    expect(small.body.invoiceCode).toBe(GUANGDONG_CODES.v1);
    expect(large.body.invoiceCode).toBe(GUANGDONG_CODES.v2);
    const tooBig = await issue(seller, {
      lines: [{ description: 'x', amount: '10000000.01', taxRate: '0.13' }],
    }).expect(422);
    expect(tooBig.body.code).toBe('AMOUNT_ABOVE_VERSION_CAP');
  });
});
