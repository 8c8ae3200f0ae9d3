/**
 * bench/review: the bureau's review of findings at scale. Loads N findings of one period
 * into audit.findings (one INSERT … SELECT over generate_series; sellers and buyers are a
 * few thousand taxpayers of 200 district bureaus spread over the country; 1 % of them with
 * a case row), starts a real bureau process and measures, over HTTP:
 *
 *   - GET /v1/findings?period=P&limit=50 for the national admin, a province reviewer and a
 *     district reviewer, first page and a deep page (the cursor after 20 pages): sequential
 *     requests, p50 / p95 / p99 ms (EXPLAIN (ANALYZE, BUFFERS) of any case slower than
 *     BENCH_SLOW_MS at p50, run as the officer under row-level security);
 *   - GET /v1/findings/{id} and GET /v1/reports/summary?period=P (national);
 *   - GET /v1/findings/export?period=P as CSV and as XLSX (national), streamed to nowhere:
 *     rows/s, MB, wall time, and the bureau process's peak RSS (a fresh process per export,
 *     its process tree sampled every 100 ms, plus its VmHWM);
 *
 * and the floor: COPY (the export's SELECT, same columns and order, as the owner without
 * row-level security) TO STDOUT WITH CSV through pg-copy-streams to a null sink.
 *
 *   npm run bench:review                   (N = 1,000,000)
 *   npm run bench:review -- --n 200000     (or BENCH_N)
 *
 * Env: BENCH_REQUESTS (timed requests per list case, default 200), BENCH_SLOW_MS (default 100),
 * BENCH_APP_LOG_LEVEL (the app's log level; its output is shown when set).
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { OFFICER_DB_ROLE } from '@app/database';
import { FINDING_COLUMNS, findingsQuery, type FindingCursor } from '@app/review';
import { healthy, jsonApi, startApp, stopApp } from '../support/app-process';
import { freshBenchDatabase } from '../support/bench-database';
import { processTree, rssMb, treePeakRssMb, treeRssMb } from '../support/process-memory';
import { fmt, percentile } from '../support/stats';
import { loadFindings } from './load-findings';

const PERIOD = '2025-06';
const DB = 'jinshui_bench_review';
const PORT = 3105;
const DISTRICTS = 200;
const TAXPAYERS_PER_DISTRICT = 20;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const SLOW_MS = Number(process.env.BENCH_SLOW_MS ?? 100);
const DEEP_PAGES = 20;
const LIMIT = 50;
const ADMIN = { username: 'admin', password: 'jinshui-admin-dev' };
const REVIEWER_PASSWORD = 'bench-review-password';

function size(): number {
  const i = process.argv.indexOf('--n');
  const given = i >= 0 ? process.argv[i + 1] : (process.env.BENCH_N ?? '1000000');
  const n = Number(given.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1000 || n > 99_999_999) {
    throw new Error(`--n must be an integer from 1000 to 99,999,999, got ${given}`);
  }
  return n;
}

const startBureau = (url: string): ChildProcess =>
  startApp('bureau', url, {
    BUREAU_PORT: String(PORT),
    BULL_PREFIX: 'jinshui-bench-review',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_TTL_SECONDS: '3600',
  });
const api = jsonApi(PORT);

const login = async (username: string, password: string): Promise<string> =>
  (await api<{ accessToken: string }>('POST', '/v1/auth/login', undefined, { username, password }))
    .accessToken;

interface Officer {
  label: string;
  username: string;
  password: string;
  bureauCode: string;
  bureauName: string;
  scopePrefix: string;
  visible: number;
}

interface Timed<T> {
  ms: number;
  body: T;
}

async function timedGet<T>(path: string, token: string): Promise<Timed<T>> {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${PORT}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 500)}`);
  return { ms, body: JSON.parse(text) as T };
}

/** `count` sequential requests after a short warm-up; latencies sorted. */
async function latencies(count: number, path: (i: number) => string, token: string): Promise<number[]> {
  for (let i = 0; i < 5; i++) await timedGet(path(i), token);
  const ms: number[] = [];
  for (let i = 0; i < count; i++) ms.push((await timedGet(path(i), token)).ms);
  return ms.sort((a, b) => a - b);
}

