import type { AuditRun } from '@app/audit-runs';

export type WatchOutcome =
  | { kind: 'completed'; run: AuditRun }
  | { kind: 'failed'; run: AuditRun }
  /** Still queued after the timeout: no audit worker took any of its jobs. */
  | { kind: 'not-picked-up'; run: AuditRun }
  /** Taken, then no change of status or partitions for the timeout: the workers went away. */
  | { kind: 'stalled'; run: AuditRun }
  | { kind: 'gone' };

export interface WatchOptions {
  pollMs: number;
  /** How long the run may stay as it is (queued, or at the same partition count) before we give up. */
  timeoutMs: number;
  find: (runId: string) => Promise<AuditRun | null>;
  onProgress: (run: AuditRun, elapsedMs: number) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls the run until it is completed or failed. The timeout counts from the last change
 * (of status or partitions written), not from the start: a large run that keeps moving is
 * followed as long as it takes, one that stops moving is given up after `timeoutMs`.
 */
export async function watchRun(runId: string, options: WatchOptions): Promise<WatchOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const started = now();
  let lastChange = started;
  let lastKey: string | undefined;
  for (;;) {
    const run = await options.find(runId);
    if (!run) return { kind: 'gone' };
    const at = now();
    options.onProgress(run, at - started);
    if (run.status === 'completed') return { kind: 'completed', run };
    if (run.status === 'failed') return { kind: 'failed', run };
    const key = `${run.status} ${run.partitionsDone}`;
    if (key !== lastKey) {
      lastKey = key;
      lastChange = at;
    } else if (at - lastChange >= options.timeoutMs) {
      return { kind: run.status === 'queued' ? 'not-picked-up' : 'stalled', run };
    }
    await sleep(options.pollMs);
  }
}
