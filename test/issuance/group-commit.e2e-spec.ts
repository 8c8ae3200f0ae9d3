import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource, QueryRunner } from 'typeorm';
import { IssueBatcherService } from '../../apps/issuance/src/invoices/issue-batcher.service';
import {
  addInvoiceTrigger,
  dropInvoiceTrigger,
  enrolledTaxpayer,
  EnrolledTaxpayer,
  GUANGDONG_CODES,
  invoiceBody,
  IssuanceProbe,
  RegistryFactory,
} from '@app/testing';
import { BatchLanes, issuanceAppWithBatches, until } from './issue-batch-helpers';

/**
 * Group commit (ADR 0013): concurrent blue invoices of one process share one transaction,
 * and every guarantee of a lone invoice holds for each of them — gap-free consecutive
 * numbers, idempotency, each caller its own refusal, nothing consumed by a failure.
 * `BatchLanes` decides which requests form a batch, so nothing here depends on timing.
 */
describe('group commit of blue invoices', () => {
  let app: INestApplication;
  let db: DataSource;
  let probe: IssuanceProbe;
  let buyer: EnrolledTaxpayer;
  let lanes: BatchLanes;
  const marker = randomBytes(4).toString('hex');
  const failing = `FAIL-${marker}`;
  const deadlocking = `DEADLOCK-${marker}`;
  const parked = `PARK-${marker}`;
  const parkLock = `test-group-commit-park-${marker}`;

  beforeAll(async () => {
    app = await issuanceAppWithBatches({ max: 32, concurrency: 2 });
    db = app.get(DataSource);
    probe = new IssuanceProbe(db);
    buyer = await enrolledTaxpayer(app, { invoiceCode: null });
    lanes = await BatchLanes.create(app, buyer);
    // Failure injection on the invoice insert, after numbering, chosen by the buyer name.
    await db.query(`
      CREATE FUNCTION issuance.test_batch_${marker}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.buyer_name = '${failing}' THEN RAISE EXCEPTION 'injected failure'; END IF;
        IF NEW.buyer_name = '${deadlocking}' THEN
          RAISE EXCEPTION 'injected deadlock' USING ERRCODE = 'deadlock_detected';
        END IF;
        IF NEW.buyer_name = '${parked}' THEN PERFORM pg_advisory_xact_lock(hashtext('${parkLock}')); END IF;
        RETURN NEW;
      END $$`);
    await addInvoiceTrigger(db, `test_batch_${marker}`, `issuance.test_batch_${marker}`);
  });
  afterAll(async () => {
    await dropInvoiceTrigger(db, `test_batch_${marker}`);
    await db.query(`DROP FUNCTION issuance.test_batch_${marker}()`);
    await app.close();
  });

  const batcher = () => app.get(IssueBatcherService);
  const issue = (seller: EnrolledTaxpayer, overrides: Record<string, unknown> = {}, key?: string) => {
    const req = request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(invoiceBody(buyer, overrides));
  };
  const startOf = async (seller: EnrolledTaxpayer) => {
    const [{ start }] = await db.query<{ start: number }[]>(
      `SELECT min(start_number) AS start FROM registry.number_ranges WHERE tax_id = $1`,
      [seller.taxId],
    );
    return start;
  };
  /** Holds the lanes, queues the requests in this order, releases: they form one batch. */
  const oneBatch = async (requests: (() => request.Test)[]) => {
    await lanes.hold();
    const sent = [];
    for (const send of requests) sent.push(await lanes.enqueue(send()));
    await lanes.release();
    return Promise.all(sent.map((s) => s.response));
  };
  const numberOf = (r: request.Response) => Number(r.body.invoiceNumber);
  const stored = async (seller: EnrolledTaxpayer) => ({
    invoices: await probe.invoiceCount(seller.taxId),
    numbers: await probe.nextNumbers(seller.taxId),
  });

  it('issues a batch in ONE transaction: each seller consecutive in request order, answers recorded', async () => {
    const [a, b] = await Promise.all([enrolledTaxpayer(app), enrolledTaxpayer(app)]);
    const [startA, startB] = [await startOf(a), await startOf(b)];
    const keys = Array.from({ length: 6 }, (_, i) => `batch-${marker}-${i}`);
    const sellers = [a, b, a, a, b, a];
    const before = batcher().stats;

    const responses = await oneBatch(sellers.map((s, i) => () => issue(s, {}, keys[i])));

    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(responses.filter((_, i) => sellers[i] === a).map(numberOf)).toEqual(
      [0, 1, 2, 3].map((k) => startA + k),
    );
    expect(responses.filter((_, i) => sellers[i] === b).map(numberOf)).toEqual([startB, startB + 1]);
    const after = batcher().stats;
    expect([after.batches - before.batches, after.items - before.items]).toEqual([3, 8]); // + 2 lane blockers
    expect(after.largest).toBeGreaterThanOrEqual(6);
    expect(after.committed - before.committed).toBe(1);
    // One transaction wrote them all: one xmin, one transaction timestamp.
    const [tx] = await db.query<{ xids: number; times: number }[]>(
      `SELECT count(DISTINCT xmin::text)::int AS xids, count(DISTINCT issued_at)::int AS times
         FROM issuance.invoices WHERE seller_tax_id = ANY($1)`,
      [[a.taxId, b.taxId]],
    );
    expect(tx).toEqual({ xids: 1, times: 1 });
    // Every Idempotency-Key was completed by that transaction and replays its own answer.
    expect((await probe.idempotencyKeys(a.taxId)).map((k) => k.state)).toEqual(Array(4).fill('done'));
    const replay = await issue(b, {}, keys[4]).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(responses[4].body);
  });

  it('refuses only the request that finds its range exhausted mid-batch; the rest go through', async () => {
    const short = await enrolledTaxpayer(app, { rangeSize: 3 });
    const other = await enrolledTaxpayer(app);
    const [startShort, startOther] = [await startOf(short), await startOf(other)];
    const sellers = [short, other, short, other, short, short, other];
    const before = batcher().stats;

    const responses = await oneBatch(sellers.map((s) => () => issue(s)));

    const own = (s: EnrolledTaxpayer) => responses.filter((_, i) => sellers[i] === s);
    expect(own(short).map((r) => r.status)).toEqual([201, 201, 201, 422]);
    expect(own(short)[3].body.code).toBe('NUMBER_RANGE_EXHAUSTED');
    expect(own(short).slice(0, 3).map(numberOf)).toEqual([startShort, startShort + 1, startShort + 2]);
    expect(own(other).map(numberOf)).toEqual([startOther, startOther + 1, startOther + 2]);
    expect(await stored(short)).toEqual({ invoices: 3, numbers: [startShort + 3] });
    expect(batcher().stats.committed - before.committed).toBe(1);
  });

  it('spills one seller into its next range at the boundary, consecutive within each range', async () => {
    const seller = await enrolledTaxpayer(app, { rangeSize: 2 });
    const second = await new RegistryFactory(db).numberRange(seller.taxId, GUANGDONG_CODES.v3, 10);
    const start = await startOf(seller);

    const responses = await oneBatch(Array.from({ length: 4 }, () => () => issue(seller)));

    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(responses.map(numberOf)).toEqual([start, start + 1, second.start, second.start + 1]);
  });

  it('refuses only the request of a seller whose certificate was revoked, even with its context cached', async () => {
    const [revoked, other] = await Promise.all([enrolledTaxpayer(app), enrolledTaxpayer(app)]);
    const first = await issue(revoked).expect(201); // seller context now cached (ADR 0007)
    await db.query(
      `INSERT INTO pki.revocations (serial_number, revoked_at, reason, revoked_by)
       VALUES ($1, now(), 'key compromised (test)', $2)`,
      [revoked.serialNumber, await new RegistryFactory(db).systemOfficer()],
    );
    const startOther = await startOf(other);
    const before = await stored(revoked);

    const responses = await oneBatch([() => issue(other), () => issue(revoked), () => issue(other)]);

    expect(responses.map((r) => r.status)).toEqual([201, 422, 201]);
    expect(responses[1].body.code).toBe('CERTIFICATE_REVOKED');
    expect([numberOf(responses[0]), numberOf(responses[2])]).toEqual([startOther, startOther + 1]);
    expect(await stored(revoked)).toEqual(before);
    expect(before.numbers).toEqual([numberOf(first) + 1]);
  });

  it('lets one Idempotency-Key through once when it is sent twice inside one batch window', async () => {
    const seller = await enrolledTaxpayer(app);
    const key = `twice-${marker}`;
    const responses = await oneBatch([() => issue(seller, {}, key), () => issue(seller, {}, key)]);

    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(responses.find((r) => r.status === 409)!.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
    expect(await probe.invoiceCount(seller.taxId)).toBe(1);
    const retry = await issue(seller, {}, key).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(responses.find((r) => r.status === 201)!.body);
  });

  it('replays a failed batch request by request: only the failing caller gets the error, no gap', async () => {
    const [a, b] = await Promise.all([enrolledTaxpayer(app), enrolledTaxpayer(app)]);
    const [startA, startB] = [await startOf(a), await startOf(b)];
    const key = `replayed-${marker}`;
    const before = batcher().stats;

    const responses = await oneBatch([
      () => issue(a, {}, key),
      () => issue(b),
      () => issue(a, { buyerName: failing }),
      () => issue(a),
    ]);

    expect(responses.map((r) => r.status)).toEqual([201, 201, 500, 201]);
    expect(responses[2].body.code).toBe('INTERNAL_ERROR');
    expect([numberOf(responses[0]), numberOf(responses[3])]).toEqual([startA, startA + 1]);
    expect(numberOf(responses[1])).toBe(startB);
    expect(await stored(a)).toEqual({ invoices: 2, numbers: [startA + 2] });
    expect(batcher().stats.replayed - before.replayed).toBe(1);
    expect((await issue(a, {}, key).expect(201)).body).toEqual(responses[0].body);
  });

  it('replays a batch that failed with a deadlock (40P01) the same way', async () => {
    const seller = await enrolledTaxpayer(app);
    const start = await startOf(seller);
    const before = batcher().stats;

    const responses = await oneBatch([
      () => issue(seller),
      () => issue(seller, { buyerName: deadlocking }),
      () => issue(seller),
    ]);

    expect(responses.map((r) => r.status)).toEqual([201, 500, 201]);
    expect([numberOf(responses[0]), numberOf(responses[2])]).toEqual([start, start + 1]);
    expect(batcher().stats.replayed - before.replayed).toBe(1);
  });

  it('survives a real deadlock with another transaction: every caller still gets its invoice', async () => {
    // x's counter has a lower range id than y's: the batch locks x, then waits for y.
    const x = await enrolledTaxpayer(app);
    const y = await enrolledTaxpayer(app);
    const [firstX, firstY] = [await issue(x).expect(201), await issue(y).expect(201)];
    const rangeOf = async (s: EnrolledTaxpayer) =>
      (
        await db.query<{ id: string }[]>(`SELECT id FROM registry.number_ranges WHERE tax_id = $1`, [s.taxId])
      )[0].id;
    const [rangeX, rangeY] = [await rangeOf(x), await rangeOf(y)];
    expect(Number(rangeX)).toBeLessThan(Number(rangeY));
    const lockCounter = `SELECT 1 FROM issuance.number_counters WHERE range_id = $1 FOR UPDATE`;
    const before = batcher().stats;

    const other: QueryRunner = db.createQueryRunner();
    await other.connect();
    let otherLost = false;
    try {
      await other.startTransaction();
      // Checks for deadlocks later than the app's sessions (1 s), so the batch is usually the
      // victim; if the cycle closes after the batch's only check, this session is.
      await other.query(`SET LOCAL deadlock_timeout = '5s'`);
      const [{ pid }]: { pid: number }[] = await other.query(`SELECT pg_backend_pid() AS pid`);
      await other.query(lockCounter, [rangeY]);

      await lanes.hold();
      const sent = [await lanes.enqueue(issue(x)), await lanes.enqueue(issue(y))];
      await lanes.release();
      await until('the batch waits for our lock on y', async () => {
        const [{ n }] = await db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
          [pid],
        );
        return n > 0;
      });
      try {
        await other.query(lockCounter, [rangeX]); // closes the cycle
        await other.commitTransaction();
      } catch (err) {
        expect((err as { driverError?: { code?: string } }).driverError?.code).toBe('40P01');
        otherLost = true;
        await other.rollbackTransaction();
      }

      const responses = await Promise.all(sent.map((s) => s.response));
      expect(responses.map((r) => r.status)).toEqual([201, 201]);
      expect(numberOf(responses[0])).toBe(numberOf(firstX) + 1);
      expect(numberOf(responses[1])).toBe(numberOf(firstY) + 1);
      // The batch was the victim (40P01, rolled back, replayed) unless this session was.
      expect(batcher().stats.replayed - before.replayed).toBe(otherLost ? 0 : 1);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });

  it('consumes no number when the batch session dies holding the counters; every caller gets an error', async () => {
    const [a, b] = await Promise.all([enrolledTaxpayer(app), enrolledTaxpayer(app)]);
    const [firstA, firstB] = [await issue(a).expect(201), await issue(b).expect(201)];
    const before = { a: await stored(a), b: await stored(b), stats: batcher().stats };

    const parker: QueryRunner = db.createQueryRunner();
    await parker.connect();
    try {
      // The marked invoice's insert will wait on this lock: the batch then holds both counters.
      await parker.query(`SELECT pg_advisory_lock(hashtext($1))`, [parkLock]);
      const [{ pid }]: { pid: number }[] = await parker.query(`SELECT pg_backend_pid() AS pid`);
      await lanes.hold();
      const sent = [
        await lanes.enqueue(issue(a)),
        await lanes.enqueue(issue(b)),
        await lanes.enqueue(issue(a, { buyerName: parked })),
      ];
      await lanes.release();
      let killed = false;
      await until('the batch session is killed', async () => {
        const rows = await db.query<{ killed: boolean }[]>(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
          [pid],
        );
        killed = rows.some((r) => r.killed);
        return killed;
      });
      const responses = await Promise.all(sent.map((s) => s.response));
      // 57P01 ends the batch session as a Postgres restart would: 503 with Retry-After, for each caller.
      expect(responses.map((r) => r.status)).toEqual([503, 503, 503]);
      for (const r of responses) {
        expect(r.body.code).toBe('SERVICE_UNAVAILABLE');
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
    } finally {
      await parker.query(`SELECT pg_advisory_unlock(hashtext($1))`, [parkLock]);
      await parker.release();
    }
    expect(await stored(a)).toEqual(before.a);
    expect(await stored(b)).toEqual(before.b);
    expect(batcher().stats.failed - before.stats.failed).toBe(1);
    expect(numberOf(await issue(a).expect(201))).toBe(numberOf(firstA) + 1);
    expect(numberOf(await issue(b).expect(201))).toBe(numberOf(firstB) + 1);
  });
});
