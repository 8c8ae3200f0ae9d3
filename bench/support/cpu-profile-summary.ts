/**
 * Where an app's CPU went, from a V8 `.cpuprofile` (an app started by a bench with
 * BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"): self time by package and the top
 * frames, as shares of the time the process was busy, over the whole profile or over a
 * window of it (seconds from its start; `--timeline` prints the busy milliseconds of each
 * second and its heaviest frame, to find the bench's phases).
 *
 *   node dist/bench/support/cpu-profile-summary.js PROFILE [--from S] [--to S] [--top N] [--timeline]
 *
 * docs/benchmarks.md (Issuance) has a summary made with it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a frame belongs to: an npm package, a node: module, one of our apps or libs, or V8's own. */
function packageOf(frame: CallFrame): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const npm = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (npm) return npm[1];
  if (frame.url.startsWith('node:')) return `node:${frame.url.slice(5).split('/')[0]}`;
  const ours = /dist\/(apps|libs)\/([^/]+)/.exec(frame.url);
  return ours ? `${ours[1]}/${ours[2]}` : frame.url;
}

const frameName = (f: CallFrame): string =>
  `${f.functionName || '(anonymous)'} ${f.url.replace(/.*node_modules\//, '').replace(/.*dist\//, '')}:${f.lineNumber + 1}`;

const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1).padStart(5)} %`;

function add(totals: Map<string, number>, key: string, us: number): void {
  totals.set(key, (totals.get(key) ?? 0) + us);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: 'string', default: '0' },
      to: { type: 'string', default: 'Infinity' },
      top: { type: 'string', default: '20' },
      timeline: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1)
    throw new Error('usage: cpu-profile-summary PROFILE [--from S] [--to S] [--top N] [--timeline]');
  const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const [from, to] = [Number(values.from) * 1e6, Number(values.to) * 1e6];
  const top = Number(values.top);

  const byPackage = new Map<string, number>();
  const byFrame = new Map<string, number>();
  const seconds = new Map<number, Map<string, number>>();
  let clock = 0;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    clock += us;
    const frame = frames.get(id);
    if (!frame || frame.functionName === '(idle)') return;
    if (values.timeline) {
      const second = Math.floor(clock / 1e6);
      const heaviest = seconds.get(second) ?? new Map<string, number>();
      add(heaviest, frame.functionName || '(anonymous)', us);
      seconds.set(second, heaviest);
    }
    if (clock < from || clock >= to) return;
    busy += us;
    add(byPackage, packageOf(frame), us);
    add(byFrame, frameName(frame), us);
  });

  if (values.timeline) {
    for (const [second, heaviest] of [...seconds].sort((a, b) => a[0] - b[0])) {
      const total = [...heaviest.values()].reduce((a, b) => a + b, 0);
      const [name] = [...heaviest].sort((a, b) => b[1] - a[1])[0];
      console.log(
        `${String(second).padStart(4)} s  busy ${String(Math.round(total / 1e3)).padStart(4)} ms  ${name}`,
      );
    }
    return;
  }
  console.log(`busy ${(busy / 1e6).toFixed(1)} s of CPU in the window`);
  console.log('by package:');
  for (const [name, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${percent(us, busy)}  ${name}`);
  }
  console.log('top frames (self time):');
  for (const [name, us] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${percent(us, busy)}  ${name}`);
  }
}

main();
