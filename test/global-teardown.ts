import './support/register-aliases';
import Redis from 'ioredis';
import { dropDatabase } from '../scripts/migrate';

/** Drops this run's database and bull keys; KEEP_TEST_DB=1 keeps them for a post-mortem. */
export default async function globalTeardown(): Promise<void> {
  const name = process.env.JINSHUI_TEST_DATABASE;
  if (!name || process.env.KEEP_TEST_DB === '1') return;
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  await dropDatabase(url.toString());

  const redis = new Redis(process.env.REDIS_URL!);
  const pattern = `${process.env.BULL_PREFIX}:*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