const triple = (ms: number[]): string =>
  `${fmt(percentile(ms, 50), 1).padStart(8)} ${fmt(percentile(ms, 95), 1).padStart(8)} ${fmt(percentile(ms, 99), 1).padStart(8)}`;

interface Page {
  items: { id: string }[];
  nextCursor: string | null;
}

interface ListResult {
  officer: Officer;
  page: string;
  cursor?: string;
  rows: number;
  ms: number[];
}

const listPath = (cursor?: string): string =>
  `/v1/findings?period=${PERIOD}&limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`;

/** First page, then the page after DEEP_PAGES pages (the cursor found by walking them). */
async function measureLists(officer: Officer, token: string): Promise<ListResult[]> {
  const first = await latencies(REQUESTS, () => listPath(), token);
  const firstRows = (await timedGet<Page>(listPath(), token)).body.items.length;
  let cursor: string | null = null;
  let pages = 0;
  const walk: number[] = [];
  for (; pages < DEEP_PAGES; pages++) {
    const { ms, body }: Timed<Page> = await timedGet<Page>(listPath(cursor ?? undefined), token);
    walk.push(ms);
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  const deepPath = listPath(cursor ?? undefined);
  const deep = await latencies(REQUESTS, () => deepPath, token);
  const deepRows = (await timedGet<Page>(deepPath, token)).body.items.length;
  console.log(
    `  ${officer.label}: walked ${pages} pages in ${fmt(
      walk.reduce((a, b) => a + b, 0),
      0,
    )} ms; first page ${firstRows} rows, page ${pages + 1} ${deepRows} rows`,
  );
  return [
    { officer, page: 'first page', rows: firstRows, ms: first },
    { officer, page: `page ${pages + 1}`, cursor: cursor ?? undefined, rows: deepRows, ms: deep },
  ];
}

/** The list query exactly as the app runs it (same SQL builder, same role and scope). */
async function explainList(db: Client, r: ListResult): Promise<string> {
  const after = r.cursor
    ? (JSON.parse(Buffer.from(r.cursor, 'base64url').toString('utf8')) as FindingCursor)
    : undefined;
  const { sql, params } = findingsQuery(r.officer.scopePrefix, { period: PERIOD }, after, LIMIT + 1);
  await db.query('BEGIN');
  try {
    await db.query(`SELECT set_config('jinshui.scope_prefix', $1, true)`, [r.officer.scopePrefix]);
    await db.query(`SET LOCAL ROLE ${OFFICER_DB_ROLE}`);
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await db.query('ROLLBACK');
  }
}

/* ---------- export and floor ---------- */

interface ExportResult {
  format: 'csv' | 'xlsx';
  rows: number;
  lines: number;
  bytes: number;
  seconds: number;
  idleRssMb: number;
  peakRssMb: number;
  hwmMb: number;
  processes: number;
}

/** One export on a fresh bureau process, so that its peak RSS belongs to this export alone. */
async function measureExport(url: string, format: 'csv' | 'xlsx', rows: number): Promise<ExportResult> {
  const app = startBureau(url);
  try {
    await healthy(PORT, app);
    const token = await login(ADMIN.username, ADMIN.password);
    await timedGet<Page>(listPath(), token); // the pool and the plan cache as after any first request
    const pid = app.pid!;
    const idleRssMb = treeRssMb(pid);
    let peakRssMb = idleRssMb;
    let processes = 1;
    const sampler = setInterval(() => {
      const pids = processTree(pid);
      processes = Math.max(processes, pids.length);
      peakRssMb = Math.max(
        peakRssMb,
        pids.reduce((s, p) => s + rssMb(p), 0),
      );
    }, 100);
    const t0 = performance.now();
    let bytes = 0;
    let lines = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: PORT,
            path: `/v1/findings/export?period=${PERIOD}&format=${format}`,
            headers: { authorization: `Bearer ${token}` },
          },
          (res) => {
            if (res.statusCode !== 200) {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              res.on('end', () => reject(new Error(`export ${format}: ${res.statusCode} ${body}`)));
              return;
            }
            res.on('data', (c: Buffer) => {
              bytes += c.length;
              if (format === 'csv') for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
            });
            res.on('aborted', () => reject(new Error(`export ${format} cut short after ${bytes} bytes`)));
            res.on('error', reject);
            res.on('end', () => resolve());
          },
        );
        req.on('error', reject);
        req.end();
      });
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - t0) / 1000;
    peakRssMb = Math.max(peakRssMb, treeRssMb(pid));
    const hwmMb = treePeakRssMb(pid);
    return { format, rows, lines, bytes, seconds, idleRssMb, peakRssMb, hwmMb, processes };
  } finally {
    await stopApp(app);
  }
}

