/**
 * bench/issuance: POST /v1/invoices over HTTP against a real issuance app process, with
 * many sellers and 32 concurrent clients, then the floor: the same number of invoices
 * validated, numbered, sealed and inserted directly with pg (no HTTP, no Nest).
 * Prints invoices/s, latency percentiles and the ratio to the floor, and where the CPU goes:
 * per invoice in the app, in Postgres and in the load generator, what a request the app
 * rejects at validation costs (the HTTP and Nest pipeline alone) and what one RSA seal costs —
 * on a machine whose cores all three share, these bound the rate.
 *
 *   npm run bench:issuance            (env: BENCH_INVOICES=20000 BENCH_CONNECTIONS=32 BENCH_SELLERS=64
 *                                      BENCH_HTTP_WORKERS=2; the app also reads ISSUE_BATCH_MAX and
 *                                      ISSUE_BATCH_CONCURRENCY from the environment)
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, createPrivateKey, KeyObject, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Pool } from 'pg';
import { buildInvoiceDraft, makeTaxId, todayIn } from '@app/domain';
import { KeyVault, parseMasterKeys, signSeal } from '@app/pki';
import { IssuanceConfig, TAKE_NEXT_NUMBER } from '../../apps/issuance';
import { loadConfig } from '@app/platform';
import { healthy, startApp, stopApp } from '../support/app-process';
import { freshBenchDatabase } from '../support/bench-database';
import { fmt, percentile, runConcurrently } from '../support/stats';
import { cpuMsPerInvoice, snapshotCpu } from './cpu-time';
import { floorBatchedRun } from './floor-batched';
import type { HttpFloorSeller } from './http-issuing-floor';
import { floorDocument, SEALED_INVOICE_COLUMNS, sealedInvoiceRow } from './sealed-invoice-row';

const INVOICES = Number(process.env.BENCH_INVOICES ?? 20000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SELLERS = Number(process.env.BENCH_SELLERS ?? 64);
const HTTP_WORKERS = Number(process.env.BENCH_HTTP_WORKERS ?? 2);
const PORT = 3101;
const REFUSAL_FLOOR_PORT = 3102;
const NEST_REFUSAL_FLOOR_PORT = 3103;
const HTTP_FLOOR_PORT = 3104;
const CODE = '4400261133';

interface Seller {
  taxId: string;
  name: string;
  apiKey: string;
  serial: string;
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const randomTaxId = (): string =>
  makeTaxId(`91440106${Array.from(randomBytes(9), (b) => ALPHABET[b % ALPHABET.length]).join('')}`);

const body = (buyer: { taxId: string; name: string }) => ({
  type: 'special' as const,
  buyerTaxId: buyer.taxId,
  buyerName: buyer.name,
  lines: [
    { description: '办公用品', quantity: '10', unitPrice: '100', amount: '1000.00', taxRate: '0.13' },
    { description: '技术服务', amount: '500.00', taxRate: '0.06', taxAmount: '30.00' },
  ],
});

async function registerParties(pool: Pool): Promise<{
  sellers: Omit<Seller, 'apiKey' | 'serial'>[];
  tokens: string[];
  buyers: { taxId: string; name: string }[];
}> {
  const [{ id: officer }] = (
    await pool.query<{ id: string }>(
      `INSERT INTO registry.users (username, password_hash, bureau_code, role)
       VALUES ('bench', 'scrypt$1$1$1$x$x', '10000000000', 'admin') RETURNING id`,
    )
  ).rows;
  const sellers = [];
  const tokens = [];
  for (let i = 0; i < SELLERS; i++) {
    const taxId = randomTaxId();
    const token = randomBytes(32).toString('base64url');
    const name = `压测销方${i}有限公司`;
    await pool.query(
      `INSERT INTO registry.taxpayers (tax_id, name, bureau_code, kind, max_amount_version, enrollment_token_hash, enrollment_token_expires_at)
       VALUES ($1, $2, '14401060000', 'general', 4, $3, now() + interval '1 day')`,
      [taxId, name, createHash('sha256').update(token).digest()],
    );
    // Two big blocks per seller: one for the HTTP run, one for the floor.
    await pool.query(
      `INSERT INTO registry.number_ranges (tax_id, invoice_code, start_number, end_number, amount_version, allocated_by)
       VALUES ($1, $2, $3, $4, 3, $5)`,
      [taxId, CODE, i * 1_000_000 + 1, (i + 1) * 1_000_000, officer],
    );
    sellers.push({ taxId, name });
    tokens.push(token);
  }
  const buyers = [];
  for (let i = 0; i < 16; i++) {
    const taxId = randomTaxId();
    await pool.query(
      `INSERT INTO registry.taxpayers (tax_id, name, bureau_code, kind, max_amount_version) VALUES ($1, $2, '14401040000', 'general', 4)`,
      [taxId, `压测购方${i}有限公司`],
    );
    buyers.push({ taxId, name: `压测购方${i}有限公司` });
  }
  return { sellers, tokens, buyers };
}

async function startBenchApp(databaseUrl: string): Promise<ChildProcess> {
  const app = startApp('issuance', databaseUrl, {
    ISSUANCE_PORT: String(PORT),
    HTTP_WORKERS: String(HTTP_WORKERS),
    BULL_PREFIX: 'jinshui-bench',
  });
  await healthy(PORT, app);
  return app;
}

async function enroll(sellers: Omit<Seller, 'apiKey' | 'serial'>[], tokens: string[]): Promise<Seller[]> {
  const out: Seller[] = [];
  for (let i = 0; i < sellers.length; i++) {
    const res = await fetch(`http://127.0.0.1:${PORT}/v1/enrollment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ taxId: sellers[i].taxId, enrollmentToken: tokens[i] }),
    });
    if (res.status !== 201) throw new Error(`enrollment failed: ${res.status} ${await res.text()}`);
    const j = (await res.json()) as { apiKey: string; serialNumber: string };
    out.push({ ...sellers[i], apiKey: j.apiKey, serial: j.serialNumber });
  }
  return out;
}

async function httpRun(
  sellers: Seller[],
  buyers: { taxId: string; name: string }[],
  amount: number,
  makeBody: (buyer: { taxId: string; name: string }) => unknown = body,
  port = PORT,
) {
  let n = 0;
  const options: autocannon.Options = {
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount,
    requests: [
      {
        method: 'POST',
        path: '/v1/invoices',
        setupRequest: (req) => {
          const i = n++;
          return {
            ...req,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${sellers[i % sellers.length].apiKey}`,
            },
            body: JSON.stringify(makeBody(buyers[i % buyers.length])),
          };
        },
      },
    ],
  };
  // The rate is taken from the first request to the last response: autocannon's own duration,
  // and the moment its promise settles, fall on its one-second ticks (20,000 requests served in
  // 18.4 s printed as 1,111/s).
  const t0 = performance.now();
  let lastResponse = t0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err: unknown, res) =>
      err
        ? reject(err instanceof Error ? err : new Error('autocannon failed', { cause: err }))
        : resolve(res),
    );
    instance.on('response', () => (lastResponse = performance.now()));
  });
  return { ...result, seconds: (lastResponse - t0) / 1000 };
}

/**
 * A request the app rejects at validation (one line's amount is not a number): the whole
 * HTTP and Nest pipeline — parsing, API-key guard, validation, error filter, logging,
 * metrics — and nothing of issuing. Its CPU is what any request costs before the work.
 */
