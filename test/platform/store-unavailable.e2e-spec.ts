import { createServer } from 'node:net';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { asServiceUnavailable, unreachableStoreOf } from '@app/platform';

/** A loopback port nothing listens on (taken and released at once). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

/**
 * The errors the global filter turns into 503 SERVICE_UNAVAILABLE, produced for real by the
 * drivers against the real Postgres and Redis (and a closed port): only outages qualify, a
 * bug in a statement stays a 500.
 */
describe('which errors mean a store is unreachable', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await new DataSource(
      dataSourceOptions(process.env.DATABASE_URL!, 'jinshui-test-outage'),
    ).initialize();
  });
  afterAll(() => db.destroy());

  /** A statement that fails in Postgres with the given SQLSTATE, through TypeORM. */
  const raising = (sqlState: string) =>
    failureOf(() => db.query(`DO $$ BEGIN RAISE EXCEPTION 'test' USING ERRCODE = '${sqlState}'; END $$`));

  it.each([
    ['57P01', 'admin_shutdown (a restart ended the session)'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now (starting up)'],
    ['53300', 'too_many_connections'],
    ['08006', 'connection_failure'],
    ['08001', 'sqlclient_unable_to_establish_sqlconnection'],
  ])('Postgres %s, %s: 503 for Postgres', async (sqlState) => {
    const err = await raising(sqlState);
    expect(unreachableStoreOf(err)).toBe('postgres');
    expect(asServiceUnavailable(err)).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      kind: 'unavailable',
      retryAfterSeconds: expect.any(Number),
      details: { store: 'postgres' },
    });
  });

  it.each([
    ['42601', 'a syntax error'],
    ['22012', 'division by zero'],
    ['23505', 'a unique violation'],
    ['P0001', 'a raised exception'],
    ['40P01', 'a deadlock'],
    ['57014', 'a cancelled statement'],
    ['08P01', 'a protocol violation'],
  ])('Postgres %s, %s: not an outage', async (sqlState) => {
    expect(asServiceUnavailable(await raising(sqlState))).toBeNull();
  });

  it('a session terminated while a statement runs (pg_terminate_backend, as in a restart)', async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    client.on('error', () => undefined);
    await client.connect();
    const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const running = failureOf(() => client.query('SELECT pg_sleep(30)'));
    for (let i = 0; i < 200; i++) {
      const [{ sleeping }] = await db.query<{ sleeping: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event = 'PgSleep') AS sleeping`,
        [pid],
      );
      if (sleeping) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await db.query(`SELECT pg_terminate_backend($1)`, [pid]);
    expect(unreachableStoreOf(await running)).toBe('postgres');
    expect(unreachableStoreOf(await failureOf(() => client.query('SELECT 1')))).toBe('postgres');
    void client.end().catch(() => undefined); // ends at once; awaiting a dead client's end() may never settle
  });

  it('Postgres refusing connections (nothing listens): 503', async () => {
    const port = await closedPort();
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'x' });
    const err = await failureOf(() => client.connect());
    expect(unreachableStoreOf(err)).toBe('unknown');
    expect(asServiceUnavailable(err)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('Redis unreachable: retries per request exhausted, offline, or closed', async () => {
    const port = await closedPort();
    const retrying = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 0, lazyConnect: true });
    retrying.on('error', () => undefined);
    const exhausted = await failureOf(() => retrying.get('k'));
    retrying.disconnect();
    const offline = new Redis({ host: '127.0.0.1', port, enableOfflineQueue: false, lazyConnect: true });
    const notWritable = await failureOf(() => offline.get('k'));
    offline.disconnect();
    const closing = new Redis(process.env.REDIS_URL!);
    closing.disconnect();
    const closed = await failureOf(() => closing.get('k'));
    for (const err of [exhausted, notWritable, closed]) {
      expect(unreachableStoreOf(err)).toBe('redis');
      expect(asServiceUnavailable(err)).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        details: { store: 'redis' },
      });
    }
  });

  it('a Redis command refused for what it is: not an outage', async () => {
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const err = await failureOf(() => redis.call('NO-SUCH-COMMAND'));
      expect(asServiceUnavailable(err)).toBeNull();
    } finally {
      redis.disconnect();
    }
  });

  it.each([
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a RangeError', new RangeError('Maximum call stack size exceeded')],
    [
      'a client abort (ECONNRESET without a syscall)',
      Object.assign(new Error('aborted'), { code: 'ECONNRESET' }),
    ],
    ['a string', 'boom'],
    ['null', null],
  ])('%s: not an outage', (_what, err) => {
    expect(asServiceUnavailable(err)).toBeNull();
  });
});