/** The export's SELECT (same columns, same order) as COPY … TO STDOUT, as the owner (no RLS). */
async function floor(db: Client): Promise<{ seconds: number; bytes: number }> {
  const sql = `COPY (SELECT ${FINDING_COLUMNS}
                      FROM audit.findings f
                      LEFT JOIN review.cases c ON c.finding_id = f.id
                     WHERE f.period = '${PERIOD}'
                     ORDER BY f.tax_at_risk DESC, f.id DESC) TO STDOUT WITH (FORMAT csv, HEADER true)`;
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const t0 = performance.now();
  await pipeline(db.query(copyTo(sql)), sink);
  return { seconds: (performance.now() - t0) / 1000, bytes };
}

/* ---------- the run ---------- */

async function main(): Promise<void> {
  const n = size();
  const url = await freshBenchDatabase(DB);
  const db = new Client({ connectionString: url });
  await db.connect();
  const tLoad = performance.now();
  const loaded = await loadFindings(db, {
    period: PERIOD,
    findings: n,
    districts: DISTRICTS,
    taxpayersPerDistrict: TAXPAYERS_PER_DISTRICT,
  });
  console.log(
    `  loaded ${n.toLocaleString('en-US')} findings (${loaded.taxpayers.toLocaleString('en-US')} taxpayers in ${loaded.districts.length} districts): INSERT … SELECT ${fmt(loaded.insertSeconds, 1)} s, VACUUM ANALYZE ${fmt(loaded.analyzeSeconds, 1)} s; audit.findings ${fmt(loaded.tableMb, 0)} MB with indexes`,
  );

  // The province with most of the chosen districts; a district of it.
  const [pick] = (
    await db.query<{ province: string; pname: string; pprefix: string; district: string; dname: string }>(
      `WITH chosen AS (SELECT b.code, b.name, p.code AS province
                         FROM registry.bureaus b
                         JOIN registry.bureaus c ON c.code = b.parent_code
                         JOIN registry.bureaus p ON p.code = c.parent_code
                        WHERE b.code = ANY ($1::text[]))
       SELECT p.code AS province, p.name AS pname, p.scope_prefix AS pprefix,
              min(ch.code) AS district, (SELECT name FROM registry.bureaus WHERE code = min(ch.code)) AS dname
         FROM chosen ch JOIN registry.bureaus p ON p.code = ch.province
        GROUP BY p.code, p.name, p.scope_prefix
        ORDER BY count(*) DESC, p.code LIMIT 1`,
      [loaded.districts.map((d) => d.code)],
    )
  ).rows;
  const [dprefix] = (
    await db.query<{ scope_prefix: string }>(`SELECT scope_prefix FROM registry.bureaus WHERE code = $1`, [
      pick.district,
    ])
  ).rows;
  const visible = async (prefix: string): Promise<number> =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM audit.findings
            WHERE period = $1 AND (seller_bureau_code LIKE $2 || '%' OR buyer_bureau_code LIKE $2 || '%')`,
          [PERIOD, prefix],
        )
      ).rows[0].n,
    );
  const officers: Officer[] = [
    {
      label: 'national admin   ',
      ...ADMIN,
      bureauCode: '10000000000',
      bureauName: '国家税务总局',
      scopePrefix: '1',
      visible: await visible('1'),
    },
    {
      label: 'province reviewer',
      username: 'bench.province',
      password: REVIEWER_PASSWORD,
      bureauCode: pick.province,
      bureauName: pick.pname,
      scopePrefix: pick.pprefix,
      visible: await visible(pick.pprefix),
    },
    {
      label: 'district reviewer',
      username: 'bench.district',
      password: REVIEWER_PASSWORD,
      bureauCode: pick.district,
      bureauName: pick.dname,
      scopePrefix: dprefix.scope_prefix,
      visible: await visible(dprefix.scope_prefix),
    },
  ];

  const floorBefore = await floor(db);
  console.log(`  floor COPY (before the exports): ${fmt(floorBefore.seconds, 2)} s`);

  const bureau = startBureau(url);
  const lists: ListResult[] = [];
  let detail: number[];
  let summary: number[];
  let summaryRows: number;
  try {
    await healthy(PORT, bureau);
    const adminToken = await login(ADMIN.username, ADMIN.password);
    for (const o of officers.slice(1)) {
      await api('POST', '/v1/users', adminToken, {
        username: o.username,
        password: o.password,
        bureauCode: o.bureauCode,
        role: 'reviewer',
      });
    }
    // 1 % of the findings have a case (a real LEFT JOIN for the lists), moved by the admin.
    await db.query(
      `INSERT INTO review.cases (finding_id, status, updated_by)
       SELECT f.id, (ARRAY['investigating', 'confirmed', 'cleared'])[1 + f.id % 3], u.id
         FROM audit.findings f, (SELECT id FROM registry.users WHERE username = $1) u
        WHERE f.id % 100 = 7`,
      [ADMIN.username],
    );
    await db.query(`VACUUM (ANALYZE) review.cases`);

    for (const o of officers) {
      const token = o.username === ADMIN.username ? adminToken : await login(o.username, o.password);
      lists.push(...(await measureLists(o, token)));
    }
    const ids = Array.from({ length: REQUESTS + 5 }, (_, i) => 1 + ((i * 7_919_993 + 12_345) % n));
    detail = await latencies(REQUESTS, (i) => `/v1/findings/${ids[i % ids.length]}`, adminToken);
    const summaryPath = `/v1/reports/summary?period=${PERIOD}`;
    summary = await latencies(REQUESTS, () => summaryPath, adminToken);
    summaryRows = (await timedGet<{ items: unknown[] }>(summaryPath, adminToken)).body.items.length;
  } finally {
    await stopApp(bureau);
  }

  const csv = await measureExport(url, 'csv', officers[0].visible);
  console.log(`  export csv: ${fmt(csv.seconds, 2)} s`);
  const xlsx = await measureExport(url, 'xlsx', officers[0].visible);
  console.log(`  export xlsx: ${fmt(xlsx.seconds, 2)} s`);
  const floorAfter = await floor(db);
  const fl = floorBefore.seconds <= floorAfter.seconds ? floorBefore : floorAfter;
  const totalSeconds = (performance.now() - tLoad) / 1000;

  const slow = lists.filter((r) => percentile(r.ms, 50) > SLOW_MS);
  const plans: string[] = [];
  for (const r of slow) {
    plans.push(
      `\n  EXPLAIN (ANALYZE, BUFFERS) — ${r.officer.label.trim()} (scope ${r.officer.scopePrefix}), ${r.page}:\n` +
        (await explainList(db, r))
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
    );
  }
  await db.end();

  const mb = (b: number): string => fmt(b / 1e6, 1);
  const out: string[] = [];
  out.push(
    `\nbench/review — N = ${n.toLocaleString('en-US')} findings, period ${PERIOD}, ${loaded.taxpayers.toLocaleString('en-US')} taxpayers in ${loaded.districts.length} districts`,
  );
  out.push(
    `  load: INSERT … SELECT ${fmt(loaded.insertSeconds, 1)} s (${fmt(n / loaded.insertSeconds, 0)} rows/s), VACUUM ANALYZE ${fmt(loaded.analyzeSeconds, 1)} s, audit.findings ${fmt(loaded.tableMb, 0)} MB with indexes`,
  );
  out.push(`  visible findings of the period:`);
  for (const o of officers) {
    out.push(
      `    ${o.label} ${o.bureauCode} ${o.bureauName} (scope ${o.scopePrefix}): ${o.visible.toLocaleString('en-US')}`,
    );
  }
  out.push(
    `  GET /v1/findings?period=${PERIOD}&limit=${LIMIT}, ${REQUESTS} sequential requests each, ms:      p50      p95      p99`,
  );
  for (const r of lists) {
    out.push(
      `    ${r.officer.label}  ${r.page.padEnd(10)} (${String(r.rows).padStart(2)} rows)  ${triple(r.ms)}`,
    );
  }
  out.push(
    `  GET /v1/findings/{id} (national, ${REQUESTS} ids), ms: p50 ${fmt(percentile(detail, 50), 1)}, p99 ${fmt(percentile(detail, 99), 1)}`,
  );
  out.push(
    `  GET /v1/reports/summary?period=${PERIOD} (national, ${summaryRows} child rows, roll-ups empty), ms: p50 ${fmt(percentile(summary, 50), 1)}, p95 ${fmt(percentile(summary, 95), 1)}, p99 ${fmt(percentile(summary, 99), 1)}`,
  );
  for (const e of [csv, xlsx]) {
    out.push(
      `  export ${e.format.padEnd(4)} (national): ${e.rows.toLocaleString('en-US')} rows, ${mb(e.bytes)} MB in ${fmt(e.seconds, 2)} s = ${fmt(e.rows / e.seconds, 0)} rows/s, ${mb(e.bytes / e.seconds)} MB/s` +
        (e.format === 'csv'
          ? `; ${(e.lines - 1).toLocaleString('en-US')} data lines${e.lines - 1 === e.rows ? '' : ' — MISMATCH'}`
          : ''),
    );
    out.push(
      `       bureau process RSS: idle ${fmt(e.idleRssMb, 0)} MB, peak sampled (100 ms, ${e.processes} process${e.processes > 1 ? 'es' : ''}) ${fmt(e.peakRssMb, 0)} MB, VmHWM ${fmt(e.hwmMb, 0)} MB`,
    );
  }
  out.push(
    `  floor COPY (same SELECT) TO STDOUT CSV → null: ${officers[0].visible.toLocaleString('en-US')} rows, ${mb(fl.bytes)} MB in ${fmt(fl.seconds, 2)} s = ${fmt(officers[0].visible / fl.seconds, 0)} rows/s (${fmt(floorBefore.seconds, 2)} / ${fmt(floorAfter.seconds, 2)} s)`,
  );
  out.push(
    `  ratio export / floor (wall time): csv ${fmt(csv.seconds / fl.seconds, 2)}, xlsx ${fmt(xlsx.seconds / fl.seconds, 2)}`,
  );
  out.push(`  bench wall time after the database was made: ${fmt(totalSeconds, 0)} s`);
  console.log(out.join('\n'));
  if (slow.length > 0) {
    console.log(`\n  list cases with p50 over ${SLOW_MS} ms (BENCH_SLOW_MS): ${slow.length}`);
    console.log(plans.join('\n'));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
