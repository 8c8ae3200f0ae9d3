/**
 * A patient, well-behaved HTTP client of a system under fault or load (the chaos suite, the soak bench).
 * Requests that carry an Idempotency-Key (and GETs) are retried through network errors,
 * 5xx, 429 and 409 IDEMPOTENCY_KEY_IN_FLIGHT, waiting Retry-After or a capped backoff,
 * until `deadlineMs`; what it saw along the way is counted for the report.
 */

export interface PatientResponse<T> {
  status: number;
  body: T;
}

export class PatientHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} → ${status} ${JSON.stringify(body)}`);
  }
}

export interface RetryStats {
  networkErrors: number;
  status5xx: number;
  /** 500s in particular: a store that is down must answer 503, never 500. */
  status500: number;
  status429: number;
  inFlight409: number;
  /** Longest time one request spent retrying before it succeeded (ms). */
  longestRecoveryMs: number;
}

export function newRetryStats(): RetryStats {
  return { networkErrors: 0, status5xx: 0, status500: 0, status429: 0, inFlight409: 0, longestRecoveryMs: 0 };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PatientRequest {
  method?: 'GET' | 'POST' | 'PATCH';
  token?: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  idempotencyKey?: string;
  /** Give up after this long (ms). */
  deadlineMs?: number;
}

export class PatientClient {
  constructor(
    readonly baseUrl: string,
    readonly stats: RetryStats = newRetryStats(),
  ) {}

  async send<T>(path: string, req: PatientRequest = {}): Promise<PatientResponse<T>> {
    const method = req.method ?? (req.body !== undefined || req.raw !== undefined ? 'POST' : 'GET');
    const headers: Record<string, string> = {};
    if (req.token) headers.authorization = `Bearer ${req.token}`;
    if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
    let body: string | undefined;
    if (req.raw !== undefined) {
      body = req.raw;
      headers['content-type'] = req.contentType ?? 'text/plain';
    } else if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    const retryable = method === 'GET' || req.idempotencyKey !== undefined;
    const started = Date.now();
    const deadline = started + (req.deadlineMs ?? 120_000);
    for (let attempt = 0; ; attempt++) {
      let wait = Math.min(2000, 50 * 2 ** attempt);
      try {
        const res = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers,
          body,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        const parsed: unknown =
          (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
        if (res.ok) {
          if (attempt > 0)
            this.stats.longestRecoveryMs = Math.max(this.stats.longestRecoveryMs, Date.now() - started);
          return { status: res.status, body: parsed as T };
        }
        const code = (parsed as { code?: string } | null)?.code;
        const transient =
          res.status >= 500 ||
          res.status === 429 ||
          (res.status === 409 && code === 'IDEMPOTENCY_KEY_IN_FLIGHT');
        if (res.status >= 500) this.stats.status5xx++;
        if (res.status === 500) this.stats.status500++;
        if (res.status === 429) this.stats.status429++;
        if (res.status === 409 && code === 'IDEMPOTENCY_KEY_IN_FLIGHT') this.stats.inFlight409++;
        if (!transient || !retryable || Date.now() > deadline) {
          throw new PatientHttpError(res.status, parsed, `${method} ${path}`);
        }
        const retryAfter = Number(res.headers.get('retry-after'));
        if (retryAfter > 0) wait = Math.min(retryAfter * 1000, 5000);
      } catch (err) {
        if (err instanceof PatientHttpError) throw err;
        this.stats.networkErrors++;
        // Without a key, a request that may have been received is not repeated.
        const refused = (err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
        if ((!retryable && !refused) || Date.now() > deadline) throw err;
      }
      await sleep(wait);
    }
  }
}
