/** The outcome of one item of a batch: each caller gets its own value or its own error. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface IssueBatchLimits {
  /** Most items in one batch. */
  maxSize: number;
  /** Most batches running at the same time. */
  concurrency: number;
}

/** Counters since start (per process), and what waits and runs now. */
export interface AdaptiveBatcherStats {
  batches: number;
  items: number;
  /** Batches of more than one item. */
  grouped: number;
  largest: number;
  /** Items waiting for a free lane now. */
  queued: number;
  /** Batches running now. */
  running: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Adaptive batching: a submitted item starts a batch at once when fewer than
 * `concurrency` batches run (no added latency at low load); otherwise it waits, and the
 * next lane to finish takes everything waiting, up to `maxSize`, in submission order.
 * The runner settles every item of its batch; a runner that throws fails them all.
 */
export class AdaptiveBatcher<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private running = 0;
  private readonly counters = { batches: 0, items: 0, grouped: 0, largest: 0 };

  constructor(
    private readonly limits: IssueBatchLimits,
    private readonly runner: (items: T[]) => Promise<Settled<R>[]>,
  ) {
    if (!(limits.maxSize >= 1 && limits.concurrency >= 1)) throw new RangeError('batch limits must be >= 1');
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.startBatches();
    });
  }

  get stats(): AdaptiveBatcherStats {
    return { ...this.counters, queued: this.waiting.length, running: this.running };
  }

  private startBatches(): void {
    while (this.running < this.limits.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.limits.maxSize);
      this.running++;
      this.counters.batches++;
      this.counters.items += batch.length;
      if (batch.length > 1) this.counters.grouped++;
      this.counters.largest = Math.max(this.counters.largest, batch.length);
      void this.run(batch);
    }
  }

  private async run(batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await this.runner(batch.map((w) => w.item));
      batch.forEach((w, i) => {
        const result = results[i];
        if (result === undefined) w.reject(new Error('batch runner returned no result for an item'));
        else if (result.ok) w.resolve(result.value);
        else w.reject(result.error);
      });
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.running--;
      this.startBatches();
    }
  }
}
