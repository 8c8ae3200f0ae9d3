import { isRetryable, mapPool } from './http-client';

describe('demo http client', () => {
  it('retries only what is safe to repeat', () => {
    expect(isRetryable({ networkCode: 'ECONNRESET' }, true)).toBe(true);
    expect(isRetryable({ networkCode: 'ECONNRESET' }, false)).toBe(false);
    expect(isRetryable({ networkCode: 'ECONNREFUSED' }, false)).toBe(true);
    expect(isRetryable({ status: 429 }, false)).toBe(true);
    expect(isRetryable({ status: 409, code: 'IDEMPOTENCY_KEY_IN_FLIGHT' }, true)).toBe(true);
    expect(isRetryable({ status: 409, code: 'TAXPAYER_ALREADY_REGISTERED' }, true)).toBe(false);
    expect(isRetryable({ status: 500 }, true)).toBe(true);
    expect(isRetryable({ status: 500 }, false)).toBe(false);
    expect(isRetryable({ status: 422 }, true)).toBe(false);
  });

  it('keeps at most `concurrency` calls in flight and returns results in order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapPool(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, (n * 7) % 5));
        running--;
        return n * 2;
      },
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(peak).toBe(3);
  });

  it('stops at the first failure and throws it', async () => {
    let started = 0;
    await expect(
      mapPool(
        Array.from({ length: 100 }, (_, i) => i),
        2,
        async (n) => {
          started++;
          if (n === 3) throw new Error('boom');
          await new Promise((resolve) => setTimeout(resolve, 1));
        },
      ),
    ).rejects.toThrow('boom');
    expect(started).toBeLessThan(10);
  });
});
