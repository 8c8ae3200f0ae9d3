import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '@app/domain';
import { REDIS, redisUnavailable, retryAfterSeconds } from '@app/platform';
import { IssuanceConfig } from '../config/issuance.config';
import { beijingDayOf } from './business-day';
import { VerificationKey } from './verification.repository';

/**
 * The limits of anonymous checks (and of API keys that are no party to the invoice), on the
 * abuse-limit core's Redis counters under BULL_PREFIX:
 *
 * - VERIFY_DAILY_LIMIT checks per client × invoice key × Beijing calendar day, counted
 *   whether or not the invoice exists; past it 429 VERIFY_LIMIT_REACHED until Beijing
 *   midnight. A stranger spends only their own checks, never the owner's or anyone else's.
 * - VERIFY_MISSES_PER_IP checks that match no invoice per client within
 *   VERIFY_MISS_WINDOW_SECONDS; past it every anonymous check of that client is refused
 *   with 429 VERIFY_MISSES_LIMITED, so numbers cannot be enumerated from one address.
 *
 * Every check is counted as a miss when admitted and given back when its facts matched
 * (`forgiveMiss`): the reservation is one atomic increment, so concurrent guesses cannot
 * overshoot the limit, and a miss costs exactly what a match costs until the facts match.
 * When Redis cannot count, the check is refused with 503, never let through uncounted.
 */
@Injectable()
export class PublicCheckLimiter {
  private readonly daily: RateLimiterRedis;
  private readonly misses: RateLimiterRedis;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly config: IssuanceConfig,
  ) {
    const counter = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.BULL_PREFIX}:rl:verify:${name}`,
        points,
        duration,
      });
    // The day is in the key and each key expires at its Beijing midnight (customDuration).
    this.daily = counter('daily', config.VERIFY_DAILY_LIMIT, 86_400);
    this.misses = counter('misses', config.VERIFY_MISSES_PER_IP, config.VERIFY_MISS_WINDOW_SECONDS);
  }

  /**
   * Admits one check of `key` by `client` (a clientAddressKey) and returns the checks of
   * that invoice the client has left today; throws 429 when either limit is reached.
   */
  async admit(client: string, key: VerificationKey, now = new Date()): Promise<number> {
    await this.reserveMiss(client);
    try {
      return await this.countDaily(client, key, now);
    } catch (err) {
      // Not checked, so not a miss either.
      await this.forgiveMiss(client);
      throw err;
    }
  }

  /**
   * The admitted check matched an invoice: its reserved miss is given back. Best effort: if
   * Redis failed since the admission, the client keeps one miss too many until the window ends.
   */
  async forgiveMiss(client: string): Promise<void> {
    await this.misses.reward(client).catch(() => undefined);
  }

  private async reserveMiss(client: string): Promise<void> {
    try {
      await this.misses.consume(client);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw redisUnavailable();
      const { VERIFY_MISSES_PER_IP: limit, VERIFY_MISS_WINDOW_SECONDS: windowSeconds } = this.config;
      throw new RateLimitedError(
        'VERIFY_MISSES_LIMITED',
        `${limit} checks from your address matched no invoice within ${windowSeconds} s; ` +
          'wait for the time in Retry-After before checking again.',
        retryAfterSeconds(err),
        { limit, windowSeconds },
      );
    }
  }

  private async countDaily(client: string, key: VerificationKey, now: Date): Promise<number> {
    const { day, secondsLeft } = beijingDayOf(now);
    try {
      const res = await this.daily.consume(`${day}:${client}:${key.invoiceCode}:${key.invoiceNumber}`, 1, {
        customDuration: secondsLeft,
      });
      return res.remainingPoints;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw redisUnavailable();
      const limit = this.config.VERIFY_DAILY_LIMIT;
      throw new RateLimitedError(
        'VERIFY_LIMIT_REACHED',
        `You have checked this invoice ${limit} times today; try again after midnight (Beijing time).`,
        secondsLeft,
        { limit },
      );
    }
  }
}
