import { INestApplication } from '@nestjs/common';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  IdempotencyKeyInFlightError,
  IdempotencyStore,
  PROCESS_LEASE_NAMESPACE,
  ProcessLease,
} from '@app/idempotency';
import { createTestApp, enrolledTaxpayer, EnrolledTaxpayer, invoiceBody } from '@app/testing';

/**
 * Issue 15, item 6: the key of a request whose process died (kill -9 mid-request) is free
 * as soon as the process is gone, not after the 60 s staleness limit: each in-flight marker
 * names its process's lease, an advisory lock Postgres frees with the session. And an
 * attempt whose key was taken over while it still ran cannot commit its effect.
 */
describe('Idempotency-Key of a request whose process died', () => {
  let app: INestApplication;
  let db: DataSource;
  let seller: EnrolledTaxpayer;
  let buyer: EnrolledTaxpayer;

  beforeAll(async () => {
    app = await createTestApp(IssuanceAppModule.forRoot());
    db = app.get(DataSource);
    [seller, buyer] = await Promise.all([
      enrolledTaxpayer(app),
      enrolledTaxpayer(app, { invoiceCode: null }),
    ]);
  });
  afterAll(() => app.close());

  /** A process of our own: a session that holds a lease as an app would. */
  async function otherProcess(): Promise<{ id: number; die: () => Promise<void> }> {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const id = randomInt(1, 2 ** 31 - 1);
    await client.query('SELECT pg_advisory_lock($1, $2)', [PROCESS_LEASE_NAMESPACE, id]);
    return { id, die: () => client.end() };
  }

  /** The marker that process left when it took the request and died before answering. */
  async function markerOf(owner: number, key: string, body: unknown): Promise<void> {
    const hash = createHash('sha256')
      .update(`POST /v1/invoices\n${canonicalize(body)}`)
      .digest('hex');
    await db.query(
      `INSERT INTO issuance.idempotency_keys (scope, key, request_hash, state, owner)
       VALUES ($1, $2, $3, 'in_flight', $4)`,
      [`taxpayer:${seller.taxId}`, key, hash, owner],
    );
  }

  const issue = (key: string, body: unknown) =>
    request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .set('Idempotency-Key', key)
      .send(body as object);

  it('answers 409 while the owner lives, and takes the key over the moment it dies', async () => {
    const key = `owner-${randomBytes(4).toString('hex')}`;
    const body = invoiceBody(buyer);
    const owner = await otherProcess();
    await markerOf(owner.id, key, body);

    const meanwhile = await issue(key, body);
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');

    await owner.die();
    const retried = await issue(key, body);
    expect(retried.status).toBe(201);
    // The retry's answer is the key's from now on.
    const replayed = await issue(key, body).expect(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body.invoiceNumber).toBe(retried.body.invoiceNumber);
  });

  it('never lets an attempt that was taken over commit its effect', async () => {
    const lease = new ProcessLease(process.env.DATABASE_URL!);
    await lease.hold();
    const store = new IdempotencyStore(db, 'issuance.idempotency_keys', lease);
    const scope = `taxpayer:${seller.taxId}`;
    const key = `fence-${randomBytes(4).toString('hex')}`;
    const begun = await store.begin(scope, key, 'hash');
    if (begun.kind !== 'proceed') throw new Error('expected to proceed');
    // Another process takes the key over (its owner looked gone) while this attempt still runs.
    const other = await otherProcess();
    await db.query(
      `UPDATE issuance.idempotency_keys SET started_at = clock_timestamp(), owner = $3 WHERE scope = $1 AND key = $2`,
      [scope, key, other.id],
    );
    await db.query(`CREATE TABLE IF NOT EXISTS issuance.test_fence_effects (key text)`);
    const committed = db.transaction(async (m) => {
      await m.query(`INSERT INTO issuance.test_fence_effects VALUES ($1)`, [key]);
      await store.complete(m, { scope, key, attempt: begun.attempt, status: 201, body: { mine: true } });
    });
    await expect(committed).rejects.toBeInstanceOf(IdempotencyKeyInFlightError);
    const effects = await db.query(`SELECT 1 FROM issuance.test_fence_effects WHERE key = $1`, [key]);
    expect(effects).toHaveLength(0);
    const [row] = await db.query(
      `SELECT state FROM issuance.idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    expect(row.state).toBe('in_flight');
    await other.die();
    await lease.close();
  });
});
