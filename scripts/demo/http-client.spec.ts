import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, HttpError, isRetryable, mapPool, rateLimitWaitMs } from './http-client';

/** A loopback server answering its scripted statuses in turn, then 200; counts the requests. */
async function scriptedServer(
  answers: { status: number; retryAfter?: string; code?: string }[],
): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    const answer = answers[requests++] ?? { status: 200 };
    req.resume();
    if (answer.retryAfter !== undefined) res.setHeader('Retry-After', answer.retryAfter);
    res.setHeader('Content-Type', 'application/json');
    res.statusCode = answer.status;
    res.end(
      JSON.stringify(answer.status === 200 ? { ok: true } : { code: answer.code, message: 'slow down' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
  };
}

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

  it('waits out a 429 for its Retry-After: 1 s without one, never past the patience', () => {
    expect(rateLimitWaitMs('2', 0)).toBe(2000);
    expect(rateLimitWaitMs(null, 0)).toBe(1000);
    expect(rateLimitWaitMs('0', 0)).toBe(1000);
    expect(rateLimitWaitMs('900', 0)).toBeNull();
    expect(rateLimitWaitMs('nonsense', 0)).toBeNull();
    expect(rateLimitWaitMs('5', 299_000)).toBeNull();
  });

  describe('against a server with rate limits', () => {
    let stop: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await stop?.();
      stop = undefined;
    });
    const serve = async (answers: Parameters<typeof scriptedServer>[0]) => {
      const s = await scriptedServer(answers);
      stop = () => new Promise<void>((resolve) => s.server.close(() => resolve()));
      return s;
    };

    it('sends a request again after each 429, as often as it takes, even a POST without a key', async () => {
      const limited = { status: 429, retryAfter: '1', code: 'RATE_LIMITED' };
      const s = await serve(Array.from({ length: 6 }, () => limited));
      const client = new HttpClient(s.url);
      const res = await client.post<{ ok: boolean }>('/v1/enrollment', { body: { x: 1 } });
      expect(res).toEqual({ status: 200, body: { ok: true } });
      expect(s.requests()).toBe(7);
      expect(client.rateLimited).toBe(6);
    });

    it('gives up at once on a 429 it will not wait out (a locked login)', async () => {
      const s = await serve([{ status: 429, retryAfter: '900', code: 'LOGIN_LOCKED' }]);
      const err = await new HttpClient(s.url).post('/v1/auth/login', { body: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).code).toBe('LOGIN_LOCKED');
      expect(s.requests()).toBe(1);
    });
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
