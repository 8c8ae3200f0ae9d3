import type { AdvancedSettings, JobOptions } from 'bull';

/**
 * Retry, backoff and retention for every job, set once. bull delivers at least once, so
 * every processor must be idempotent in Postgres; retries are safe by construction.
 */
export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: 1000,
  removeOnFail: 5000,
};

/**
 * How a queue notices a dead worker: a worker that stops renewing its lock for `lockMs` has
 * its job handed to another, checked every half lock. Processors are idempotent, so a job
 * re-delivered this way (at most `maxStalledCount` times) only repeats work.
 */
export function stalledJobSettings(lockMs: number, maxStalledCount = 3): AdvancedSettings {
  return { lockDuration: lockMs, stalledInterval: Math.ceil(lockMs / 2), maxStalledCount };
}
