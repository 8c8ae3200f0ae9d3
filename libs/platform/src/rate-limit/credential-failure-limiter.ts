import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '@app/domain';
import { REDIS } from '../redis/redis.module';
import { RateLimitConfig } from './rate-limit.config';
import { redisUnavailable, retryAfterSeconds } from './request-rate-limiter';

/** A credential that can be guessed: an officer's password, an enrollment token, an API key. */
export type CredentialKind = 'login' | 'enrollment' | 'api_key';

/**
 * Brute-force protection (rate-limiter-flexible's "consecutive failures" recipe): failed
 * attempts are counted per username (logins) and per client IP (every kind) within
 * AUTH_FAILURE_WINDOW_SECONDS. Past LOGIN_FAILURES_PER_USERNAME a username is locked
 * (429 LOGIN_LOCKED) for what remains of the window, even for the right password; past
 * AUTH_FAILURES_PER_IP an IP gets 429 AUTH_FAILURES_LIMITED for that kind. A success
 * clears the username's count, never the IP's.
 */
@Injectable()
export class CredentialFailureLimiter {
  private readonly byUsername: RateLimiterRedis;
  private readonly byIp = new Map<CredentialKind, RateLimiterRedis>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly settings: RateLimitConfig,
  ) {
    this.byUsername = this.counter('login:user', settings.LOGIN_FAILURES_PER_USERNAME);
    for (const kind of ['login', 'enrollment', 'api_key'] as const) {
      this.byIp.set(kind, this.counter(`${kind}:ip`, settings.AUTH_FAILURES_PER_IP));
    }
  }

  /** Refuses the attempt before the credential is checked when its username or IP is locked. */
  async assertAllowed(kind: CredentialKind, ip: string, username?: string): Promise<void> {
    const [ipRes, userRes] = await this.read([
      this.byIp.get(kind)!.get(ip),
      username === undefined ? Promise.resolve(null) : this.byUsername.get(username),
    ]);
    if (userRes && userRes.consumedPoints >= this.settings.LOGIN_FAILURES_PER_USERNAME) {
      throw new RateLimitedError(
        'LOGIN_LOCKED',
        `This username had ${this.settings.LOGIN_FAILURES_PER_USERNAME} failed logins; it is locked for a while.`,
        retryAfterSeconds(userRes),
      );
    }
    if (ipRes && ipRes.consumedPoints >= this.settings.AUTH_FAILURES_PER_IP) {
      throw new RateLimitedError(
        'AUTH_FAILURES_LIMITED',
        'Too many failed credentials from your address; wait before trying again.',
        retryAfterSeconds(ipRes),
        { kind },
      );
    }
  }

  /** Counts one failed attempt. */
  async recordFailure(kind: CredentialKind, ip: string, username?: string): Promise<void> {
    await this.read([
      this.byIp.get(kind)!.penalty(ip),
      username === undefined ? Promise.resolve(null) : this.byUsername.penalty(username),
    ]);
  }

  /** A successful login clears its username's failures (the IP's count stays). */
  async recordSuccess(username: string): Promise<void> {
    await this.read([this.byUsername.delete(username).then(() => null)]);
  }

  private counter(name: string, points: number): RateLimiterRedis {
    return new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: `${this.settings.BULL_PREFIX}:rl:fail:${name}`,
      points,
      duration: this.settings.AUTH_FAILURE_WINDOW_SECONDS,
    });
  }

  private async read(reads: Promise<RateLimiterRes | null>[]): Promise<(RateLimiterRes | null)[]> {
    try {
      return await Promise.all(reads);
    } catch {
      throw redisUnavailable();
    }
  }
}
