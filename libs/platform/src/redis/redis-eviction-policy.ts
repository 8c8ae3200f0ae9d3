import Redis from 'ioredis';
import { ConfigError } from '../config';

/** The only maxmemory-policy under which Redis never drops a key to make room. */
export const REQUIRED_REDIS_POLICY = 'noeviction';

/** How long a starting process waits for Redis to answer before it gives up (exit 1, not 78). */
export const REDIS_BOOT_WAIT_MS = 10_000;

/**
 * A Redis that may evict keys: bull's jobs, locks and repeatable schedules are keys, and an
 * evicted one is a job lost without a trace. A configuration error (exit 78): the process
 * refuses to start.
 */
export class RedisEvictionPolicyError extends ConfigError {
  constructor(
    readonly address: string,
    readonly policy: string | null,
  ) {
    super([
      policy === null
        ? `REDIS_URL: cannot read maxmemory-policy of Redis at ${address} (CONFIG GET and INFO memory both ` +
          `refused): a Redis that may evict keys loses queued jobs silently. Allow CONFIG GET or INFO, ` +
          `and make sure it runs with maxmemory-policy ${REQUIRED_REDIS_POLICY}.`
        : `REDIS_URL: Redis at ${address} runs with maxmemory-policy ${policy}: it may evict bull's jobs ` +
          `and lose them silently. Set "maxmemory-policy ${REQUIRED_REDIS_POLICY}" in redis.conf (or start ` +
          `redis-server with --maxmemory-policy ${REQUIRED_REDIS_POLICY}); see docs/operations.md.`,
    ]);
    this.name = 'RedisEvictionPolicyError';
  }
}

/** host:port of a redis:// URL, never its password. */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * maxmemory-policy as Redis reports it: CONFIG GET, or the `maxmemory_policy` line of INFO
 * memory where CONFIG is renamed away or refused by an ACL (managed Redis services often
 * do that). Null when neither answers.
 */
export async function readMaxmemoryPolicy(redis: Redis): Promise<string | null> {
  try {
    const reply: unknown = await redis.config('GET', 'maxmemory-policy');
    if (Array.isArray(reply) && typeof reply[1] === 'string') return reply[1];
  } catch {
    // CONFIG disabled: INFO below.
  }
  try {
    const info = await redis.info('memory');
    return /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** One connection attempt: the policy, or a connection error (thrown). */
async function policyOnce(url: string, timeoutMs: number): Promise<string | null> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    // One attempt, no offline queue: the caller retries, and nothing outlives the attempt.
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await readMaxmemoryPolicy(redis);
  } finally {
    redis.disconnect();
  }
}

/**
 * Checked by every process that uses Redis before it starts (runHttpApp, the collection
 * worker, the CLI's queue commands). @throws RedisEvictionPolicyError when Redis may evict
 * keys; an Error when it does not answer within `waitMs` (a fault, not a configuration:
 * the supervisor restarts the app until Redis is back).
 */
export async function assertRedisKeepsKeys(url: string, waitMs = REDIS_BOOT_WAIT_MS): Promise<void> {
  const address = redisAddress(url);
  const deadline = Date.now() + waitMs;
  let lastError = '';
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new Error(
        `Redis at ${address} did not answer within ${waitMs} ms (${lastError}): cannot start without it`,
      );
    }
    let policy: string | null;
    try {
      policy = await policyOnce(url, Math.max(100, Math.min(left, 5_000)));
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(0, deadline - Date.now()))));
      continue;
    }
    if (policy !== REQUIRED_REDIS_POLICY) throw new RedisEvictionPolicyError(address, policy);
    return;
  }
}