const rejectedBody = (buyer: { taxId: string; name: string }) => {
  const b = body(buyer);
  return { ...b, lines: [{ ...b.lines[0], amount: 'not a number' }, ...b.lines.slice(1)] };
};

/** CPU milliseconds of one RSA-2048 seal with node:crypto, as the app makes it (median of 5 × 200). */
function signingMs(key: KeyObject): number {
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < 200; i++) signSeal(`bench seal ${r}.${i}`, key);
    const t = process.cpuUsage(t0);
    runs.push((t.user + t.system) / 1000 / 200);
  }
  return runs.sort((a, b) => a - b)[2];
}

/** The floor: same work without HTTP and Nest — draft, number, seal, insert in one transaction. */
async function floorRun(
  pool: Pool,
  sellers: Seller[],
  buyers: { taxId: string; name: string }[],
  keys: Map<string, KeyObject>,
  count: number,
) {
  const today = todayIn('Asia/Shanghai');
  const t0 = performance.now();
  const latencies = await runConcurrently(count, CONNECTIONS, async (i) => {
    const seller = sellers[i % sellers.length];
    const buyer = buyers[i % buyers.length];
    const req = body(buyer);
    const draft = buildInvoiceDraft(req, { sellerKind: 'general', today, colour: 'blue' });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ invoice_code: string; number: number }>(TAKE_NEXT_NUMBER, [
        seller.taxId,
        3,
        seller.serial,
      ]);
      const doc = floorDocument(rows[0].invoice_code, rows[0].number, seller, buyer, draft);
      await client.query(
        `INSERT INTO issuance.invoices (${SEALED_INVOICE_COLUMNS})
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
        sealedInvoiceRow(doc, keys.get(seller.serial)!, seller.serial),
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  });
  return { seconds: (performance.now() - t0) / 1000, latencies };
}

async function gapCheck(pool: Pool): Promise<{ invoices: number; gaps: number }> {
  const { rows } = await pool.query<{ invoices: string; gaps: string }>(`
    SELECT count(*) AS invoices,
           count(*) FILTER (WHERE prev IS NOT NULL AND n <> prev + 1) AS gaps
      FROM (SELECT invoice_number::int AS n,
                   lag(invoice_number::int) OVER (PARTITION BY seller_tax_id ORDER BY invoice_number) AS prev
              FROM issuance.invoices) t`);
  return { invoices: Number(rows[0].invoices), gaps: Number(rows[0].gaps) };
}

/** A floor server of this bench (refusal-floor, nest-refusal-floor, http-issuing-floor). */
interface FloorServer {
  name: string;
  /** Its compiled script, beside this one. */
  script: string;
  port: number;
  /** What it reads from its environment: its port, its workers, what it serves from. */
  env: Record<string, string>;
  /** The requests it is sent, and the class of answer every one of them must get. */
  makeBody: (buyer: { taxId: string; name: string }) => unknown;
  answers: '2xx' | '4xx';
}

/** A refusal floor, sent the app's refused request: bare node:http or Nest on Fastify. */
function refusalFloor(
  name: string,
  script: string,
  port: number,
  portEnv: string,
  sellers: Seller[],
): FloorServer {
  return {
    name,
    script,
    port,
    env: {
      [portEnv]: String(port),
      REFUSAL_FLOOR_WORKERS: String(HTTP_WORKERS),
      REFUSAL_FLOOR_KEYS: JSON.stringify(sellers.map((s) => s.apiKey)),
    },
    makeBody: rejectedBody,
    answers: '4xx',
  };
}

/**
 * A floor server on as many workers as the app, under the same load as the app's run of the
 * same requests: its measured run and the CPU per request of its processes and of Postgres.
 */
async function floorServerRun(
  floor: FloorServer,
  pool: Pool,
  sellers: Seller[],
  buyers: { taxId: string; name: string }[],
) {
  const server = spawn(process.execPath, [join(__dirname, floor.script)], {
    env: { ...process.env, ...floor.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await healthy(floor.port, server);
    // As warm as the app when its measured runs start (1,000 + INVOICES requests served): with
    // 1,000 only, the floors' JIT was still compiling inside their measured run, and both
    // refusal floors read up to twice their warmed cost at 4,000 invoices.
    const warm = await httpRun(sellers, buyers, 1000 + INVOICES, floor.makeBody, floor.port);
    const before = await snapshotCpu(pool, server.pid!);
    const run = await httpRun(sellers, buyers, INVOICES, floor.makeBody, floor.port);
    const after = await snapshotCpu(pool, server.pid!);
    for (const [what, answered, sent] of [
      ['warm-up', warm, 1000 + INVOICES],
      ['run', run, INVOICES],
    ] as const) {
      if (answered[floor.answers] !== sent)
        throw new Error(
          `${floor.name}'s ${what} answered ${answered[floor.answers]} of ${sent} with ${floor.answers}`,
        );
    }
    return {
      run,
      appMs: cpuMsPerInvoice(before.app, after.app, INVOICES),
      pgMs: cpuMsPerInvoice(before.pg, after.pg, INVOICES),
    };
  } finally {
    await stopApp(server);
  }
}

