import { login, sleep, type DemoContext } from '../demo-context';
import type { HttpClient } from '../http-client';
import { AUDITED_CATEGORIES, compareFindings, type Comparison, type FindingKey } from '../ledger';
import { progressBar } from '../report';
import type { DemoAuditRun } from '../run-demo';

interface Finding {
  id: string;
  period: string;
  category: string;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  sellerTaxId: string | null;
  buyerTaxId: string | null;
  taxAtRisk: string;
}

const RUN_TIMEOUT_MS = 10 * 60_000;

export async function runAudits(ctx: DemoContext): Promise<{ runs: DemoAuditRun[]; comparison: Comparison }> {
  const { plan, bureau } = ctx;
  const auditorToken = await login(
    bureau,
    plan.officers.nationalAuditor.username,
    plan.officers.nationalAuditor.password,
  );
  const taxIds = plan.taxpayers.map((t) => t.taxId);
  const runs: DemoAuditRun[] = [];
  const found: FindingKey[] = [];
  for (const p of [ctx.period, ctx.returnsPeriod]) {
    const start = await bureau.post<{ runId: string }>('/v1/audits', {
      token: auditorToken,
      idempotencyKey: `${plan.tag}-audit-${p}`,
      body: { period: p, taxIds },
    });
    const run = await followRun(bureau, auditorToken, start.body.runId, p, ctx.err, ctx.tty);
    runs.push(run);
    if (run.status !== 'completed') throw new Error(`audit run ${run.runId} for ${p} ended ${run.status}`);
    const mine = new Set(taxIds);
    for (const f of await allFindings(bureau, auditorToken, p, run.runId)) {
      if ((f.sellerTaxId && mine.has(f.sellerTaxId)) || (f.buyerTaxId && mine.has(f.buyerTaxId)))
        found.push(f);
    }
  }
  return { runs, comparison: compareFindings(ctx.ledger.all(), found, AUDITED_CATEGORIES) };
}

async function followRun(
  bureau: HttpClient,
  token: string,
  runId: string,
  period: string,
  err: (t: string) => void,
  tty: boolean,
): Promise<DemoAuditRun> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  let lastPercent = -1;
  for (;;) {
    const run = (
      await bureau.get<{
        status: string;
        progress: { percent: number };
        counts: Record<string, number> | null;
        error: string | null;
      }>(`/v1/audits/${runId}`, { token })
    ).body;
    const percent = run.status === 'completed' ? 100 : run.progress.percent;
    const line = `audit ${period} ${progressBar(percent)} ${run.status}`;
    if (tty) process.stderr.write(`\r${line}`);
    else if (percent !== lastPercent) err(line);
    lastPercent = percent;
    if (run.status === 'completed' || run.status === 'failed') {
      if (tty) process.stderr.write('\n');
      return { period, runId, status: run.status, counts: run.counts };
    }
    if (Date.now() > deadline)
      throw new Error(`audit run ${runId} still ${run.status} after ${RUN_TIMEOUT_MS / 1000} s`);
    await sleep(250);
  }
}

async function allFindings(
  bureau: HttpClient,
  token: string,
  period: string,
  runId: string,
): Promise<Finding[]> {
  const all: Finding[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ period, runId, limit: '500' });
    if (cursor) query.set('cursor', cursor);
    const page: { items: Finding[]; nextCursor: string | null } = (
      await bureau.get<{ items: Finding[]; nextCursor: string | null }>(`/v1/findings?${query.toString()}`, {
        token,
      })
    ).body;
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
