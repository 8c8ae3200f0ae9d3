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

/**
 * bull's Redis connections while Redis is unreachable. bull's own defaults reconnect after
 * up to 20 s and hold a command for 20 reconnects: a `queue.add` in a request then waited
 * about four minutes. Here reconnects come every 0.2–2 s (so a restarted Redis is picked up
 * quickly), and a command fails after 5 of them, about 3 s, so the request is answered 503
 * SERVICE_UNAVAILABLE with Retry-After. (bull keeps its blocking and subscriber connections
 * waiting indefinitely, as it must; a worker's failed command is redone through the stalled
 * job check, and processors are idempotent.)
 */
export const QUEUE_REDIS_OPTIONS = {
  maxRetriesPerRequest: 5,
  retryStrategy: (times: number): number => Math.min(times * 200, 2000),
};