/**
 * The floor over HTTP (http-issuing-floor.ts): bare node:http, group commit as the app batches
 * (ISSUE_BATCH_MAX, ISSUE_BATCH_CONCURRENCY), sent the app's issued invoices. Its invoices take
 * the sellers' next numbers from the same counters, so the gap check covers them too.
 */
async function httpFloorRun(
  databaseUrl: string,
  pool: Pool,
  sellers: Seller[],
  buyers: { taxId: string; name: string }[],
  keys: Map<string, KeyObject>,
  config: IssuanceConfig,
) {
  // The sellers' private keys go to the floor in a file only this user can read, removed after.
  const dir = mkdtempSync(join(tmpdir(), 'jinshui-http-floor-'));
  const file = join(dir, 'sellers.json');
  const known: HttpFloorSeller[] = sellers.map((s) => ({
    apiKey: s.apiKey,
    taxId: s.taxId,
    name: s.name,
    serial: s.serial,
    privateKeyPem: keys.get(s.serial)!.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }));
  writeFileSync(file, JSON.stringify(known), { mode: 0o600 });
  try {
    return await floorServerRun(
      {
        name: 'the HTTP floor',
        script: 'http-issuing-floor.js',
        port: HTTP_FLOOR_PORT,
        env: {
          DATABASE_URL: databaseUrl,
          HTTP_FLOOR_PORT: String(HTTP_FLOOR_PORT),
          HTTP_FLOOR_WORKERS: String(HTTP_WORKERS),
          HTTP_FLOOR_SELLERS: file,
          ISSUE_BATCH_MAX: String(config.ISSUE_BATCH_MAX),
          ISSUE_BATCH_CONCURRENCY: String(config.ISSUE_BATCH_CONCURRENCY),
        },
        makeBody: body,
        answers: '2xx',
      },
      pool,
      sellers,
      buyers,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const url = await freshBenchDatabase('jinshui_bench_issuance');
  const pool = new Pool({ connectionString: url, max: CONNECTIONS });
  const parties = await registerParties(pool);
  const app = await startBenchApp(url);
  try {
    const sellers = await enroll(parties.sellers, parties.tokens);
    await httpRun(sellers, parties.buyers, 1000); // warm-up (JIT, key cache, pools)
    const httpCpuBefore = await snapshotCpu(pool, app.pid!);
    const loadBefore = process.cpuUsage();
    const http = await httpRun(sellers, parties.buyers, INVOICES);
    const load = process.cpuUsage(loadBefore);
    const httpCpuAfter = await snapshotCpu(pool, app.pid!);
    const after = await gapCheck(pool);
    const rejectedCpuBefore = await snapshotCpu(pool, app.pid!);
    const rejected = await httpRun(sellers, parties.buyers, INVOICES, rejectedBody);
    const rejectedCpuAfter = await snapshotCpu(pool, app.pid!);

    const config = loadConfig(IssuanceConfig);
    const vault = new KeyVault(parseMasterKeys(config.PKI_MASTER_KEYS), 1);
    const keys = new Map<string, KeyObject>();
    const { rows } = await pool.query<{
      serial_number: string;
      private_key_ciphertext: string;
      key_version: number;
    }>(`SELECT serial_number, private_key_ciphertext, key_version FROM pki.certificates`);
    for (const r of rows) {
      keys.set(
        r.serial_number,
        createPrivateKey(
          vault.open(
            { keyVersion: r.key_version, ciphertext: r.private_key_ciphertext },
            `certificate:${r.serial_number}`,
          ),
        ),
      );
    }
    await stopApp(app); // the floors get the whole machine, as the HTTP run had it
    // The least the app's 4xx could cost: on bare node:http, and on Nest with nothing of ours.
    const refusalFloorMs = (
      await floorServerRun(
        refusalFloor(
          'the refusal floor',
          'refusal-floor.js',
          REFUSAL_FLOOR_PORT,
          'REFUSAL_FLOOR_PORT',
          sellers,
        ),
        pool,
        sellers,
        parties.buyers,
      )
    ).appMs;
    const nestFloorMs = (
      await floorServerRun(
        refusalFloor(
          'the Nest refusal floor',
          'nest-refusal-floor.js',
          NEST_REFUSAL_FLOOR_PORT,
          'NEST_REFUSAL_FLOOR_PORT',
          sellers,
        ),
        pool,
        sellers,
        parties.buyers,
      )
    ).appMs;
    await floorRun(pool, sellers, parties.buyers, keys, 1000); // warm-up
    const floorCpuBefore = { self: process.cpuUsage(), pg: (await snapshotCpu(pool, process.pid)).pg };
    const floor = await floorRun(pool, sellers, parties.buyers, keys, INVOICES);
    const floorSelf = process.cpuUsage(floorCpuBefore.self);
    const floorPg = (await snapshotCpu(pool, process.pid)).pg;
    // For comparison only, with group commit as the app batches under this load: the
    // CONNECTIONS clients spread over HTTP_WORKERS × ISSUE_BATCH_CONCURRENCY lanes.
    const lanes = HTTP_WORKERS * config.ISSUE_BATCH_CONCURRENCY;
    const batchSize = Math.min(config.ISSUE_BATCH_MAX, Math.ceil(CONNECTIONS / lanes));
    const floorItem = (i: number) => ({
      seller: sellers[i % sellers.length],
      buyer: parties.buyers[i % parties.buyers.length],
      body: body(parties.buyers[i % parties.buyers.length]),
    });
    const batched =
      batchSize > 1 ? await floorBatchedRun(pool, floorItem, keys, INVOICES, batchSize, lanes) : null;
    const httpFloor = await httpFloorRun(url, pool, sellers, parties.buyers, keys, config);
    const final = await gapCheck(pool);

    const httpRate = http.requests.total / http.seconds;
    const floorRate = INVOICES / floor.seconds;
    console.log(
      `\nbench/issuance — ${INVOICES} invoices, ${CONNECTIONS} concurrent clients, ${SELLERS} sellers, 2 line items each`,
    );
    console.log(
      `app: ${HTTP_WORKERS} HTTP workers, ISSUE_BATCH_MAX ${config.ISSUE_BATCH_MAX}, ISSUE_BATCH_CONCURRENCY ${config.ISSUE_BATCH_CONCURRENCY}`,
    );
    console.log(
      `HTTP  POST /v1/invoices : ${fmt(httpRate)} invoices/s  p50 ${http.latency.p50} ms  p97.5 ${http.latency.p97_5} ms  p99 ${http.latency.p99} ms  (2xx ${http['2xx']}, non-2xx ${http.non2xx}, errors ${http.errors})`,
    );
    console.log(
      `floor (pg, no HTTP/Nest): ${fmt(floorRate)} invoices/s  p50 ${fmt(percentile(floor.latencies, 50))} ms  p99 ${fmt(percentile(floor.latencies, 99))} ms`,
    );
    console.log(`ratio HTTP / floor      : ${fmt(httpRate / floorRate, 2)}`);
    if (batched)
      console.log(
        `floor, group commit     : ${fmt(INVOICES / batched.seconds)} invoices/s  (for comparison only: batches of ${batchSize} on ${lanes} lanes; ` +
          `batch latency p50 ${fmt(percentile(batched.latencies, 50))} ms  p99 ${fmt(percentile(batched.latencies, 99))} ms)`,
      );
    const ms = (v: number | null) => (v === null ? 'n/a' : `${fmt(v, 2)} ms`);
    const appMs = cpuMsPerInvoice(httpCpuBefore.app, httpCpuAfter.app, INVOICES);
    const pgMs = cpuMsPerInvoice(httpCpuBefore.pg, httpCpuAfter.pg, INVOICES);
    const loadMs = (load.user + load.system) / 1000 / INVOICES;
    const pipelineMs = cpuMsPerInvoice(rejectedCpuBefore.app, rejectedCpuAfter.app, INVOICES);
    const sealMs = signingMs(keys.values().next().value!);
    console.log(
      `CPU per invoice         : HTTP run: app ${ms(appMs)}, postgres ${ms(pgMs)}, load generator ${ms(loadMs)}; ` +
        `floor: bench process ${ms((floorSelf.user + floorSelf.system) / 1000 / INVOICES)}, ` +
        `postgres ${ms(cpuMsPerInvoice(floorCpuBefore.pg, floorPg, INVOICES))}`,
    );
    // Everything shares the machine's cores, so they bound the rate: 1,000/s on 2 cores leaves
    // 2 ms of CPU per invoice for the app, Postgres and the load generator together.
    const cores = availableParallelism();
    console.log(
      `CPU budget              : ${fmt(cores)} cores → ${ms((cores * 1000) / 1000)} per invoice at 1,000/s; ` +
        `a request rejected at validation (HTTP + Nest pipeline, no issuing; ${rejected['4xx']} × 4xx) costs the app ${ms(pipelineMs)}, ` +
        `one RSA-2048 seal ${ms(sealMs)}; spent in the HTTP run ${ms(appMs === null || pgMs === null ? null : appMs + pgMs + loadMs)} ` +
        `→ at most ${appMs === null || pgMs === null ? 'n/a' : fmt((cores * 1000) / (appMs + pgMs + loadMs))} invoices/s`,
    );
    console.log(
      `refused request floor   : ${ms(refusalFloorMs)} of CPU (bare node:http, JSON.parse, the key's hash in a map, ` +
        `class-validator on IssueInvoiceDto; no rate limit, logs or metrics); app / floor ` +
        `${pipelineMs === null || refusalFloorMs === null ? 'n/a' : fmt(pipelineMs / refusalFloorMs, 2)}`,
    );
    const ratio = (a: number | null, b: number | null) => (a === null || b === null ? 'n/a' : fmt(a / b, 2));
    console.log(
      `refused request, Nest floor: ${ms(nestFloorMs)} of CPU (Nest on Fastify: router, key guard, ValidationPipe, ` +
        `filter; nothing else); app / Nest floor ${ratio(pipelineMs, nestFloorMs)}; ` +
        `Nest floor / bare floor ${ratio(nestFloorMs, refusalFloorMs)}`,
    );
    const httpFloorRate = httpFloor.run.requests.total / httpFloor.run.seconds;
    console.log(
      `floor over HTTP (bare node:http, group commit): ${fmt(httpFloorRate)} invoices/s  p50 ${httpFloor.run.latency.p50} ms  ` +
        `p99 ${httpFloor.run.latency.p99} ms  (2xx ${httpFloor.run['2xx']}, non-2xx ${httpFloor.run.non2xx}, errors ${httpFloor.run.errors}); ` +
        `CPU per invoice: floor processes ${ms(httpFloor.appMs)}, postgres ${ms(httpFloor.pgMs)}; ` +
        `app / HTTP floor ${fmt(httpRate / httpFloorRate, 2)} (rate), ${ratio(appMs, httpFloor.appMs)} (app-process CPU)`,
    );
    console.log(
      `stored invoices ${final.invoices} (after HTTP run: ${after.invoices}); numbering gaps per seller: ${final.gaps}`,
    );
  } finally {
    app.kill('SIGTERM');
    await pool.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
