import Redis from 'ioredis';

/**
 * "Redis lost its data" for one test's bull prefix: every key under `${prefix}:` is deleted
 * (jobs, their locks, the queues' lists, repeatable schedules), as a Redis restarted without
 * persistence would have lost them. Only that prefix: the shared Redis itself is never
 * flushed, restarted or reconfigured. Returns how many keys were deleted.
 */
export async function deleteBullKeys(prefix: string, redisUrl = process.env.REDIS_URL!): Promise<number> {
  const redis = new Redis(redisUrl);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  return deleted;
}
