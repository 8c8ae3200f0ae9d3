/**
 * bench/audit: loads an economy of N seller copies and about N claims with injected faults
 * and the five risk patterns (libs/testing/economy, COPY), runs a full cross-audit of its period
 * through the real path — an auditor's POST /v1/audits on a bureau process, one bull job
 * per partition taken by an audit worker process, finalisation with its risk stage — and
 * prints wall time, rows/s, the partition jobs' durations, the matching's and the risk
 * stage's own time, and whether the counts and tax at risk equal the economy's ground truth.
 * In the same run it measures the floor: the fastest of the bare statements in
 * FLOOR_VARIANTS (one INSERT … SELECT … FULL OUTER JOIN classifying match / mismatch /
 * missing / unclaimed / duplicate over the same rows into a bare table, its duplicate count
 * taken by sorting or by hashing), each just before and just after the audit. This machine
 * is noisy (±10 %), so it measures each size three times over the same economy — fresh
 * processes, earlier findings cleared — and reports the measurement with the median ratio.
 *
 *   npm run bench:audit                    (N = 1,000,000)
 *   npm run bench:audit -- --n 10000000    (or BENCH_N; several sizes: --n 1000000,2000000)
 *   npm run bench:audit -- --repeat 1      (or BENCH_AUDIT_REPEAT)
 *   npm run bench:audit -- --taxpayers 100000  (or BENCH_AUDIT_TAXPAYERS; default 2,000 traders,
 *                                           plus the scenarios' own taxpayers)
 *   npm run bench:audit -- --keep          (or BENCH_AUDIT_KEEP=1: keep the loaded database,
 *                                           one per size and partition count, and reuse it
 *                                           next time instead of loading it again; a 10 M
 *                                           economy takes a quarter of an hour to load)
 *
 * Env: BENCH_AUDIT_WORKERS (audit processes, default 1), BENCH_AUDIT_CONCURRENCY (jobs per
 * process, default 2), BENCH_AUDIT_PARTITIONS (invoice-key partitions the bench database is
 * installed with; by default sized to the economy as the README advises an installation:
 * 16 per million invoices a period, at least 16 — ADR 0011).
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { loadEconomy, planEconomy, type GroundTruth } from '@app/economy';
import { healthy, jsonApi, startApp, stopApp } from '../support/app-process';
import { migrate } from '../../scripts/migrate';
import { benchDatabaseUrl, freshBenchDatabase } from '../support/bench-database';
import { peakRssMb } from '../support/process-memory';
import { fmt, percentile } from '../support/stats';
import { FLOOR_VARIANTS, floors } from './floor';

const PERIOD = '2019-06';
const DB = 'jinshui_bench_audit';
/**
 * Which economy a --keep database holds: bumped whenever libs/testing/economy changes what it loads
 * (2: industries, registrations, lines, status history, the risk scenarios; 3: the rings and
 * the cycles that are not rings; 4: who controls every taxpayer, the affiliated pairs), so that an older kept economy is loaded again rather than
 * judged against a newer truth.
 */
const ECONOMY_VERSION = 4;
const AUDIT_PORT = 3103;
const BUREAU_PORT = 3104;
const WORKERS = Number(process.env.BENCH_AUDIT_WORKERS ?? 1);
const CONCURRENCY = Number(process.env.BENCH_AUDIT_CONCURRENCY ?? 2);
const REPEAT = repeat();
/**
 * Invoice-key partitions the bench database for N invoices is installed with (migration 5):
 * BENCH_AUDIT_PARTITIONS, else the installation rule of ADR 0011 — a partition job's share
 * of a period stays about 62,500 invoices however large the economy.
 */
function partitionsFor(n: number): number {
  const given = process.env.BENCH_AUDIT_PARTITIONS;
  return given ? Number(given) : Math.max(16, Math.round((16 * n) / 1_000_000));
}
const KEEP = process.argv.includes('--keep') || process.env.BENCH_AUDIT_KEEP === '1';
const TAXPAYERS = taxpayers();

/** The economy's traders (`--taxpayers`, BENCH_AUDIT_TAXPAYERS; default 2,000). */
function taxpayers(): number {
  const i = process.argv.indexOf('--taxpayers');
  const given = Number(i >= 0 ? process.argv[i + 1] : (process.env.BENCH_AUDIT_TAXPAYERS ?? 2000));
  if (!Number.isInteger(given) || given < 100) throw new Error(`--taxpayers must be an integer ≥ 100`);
  return given;
}

