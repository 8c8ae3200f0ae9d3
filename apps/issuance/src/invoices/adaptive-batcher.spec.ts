import { AdaptiveBatcher, Settled } from './adaptive-batcher';

/** A runner whose batches the test finishes by hand, recording what each batch held. */
function manualRunner() {
  const batches: {
    items: number[];
    finish: (results?: Settled<string>[]) => void;
    fail: (e: unknown) => void;
  }[] = [];
  const run = (items: number[]) =>
    new Promise<Settled<string>[]>((resolve, reject) => {
      batches.push({
        items,
        finish: (results) => resolve(results ?? items.map((i) => ({ ok: true, value: `#${i}` }))),
        fail: reject,
      });
    });
  return { batches, run };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('AdaptiveBatcher', () => {
  it('starts a batch at once while a lane is free: no waiting at low load', async () => {
    const { batches, run } = manualRunner();
    const queue = new AdaptiveBatcher({ maxSize: 32, concurrency: 2 }, run);
    const a = queue.submit(1);
    const b = queue.submit(2);
    expect(batches.map((x) => x.items)).toEqual([[1], [2]]);
    expect(queue.stats).toMatchObject({ running: 2, queued: 0 });
    batches[0].finish();
    batches[1].finish();
    await expect(Promise.all([a, b])).resolves.toEqual(['#1', '#2']);
    expect(queue.stats).toMatchObject({ batches: 2, items: 2, grouped: 0, largest: 1, running: 0 });
  });

  it('lets requests accumulate while the lanes are busy; the next free lane takes them in order', async () => {
    const { batches, run } = manualRunner();
    const queue = new AdaptiveBatcher({ maxSize: 32, concurrency: 1 }, run);
    const results = [1, 2, 3, 4].map((i) => queue.submit(i));
    expect(batches.map((x) => x.items)).toEqual([[1]]);
    expect(queue.stats.queued).toBe(3);
    batches[0].finish();
    await flush();
    expect(batches.map((x) => x.items)).toEqual([[1], [2, 3, 4]]);
    batches[1].finish();
    await expect(Promise.all(results)).resolves.toEqual(['#1', '#2', '#3', '#4']);
    expect(queue.stats).toMatchObject({ batches: 2, items: 4, grouped: 1, largest: 3, queued: 0 });
  });

  it('never puts more than maxSize items in a batch', async () => {
    const { batches, run } = manualRunner();
    const queue = new AdaptiveBatcher({ maxSize: 2, concurrency: 1 }, run);
    const results = [1, 2, 3, 4, 5].map((i) => queue.submit(i));
    for (let i = 0; i < 3; i++) {
      batches[i].finish();
      await flush();
    }
    await Promise.all(results);
    expect(batches.map((x) => x.items)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('gives each caller its own outcome, and everyone the error when the runner throws', async () => {
    const { batches, run } = manualRunner();
    const queue = new AdaptiveBatcher({ maxSize: 8, concurrency: 1 }, run);
    const first = queue.submit(0);
    const [ok, refused] = [queue.submit(1), queue.submit(2)];
    batches[0].fail(new Error('session lost'));
    await expect(first).rejects.toThrow('session lost');
    await flush();
    const refusal = new Error('NUMBER_RANGE_EXHAUSTED');
    batches[1].finish([
      { ok: true, value: 'issued' },
      { ok: false, error: refusal },
    ]);
    await expect(ok).resolves.toBe('issued');
    await expect(refused).rejects.toBe(refusal);
    expect(queue.stats).toMatchObject({ running: 0, queued: 0 });
  });

  it('refuses limits below 1', () => {
    expect(() => new AdaptiveBatcher({ maxSize: 0, concurrency: 1 }, () => Promise.resolve([]))).toThrow(
      RangeError,
    );
  });
});
