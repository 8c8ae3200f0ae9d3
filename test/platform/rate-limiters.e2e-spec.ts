import Redis from 'ioredis';
import { RateLimitedError, ServiceUnavailableError } from '@app/domain';
import { CredentialFailureLimiter, RateLimitConfig, RequestRateLimiter } from '@app/platform';

/** The two abuse counters on the real Redis, each test in a prefix of its own. */
describe('rate limiters', () => {
  const redis = new Redis(process.env.REDIS_URL!);
  beforeAll(() => redis.ping());
  afterAll(() => redis.quit());

  const settingsWith = (overrides: Partial<RateLimitConfig>): RateLimitConfig =>
    Object.assign(new RateLimitConfig(), {
      BULL_PREFIX: `${process.env.BULL_PREFIX}:rl-${Math.random().toString(36).slice(2)}`,
      ...overrides,
    });
  const outcome = (p: Promise<void>): Promise<string> =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof RateLimitedError ? e.code : String(e)),
    );

  it('lets a burst through above the sustained rate, then answers RATE_LIMITED with Retry-After', async () => {
    const limiter = new RequestRateLimiter(redis, settingsWith({}));
    const policy = { perSecond: 5, burst: 10 };
    // At once, so the count does not depend on how fast this machine sends them: sent one
    // after the other on a loaded machine, a second passes and the sustained rate refills.
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        limiter.consume('enterprise', 'T1', policy).then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    );
    const refused = answers.filter((e) => e !== null);
    // 5 a second and a burst of 10 let 15 through; a second passing mid-flood lets 5 more.
    expect(30 - refused.length).toBeGreaterThanOrEqual(15);
    expect(30 - refused.length).toBeLessThanOrEqual(20);
    for (const err of refused) {
      expect(err).toBeInstanceOf(RateLimitedError);
      expect((err as RateLimitedError).code).toBe('RATE_LIMITED');
      expect((err as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    // Another subject has its own count.
    expect(await outcome(limiter.consume('enterprise', 'T2', policy))).toBe('ok');
  });

  it('locks a username after its failures, whatever the password, and a success clears it', async () => {
    const settings = settingsWith({ LOGIN_FAILURES_PER_USERNAME: 3, AUTH_FAILURES_PER_IP: 100 });
    const limiter = new CredentialFailureLimiter(redis, settings);
    for (let i = 0; i < 3; i++) {
      await limiter.assertAllowed('login', '10.0.0.1', 'alice');
      await limiter.recordFailure('login', '10.0.0.1', 'alice');
    }
    expect(await outcome(limiter.assertAllowed('login', '10.0.0.2', 'alice'))).toBe('LOGIN_LOCKED');
    expect(await outcome(limiter.assertAllowed('login', '10.0.0.1', 'bob'))).toBe('ok');

    await limiter.recordFailure('login', '10.0.0.1', 'carol');
    await limiter.recordSuccess('carol');
    await limiter.recordFailure('login', '10.0.0.1', 'carol');
    await limiter.recordFailure('login', '10.0.0.1', 'carol');
    expect(await outcome(limiter.assertAllowed('login', '10.0.0.1', 'carol'))).toBe('ok');
  });

  it('limits failures per IP and kind', async () => {
    const limiter = new CredentialFailureLimiter(redis, settingsWith({ AUTH_FAILURES_PER_IP: 2 }));
    await limiter.recordFailure('api_key', '10.0.0.9');
    await limiter.recordFailure('api_key', '10.0.0.9');
    expect(await outcome(limiter.assertAllowed('api_key', '10.0.0.9'))).toBe('AUTH_FAILURES_LIMITED');
    expect(await outcome(limiter.assertAllowed('enrollment', '10.0.0.9'))).toBe('ok');
    expect(await outcome(limiter.assertAllowed('api_key', '10.0.0.8'))).toBe('ok');
  });

  it('answers SERVICE_UNAVAILABLE, not a pass, when Redis cannot be reached', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0 });
    const limiter = new RequestRateLimiter(down, settingsWith({}));
    const err = await limiter.consume('public', '10.0.0.1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    const failures = new CredentialFailureLimiter(down, settingsWith({}));
    expect(await failures.assertAllowed('login', '10.0.0.1', 'x').catch((e: unknown) => e)).toBeInstanceOf(
      ServiceUnavailableError,
    );
    down.disconnect();
  });
});
