/**
 * bench/soak: ten minutes of mixed load at a steady rate below the abuse limits, against
 * the whole system as `npm start` runs it (the supervisor and its four apps, default
 * limits) on a PostgreSQL cluster and a Redis of its own: invoices issued and verified,
 * claimed one by one and in files, audits run and followed, findings and reports read.
 * Prints per route the rate, error rate and latency percentiles, and per app its resident
 * memory at the start, after the warm-up and at the end, with the slope. Targets: no
 * error, and RSS growth after the warm-up below 10 %.
 *
 *   npm run bench:soak   (env: BENCH_SOAK_SECONDS=600 BENCH_SOAK_WARMUP_SECONDS=120
 *                         BENCH_SOAK_INVOICES_PER_SECOND=40)
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiEconomy, beijingToday, claimsCsv, currentPeriod } from '../../scripts/system/api-economy';
import { PrivatePostgres, PrivateRedis } from '../../scripts/system/private-services';
import { APPS, Stack } from '../../scripts/system/stack';
import { fmt } from '../support/stats';
import { RssTracker } from './rss-tracker';
import { SoakRecorder } from './soak-recorder';
import { Stream, timed } from './soak-streams';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const WARMUP = Number(process.env.BENCH_SOAK_WARMUP_SECONDS ?? 120);
const INVOICES_PER_SECOND = Number(process.env.BENCH_SOAK_INVOICES_PER_SECOND ?? 40);
const UPLOAD_ROWS = 2000;
const DISTRICT = '14401060000';

const out = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const json = (token: string, body?: unknown, key?: string): RequestInit => ({
  method: body === undefined ? 'GET' : 'POST',
  headers: {
    authorization: `Bearer ${token}`,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(key ? { 'idempotency-key': key } : {}),
  },
  body: body === undefined ? undefined : JSON.stringify(body),
});

interface Issued {
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  sellerTaxId: string;
  amount: string;
  taxAmount: string;
}

function streams(economy: ApiEconomy, recorder: SoakRecorder): Stream[] {
  const { urls } = economy;
  const period = currentPeriod();
  const toClaim = economy.buyers.map(() => [] as Issued[]);
  const toVerify: Issued[] = [];
  const issue = new Stream('POST /v1/invoices', 1000 / INVOICES_PER_SECOND, 64, recorder, async (n) => {
    const seller = economy.sellers[n % economy.sellers.length];
    const b = n % economy.buyers.length;
    const buyer = economy.buyers[b];
    const body = {
      type: 'special',
      buyerTaxId: buyer.taxId,
      buyerName: buyer.name,
      lines: [{ description: '浸泡测试商品', amount: '100.00', taxRate: '0.13' }],
    };
    const res = await timed<Issued>(
      recorder,
      issue.name,
      `${urls.issuance}/v1/invoices`,
      json(seller.apiKey, body, `soak-${n}`),
    );
    if (res) {
      toClaim[b].push(res.body);
      toVerify.push(res.body);
    }
  });
  const claim = new Stream('POST /v1/claims', 500, 8, recorder, async (n) => {
    const b = n % economy.buyers.length;
    const batch = toClaim[b].splice(0, 20);
    if (batch.length === 0) return;
    const invoices = batch.map(
      ({ invoiceCode, invoiceNumber, issueDate, sellerTaxId, amount, taxAmount }) => ({
        invoiceCode,
        invoiceNumber,
        issueDate,
        sellerTaxId,
        amount,
        taxAmount,
      }),
    );
    await timed<{ results: { status: string; code?: string }[] }>(
      recorder,
      claim.name,
      `${urls.collection}/v1/claims`,
      json(economy.buyers[b].apiKey, { period, invoices }, `soak-claims-${n}`),
      (a) => a.body.results.find((r) => r.status !== 'accepted')?.code ?? null,
    );
  });
  const verify = new Stream('GET /v1/verify', 1000, 8, recorder, async () => {
    const inv = toVerify.shift();
    if (!inv) return;
    const q = `invoiceCode=${inv.invoiceCode}&invoiceNumber=${inv.invoiceNumber}&issueDate=${inv.issueDate}&amount=${inv.amount}`;
    await timed<{ authentic: boolean; status: string }>(
      recorder,
      verify.name,
      `${urls.issuance}/v1/verify?${q}`,
      {},
      (a) => (a.body.authentic ? null : `not authentic: ${a.body.status}`),
    );
  });
  const upload = new Stream('POST /v1/uploads', 30_000, 2, recorder, async (n) => {
    const buyer = economy.buyers[0];
    const csv = claimsCsv(economy, UPLOAD_ROWS, 0, 1000 + n);
    const res = await timed<{ uploadId: string }>(
      recorder,
      upload.name,
      `${urls.collection}/v1/uploads?kind=claims&period=${period}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${buyer.apiKey}`, 'content-type': 'text/csv' },
        body: csv,
      },
    );
    if (!res) return;
    for (;;) {
      await sleep(1000);
      const state = await timed<{ status: string; rowsAccepted: number }>(
        recorder,
        'GET /v1/uploads/{id}',
        `${urls.collection}/v1/uploads/${res.body.uploadId}`,
        json(buyer.apiKey),
        (a) => (a.body.status === 'failed' ? 'upload failed' : null),
      );
      if (!state || state.body.status === 'completed') {
        if (state && state.body.rowsAccepted !== UPLOAD_ROWS) recorder.record(upload.name, 0, 'rows missing');
        return;
      }
    }
  });
  const audit = new Stream('POST /v1/audits', 60_000, 2, recorder, async (n) => {
    const res = await timed<{ runId: string }>(
      recorder,
      audit.name,
      `${urls.bureau}/v1/audits`,
      json(economy.adminToken, { period, taxIds: economy.taxIds() }, `soak-audit-${n}`),
    );
    if (!res) return;
    for (;;) {
      await sleep(2000);
      const state = await timed<{ status: string }>(
        recorder,
        'GET /v1/audits/{id}',
        `${urls.bureau}/v1/audits/${res.body.runId}`,
        json(economy.adminToken),
        (a) => (a.body.status === 'failed' ? 'run failed' : null),
      );
      if (!state || state.body.status === 'completed') return;
    }
  });
  const reads = new Stream('reads', 500, 8, recorder, async (n) => {
    if (n % 2 === 0) {
      await timed(
        recorder,
        'GET /v1/findings',
        `${urls.bureau}/v1/findings?period=${period}&limit=50`,
        json(economy.adminToken),
      );
    } else {
      await timed(
        recorder,
        'GET /v1/reports/summary',
        `${urls.bureau}/v1/reports/summary?period=${period}&bureauCode=${DISTRICT}`,
        json(economy.adminToken),
      );
    }
  });
  return [issue, claim, verify, upload, audit, reads];
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'jinshui-soak-'));
  const logFile = join(workDir, 'stack.log');
  const pg = await PrivatePostgres.create();
  const redis = await PrivateRedis.create();
  // Default abuse limits: the soak's clients stay below them, as real ones should.
  const stack = await Stack.create(
    {
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: `${pg.baseUrl}/jinshui`,
      REDIS_URL: redis.url,
      BULL_PREFIX: 'jinshui',
    },
    logFile,
  );
  try {
    await stack.start();
    const economy = await ApiEconomy.open(stack.urls, 'soak', 8, 4);
    out(
      `soak: ${SECONDS} s (warm-up ${WARMUP} s), ${INVOICES_PER_SECOND} invoices/s, claims 2/s, verify 1/s, ` +
        `upload of ${UPLOAD_ROWS} rows every 30 s, an audit every 60 s, reads 2/s; stack log ${logFile}; ${beijingToday()}`,
    );
    const started = Date.now();
    const recorder = new SoakRecorder();
    const rss = new RssTracker(started);
    const sampleRss = () => APPS.forEach((app) => rss.sample(app, stack.pidOf(app)));
    sampleRss();
    const sampler = setInterval(sampleRss, 5000);
    const all = streams(economy, recorder);
    all.forEach((s) => s.start());
    const warm = setTimeout(() => recorder.startMeasuring(), WARMUP * 1000);
    let last = 0;
    while (Date.now() - started < SECONDS * 1000) {
      await sleep(1000);
      const minute = Math.floor((Date.now() - started) / 60_000);
      if (minute > last) {
        last = minute;
        const t = recorder.totals;
        out(`  ${minute} min: ${t.requests} requests measured, ${t.errors} errors`);
      }
    }
    await Promise.all(all.map((s) => s.stop()));
    clearInterval(sampler);
    clearTimeout(warm);
    sampleRss();
    report(recorder, rss, SECONDS - WARMUP);
  } finally {
    await stack.stop();
    pg.destroy();
    await redis.shutdown();
  }
}

function report(recorder: SoakRecorder, rss: RssTracker, measured: number): void {
  out('');
  out(`after the warm-up (${measured} s measured):`);
  recorder.table(measured).forEach((l) => out(l));
  const { requests, errors } = recorder.totals;
  out('');
  const memory = rss.report(WARMUP);
  memory.lines.forEach((l) => out(l));
  out('');
  out(`errors: ${errors} of ${requests} (${fmt((100 * errors) / Math.max(1, requests), 3)} %)   target 0`);
  out(`worst RSS growth after warm-up: ${fmt(100 * memory.worstGrowth)} %   target < 10 %`);
  out(`apps restarted during the soak: ${[...rss.restarted].join(', ') || 'none'}   target none`);
  for (const f of recorder.failures()) out(`  failure: ${f}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
