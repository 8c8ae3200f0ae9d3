import type { JobOptions, Queue } from 'bull';

/** States in which bull will still run a job (or is running it). */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'paused']);

export interface JobToEnsure<T> {
  /** For queues whose jobs are named (the audit control queue); none for the default. */
  name?: string;
  jobId: string;
  data: T;
  opts?: JobOptions;
}

/** What ensureJob found: a job bull will run, or none (so it added one). */
export type EnsuredJob = 'present' | 'added';

/**
 * Makes sure bull holds a job it will run for work whose system of record is Postgres:
 * the reconciliation after Redis lost its data (a restart without persistence, an
 * eviction) or after a job ended without finishing its work. A job in a live state is left
 * alone; one that is gone, finished (completed or failed) or in no list at all ('stuck') is
 * removed and added again under the same id — bull ignores an add whose id it still holds,
 * so without the removal a finished job would block the new one forever.
 *
 * Safe to race: two callers at once end with one job (an add of an id bull holds is a
 * no-op; removing a job a worker has meanwhile taken fails on its lock and is ignored). The
 * work itself must be idempotent, as every job here is.
 */
export async function ensureJob<T>(queue: Queue<T>, wanted: JobToEnsure<T>): Promise<EnsuredJob> {
  const job = await queue.getJob(wanted.jobId);
  if (job) {
    if (LIVE_STATES.has(await job.getState())) return 'present';
    await job.remove().catch(() => undefined);
  }
  const opts = { ...wanted.opts, jobId: wanted.jobId };
  await (wanted.name === undefined
    ? queue.add(wanted.data, opts)
    : queue.add(wanted.name, wanted.data, opts));
  return 'added';
}
