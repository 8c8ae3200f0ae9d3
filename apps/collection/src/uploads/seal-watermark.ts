/**
 * How far an upload's seal verdicts are stored, for the merge batches that run while seals
 * are still being checked: a batch may merge only once every verdict of its rows is stored,
 * because the merge reads a row without a verdict as a row without a seal. Verdicts are stored
 * in row order, a chunk at a time, so "stored through row N" is one number. It ends at
 * `finish` (every verdict stored) or `fail` (the checks failed: the waiting batches fail too).
 */
export class SealWatermark {
  private waiting: { row: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  private failure: Error | null = null;

  constructor(private through: number) {}

  /** Every verdict of rows up to `row` is stored. */
  advance(row: number): void {
    this.through = Math.max(this.through, row);
    this.release();
  }

  /** Every verdict of the upload is stored. */
  finish(): void {
    this.advance(Infinity);
  }

  /** The checks failed: whoever waits, and whoever asks later, gets `err`. */
  fail(err: unknown): void {
    const failure = err instanceof Error ? err : new Error(String(err));
    this.failure = failure;
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w.reject(failure);
  }

  /** Resolves once the verdicts of rows up to `row` are stored; rejects if the checks fail first. */
  reached(row: number): Promise<void> {
    if (row <= this.through) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push({ row, resolve, reject }));
  }

  private release(): void {
    const ready = this.waiting.filter((w) => w.row <= this.through);
    this.waiting = this.waiting.filter((w) => w.row > this.through);
    for (const w of ready) w.resolve();
  }
}
