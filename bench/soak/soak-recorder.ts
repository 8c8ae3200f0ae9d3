import { fmt, percentile } from '../support/stats';

/** What one route answered during the soak. */
interface RouteTally {
  latencies: number[];
  errors: number;
  /** Up to five distinct failures, for the report. */
  examples: Set<string>;
}

/**
 * Latencies and failures per route. A failure is anything but 2xx (a 429 too: the soak
 * stays below the limits, so a 429 means a limit or a client is wrong) or no answer.
 */
export class SoakRecorder {
  private readonly routes = new Map<string, RouteTally>();
  private measuring = false;

  /** From now on, answers count (before: warm-up, not reported). */
  startMeasuring(): void {
    this.measuring = true;
  }

  record(route: string, ms: number, failure?: string): void {
    if (!this.measuring) return;
    let tally = this.routes.get(route);
    if (!tally) this.routes.set(route, (tally = { latencies: [], errors: 0, examples: new Set() }));
    tally.latencies.push(ms);
    if (failure !== undefined) {
      tally.errors++;
      if (tally.examples.size < 5) tally.examples.add(failure);
    }
  }

  get totals(): { requests: number; errors: number } {
    let requests = 0;
    let errors = 0;
    for (const t of this.routes.values()) {
      requests += t.latencies.length;
      errors += t.errors;
    }
    return { requests, errors };
  }

  /** One line per route: requests, rate, errors, p50, p99, max. */
  table(seconds: number): string[] {
    const rows = [...this.routes.entries()].sort(([a], [b]) => a.localeCompare(b));
    const width = Math.max(5, ...rows.map(([r]) => r.length));
    const lines = [
      `${'route'.padEnd(width)}  requests    req/s  errors  error rate   p50 ms   p99 ms   max ms`,
      `${'-'.repeat(width)}  --------  -------  ------  ----------  -------  -------  -------`,
    ];
    for (const [route, t] of rows) {
      const sorted = [...t.latencies].sort((a, b) => a - b);
      lines.push(
        `${route.padEnd(width)}  ${String(sorted.length).padStart(8)}  ${fmt(sorted.length / seconds, 2).padStart(7)}  ` +
          `${String(t.errors).padStart(6)}  ${`${fmt((100 * t.errors) / Math.max(1, sorted.length), 3)} %`.padStart(10)}  ` +
          `${fmt(percentile(sorted, 50)).padStart(7)}  ${fmt(percentile(sorted, 99)).padStart(7)}  ${fmt(sorted[sorted.length - 1] ?? NaN).padStart(7)}`,
      );
    }
    return lines;
  }

  failures(): string[] {
    return [...this.routes.entries()].flatMap(([route, t]) => [...t.examples].map((e) => `${route}: ${e}`));
  }
}
