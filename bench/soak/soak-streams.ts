import type { SoakRecorder } from './soak-recorder';

/**
 * One kind of request sent at a fixed rate whatever the system answers (open loop): a
 * slow answer does not slow the offered load, as with real clients. A tick that finds
 * `maxInFlight` requests still open is recorded as a failure (the system fell behind).
 */
export class Stream {
  private timer?: NodeJS.Timeout;
  private inFlight = 0;
  private readonly running = new Set<Promise<void>>();
  ticks = 0;

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly maxInFlight: number,
    private readonly recorder: SoakRecorder,
    private readonly tick: (n: number) => Promise<void>,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.fire(), this.intervalMs);
  }

  /** Stops ticking and waits for the requests still open. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.running]);
  }

  private fire(): void {
    const n = this.ticks++;
    if (this.inFlight >= this.maxInFlight) {
      this.recorder.record(this.name, 0, `fell behind: ${this.inFlight} requests still open`);
      return;
    }
    this.inFlight++;
    const run = this.tick(n)
      .catch((err: unknown) => this.recorder.record(this.name, 0, `client error: ${(err as Error).message}`))
      .finally(() => {
        this.inFlight--;
        this.running.delete(run);
      });
    this.running.add(run);
  }
}

export interface Answer<T> {
  status: number;
  body: T;
}

/**
 * One request, timed and recorded under `route`; `ok` decides, beyond a 2xx, whether the
 * answer is right. Returns the answer, or null when it failed.
 */
export async function timed<T>(
  recorder: SoakRecorder,
  route: string,
  url: string,
  init: RequestInit,
  ok: (answer: Answer<T>) => string | null = () => null,
): Promise<Answer<T> | null> {
  const t0 = performance.now();
  let answer: Answer<T>;
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    const body = (
      (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text
    ) as T;
    answer = { status: res.status, body };
  } catch (err) {
    recorder.record(route, performance.now() - t0, `no answer: ${(err as Error).message}`);
    return null;
  }
  const ms = performance.now() - t0;
  const code = (answer.body as { code?: string } | null)?.code;
  const failure =
    answer.status >= 200 && answer.status < 300 ? ok(answer) : `${answer.status} ${code ?? ''}`.trim();
  recorder.record(route, ms, failure ?? undefined);
  return failure === null ? answer : null;
}
