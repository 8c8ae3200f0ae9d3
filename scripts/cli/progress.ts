import type { AuditRun } from '@app/audit-runs';

export type RunProgress = Pick<AuditRun, 'status' | 'partitionsDone' | 'partitionsTotal'>;

export const BAR_WIDTH = 30;

/** What to call a status on the bar, where the engine's name says less than the stage (a back-test's `finalizing` is its risk stage). */
export type StatusLabels = Partial<Record<RunProgress['status'], string>>;

/**
 * Percent done as the bureau API reports it: partitions written, held below 100 while the
 * findings are merged after the last one, 100 once the run is completed.
 */
export function percentDone(run: RunProgress): number {
  if (run.status === 'completed') return 100;
  if (run.partitionsTotal <= 0) return 0;
  return Math.min(99, Math.floor((100 * run.partitionsDone) / run.partitionsTotal));
}

/** `[#########.....................]   5/16 partitions  31%  running  12 s` */
export function progressBar(
  run: RunProgress,
  elapsedMs: number,
  width = BAR_WIDTH,
  labels: StatusLabels = {},
): string {
  const percent = percentDone(run);
  const filled = Math.floor((percent * width) / 100);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  const total = String(run.partitionsTotal);
  const done = String(run.partitionsDone).padStart(total.length);
  const pct = `${percent}%`.padStart(4);
  const status = labels[run.status] ?? run.status;
  return `[${bar}] ${done}/${total} partitions ${pct}  ${status.padEnd(10)} ${Math.floor(elapsedMs / 1000)} s`;
}

/**
 * Draws the progress of a run on a terminal (one line redrawn in place with \r) or, when
 * stderr is a pipe or a file, one line per change of status or partitions, so a log keeps
 * the story without a line per poll.
 */
export class ProgressReporter {
  private last?: string;
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly labels: StatusLabels = {},
  ) {}

  update(run: RunProgress, elapsedMs: number): void {
    const key = `${run.status} ${run.partitionsDone}/${run.partitionsTotal}`;
    if (this.tty) {
      this.write(`\r${progressBar(run, elapsedMs, BAR_WIDTH, this.labels)}\x1b[K`);
      this.drawn = true;
    } else if (key !== this.last) {
      this.write(`${progressBar(run, elapsedMs, BAR_WIDTH, this.labels)}\n`);
    }
    this.last = key;
  }

  /** Ends the redrawn line, so that what follows starts on a line of its own. */
  finish(): void {
    if (this.tty && this.drawn) this.write('\n');
    this.drawn = false;
  }
}
