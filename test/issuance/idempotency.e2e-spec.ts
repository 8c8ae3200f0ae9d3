import { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import request from 'supertest';
import { DataSource, QueryRunner } from 'typeorm';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  addInvoiceTrigger,
  createTestApp,
  dropInvoiceTrigger,
  enrolledTaxpayer,
  EnrolledTaxpayer,
  invoiceBody,
  IssuanceProbe,
} from '@app/testing';

/** The same JSON value with every object's keys in reverse order. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reordered(v)]),
    );
  }
  return value;
}

const newKey = () => `test-${randomBytes(8).toString('hex')}`;

/** DESIGN §8: same key + same body → the first answer; other body → 422; while running → 409. */
describe('Idempotency-Key on create routes', () => {
  let app: INestApplication;
  let db: DataSource;
  let probe: IssuanceProbe;
  let buyer: EnrolledTaxpayer;
  // A trigger that parks the insert of one marked invoice on an advisory lock the test holds,
  // so "still in flight" is a state the test controls rather than a race against a clock.
  const marker = randomBytes(4).toString('hex');
  const held = `HOLD-${marker}`;
  const lockName = `test-idempotency-hold-${marker}`;

  beforeAll(async () => {
    app = await createTestApp(IssuanceAppModule.forRoot());
    db = app.get(DataSource);
    probe = new IssuanceProbe(db);
    buyer = await enrolledTaxpayer(app, { invoiceCode: null });
    await db.query(`
      CREATE FUNCTION issuance.test_hold_${marker}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.buyer_name = '${held}' THEN PERFORM pg_advisory_xact_lock(hashtext('${lockName}')); END IF;
        RETURN NEW;
      END $$`);
    await addInvoiceTrigger(db, `test_hold_${marker}`, `issuance.test_hold_${marker}`);
  });
  afterAll(async () => {
    await dropInvoiceTrigger(db, `test_hold_${marker}`);
    await db.query(`DROP FUNCTION issuance.test_hold_${marker}()`);
    await app.close();
  });

  const issue = (seller: EnrolledTaxpayer, body: object, key?: string) => {
    const req = request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const credit = (
    seller: EnrolledTaxpayer,
    inv: { invoiceCode: string; invoiceNumber: string },
    body: object,
    key: string,
  ) =>
    request(app.getHttpServer())
      .post(`/v1/invoices/${inv.invoiceCode}/${inv.invoiceNumber}/credit-notes`)
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .set('Idempotency-Key', key)
      .send(body);
  const stored = async (seller: EnrolledTaxpayer) => ({
    invoices: await probe.invoiceCount(seller.taxId),
    numbers: await probe.nextNumbers(seller.taxId),
  });

  it('replays the first answer for the same key and body, even with keys in another order', async () => {
    const seller = await enrolledTaxpayer(app);
    const key = newKey();
    const body = invoiceBody(buyer, { remarks: '合同 A-1' });
    const first = await issue(seller, body, key).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await issue(seller, reordered(body) as object, key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await stored(seller)).toEqual({ invoices: 1, numbers: [Number(first.body.invoiceNumber) + 1] });
    expect(await probe.idempotencyKeys(seller.taxId)).toEqual([{ key, state: 'done' }]);
  });

  it('lets a retry take over a key left in flight by a crashed attempt (stale), but only once', async () => {
    const seller = await enrolledTaxpayer(app);
    const key = newKey();
    const body = invoiceBody(buyer);
    const hash = createHash('sha256')
      .update(`POST /v1/invoices\n${canonicalize(body)}`)
      .digest('hex');
    await db.query(
      `INSERT INTO issuance.idempotency_keys (scope, key, request_hash, state, started_at)
       VALUES ($1, $2, $3, 'in_flight', now() - interval '5 minutes')`,
      [`taxpayer:${seller.taxId}`, key, hash],
    );
    const [first, second] = await Promise.all([issue(seller, body, key), issue(seller, body, key)]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect(await stored(seller)).toMatchObject({ invoices: 1 });
    const replay = await issue(seller, body, key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('IDEMPOTENCY_KEY_REUSED (422) for the same key with another body; nothing stored', async () => {
    const seller = await enrolledTaxpayer(app);
    const key = newKey();
    const first = await issue(seller, invoiceBody(buyer), key).expect(201);
    const before = await stored(seller);
    const res = await issue(seller, invoiceBody(buyer, { remarks: 'another' }), key).expect(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stored(seller)).toEqual(before);
    // The key still stands for the first request.
    expect((await issue(seller, invoiceBody(buyer), key).expect(201)).body).toEqual(first.body);
  });

  it('scopes keys to the taxpayer: two sellers with one key get two invoices', async () => {
    const [a, b] = await Promise.all([enrolledTaxpayer(app), enrolledTaxpayer(app)]);
    const key = newKey();
    const ra = await issue(a, invoiceBody(buyer), key).expect(201);
    const rb = await issue(b, invoiceBody(buyer), key).expect(201);
    expect(rb.headers['idempotent-replayed']).toBeUndefined();
    expect([ra.body.sellerTaxId, rb.body.sellerTaxId]).toEqual([a.taxId, b.taxId]);
    expect(await probe.invoiceCount(a.taxId)).toBe(1);
    expect(await probe.invoiceCount(b.taxId)).toBe(1);
  });

  it.each([
    ['200 characters', 'k'.repeat(200)],
    ['a space', 'has space'],
    ['a slash', 'a/b'],
  ])('IDEMPOTENCY_KEY_INVALID (400) for a key with %s; nothing stored', async (_why, key) => {
    const seller = await enrolledTaxpayer(app);
    const res = await issue(seller, invoiceBody(buyer), key).expect(400);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(await stored(seller)).toEqual({ invoices: 0, numbers: [] });
    expect(await probe.idempotencyKeys(seller.taxId)).toEqual([]);
  });

  it("checks the body before the key: a refused body with a malformed key gets the body's error", async () => {
    // The key is applied around the handler, after the pipes (ADR 0007): a body they refuse
    // never reaches the key, so neither its format nor its marker is looked at.
    const seller = await enrolledTaxpayer(app);
    const res = await issue(seller, invoiceBody(buyer, { colour: 'blue' }), 'has space').expect(400);
    expect(res.body.code).toBe('UNKNOWN_FIELD');
    expect(await probe.idempotencyKeys(seller.taxId)).toEqual([]);
  });

  it('releases the key when the request fails, so a corrected request with that key goes through', async () => {
    const seller = await enrolledTaxpayer(app);
    const key = newKey();
    // Refused by the edge validator (unknown field), then by the rules (rate not in the table).
    const unknownField = await issue(seller, invoiceBody(buyer, { colour: 'blue' }), key).expect(400);
    expect(unknownField.body.code).toBe('UNKNOWN_FIELD');
    const badRate = invoiceBody(buyer, {
      lines: [{ description: '办公用品', amount: '100.00', taxRate: '0.14' }],
    });
    const rule = await issue(seller, badRate, key).expect(400);
    expect(rule.body.code).toBe('TAX_RATE_INVALID');
    expect(await stored(seller)).toEqual({ invoices: 0, numbers: [] });
    expect(await probe.idempotencyKeys(seller.taxId)).toEqual([]);

    const corrected = await issue(seller, invoiceBody(buyer), key).expect(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    const replay = await issue(seller, invoiceBody(buyer), key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(corrected.body);
    expect(await probe.invoiceCount(seller.taxId)).toBe(1);
  });

  it('IDEMPOTENCY_KEY_IN_FLIGHT (409) while the first request runs; afterwards the retry replays its answer', async () => {
    const seller = await enrolledTaxpayer(app);
    const key = newKey();
    const body = invoiceBody(buyer, { buyerName: held });
    const holder: QueryRunner = db.createQueryRunner();
    await holder.connect();
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await holder.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockName]);
    };
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext($1))`, [lockName]);
      const slow = issue(seller, body, key).then((r) => r);
      // Wait until the first request has claimed the key; its insert then waits for our lock.
      for (let i = 0; i < 200; i++) {
        const keys = await probe.idempotencyKeys(seller.taxId);
        if (keys.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(await probe.idempotencyKeys(seller.taxId)).toEqual([{ key, state: 'in_flight' }]);

      const concurrent = await issue(seller, body, key).expect(409);
      expect(concurrent.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
      expect(await probe.invoiceCount(seller.taxId)).toBe(0);

      await release();
      const first = await slow;
      expect(first.status).toBe(201);
      const retry = await issue(seller, body, key).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await probe.invoiceCount(seller.taxId)).toBe(1);
    } finally {
      await release();
      await holder.release();
    }
  });

  it('honours the key on the credit-note route too', async () => {
    const seller = await enrolledTaxpayer(app);
    const original = (await issue(seller, invoiceBody(buyer)).expect(201)).body;
    const key = newKey();
    const body = { lines: [{ description: '退货', amount: '-100.00', taxRate: '0.13' }], reason: '销货退回' };
    const first = await credit(seller, original, body, key).expect(201);
    const replay = await credit(seller, original, reordered(body) as object, key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);

    const before = await stored(seller);
    const reused = await credit(seller, original, { ...body, reason: 'other' }, key).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stored(seller)).toEqual(before);
    expect(before.invoices).toBe(2);
    expect(await probe.invoice(original)).toMatchObject({
      creditedAmount: '100.00',
      creditedTaxAmount: '13.00',
    });
  });
});
