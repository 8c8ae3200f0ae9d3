/**
 * bench/audit: loads an economy of N seller copies and about N claims with injected faults
 * (libs/economy, COPY), runs a full cross-audit of its period through the real path — an
 * auditor's POST /v1/audits on a bureau process, one bull job per partition taken by an
 * audit worker process, finalisation — and prints wall time, rows/s, the partition jobs'
 * durations and whether the findings equal the economy's ground truth. In the same run it
 * measures the floor: one bare INSERT … SELECT … FULL OUTER JOIN classifying match /
 * mismatch / missing / unclaimed / duplicate over the same rows into a bare table, just
 * before and just after the audit (the better of the two counts). This machine is noisy
 * (±10 %), so it measures each size three times over the same economy — fresh processes,
 * earlier findings cleared — and reports the measurement with the median ratio.
 *
 *   npm run bench:audit                    (N = 1,000,000)
 *   npm run bench:audit -- --n 10000000    (or BENCH_N; several sizes: --n 1000000,2000000)
 *   npm run bench:audit -- --repeat 1      (or BENCH_AUDIT_REPEAT)
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
import { loadEconomy, planEconomy } from '@app/economy';
import { healthy, jsonApi, startApp, stopApp } from '../support/app-process';
import { migrate } from '../../scripts/migrate';
import { benchDatabaseUrl, freshBenchDatabase } from '../support/bench-database';
import { peakRssMb } from '../support/process-memory';
import { fmt, percentile } from '../support/stats';

const PERIOD = '2019-06';
const DB = 'jinshui_bench_audit';
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

/** The floor: one statement, no partitions, no queue, no rules beyond five outcomes. */
const FLOOR_SQL = `
  INSERT INTO bench_floor (invoice_code, invoice_number, outcome)
  SELECT coalesce(c.invoice_code, s.invoice_code), coalesce(c.invoice_number, s.invoice_number),
         CASE WHEN s.invoice_code IS NULL THEN 'missing'
              WHEN c.invoice_code IS NULL THEN 'unclaimed'
              WHEN c.times > 1 THEN 'duplicate'
              WHEN (c.issue_date, c.seller_tax_id, c.buyer_tax_id, c.amount, c.tax_amount)
                 = (s.issue_date, s.seller_tax_id, s.buyer_tax_id, s.amount, s.tax_amount) THEN 'match'
              ELSE 'mismatch' END
    FROM (SELECT *, count(*) OVER (PARTITION BY invoice_code, invoice_number) AS times
            FROM collection.claims WHERE period = $1) c
    FULL OUTER JOIN (SELECT invoice_code, invoice_number, issue_date, seller_tax_id, buyer_tax_id, amount, tax_amount
                       FROM collection.seller_copies WHERE status = 'accepted'
                     UNION ALL
                     SELECT invoice_code, invoice_number, issue_date, seller_tax_id, buyer_tax_id, amount, tax_amount
                       FROM issuance.invoices) s USING (invoice_code, invoice_number)`;

async function floorSeconds(db: Client): Promise<number> {
  await db.query(`DROP TABLE IF EXISTS bench_floor`);
  await db.query(`CREATE TABLE bench_floor (invoice_code text, invoice_number text, outcome text)`);
  const t0 = performance.now();
  await db.query(FLOOR_SQL, [PERIOD]);
  return (performance.now() - t0) / 1000;
}

/** What one audit of the loaded economy measured (a fresh worker, no earlier findings). */
interface Measurement {
  auditSeconds: number;
  floor: number;
  floorBefore: number;
  floorAfter: number;
  partitions: number[];
  phases: { partitions: number; finalize: number };
  counts: Record<string, number>;
  rssMb: number[];
}

const ratioOf = (m: Measurement): number => m.auditSeconds / m.floor;

