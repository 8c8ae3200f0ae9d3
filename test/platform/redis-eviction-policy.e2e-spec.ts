import {
  assertRedisKeepsKeys,
  ConfigError,
  readMaxmemoryPolicy,
  RedisEvictionPolicyError,
} from '@app/platform';
import Redis from 'ioredis';
import { runToExit } from '@app/testing';
import { freePort, PrivateRedis } from '../../scripts/system/private-services';

/**
 * Acceptance: every process that uses Redis refuses to start, with exit code 78 and a
 * message that says what to change, when Redis may evict keys (bull's jobs would be lost
 * silently) — also where CONFIG is disabled and the policy is read from INFO.
 *
 * Against redis-servers of this file's own on free loopback ports: the shared Redis is
 * never reconfigured.
 */
const WAIT_MS = 90_000;

describe('Redis maxmemory-policy check at boot', () => {
  let evicting: PrivateRedis;
  let evictingNoConfig: PrivateRedis;
  let keepingNoConfig: PrivateRedis;

  beforeAll(async () => {
    [evicting, evictingNoConfig, keepingNoConfig] = await Promise.all([
      PrivateRedis.create(['--maxmemory-policy', 'allkeys-lru']),
      PrivateRedis.create(['--maxmemory-policy', 'volatile-lru', '--rename-command', 'CONFIG', '']),
      PrivateRedis.create(['--maxmemory-policy', 'noeviction', '--rename-command', 'CONFIG', '']),
    ]);
  });

  afterAll(async () => {
    await Promise.all([evicting, evictingNoConfig, keepingNoConfig].map((s) => s?.shutdown()));
  });

  it('passes the shared Redis (noeviction)', async () => {
    await expect(assertRedisKeepsKeys(process.env.REDIS_URL!)).resolves.toBeUndefined();
  });

  it('refuses a Redis that evicts keys, naming the policy and the fix', async () => {
    const refused = assertRedisKeepsKeys(evicting.url);
    await expect(refused).rejects.toBeInstanceOf(RedisEvictionPolicyError);
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toMatchObject({
      policy: 'allkeys-lru',
      message: expect.stringContaining('maxmemory-policy noeviction'),
    });
  });

  it('reads the policy from INFO where CONFIG is disabled', async () => {
    const redis = new Redis(evictingNoConfig.url);
    try {
      await expect(redis.config('GET', 'maxmemory-policy')).rejects.toThrow(/unknown command/i);
      expect(await readMaxmemoryPolicy(redis)).toBe('volatile-lru');
    } finally {
      redis.disconnect();
    }
    await expect(assertRedisKeepsKeys(evictingNoConfig.url)).rejects.toMatchObject({
      policy: 'volatile-lru',
    });
    await expect(assertRedisKeepsKeys(keepingNoConfig.url)).resolves.toBeUndefined();
  });

  it('gives up on a Redis that does not answer, as a fault rather than a configuration', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const refused = assertRedisKeepsKeys(closed, 500);
    await expect(refused).rejects.toThrow(/did not answer within 500 ms/);
    await expect(refused).rejects.not.toBeInstanceOf(ConfigError);
  });

  it(
    'stops an HTTP app, the collection worker and the CLI with exit code 78 and the message',
    async () => {
      // A port of its own: were the check missing, the app would start and listen.
      const env = {
        REDIS_URL: evicting.url,
        LOG_LEVEL: 'warn',
        COLLECTION_PORT: String(await freePort()),
      };
      const exits = await Promise.all([
        runToExit('apps/collection/src/main.ts', env, [], WAIT_MS),
        runToExit('apps/collection/src/worker.ts', env, [], WAIT_MS),
        runToExit(
          'scripts/cli/main.ts',
          env,
          ['uploads', 'resume', '00000000-0000-4000-8000-000000000000'],
          WAIT_MS,
        ),
      ]);
      for (const exit of exits) {
        expect(exit).toEqual({
          code: 78,
          stderr: expect.stringContaining(`runs with maxmemory-policy allkeys-lru`),
        });
      }
    },
    WAIT_MS + 10_000,
  );
});
