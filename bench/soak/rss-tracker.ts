import { fmt } from '../support/stats';
import { treeRssMb } from '../support/process-memory';

interface Sample {
  seconds: number;
  mb: number;
}

/** Least-squares slope and intercept of mb over seconds. */
function fitLine(samples: Sample[]): { slope: number; at: (s: number) => number } {
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.seconds, 0) / n;
  const my = samples.reduce((a, s) => a + s.mb, 0) / n;
  const sxx = samples.reduce((a, s) => a + (s.seconds - mx) ** 2, 0);
  const sxy = samples.reduce((a, s) => a + (s.seconds - mx) * (s.mb - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, at: (s) => my + slope * (s - mx) };
}

/**
 * Resident memory of each app, sampled from /proc every few seconds. After the warm-up,
 * growth is judged on the fitted line rather than on two samples, so that a collection
 * that happens to run just before the last sample does not decide it.
 */
export class RssTracker {
  private readonly samples = new Map<string, Sample[]>();
  private readonly pids = new Map<string, number>();
  /** Apps whose process changed during the soak (a crash the supervisor restarted). */
  readonly restarted = new Set<string>();

  constructor(private readonly started: number) {}

  sample(app: string, pid: number | null): void {
    if (pid === null) return;
    const known = this.pids.get(app);
    if (known !== undefined && known !== pid) this.restarted.add(app);
    this.pids.set(app, pid);
    const list = this.samples.get(app) ?? [];
    list.push({ seconds: (Date.now() - this.started) / 1000, mb: treeRssMb(pid) });
    this.samples.set(app, list);
  }

  /** Per app: RSS at the start, at the end of the warm-up, at the end, and growth after warm-up. */
  report(warmupSeconds: number): { lines: string[]; worstGrowth: number } {
    const lines = [
      'app         start MB  after warm-up MB  end MB  slope MB/min  growth after warm-up (fitted)',
      '----------  --------  ----------------  ------  ------------  -----------------------------',
    ];
    let worstGrowth = 0;
    for (const [app, all] of this.samples) {
      const after = all.filter((s) => s.seconds >= warmupSeconds);
      if (after.length < 2) continue;
      const line = fitLine(after);
      const first = after[0].seconds;
      const last = after[after.length - 1].seconds;
      const growth = (line.at(last) - line.at(first)) / line.at(first);
      worstGrowth = Math.max(worstGrowth, growth);
      lines.push(
        `${app.padEnd(10)}  ${fmt(all[0].mb).padStart(8)}  ${fmt(after[0].mb).padStart(16)}  ${fmt(after[after.length - 1].mb).padStart(6)}  ` +
          `${fmt(line.slope * 60, 2).padStart(12)}  ${`${fmt(100 * growth)} %`.padStart(29)}`,
      );
    }
    return { lines, worstGrowth };
  }
}
