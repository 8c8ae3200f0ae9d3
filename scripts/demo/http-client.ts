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

export class HttpClient {
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
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { method, headers, body });
      } catch (err) {
        const networkCode = networkCodeOf(err);
        if (attempt < this.attempts && isRetryable({ networkCode }, idempotent)) {
          await sleep(100 * 2 ** attempt);
          continue;
        }
        throw new Error(`${method} ${url} failed: ${networkCode} ${(err as Error).message}`, { cause: err });
      }
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
      if (res.ok || options.accept?.includes(res.status)) return { status: res.status, body: parsed as T };
      const error = new HttpError(method, url, res.status, parsed);
      if (attempt < this.attempts && isRetryable({ status: res.status, code: error.code }, idempotent)) {
        const retryAfter = Number(res.headers.get('retry-after'));
        await sleep(retryAfter > 0 ? Math.min(retryAfter, 5) * 1000 : 100 * 2 ** attempt);
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
