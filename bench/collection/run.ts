/**
 * bench/collection: uploads 1,000,000 claim rows to a real collection app process and
 * prints rows/s (request start → upload completed) and the app's peak RSS for a file
 * without seals and a file with seals, then, in the same run, the floor: `psql \copy` of
 * the same file into a bare table; and the storage bound: the rows the floor loaded stored
 * in collection.claims (its partitions, indexes and constraints) with no parsing, checks or
 * judging at all, on two connections — no upload that keeps every claim in that table can
 * be faster than this.
 *
 *   npm run bench:collection     (env: BENCH_ROWS=1000000 BENCH_SEALED_ROWS=1000000)
 */
import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Pool } from 'pg';
import { generateRsaKeyPair, createIssuingCa, createRootCa, issueDeviceCertificate } from '@app/pki';
import { makeTaxId, todayIn } from '@app/domain';
import { hashApiKey } from '@app/auth';
import { healthy, startApp } from '../support/app-process';
import { freshBenchDatabase } from '../support/bench-database';
import { peakRssMb, rssMb } from '../support/process-memory';
import { fmt } from '../support/stats';
import { BenchSeller } from './generate-claims';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SEALED_ROWS = Number(process.env.BENCH_SEALED_ROWS ?? 1_000_000);
const PORT = 3102;
const OUT = join(__dirname, '..', '..', '..', 'bench', 'out');
const DB = 'jinshui_bench_collection';

const taxId = (n: number) =>
  makeTaxId(`91440106MA5BENCH${n.toString(36).toUpperCase().padStart(1, '0')}`.slice(0, 17));

async function setupParties(pool: Pool): Promise<{ buyer: string; apiKey: string; sellers: BenchSeller[] }> {
  const now = new Date(Date.now() - 86_400_000);
  const root = createRootCa({ commonName: 'Jinshui National Root CA', now, validYears: 20 });
  const issuing = createIssuingCa(root, { provinceCode: '44', now, validYears: 10 });
  for (const ca of [
    { m: root, kind: 'root', province: null },
    { m: issuing, kind: 'issuing', province: '44' },
  ]) {
    await pool.query(
      `INSERT INTO pki.authorities (serial_number, kind, province_code, certificate_pem, private_key_ciphertext, key_version)
       VALUES ($1, $2, $3, $4, 'bench: not used', 1)`,
      [ca.m.serialNumber, ca.kind, ca.province, ca.m.certificatePem],
    );
  }
  const buyer = taxId(0);
  await pool.query(
    `INSERT INTO registry.taxpayers (tax_id, name, bureau_code, kind, max_amount_version) VALUES ($1, '压测购方', '14401040000', 'general', 4)`,
    [buyer],
  );
  const apiKey = `jsk_${'B'.repeat(43)}`;
  await pool.query(`INSERT INTO issuance.api_keys (tax_id, key_hash) VALUES ($1, $2)`, [
    buyer,
    hashApiKey(apiKey),
  ]);
  const sellers: BenchSeller[] = [];
  for (let i = 1; i <= 8; i++) {
    const id = taxId(i);
    const keys = generateRsaKeyPair();
    const cert = issueDeviceCertificate(issuing, {
      publicKeyPem: keys.publicKeyPem,
      taxId: id,
      taxpayerName: `压测销方${i}`,
      now,
      validYears: 3,
    });
    await pool.query(
      `INSERT INTO registry.taxpayers (tax_id, name, bureau_code, kind, max_amount_version) VALUES ($1, $2, '14401060000', 'general', 4)`,
      [id, `压测销方${i}`],
    );
    await pool.query(
      `INSERT INTO pki.certificates (serial_number, tax_id, issuer_serial, certificate_pem, key_source, not_before, not_after)
       VALUES ($1, $2, $3, $4, 'csr', $5, $5::timestamptz + interval '3 years')`,
      [cert.serialNumber, id, issuing.serialNumber, cert.certificatePem, now],
    );
    sellers.push({ taxId: id, privateKeyPem: keys.privateKeyPem });
  }
  return { buyer, apiKey, sellers };
}

