import type { DemoContext } from '../demo-context';
import { AUDITED_CATEGORIES, type Comparison, type Injection } from '../ledger';
import { PROVINCES } from '../plan';
import { CATEGORY_LEGEND, renderComparison, renderSummary, renderTable, type SummaryRow } from '../report';
import type { DemoAuditRun } from '../run-demo';

const NATIONAL = '10000000000';

export async function printReports(ctx: DemoContext): Promise<void> {
  const { out, period, returnsPeriod } = ctx;
  const summary = async (code: string, p: string) =>
    (
      await ctx.bureau.get<{ items: SummaryRow[]; totals: SummaryRow; bureau: { name: string } }>(
        `/v1/reports/summary?period=${p}&bureauCode=${code}`,
        { token: ctx.adminToken },
      )
    ).body;
  const national = await summary(NATIONAL, period);
  const provinces = national.items.filter(
    (r) => r.totalFindings > 0 || Object.values(PROVINCES).some((p) => p.code === r.code),
  );
  out('');
  out(
    `National summary, period ${period} (GET /v1/reports/summary?bureauCode=${NATIONAL}; every finding of the period, not only the demo's):`,
  );
  out(renderSummary(provinces, AUDITED_CATEGORIES));
  const gd = await summary(PROVINCES['44'].code, period);
  out('');
  out(`广东 (${PROVINCES['44'].code}) by city:`);
  out(
    renderSummary(
      gd.items.filter((r) => r.totalFindings > 0),
      AUDITED_CATEGORIES,
    ),
  );
  const gz = await summary('14401000000', period);
  out('');
  out('广州 (14401000000) by district:');
  out(
    renderSummary(
      gz.items.filter((r) => r.totalFindings > 0),
      AUDITED_CATEGORIES,
    ),
  );
  const previous = await summary(NATIONAL, returnsPeriod);
  out('');
  out(`National summary, period ${returnsPeriod} (the returns compared with the invoices, 票表比对):`);
  out(
    renderSummary(
      previous.items.filter((r) => r.totalFindings > 0),
      AUDITED_CATEGORIES,
    ),
  );
  out(CATEGORY_LEGEND);
}

export function printInjections(ctx: DemoContext): void {
  const { out, ledger } = ctx;
  out('');
  out(`What the demo injected (the ledger: ${ledger.count()} expected findings):`);
  const ways = new Map<string, { category: string; how: string; n: number; example: Injection }>();
  for (const e of ledger.all()) {
    const k = `${e.category}|${e.how}`;
    const w = ways.get(k) ?? { category: e.category, how: e.how, n: 0, example: e };
    w.n++;
    ways.set(k, w);
  }
  const order = (c: string) => (AUDITED_CATEGORIES as readonly string[]).indexOf(c);
  out(
    renderTable(
      ['category', 'how', 'n', 'e.g.'],
      [...ways.values()]
        .sort((a, b) => order(a.category) - order(b.category))
        .map((w) => [
          w.category,
          w.how,
          w.n,
          w.example.invoiceCode
            ? `${w.example.invoiceCode}/${w.example.invoiceNumber}`
            : `${w.example.sellerTaxId ?? w.example.buyerTaxId} ${w.example.period}`,
        ]),
    ),
  );
}

export function printComparison(ctx: DemoContext, runs: DemoAuditRun[], comparison: Comparison): void {
  const { out } = ctx;
  out('');
  out(
    `Injected wrongdoing vs. findings (runs ${runs.map((r) => `${r.period} ${r.runId}`).join(', ')}; demo taxpayers only):`,
  );
  out(renderComparison(comparison));
  if (comparison.perfect) out('Every injected fault was found, and nothing else.');
  for (const m of comparison.missed.slice(0, 20)) out(`  missed: ${JSON.stringify(m)}`);
  for (const f of comparison.falseFindings.slice(0, 20)) out(`  false:  ${JSON.stringify(f)}`);
  for (const n of ctx.notes) out(`note: ${n}`);
}

export function printHowToExplore(ctx: DemoContext, runs: DemoAuditRun[]): void {
  const { out, plan, period } = ctx;
  const bureauUrl = ctx.urls.bureau;
  out('');
  out('Explore as a bureau officer (passwords are derived from the seed; this is a demo):');
  out(
    renderTable(
      ['username', 'password', 'bureau', 'role'],
      [
        plan.officers.nationalAuditor,
        plan.officers.province,
        plan.officers.city,
        plan.officers.districts.get('14401060000')!,
      ].map((o) => [o.username, o.password, o.bureauCode, o.role]),
    ),
  );
  out(
    `  (and one admin per district: ${[...plan.officers.districts.values()].map((o) => o.username).join(', ')})`,
  );
  const o = plan.officers.city;
  out(`  In a browser: ${bureauUrl}/dashboard/#/overview?period=${period} (log in as any of them)`);
  out(`  TOKEN=$(curl -s -X POST ${bureauUrl}/v1/auth/login -H 'Content-Type: application/json' \\
      -d '{"username":"${o.username}","password":"${o.password}"}' | jq -r .accessToken)
  curl -s "${bureauUrl}/v1/findings?period=${period}&runId=${runs[0].runId}&limit=20" -H "Authorization: Bearer $TOKEN" | jq '.items[] | {category, invoiceCode, invoiceNumber, taxAtRisk}'
  curl -s "${bureauUrl}/v1/reports/summary?period=${period}&bureauCode=14401000000" -H "Authorization: Bearer $TOKEN" | jq .totals`);
}