/** Measurements per size (`--repeat`, BENCH_AUDIT_REPEAT; default 3): the median is reported. */
function repeat(): number {
  const i = process.argv.indexOf('--repeat');
  const given = Number(i >= 0 ? process.argv[i + 1] : (process.env.BENCH_AUDIT_REPEAT ?? 3));
  if (!Number.isInteger(given) || given < 1) throw new Error(`--repeat must be a positive integer`);
  return given;
}

function sizes(): number[] {
  const i = process.argv.indexOf('--n');
  const given = i >= 0 ? process.argv[i + 1] : (process.env.BENCH_N ?? '1000000');
  return given.split(',').map((s) => {
    const n = Number(s.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 1000) throw new Error(`--n must be integers ≥ 1000, got ${s}`);
    return n;
  });
}

const app = (name: 'audit' | 'bureau', url: string, env: Record<string, string>): ChildProcess =>
  startApp(name, url, { BULL_PREFIX: 'jinshui-bench-audit', ...env });
const api = jsonApi(BUREAU_PORT);

interface RunView {
  runId: string;
  status: string;
  counts: Record<string, number> | null;
  error: string | null;
}

/** What one audit of the loaded economy measured (a fresh worker, no earlier findings). */
interface Measurement {
  auditSeconds: number;
  /** The fastest floor statement, before or after the audit, and which it was. */
  floor: number;
  floorVariant: string;
  floorsBefore: Record<string, number>;
  floorsAfter: Record<string, number>;
  partitions: number[];
  /**
   * matching: from the run's creation to its last partition job's end — the matching's
   * critical path on the wall clock (jobs run two at a time; their sum is more); finalize:
   * from then to the run's end, the risk stage (risk_ms, its own time) included.
   */
  phases: { partitions: number; finalize: number; risk: number | null };
  /** Each risk rule's time, and the ring search's figures (audit.runs.risk_rules, the run's own judgement). */
  riskRules: Record<string, Record<string, number | boolean>> | null;
  counts: Record<string, number>;
  taxAtRisk: Record<string, string>;
  rssMb: number[];
}

const ratioOf = (m: Measurement): number => m.auditSeconds / m.floor;

/**
 * Each risk rule's time; the graph rule's split into its three steps with the graph's size,
 * and what it adds to the rest of the audit (issue 17's target: at most 30 %).
 */
function riskRuleLines(m: Measurement): string[] {
  if (!m.riskRules) return ['risk rules: no times recorded (audit.runs.risk_rules is null)'];
  const ms = (rule: string) => Number(m.riskRules![rule]?.ms ?? 0);
  const lines = [
    `rules: ${Object.keys(m.riskRules)
      .map((rule) => `${rule} ${fmt(ms(rule), 0)} ms`)
      .join(', ')}`,
  ];
  const ring = m.riskRules.CIRCULAR_TRADING;
  if (ring) {
    const graph = ms('CIRCULAR_TRADING') + ms('AFFILIATED_TRADE');
    const rest = m.auditSeconds * 1000 - graph;
    lines.push(
      `graph rules ${fmt(graph, 0)} ms, add ${fmt((100 * graph) / rest, 1)} % to the rest of the audit (target ≤ 30 %): ` +
        `edges aggregated and trimmed ${fmt(Number(ring.edgesMs), 0)} ms${ring.edgesWaitMs === undefined ? '' : ` (read aside: the rule waited ${fmt(Number(ring.edgesWaitMs), 0)} ms for them)`} (${ring.edges} edges, ${ring.nodes} taxpayers left), ` +
        `components and rings ${fmt(Number(ring.searchMs), 0)} ms (${ring.components} components, largest ${ring.largestComponent}, ${ring.steps} steps${ring.truncated ? ', TRUNCATED' : ''}), ` +
        `ring findings ${fmt(Number(ring.findingsMs), 0)} ms (${ring.rings} rings); ` +
        `affiliation (AFFILIATED_TRADE: parties, reach, shared nodes, the pairs' invoices) ${fmt(ms('AFFILIATED_TRADE'), 0)} ms`,
    );
  }
  return lines;
}
const secondsOf = (ms: number | null) => (ms === null ? 'n/a' : fmt(ms / 1000, 2));