async function benchOne(
  n: number,
): Promise<{ n: number; rows: number; auditSeconds: number; floor: number }> {
  // Read by migration 5 when it partitions the tables.
  const partitions = partitionsFor(n);
  process.env.INVOICE_KEY_PARTITIONS = String(partitions);
  const seed = `bench-audit-${n}`;
  const plan = planEconomy({
    seed,
    period: PERIOD,
    taxpayers: 2000,
    tradeInvoices: n,
    recordFindings: false,
  });
  const { url, db } = KEEP
    ? await keptDatabase(`${DB}_${n}_p${partitions}`, seed, plan)
    : await loadedDatabase(DB, plan);
  try {
    const [counts] = await db
      .query<{ copies: string; claims: string }>(
        `SELECT (SELECT count(*) FROM collection.seller_copies) + (SELECT count(*) FROM issuance.invoices) AS copies,
              (SELECT count(*) FROM collection.claims) AS claims`,
      )
      .then((r) => r.rows);
    const rows = Number(counts.copies) + Number(counts.claims);
    const truth = sortKeys(plan.groundTruth().counts);

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
      console.log(
        `  #${i}: full audit ${fmt(m.auditSeconds, 2)} s, floor ${fmt(m.floor, 2)} s (${fmt(m.floorBefore, 2)} / ${fmt(m.floorAfter, 2)}), ratio ${fmt(ratioOf(m), 2)}; job p50 ${percentile(m.partitions, 50)} ms; counts equal the ground truth: ${same ? 'yes' : 'NO'}`,
      );
      if (!same)
        console.log(`      counts ${JSON.stringify(sortKeys(m.counts))}, expected ${JSON.stringify(truth)}`);
    }
    // The measurement with the median ratio, whole: its audit and its floor belong together.
    const median = [...runs].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor((runs.length - 1) / 2)];
    console.log(`  median of ${runs.length}:`);
    console.log(
      `  full audit (POST /v1/audits → completed): ${fmt(median.auditSeconds, 2)} s = ${fmt(rows / median.auditSeconds, 0)} rows/s`,
    );
    console.log(
      `    partitions done after ${fmt(median.phases.partitions, 2)} s; finalisation (merge, roll-ups, assists) ${fmt(median.phases.finalize, 2)} s`,
    );
    const parts = median.partitions;
    console.log(
      `    partition job ms: p50 ${percentile(parts, 50)}, p99 ${percentile(parts, 99)}, max ${parts[parts.length - 1]} (${parts.length} partitions)`,
    );
    console.log(
      `  floor (bare FULL OUTER JOIN into a bare table): ${fmt(median.floor, 2)} s (${fmt(median.floorBefore, 2)} / ${fmt(median.floorAfter, 2)})`,
    );
    console.log(`  ratio full audit / floor: ${fmt(ratioOf(median), 2)}`);
    console.log(`  audit worker peak RSS: ${median.rssMb.map((mb) => `${fmt(mb, 0)} MB`).join(', ')}`);
    console.log(`  counts: ${JSON.stringify(sortKeys(median.counts))}`);
    return { n, rows, auditSeconds: median.auditSeconds, floor: median.floor };
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
 * --keep: the database `name` (one per size and partition count) if an earlier --keep run
 * loaded it with this economy (migrated to the current schema), else a fresh one, marked once loaded.
 */
async function keptDatabase(name: string, seed: string, plan: Economy): Promise<{ url: string; db: Client }> {
  const url = benchDatabaseUrl(name);
  await migrate(url);
  const db = new Client({ connectionString: url });
  await db.connect();
  const { rows } = await db
    .query<{ seed: string }>(`SELECT seed FROM bench_loaded`)
    .catch(() => ({ rows: [] as { seed: string }[] }));
  if (rows[0]?.seed === seed) {
    console.log(`  reusing ${name} (--keep): loaded by an earlier run`);
    return { url, db };
  }
  await db.end();
  const loaded = await loadedDatabase(name, plan);
  await loaded.db.query(`CREATE TABLE bench_loaded (seed text NOT NULL)`);
  await loaded.db.query(`INSERT INTO bench_loaded VALUES ($1)`, [seed]);
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
    const floorBefore = await floorSeconds(db);
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
    const floorAfter = await floorSeconds(db);

    const partitions = (
      await db.query<{ ms: number }>(`SELECT duration_ms AS ms FROM audit.run_partitions WHERE run_id = $1`, [
        started.runId,
      ])
    ).rows
      .map((r) => r.ms)
      .sort((a, b) => a - b);
    const [phases] = (
      await db.query<{ partitions: number; finalize: number }>(
        `SELECT extract(epoch FROM max(p.finished_at) - r.created_at)::float AS partitions,
                extract(epoch FROM r.finished_at - max(p.finished_at))::float AS finalize
           FROM audit.runs r JOIN audit.run_partitions p ON p.run_id = r.id
          WHERE r.id = $1 GROUP BY r.id`,
        [started.runId],
      )
    ).rows;
    return {
      auditSeconds,
      floor: Math.min(floorBefore, floorAfter),
      floorBefore,
      floorAfter,
      partitions,
      phases,
      counts: run.counts ?? {},
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
  ].map((t) => `audit.${t}`);
  // CASCADE: review.cases and assist replies point at findings and requests (none in the bench).
  await db.query(`TRUNCATE ${tables.join(', ')} CASCADE`);
  await db.query(`VACUUM ANALYZE ${tables.join(', ')}`);
}

function sortKeys(o: Record<string, number | undefined>): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

async function main(): Promise<void> {
  const results = [];
  for (const n of sizes()) results.push(await benchOne(n));
  if (results.length > 1) {
    const base = results[0];
    console.log('\nscaling (seconds per million rows; linear = constant):');
    for (const r of results) {
      console.log(
        `  N = ${r.n.toLocaleString('en-US')}: audit ${fmt((r.auditSeconds / r.rows) * 1e6, 2)} s/M rows (×${fmt(r.auditSeconds / base.auditSeconds, 2)} for ×${fmt(r.rows / base.rows, 2)} rows), floor ${fmt((r.floor / r.rows) * 1e6, 2)} s/M rows`,
      );
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
