import type { JobOptions } from 'bull';

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