async function benchOne(
  n: number,
): Promise<{ n: number; rows: number; auditSeconds: number; floor: number; risk: number | null }> {
  // Read by migration 5 when it partitions the tables.
  const partitions = partitionsFor(n);
  process.env.INVOICE_KEY_PARTITIONS = String(partitions);
  const seed = `bench-audit-${n}`;
  const marker = `${seed} economy ${ECONOMY_VERSION}`;
  const plan = planEconomy({
    seed,
    period: PERIOD,
    taxpayers: TAXPAYERS,
    tradeInvoices: n,
    recordFindings: false,
  });
  const { url, db } = KEEP
    ? await keptDatabase(`${DB}_e${ECONOMY_VERSION}_${n}_t${TAXPAYERS}_p${partitions}`, marker, plan)
    : await loadedDatabase(DB, plan);
  try {
    const [counts] = await db
      .query<{ copies: string; claims: string }>(
        `SELECT (SELECT count(*) FROM collection.seller_copies) + (SELECT count(*) FROM issuance.invoices) AS copies,
              (SELECT count(*) FROM collection.claims) AS claims`,
      )
      .then((r) => r.rows);
    const rows = Number(counts.copies) + Number(counts.claims);
    const groundTruth = plan.groundTruth();
    const truth = sortKeys(groundTruth.counts);
    const truthTax = sortKeys(groundTruth.taxAtRisk);

    console.log(
      `\nbench/audit — N = ${n.toLocaleString('en-US')} (${rows.toLocaleString('en-US')} rows), period ${PERIOD}`,
    );
    console.log(
      `  audit workers: ${WORKERS} process(es) × ${CONCURRENCY} jobs; ${partitions} invoice-key partitions; ${REPEAT} measurement(s), each with fresh processes and no earlier findings`,
    );
    const runs: Measurement[] = [];
    for (let i = 1; i <= REPEAT; i++) {
      if (i > 1 || KEEP) await clearAuditOutput(db);
      const m = await measureOnce(url, db);
      runs.push(m);
      const same = JSON.stringify(sortKeys(m.counts)) === JSON.stringify(truth);
      const sameTax = JSON.stringify(sortKeys(m.taxAtRisk)) === JSON.stringify(truthTax);
      console.log(
        `  #${i}: full audit ${fmt(m.auditSeconds, 2)} s (matching ${fmt(m.phases.partitions, 2)} s, risk stage ${secondsOf(m.phases.risk)} s), floor ${fmt(m.floor, 2)} s (${m.floorVariant}), ratio ${fmt(ratioOf(m), 2)}; job p50 ${percentile(m.partitions, 50)} ms; counts and tax at risk equal the ground truth: ${same && sameTax ? 'yes' : 'NO'}`,
      );
      for (const line of differences(m, groundTruth)) console.log(`      ${line}`);
    }
    // The measurement with the median ratio, whole: its audit and its floor belong together.
    const median = [...runs].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor((runs.length - 1) / 2)];
    console.log(`  median of ${runs.length}:`);
    console.log(
      `  full audit (POST /v1/audits → completed): ${fmt(median.auditSeconds, 2)} s = ${fmt(rows / median.auditSeconds, 0)} rows/s`,
    );
    const { partitions: matching, finalize, risk } = median.phases;
    console.log(
      `    matching (run created → last partition job done: the critical path) ${fmt(matching, 2)} s; finalisation ${fmt(finalize, 2)} s (票表比对, merge, roll-ups, risk scores, and the risk stage)`,
    );
    if (risk !== null) {
      const rest = median.auditSeconds - risk / 1000;
      console.log(
        `    risk stage (audit.runs.risk_ms) ${secondsOf(risk)} s beside the matching's ${fmt(matching, 2)} s: ${fmt((100 * risk) / 1000 / median.auditSeconds, 1)} % of the full audit, adds ${fmt((100 * risk) / 1000 / rest, 1)} % to the rest of it (target ≤ 30 %)`,
      );
    } else console.log(`    risk stage: no time recorded (audit.runs.risk_ms is null: no risk stage)`);
    for (const line of riskRuleLines(median)) console.log(`      ${line}`);
    const parts = median.partitions;
    console.log(
      `    partition job ms: p50 ${percentile(parts, 50)}, p99 ${percentile(parts, 99)}, max ${parts[parts.length - 1]} (${parts.length} partitions)`,
    );
    console.log(
      `  floor (bare FULL OUTER JOIN into a bare table, the fastest variant): ${fmt(median.floor, 2)} s, ${median.floorVariant}`,
    );
    for (const v of FLOOR_VARIANTS) {
      console.log(
        `    ${v.name}: ${fmt(median.floorsBefore[v.name], 2)} s before the audit, ${fmt(median.floorsAfter[v.name], 2)} s after`,
      );
    }
    console.log(`  ratio full audit / floor: ${fmt(ratioOf(median), 2)}`);
    console.log(`  audit worker peak RSS: ${median.rssMb.map((mb) => `${fmt(mb, 0)} MB`).join(', ')}`);
    console.log(`  counts: ${JSON.stringify(sortKeys(median.counts))}`);
    return { n, rows, auditSeconds: median.auditSeconds, floor: median.floor, risk: median.phases.risk };
  } finally {
    await db.end();
  }
}