/** Makes the sealed file with one signing process per core (RSA signing is the slow part). */
async function makeFile(
  path: string,
  rows: number,
  sealed: boolean,
  party: { buyer: string; sellers: BenchSeller[] },
): Promise<void> {
  const issueDate = todayIn('Asia/Shanghai');
  const slices = sealed ? 2 : 1;
  const per = Math.ceil(rows / slices);
  const parts = Array.from({ length: slices }, (_, k) => ({
    path: `${path}.part${k}`,
    fromRow: k * per + 1,
    toRow: Math.min(rows, (k + 1) * per),
    header: k === 0,
    sellers: party.sellers,
    buyerTaxId: party.buyer,
    issueDate,
    sealed,
  }));
  await Promise.all(
    parts.map(
      (p) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, [join(__dirname, 'generate-claims.js'), JSON.stringify(p)], {
            stdio: 'inherit',
          });
          child.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`generator exited ${code}`)),
          );
        }),
    ),
  );
  execFileSync('sh', [
    '-c',
    `cat ${parts.map((p) => p.path).join(' ')} > ${path} && rm ${parts.map((p) => p.path).join(' ')}`,
  ]);
}

async function startBenchApp(databaseUrl: string): Promise<ChildProcess> {
  const app = startApp('collection', databaseUrl, {
    COLLECTION_PORT: String(PORT),
    BULL_PREFIX: 'jinshui-bench-collection',
  });
  await healthy(PORT, app);
  return app;
}

