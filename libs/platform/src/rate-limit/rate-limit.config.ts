import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseConfig } from '../config/base.config';

/** A sustained rate with a burst above it: see RequestRateLimiter. */
export interface RatePolicy {
  perSecond: number;
  burst: number;
}

const Count = (max: number): PropertyDecorator => {
  const decorators = [Type(() => Number), IsInt(), Min(1), Max(max)];
  return (target, key) => decorators.forEach((d) => d(target, key));
};

/**
 * Abuse limits of every HTTP app (ADR 0017). Counters live in Redis under BULL_PREFIX, so
 * they hold across processes and machines. Benches and tests raise them here, through
 * the environment; no code path skips them.
 */
export class RateLimitConfig extends BaseConfig {
  /** Requests a second one enterprise (all its API keys together) may send, sustained. */
  @Count(1_000_000) RATE_LIMIT_ENTERPRISE_PER_SECOND = 20;
  /** Extra requests above that rate an enterprise may send in a burst. */
  @Count(10_000_000) RATE_LIMIT_ENTERPRISE_BURST = 100;
  @Count(1_000_000) RATE_LIMIT_OFFICER_PER_SECOND = 10;
  @Count(10_000_000) RATE_LIMIT_OFFICER_BURST = 50;
  /** Per client IP on public routes (verification, the CA chain, login, enrollment). */
  @Count(1_000_000) RATE_LIMIT_PUBLIC_PER_SECOND = 5;
  @Count(10_000_000) RATE_LIMIT_PUBLIC_BURST = 30;
  /** Failed logins of one username within the window after which it is locked (429). */
  @Count(1_000_000) LOGIN_FAILURES_PER_USERNAME = 5;
  /** Failed credentials (password, enrollment token, API key) from one IP within the window. */
  @Count(1_000_000) AUTH_FAILURES_PER_IP = 30;
  /** The failure window, which is also the longest a lock lasts. */
  @Count(7 * 24 * 3600) AUTH_FAILURE_WINDOW_SECONDS = 900;
}

/** The counts of RateLimitConfig, for `raisedAbuseLimits`. */
const ABUSE_LIMIT_COUNTS = [
  'RATE_LIMIT_ENTERPRISE_PER_SECOND',
  'RATE_LIMIT_ENTERPRISE_BURST',
  'RATE_LIMIT_OFFICER_PER_SECOND',
  'RATE_LIMIT_OFFICER_BURST',
  'RATE_LIMIT_PUBLIC_PER_SECOND',
  'RATE_LIMIT_PUBLIC_BURST',
  'LOGIN_FAILURES_PER_USERNAME',
  'AUTH_FAILURES_PER_IP',
] as const satisfies readonly (keyof RateLimitConfig)[];

/**
 * Environment that raises every abuse limit far above what one client sends: for the test
 * suites, the benches and the chaos suite, whose clients are faster than any client should
 * be. Production reaches the limits only through the same variables.
 */
export function raisedAbuseLimits(value = 1_000_000): Record<string, string> {
  return Object.fromEntries(ABUSE_LIMIT_COUNTS.map((name) => [name, String(value)]));
}
