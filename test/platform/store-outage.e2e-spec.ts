import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  RETURNS_CSV_HEADER,
  createTestApp,
  enrolledTaxpayer,
  EnrolledTaxpayer,
  fileSettings,
  invoiceBody,
  postUpload,
} from '@app/testing';
import { freeLoopbackPort, TcpProxy } from '../support/tcp-proxy';

/**
 * The apps under test reach Postgres and Redis through loopback proxies of their own (see
 * TcpProxy), so the test can take them away from these apps alone; the shared servers are
 * never stopped. A short connect timeout keeps the black-hole case quick.
 */
const postgresUrl = new URL(process.env.DATABASE_URL!);
const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const OUTAGE_PROXIES = {
  postgres: {
    port: freeLoopbackPort(),
    target: { host: postgresUrl.hostname, port: Number(postgresUrl.port || 5432) },
  },
  redis: {
    port: freeLoopbackPort(),
    target: { host: redisUrl.hostname, port: Number(redisUrl.port || 6379) },
  },
};
postgresUrl.host = `127.0.0.1:${OUTAGE_PROXIES.postgres.port}`;
redisUrl.host = `127.0.0.1:${OUTAGE_PROXIES.redis.port}`;
const SETTINGS = fileSettings('store-outage', {
  DATABASE_URL: postgresUrl.toString(),
  REDIS_URL: redisUrl.toString(),
  DATABASE_CONNECT_TIMEOUT_MS: '1000',
});

/**
 * Issue 15, item 6: while Postgres or Redis is unreachable an app answers 503
 * SERVICE_UNAVAILABLE with Retry-After (an outage, not a bug: nothing was decided, retry),
 * /health says which store is down, and everything works again once the store is back.
 * The app reaches both stores through proxies this test controls.
 */
describe('an app while a store is unreachable', () => {
  const postgres = new TcpProxy(OUTAGE_PROXIES.postgres.port, OUTAGE_PROXIES.postgres.target);
  const redis = new TcpProxy(OUTAGE_PROXIES.redis.port, OUTAGE_PROXIES.redis.target);
  let app: INestApplication;
  let collection: INestApplication;
  let seller: EnrolledTaxpayer;
  let buyer: EnrolledTaxpayer;

  beforeAll(async () => {
    await Promise.all([postgres.start(), redis.start()]);
    [app, collection] = await Promise.all([
      createTestApp(IssuanceAppModule.forRoot(SETTINGS)),
      createTestApp(CollectionAppModule.forRoot(SETTINGS)),
    ]);
    [seller, buyer] = await Promise.all([
      enrolledTaxpayer(app),
      enrolledTaxpayer(app, { invoiceCode: null }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([postgres.restore(), redis.restore()]);
    await Promise.all([app.close(), collection.close()]);
    await Promise.all([postgres.close(), redis.close()]);
  });

  // A request that hangs fails here rather than at jest's timeout: an outage must be answered.
  const issue = () =>
    request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .timeout({ response: 15_000 })
      .send(invoiceBody(buyer));
  const health = () => request(app.getHttpServer()).get('/health').timeout({ response: 15_000 });

  const expectUnavailable = (res: request.Response) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  };

  /** Retries as a client honouring Retry-After would (faster), until the app answers 201 again. */
  const recovered = async () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const res = await issue();
      if (res.status === 201) return res;
      expectUnavailable(res); // nothing but 503 on the way back
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the app did not recover');
  };

  it('Postgres stopped: 503 with Retry-After on writes, reads and /health; normal again once it is back', async () => {
    const before = await issue().expect(201);
    await postgres.cut();

    expectUnavailable(await issue());
    const read = await request(app.getHttpServer())
      .get(`/v1/invoices/${before.body.invoiceCode}/${before.body.invoiceNumber}`)
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .timeout({ response: 15_000 });
    expectUnavailable(read);
    const down = await health();
    expectUnavailable(down);
    expect(down.body.details).toEqual({ postgres: 'down', redis: 'up' });

    await postgres.restore();
    const after = await recovered();
    expect(Number(after.body.invoiceNumber)).toBe(Number(before.body.invoiceNumber) + 1);
    expect((await health()).status).toBe(200);
  });

  it('Postgres behind a network that drops packets: 503 after the connect timeout, not a hang', async () => {
    await postgres.blackhole();
    expectUnavailable(await issue());
    await postgres.restore();
    await recovered();
  });

  it('Postgres lost in the middle of an upload: 503, nothing kept, and the app lives on', async () => {
    // The connection is dropped when it sends the file's first rows (CopyData, 'd'): the
    // raw pool client the receiver streams through must not take the process down with it.
    await postgres.dropOn('d');
    const period = '2031-02';
    const upload = await postUpload(collection, buyer, {
      kind: 'returns',
      body: `${RETURNS_CSV_HEADER}\n${period},100.00,13.00,0.00,0.00,0.00\n`,
    }).timeout({ response: 15_000 });
    expectUnavailable(upload);
    await postgres.restore();
    await recovered();
    const kept = await collection
      .get(DataSource)
      .query(`SELECT status FROM collection.uploads WHERE tax_id = $1`, [buyer.taxId]);
    expect(kept).toEqual([]);
  });

  it('Redis stopped: 503 with Retry-After where a request needs it, /health says so; normal again once it is back', async () => {
    await redis.cut();
    const down = await health();
    expectUnavailable(down);
    expect(down.body.details).toEqual({ postgres: 'up', redis: 'down' });
    // A bulk upload is staged in Postgres, then handed to bull: that step needs Redis.
    const upload = await postUpload(collection, buyer, {
      kind: 'returns',
      body: `${RETURNS_CSV_HEADER}\n`,
    }).timeout({ response: 30_000 });
    expectUnavailable(upload);
    await redis.restore();
    for (let attempt = 0; (await health()).status !== 200; attempt++) {
      if (attempt > 100) throw new Error('Redis did not come back');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
