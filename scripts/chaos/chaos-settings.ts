import { raisedAbuseLimits } from '@app/platform';

/**
 * The stack's environment under chaos: the suite's stores, development secrets, and the
 * recovery timers short, so that a lost job is found in seconds rather than a minute.
 * The clients of the suite are patient but fast, so the abuse limits are raised through
 * the configuration, as a bench does.
 */
export function chaosStackSettings(databaseUrl: string, redisUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    BULL_PREFIX: 'jinshui',
    ...raisedAbuseLimits(),
    AUDIT_SWEEP_INTERVAL_MS: '2000',
    UPLOAD_SWEEP_INTERVAL_MS: '2000',
    AUDIT_JOB_LOCK_MS: '5000',
    UPLOAD_JOB_LOCK_MS: '5000',
    // Five restarts in a row must not wait out a long backoff.
    SUPERVISOR_RESTART_DELAY_MS: '500',
    SUPERVISOR_RESTART_MAX_DELAY_MS: '4000',
  };
}