async function upload(
  pid: number,
  path: string,
  apiKey: string,
  period: string,
): Promise<{ seconds: number; stagedSeconds: number; status: Record<string, unknown> }> {
  const t0 = performance.now();
  const id = await new Promise<string>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: PORT,
        method: 'POST',
        path: `/v1/uploads?kind=claims&period=${period}`,
        headers: {
          'content-type': 'text/csv',
          'content-length': statSync(path).size,
          authorization: `Bearer ${apiKey}`,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          res.statusCode === 202
            ? resolve((JSON.parse(body) as { uploadId: string }).uploadId)
            : reject(new Error(body)),
        );
      },
    );
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
  const stagedSeconds = (performance.now() - t0) / 1000;
  const rssByPhase: Record<string, number> = { staging: rssMb(pid) };
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const status = (await (
      await fetch(`http://127.0.0.1:${PORT}/v1/uploads/${id}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      })
    ).json()) as Record<string, unknown>;
    const phase = String(status.phase);
    rssByPhase[phase] = Math.max(rssByPhase[phase] ?? 0, rssMb(pid));
    if (process.env.BENCH_RSS_BY_PHASE) console.log(JSON.stringify(rssByPhase));
    if (status.status === 'completed' || status.status === 'failed')
      return { seconds: (performance.now() - t0) / 1000, stagedSeconds, status };
  }
}

function psqlCopyFloor(url: string, path: string): number {
  execFileSync('psql', [
    url,
    '-q',
    '-c',
    'DROP TABLE IF EXISTS bench_floor; CREATE TABLE bench_floor (invoice_code text, invoice_number text, issue_date text, seller_tax_id text, amount text, tax_amount text, signature text, content_hash text)',
  ]);
  const t0 = performance.now();
  execFileSync('psql', [url, '-q', '-c', `\\copy bench_floor FROM '${path}' WITH (FORMAT csv, HEADER true)`]);
  return (performance.now() - t0) / 1000;
}

/**
 * Seconds to store the floor's rows in collection.claims as accepted claims, two connections
 * each taking half (as the upload merges two batches at a time), then remove them again.
 */
async function storageBound(pool: Pool, buyer: string, period: string): Promise<number> {
  await pool.query(`TRUNCATE collection.claims CASCADE`);
  await pool.query(`CHECKPOINT`);
  const t0 = performance.now();
  await Promise.all(
    [0, 1].map((half) =>
      pool.query(
        `INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date, seller_tax_id,
                                        amount, tax_amount, signature, content_hash, status, source)
         SELECT $1, $2, invoice_code, invoice_number, issue_date::date, seller_tax_id, amount::numeric,
                tax_amount::numeric, nullif(signature, ''), nullif(content_hash, ''), 'accepted', 'api'
           FROM bench_floor WHERE invoice_number::int % 2 = $3`,
        [buyer, period, half],
      ),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  await pool.query(`TRUNCATE collection.claims CASCADE`);
  return seconds;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const url = await freshBenchDatabase(DB);
  const pool = new Pool({ connectionString: url, max: 4 });
  const party = await setupParties(pool);
  const period = todayIn('Asia/Shanghai').slice(0, 7);
  const plain = join(OUT, `claims-${ROWS}-plain.csv`);
  const sealed = join(OUT, `claims-${SEALED_ROWS}-sealed.csv`);
  const t0 = performance.now();
  await makeFile(plain, ROWS, false, party);
  await makeFile(sealed, SEALED_ROWS, true, party);
  console.log(
    `files made in ${fmt((performance.now() - t0) / 1000)} s (${fmt(statSync(plain).size / 1e6)} MB plain, ${fmt(statSync(sealed).size / 1e6)} MB sealed)`,
  );

  const results: string[] = [];
  for (const [label, file, rows] of [
    ['without seals', plain, ROWS],
    ['with seals   ', sealed, SEALED_ROWS],
  ] as const) {
    // A fresh app per run, so that peak RSS belongs to that run. Both files claim the same invoice
    // numbers: clear the first run's claims so that the second does the same work, not ALREADY_CLAIMED.
    await pool.query(`TRUNCATE collection.claims, collection.upload_errors, collection.uploads CASCADE`);
    const app = await startBenchApp(url);
    try {
      const { seconds, stagedSeconds, status } = await upload(app.pid!, file, party.apiKey, period);
      const rss = peakRssMb(app.pid!);
      results.push(
        `upload ${label}: ${fmt(rows / seconds, 0)} rows/s  (${rows} rows in ${fmt(seconds, 2)} s; accepted ${String(status.rowsAccepted)}, rejected ${String(status.rowsRejected)}; app peak RSS ${fmt(rss, 0)} MB)\n  staged (202 Accepted) after ${fmt(stagedSeconds, 2)} s = ${fmt(rows / stagedSeconds, 0)} rows/s`,
      );
    } finally {
      app.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const floorSeconds = psqlCopyFloor(url, plain);
  const floorRate = ROWS / floorSeconds;
  const boundSeconds = await storageBound(pool, party.buyer, period);
  console.log(`\nbench/collection — ${ROWS} claim rows (plain), ${SEALED_ROWS} rows (sealed), 8 sellers`);
  for (const r of results) console.log(r);
  console.log(
    `floor psql \\copy (plain file → bare table): ${fmt(floorRate, 0)} rows/s (${fmt(floorSeconds, 2)} s)`,
  );
  const plainRate = Number(results[0].match(/: ([\d,]+) rows\/s/)![1].replace(/,/g, ''));
  console.log(`ratio upload without seals / floor: ${fmt(plainRate / floorRate, 2)}`);
  console.log(
    `storage bound (the same rows INSERT … SELECTed into collection.claims, no checks, 2 connections): ${fmt(ROWS / boundSeconds, 0)} rows/s (${fmt(boundSeconds, 2)} s) = ${fmt(floorSeconds / boundSeconds, 2)} × the floor; upload / bound: ${fmt(plainRate / (ROWS / boundSeconds), 2)}`,
  );
  writeFileSync(join(OUT, 'collection-last-run.txt'), results.join('\n'));
  await pool.end();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
