import Redis from 'ioredis';
import { RateLimitedError, ServiceUnavailableError } from '@app/domain';
import { IssuanceConfig } from '../../apps/issuance/src/config/issuance.config';
import { PublicCheckLimiter } from '../../apps/issuance/src/verification/public-check-limiter';

/**
 * PublicCheckLimiter on the real Redis, with explicit client keys and clocks: the day of
 * the daily limit is Beijing's, and Redis being down refuses checks instead of letting
 * them through. Each test counts in a prefix of its own.
 */
describe('PublicCheckLimiter', () => {
  const redis = new Redis(process.env.REDIS_URL!);
  beforeAll(() => redis.ping());
  afterAll(() => redis.quit());

  const configWith = (overrides: Partial<IssuanceConfig>): IssuanceConfig =>
    Object.assign(new IssuanceConfig(), {
      BULL_PREFIX: `${process.env.BULL_PREFIX}:verify-${Math.random().toString(36).slice(2)}`,
      ...overrides,
    });
  const key = { invoiceCode: '4400261133', invoiceNumber: '00000001' };
  const refusal = (p: Promise<unknown>): Promise<RateLimitedError> =>
    p.then(
      () => {
        throw new Error('expected a refusal');
      },
      (e: unknown) => e as RateLimitedError,
    );

  it('counts per client and invoice within a Beijing day, and Retry-After is the rest of that day', async () => {
    const limiter = new PublicCheckLimiter(redis, configWith({ VERIFY_DAILY_LIMIT: 2 }));
    // 23:59:00 in Beijing: a minute left of 2026-03-31.
    const lateEvening = new Date('2026-03-31T15:59:00Z');
    expect(await limiter.admit('203.0.113.1', key, lateEvening)).toBe(1);
    expect(await limiter.admit('203.0.113.1', key, lateEvening)).toBe(0);
    const err = await refusal(limiter.admit('203.0.113.1', key, lateEvening));
    expect(err).toMatchObject({ code: 'VERIFY_LIMIT_REACHED', retryAfterSeconds: 60 });

    expect(await limiter.admit('203.0.113.2', key, lateEvening)).toBe(1);
    expect(await limiter.admit('203.0.113.1', { ...key, invoiceNumber: '00000002' }, lateEvening)).toBe(1);
    // Two minutes later it is 1 April in Beijing (still 31 March in UTC).
    expect(await limiter.admit('203.0.113.1', key, new Date('2026-03-31T16:01:00Z'))).toBe(1);
  });

  it('refuses a client past its misses until they are forgiven', async () => {
    const limiter = new PublicCheckLimiter(redis, configWith({ VERIFY_MISSES_PER_IP: 2 }));
    await limiter.admit('203.0.113.9', key);
    await limiter.admit('203.0.113.9', key);
    const err = await refusal(limiter.admit('203.0.113.9', key));
    expect(err).toMatchObject({ code: 'VERIFY_MISSES_LIMITED', details: { limit: 2, windowSeconds: 3600 } });
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(3600);

    const other = new PublicCheckLimiter(redis, configWith({ VERIFY_MISSES_PER_IP: 2 }));
    await other.admit('203.0.113.10', key);
    await other.admit('203.0.113.10', key);
    await other.forgiveMiss('203.0.113.10');
    expect(await other.admit('203.0.113.10', key)).toBe(2);
  });

  it('answers SERVICE_UNAVAILABLE, not a pass, when Redis cannot be reached', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0 });
    const limiter = new PublicCheckLimiter(down, configWith({}));
    expect(await limiter.admit('203.0.113.1', key).catch((e: unknown) => e)).toBeInstanceOf(
      ServiceUnavailableError,
    );
    down.disconnect();
  });
});
