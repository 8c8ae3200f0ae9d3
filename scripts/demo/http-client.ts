/**
 * A small JSON-over-HTTP client for the demo: bearer tokens, Idempotency-Key, retries of
 * what is safe to retry, and a bounded pool of requests in flight.
 */

export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${url} → ${status} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  }

  /** The stable error code of a Jinshui error body, if any. */
  get code(): string | undefined {
    const b = this.body as { code?: unknown } | null;
    return b && typeof b === 'object' && typeof b.code === 'string' ? b.code : undefined;
  }
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Raw body (e.g. CSV) sent as is, with `contentType`. */
  raw?: string;
  contentType?: string;
  idempotencyKey?: string;
  /** Statuses answered without throwing (the caller looks at them). */
  accept?: number[];
}

export interface HttpResponse<T> {
  status: number;
  body: T;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a failed attempt may be repeated: always for idempotent requests, else only if nothing was sent. */
export function isRetryable(
  failure: { status?: number; code?: string; networkCode?: string },
  idempotent: boolean,
): boolean {
  if (failure.networkCode !== undefined) {
    return idempotent || failure.networkCode === 'ECONNREFUSED';
  }
  if (failure.status === 429 || failure.status === 503) return true;
  if (failure.status === 409 && failure.code === 'IDEMPOTENCY_KEY_IN_FLIGHT') return true;
  return idempotent && failure.status !== undefined && failure.status >= 500;
}

/** The longest Retry-After the demo waits out; a longer one (a locked login) is an error to report. */
export const MAX_RETRY_AFTER_SECONDS = 60;
/** How long one request may spend in all waiting out 429s before the demo gives up. */
export const RATE_LIMIT_PATIENCE_MS = 300_000;

/**
 * How long to wait before sending a request again after a 429: the Retry-After the server
 * gave (1 s if it gave none), or null when that is longer than the demo is willing to wait.
 */
export function rateLimitWaitMs(retryAfter: string | null, waitedMs: number): number | null {
  const seconds = retryAfter === null ? 1 : Number(retryAfter);
  if (!Number.isFinite(seconds) || seconds > MAX_RETRY_AFTER_SECONDS) return null;
  const wait = Math.max(1, seconds) * 1000;
  return waitedMs + wait > RATE_LIMIT_PATIENCE_MS ? null : wait;
}

/**
 * A well-behaved client of a system with abuse limits (docs/access-and-limits.md): a 429
 * is waited out for its Retry-After (plus a little jitter, so that a pool of requests does
 * not come back all at once) and the request sent again, however often that takes within
 * RATE_LIMIT_PATIENCE_MS; other failures get `attempts` tries.
 */
export class HttpClient {
  /** 429s this client has waited out (the demo reports them). */
  rateLimited = 0;

  constructor(
    readonly baseUrl: string,
    private readonly attempts = 6,
  ) {}

  get<T>(path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('POST', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'text/plain';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const idempotent = method === 'GET' || options.idempotencyKey !== undefined;
    let waitedMs = 0;
    for (let attempt = 1; ;) {
      let res: Response;
      try {
        res = await fetch(url, { method, headers, body });
      } catch (err) {
        const networkCode = networkCodeOf(err);
        if (attempt < this.attempts && isRetryable({ networkCode }, idempotent)) {
          await sleep(100 * 2 ** attempt++);
          continue;
        }
        throw new Error(`${method} ${url} failed: ${networkCode} ${(err as Error).message}`, { cause: err });
      }
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
      if (res.ok || options.accept?.includes(res.status)) return { status: res.status, body: parsed as T };
      const error = new HttpError(method, url, res.status, parsed);
      if (res.status === 429) {
        // Refused before any work: always safe to send again, once the limit allows it.
        const wait = rateLimitWaitMs(res.headers.get('retry-after'), waitedMs);
        if (wait === null) throw error;
        waitedMs += wait;
        this.rateLimited++;
        await sleep(wait + Math.floor(Math.random() * 250));
        continue;
      }
      if (attempt < this.attempts && isRetryable({ status: res.status, code: error.code }, idempotent)) {
        const retryAfter = Number(res.headers.get('retry-after'));
        await sleep(retryAfter > 0 ? Math.min(retryAfter, 5) * 1000 : 100 * 2 ** attempt);
        attempt++;
        continue;
      }
      throw error;
    }
  }
}

function networkCodeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code ?? (err as { code?: string }).code ?? 'NETWORK_ERROR';
}

/**
 * Runs `fn` over `items` with at most `concurrency` in flight; results in input order.
 * The first failure stops new work and is thrown once the running calls are done.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
  onDone?: (done: number) => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const state: { failure: Error | null } = { failure: null };
  const worker = async () => {
    while (state.failure === null && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (err) {
        state.failure ??= err instanceof Error ? err : new Error(String(err));
        return;
      }
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (state.failure !== null) throw state.failure;
  return results;
}