type Economy = ReturnType<typeof planEconomy>;

/** A fresh database `name` with the economy loaded by COPY, vacuumed and analysed. */
async function loadedDatabase(name: string, plan: Economy): Promise<{ url: string; db: Client }> {
  const url = await freshBenchDatabase(name);
  const db = new Client({ connectionString: url });
  await db.connect();
  const tLoad = performance.now();
  let rows = 0;
  await loadEconomy(db, plan, {
    onTable: (table, n, ms) => {
      rows += n;
      console.log(`  loaded ${table}: ${n.toLocaleString('en-US')} rows in ${fmt(ms / 1000, 2)} s`);
    },
  });
  const loadSeconds = (performance.now() - tLoad) / 1000;
  console.log(`  loaded in ${fmt(loadSeconds, 1)} s (${fmt(rows / loadSeconds, 0)} rows/s)`);
  await db.query(`VACUUM ANALYZE`);
  return { url, db };
}

/**
 * --keep: the database `name` (one per economy version, size and partition count) if an
 * earlier --keep run loaded it with this economy (`marker`: its seed and version; migrated
 * to the current schema), else a fresh one, marked once loaded.
 */
async function keptDatabase(
  name: string,
  marker: string,
  plan: Economy,
): Promise<{ url: string; db: Client }> {
  const url = benchDatabaseUrl(name);
  await migrate(url);
  const db = new Client({ connectionString: url });
  await db.connect();
  const { rows } = await db
    .query<{ seed: string }>(`SELECT seed FROM bench_loaded`)
    .catch(() => ({ rows: [] as { seed: string }[] }));
  if (rows[0]?.seed === marker) {
    console.log(`  reusing ${name} (--keep): loaded by an earlier run`);
    return { url, db };
  }
  await db.end();
  const loaded = await loadedDatabase(name, plan);
  await loaded.db.query(`CREATE TABLE bench_loaded (seed text NOT NULL)`);
  await loaded.db.query(`INSERT INTO bench_loaded VALUES ($1)`, [marker]);
  return loaded;
}

/**
 * One audit of the period through the real path, between two runs of the floor: fresh bureau
 * and worker processes (so every measurement starts with cold connections, as the first did).
 */
