import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { BurstyRateLimiter, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError, ServiceUnavailableError } from '@app/domain';
import { REDIS } from '../redis/redis.module';
import { RatePolicy, RateLimitConfig } from './rate-limit.config';

/** Whose requests a counter counts: an enterprise, an officer, or a client IP on public routes. */
export type RateSubject = 'enterprise' | 'officer' | 'public';

/** Thrown when Redis does not answer: the request is refused with 503, never let through uncounted. */
export function redisUnavailable(): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'SERVICE_UNAVAILABLE',
    'A service this request needs (Redis) is not reachable; retry shortly.',
    5,
    { store: 'redis' },
  );
}

export function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Request rates per enterprise, per officer and per client IP, counted in Redis
 * (rate-limiter-flexible) so that every process and machine shares one count.
 *
 * A policy is a sustained rate with a burst: a counter of `perSecond` requests a second,
 * and once it is spent, a second counter of `burst` requests per burst window that absorbs
 * bursts (rate-limiter-flexible's BurstyRateLimiter). The window is BURST_WINDOW_FACTOR
 * times `burst / perSecond` seconds (50 s for 20/s + 100), so that a client bursting all the
 * time averages at most 1.1 × `perSecond`: with a window of `burst / perSecond` it could
 * average twice the configured rate. A client at
 * the sustained rate never touches the burst; one that floods gets 429 RATE_LIMITED with
 * Retry-After, and further floods are refused from memory until the window ends, without
 * a round trip to Redis.
 */
/** How many times `burst / perSecond` seconds a burst takes to come back (see above). */
export const BURST_WINDOW_FACTOR = 10;

/** Seconds of the burst counter's window of a policy. */
export function burstWindowSeconds(policy: RatePolicy): number {
  return Math.max(1, Math.ceil((BURST_WINDOW_FACTOR * policy.burst) / policy.perSecond));
}

@Injectable()
export class RequestRateLimiter {
  /** What `consume` throws: for the OpenAPI documents of the routes that pay a request. */
  static readonly ERRORS = ['RATE_LIMITED', 'SERVICE_UNAVAILABLE'] as const;

  private readonly limiters = new Map<string, BurstyRateLimiter>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly settings: RateLimitConfig,
  ) {}

  /** The configured policy of a kind of subject. */
  policyOf(subject: RateSubject): RatePolicy {
    const s = this.settings;
    switch (subject) {
      case 'enterprise':
        return { perSecond: s.RATE_LIMIT_ENTERPRISE_PER_SECOND, burst: s.RATE_LIMIT_ENTERPRISE_BURST };
      case 'officer':
        return { perSecond: s.RATE_LIMIT_OFFICER_PER_SECOND, burst: s.RATE_LIMIT_OFFICER_BURST };
      case 'public':
        return { perSecond: s.RATE_LIMIT_PUBLIC_PER_SECOND, burst: s.RATE_LIMIT_PUBLIC_BURST };
    }
  }

  /**
   * Counts one request of `key` (a tax ID, an officer id, an IP) against `policy`
   * (by default the subject's configured one). Throws RATE_LIMITED (429) past it, and
   * SERVICE_UNAVAILABLE (503) when Redis cannot count.
   */
  async consume(subject: RateSubject, key: string, policy = this.policyOf(subject)): Promise<void> {
    try {
      await this.limiter(subject, policy).consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw redisUnavailable();
      throw new RateLimitedError(
        'RATE_LIMITED',
        `Too many requests: at most ${policy.perSecond} a second, with bursts of ${policy.burst} more. ` +
          'Slow down and retry after the time in Retry-After.',
        retryAfterSeconds(err),
        { perSecond: policy.perSecond, burst: policy.burst },
      );
    }
  }

  private limiter(subject: RateSubject, policy: RatePolicy): BurstyRateLimiter {
    const id = `${subject}:${policy.perSecond}:${policy.burst}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const keyPrefix = `${this.settings.BULL_PREFIX}:rl:${id}`;
      const burstSeconds = burstWindowSeconds(policy);
      limiter = new BurstyRateLimiter(
        new RateLimiterRedis({
          storeClient: this.redis,
          keyPrefix,
          points: policy.perSecond,
          duration: 1,
        }),
        new RateLimiterRedis({
          storeClient: this.redis,
          keyPrefix: `${keyPrefix}:burst`,
          points: policy.burst,
          duration: burstSeconds,
          // Past the burst, refuse from memory until the window ends (no Redis round trip).
          inMemoryBlockOnConsumed: policy.burst + 1,
        }),
      );
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
