import { freeLoopbackPort } from '../support/tcp-proxy';

/**
 * Imported first by store-outage.e2e-spec.ts, before any app module, because app configs
 * are read when their module loads: the app under test reaches Postgres and Redis through
 * loopback proxies of its own (see TcpProxy), so the test can take them away from this app
 * alone; the shared servers are never stopped. A short connect timeout keeps the
 * black-hole case quick, and a bull prefix of its own keeps its keys apart.
 */
const postgres = new URL(process.env.DATABASE_URL!);
const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

export const OUTAGE_PROXIES = {
  postgres: {
    port: freeLoopbackPort(),
    target: { host: postgres.hostname, port: Number(postgres.port || 5432) },
  },
  redis: {
    port: freeLoopbackPort(),
    target: { host: redis.hostname, port: Number(redis.port || 6379) },
  },
};

postgres.host = `127.0.0.1:${OUTAGE_PROXIES.postgres.port}`;
redis.host = `127.0.0.1:${OUTAGE_PROXIES.redis.port}`;
process.env.DATABASE_URL = postgres.toString();
process.env.REDIS_URL = redis.toString();
process.env.DATABASE_CONNECT_TIMEOUT_MS = '1000';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:store-outage`;