async function measureOnce(url: string, db: Client): Promise<Measurement> {
  const bureau = app('bureau', url, { BUREAU_PORT: String(BUREAU_PORT) });
  const workers = Array.from({ length: WORKERS }, (_, i) =>
    app('audit', url, {
      AUDIT_PORT: String(AUDIT_PORT + 10 * i),
      AUDIT_CONCURRENCY: String(CONCURRENCY),
      AUDIT_NIGHTLY: '0',
    }),
  );
  try {
    await Promise.all([healthy(BUREAU_PORT), ...workers.map((_, i) => healthy(AUDIT_PORT + 10 * i))]);
    const floorsBefore = await floors(db, PERIOD);
    const { accessToken } = await api<{ accessToken: string }>('POST', '/v1/auth/login', undefined, {
      username: 'admin',
      password: 'jinshui-admin-dev',
    });
    const t0 = performance.now();
    const started = await api<RunView>('POST', '/v1/audits', accessToken, { period: PERIOD });
    let run = started;
    while (run.status !== 'completed' && run.status !== 'failed') {
      await new Promise((r) => setTimeout(r, 50));
      run = await api<RunView>('GET', `/v1/audits/${started.runId}`, accessToken);
    }
    const auditSeconds = (performance.now() - t0) / 1000;
    if (run.status === 'failed') throw new Error(`audit failed: ${run.error}`);
    const floorsAfter = await floors(db, PERIOD);

    const partitions = (
      await db.query<{ ms: number }>(`SELECT duration_ms AS ms FROM audit.run_partitions WHERE run_id = $1`, [
        started.runId,
      ])
    ).rows
      .map((r) => r.ms)
      .sort((a, b) => a - b);
    const [stored] = (
      await db.query<{
        partitions: number;
        finalize: number;
        risk: number | null;
        risk_rules: Record<string, Record<string, number | boolean>> | null;
        counts: Record<string, number> | null;
        tax_at_risk: Record<string, string> | null;
      }>(
        `SELECT extract(epoch FROM max(p.finished_at) - r.created_at)::float AS partitions,
                extract(epoch FROM r.finished_at - max(p.finished_at))::float AS finalize,
                r.risk_ms AS risk, r.counts, r.tax_at_risk, r.risk_rules -> 'own' AS risk_rules
           FROM audit.runs r JOIN audit.run_partitions p ON p.run_id = r.id
          WHERE r.id = $1 GROUP BY r.id`,
        [started.runId],
      )
    ).rows;
    // The fastest statement, before or after the audit, is the floor.
    const candidates = FLOOR_VARIANTS.flatMap((v): [string, number][] => [
      [v.name, floorsBefore[v.name]],
      [v.name, floorsAfter[v.name]],
    ]);
    const [floorVariant, floor] = candidates.reduce((best, c) => (c[1] < best[1] ? c : best));
    return {
      auditSeconds,
      floor,
      floorVariant,
      floorsBefore,
      floorsAfter,
      partitions,
      phases: { partitions: stored.partitions, finalize: stored.finalize, risk: stored.risk },
      riskRules: stored.risk_rules,
      counts: stored.counts ?? {},
      taxAtRisk: stored.tax_at_risk ?? {},
      rssMb: workers.map((w) => peakRssMb(w.pid!)),
    };
  } finally {
    await Promise.all([bureau, ...workers].map((p) => stopApp(p)));
  }
}

/** Back to the state after loading: no runs, findings, history, assist requests or roll-ups. */
async function clearAuditOutput(db: Client): Promise<void> {
  const tables = [
    'runs',
    'run_partitions',
    'run_scope_taxpayers',
    'run_findings',
    'run_taxpayer_totals',
    'findings',
    'finding_events',
    'assist_requests',
    'rollups',
    'taxpayer_risk',
  ].map((t) => `audit.${t}`);
  // CASCADE: review.cases and assist replies point at findings and requests (none in the bench).
  await db.query(`TRUNCATE ${tables.join(', ')} CASCADE`);
  await db.query(`VACUUM ANALYZE ${tables.join(', ')}`);
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** Per category where the run and the truth differ: the run's count and tax at risk, then the truth's. */
function differences(m: Measurement, truth: GroundTruth): string[] {
  const categories = new Set([...Object.keys(m.counts), ...Object.keys(truth.counts)]);
  const counts = truth.counts as Record<string, number | undefined>;
  const taxes = truth.taxAtRisk as Record<string, string | undefined>;
  return [...categories]
    .sort()
    .filter((c) => m.counts[c] !== counts[c] || m.taxAtRisk[c] !== taxes[c])
    .map(
      (c) =>
        `${c}: found ${m.counts[c] ?? 0} (tax at risk ${m.taxAtRisk[c] ?? '-'}), expected ${counts[c] ?? 0} (${taxes[c] ?? '-'})`,
    );
}

async function main(): Promise<void> {
  const results = [];
  for (const n of sizes()) results.push(await benchOne(n));
  if (results.length > 1) {
    const base = results[0];
    console.log('\nscaling (seconds per million rows; linear = constant):');
    for (const r of results) {
      const risk =
        r.risk === null || base.risk === null
          ? ''
          : `, risk stage ${fmt((r.risk / 1000 / r.rows) * 1e6, 3)} s/M rows (×${fmt(r.risk / base.risk, 2)})`;
      console.log(
        `  N = ${r.n.toLocaleString('en-US')}: audit ${fmt((r.auditSeconds / r.rows) * 1e6, 2)} s/M rows (×${fmt(r.auditSeconds / base.auditSeconds, 2)} for ×${fmt(r.rows / base.rows, 2)} rows)${risk}, floor ${fmt((r.floor / r.rows) * 1e6, 2)} s/M rows`,
      );
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
