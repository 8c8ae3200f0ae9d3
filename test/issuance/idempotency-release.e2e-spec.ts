import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { IDEMPOTENCY_STORE, IdempotencyStore } from '@app/idempotency';
import {
  addInvoiceTrigger,
  createTestApp,
  dropInvoiceTrigger,
  enrolledTaxpayer,
  EnrolledTaxpayer,
  invoiceBody,
  IssuanceProbe,
} from '@app/testing';

/**
 * Issue 15, item 6: an idempotency record whose request failed is released at once — also
 * when the failure was Postgres itself, so that the DELETE that frees the key fails too.
 * Here a gate the test holds closed makes Postgres refuse, with 57P01 (a restart), both the
 * invoice's insert and the key's DELETE; once the gate opens (Postgres answers again), a
 * client retrying with the same key as Retry-After tells it gets through, long before the
 * marker would have gone stale (60 s).
 */
describe('Idempotency-Key of a request that failed with Postgres', () => {
  let app: INestApplication;
  let db: DataSource;
  let probe: IssuanceProbe;
  let seller: EnrolledTaxpayer;
  let buyer: EnrolledTaxpayer;
  const marker = randomBytes(4).toString('hex');
  const gate = `issuance.test_gate_${marker}`;
  const attempts = `issuance.test_release_attempts_${marker}`;
  const failing = `OUTAGE-${marker}`;

  beforeAll(async () => {
    app = await createTestApp(IssuanceAppModule.forRoot());
    db = app.get(DataSource);
    probe = new IssuanceProbe(db);
    [seller, buyer] = await Promise.all([
      enrolledTaxpayer(app),
      enrolledTaxpayer(app, { invoiceCode: null }),
    ]);
    await db.query(`CREATE TABLE ${gate} (open boolean NOT NULL)`);
    await db.query(`INSERT INTO ${gate} VALUES (false)`);
    // A sequence counts attempts: nextval survives the rollback of the statement that failed.
    await db.query(`CREATE SEQUENCE ${attempts}`);
    await db.query(`
      CREATE FUNCTION issuance.test_outage_${marker}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.key LIKE 'release-${marker}-%' THEN
            PERFORM nextval('${attempts}');
            IF NOT (SELECT open FROM ${gate}) THEN
              RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = 'admin_shutdown';
            END IF;
          END IF;
          RETURN OLD;
        END IF;
        IF NEW.buyer_name = '${failing}' AND NOT (SELECT open FROM ${gate}) THEN
          RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = 'admin_shutdown';
        END IF;
        RETURN NEW;
      END $$`);
    await addInvoiceTrigger(db, `test_outage_${marker}`, `issuance.test_outage_${marker}`);
    await db.query(`CREATE TRIGGER test_outage_${marker} BEFORE DELETE ON issuance.idempotency_keys
                    FOR EACH ROW EXECUTE FUNCTION issuance.test_outage_${marker}()`);
  });
  afterAll(async () => {
    await db.query(`DROP TRIGGER test_outage_${marker} ON issuance.idempotency_keys`);
    await dropInvoiceTrigger(db, `test_outage_${marker}`);
    await db.query(`DROP FUNCTION issuance.test_outage_${marker}()`);
    await db.query(`DROP SEQUENCE ${attempts}`);
    await db.query(`DROP TABLE ${gate}`);
    await app.close();
  });

  const issue = (key: string) =>
    request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .set('Idempotency-Key', key)
      .send(invoiceBody(buyer, { buyerName: failing }));
  const releaseAttempts = async () =>
    Number((await db.query<{ n: string }[]>(`SELECT last_value AS n FROM ${attempts}`))[0].n);
  const markerState = async (key: string) =>
    (
      await db.query<{ state: string }[]>(`SELECT state FROM issuance.idempotency_keys WHERE key = $1`, [key])
    )[0]?.state ?? null;

  it('is freed as soon as Postgres answers again, so a retry with the key proceeds', async () => {
    const key = `release-${marker}-1`;
    const before = await probe.invoiceCount(seller.taxId);

    const failed = await issue(key).expect(503);
    expect(failed.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(Number(failed.headers['retry-after'])).toBeGreaterThan(0);
    expect(await markerState(key)).toBe('in_flight'); // the DELETE was refused too

    // While Postgres still refuses, the key is busy, and the 409 says when to come back.
    const busy = await issue(key).expect(409);
    expect(busy.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);

    // The release is being retried in the background, not given up after one attempt.
    const seen = await releaseAttempts();
    for (let i = 0; i < 200 && (await releaseAttempts()) < seen + 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await releaseAttempts()).toBeGreaterThanOrEqual(seen + 2);

    await db.query(`UPDATE ${gate} SET open = true`);
    // A client honouring Retry-After, for at most half the staleness window (60 s), after
    // which a key left in flight would have been taken over anyway.
    let answer = await issue(key);
    for (let waited = 0; answer.status === 409 && waited < 30;) {
      const seconds = Number(answer.headers['retry-after']);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      waited += seconds;
      answer = await issue(key);
    }
    expect(answer.status).toBe(201);
    expect(await probe.invoiceCount(seller.taxId)).toBe(before + 1);
    const replay = await issue(key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.invoiceNumber).toBe(answer.body.invoiceNumber);
    await db.query(`UPDATE ${gate} SET open = false`);
  });

  it('never frees the marker of a later attempt that took a stale key over', async () => {
    const store = app.get<IdempotencyStore>(IDEMPOTENCY_STORE);
    const [scope, key] = [`scope-${marker}`, `takeover-${marker}`];
    const first = await store.begin(scope, key, 'hash');
    expect(first.kind).toBe('proceed');
    // The first attempt's process died long ago: its marker is stale and a retry takes it over.
    await db.query(
      `UPDATE issuance.idempotency_keys SET started_at = started_at - interval '5 minutes' WHERE key = $1`,
      [key],
    );
    const second = await store.begin(scope, key, 'hash');
    expect(second.kind).toBe('proceed');

    // The first attempt's late release (e.g. a background retry) leaves the second's marker.
    await store.release(scope, key, (first as { attempt: string }).attempt);
    expect(await markerState(key)).toBe('in_flight');
    await expect(store.begin(scope, key, 'hash')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_IN_FLIGHT',
    });

    await store.release(scope, key, (second as { attempt: string }).attempt);
    expect(await markerState(key)).toBeNull();
  });
});
