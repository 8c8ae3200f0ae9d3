import { openDemo } from './demo-context';
import { HttpError } from './http-client';
import type { Comparison, Injection } from './ledger';
import type { DemoUrls } from './options';
import { runAudits } from './phases/audits';
import { claimAgain, claimInputs, postRoundTwo, uploadBulkClaims } from './phases/claims';
import { createOfficers, enrollTaxpayers, registerTaxpayers } from './phases/economy';
import { revokeDevice, sealOfflineCopies } from './phases/offline';
import { fileReturns, tryInvoicingReturnsPeriod } from './phases/returns';
import { expectRiskPatterns, registerAffiliates, setAbsconded } from './phases/risk';
import { printComparison, printHowToExplore, printInjections, printReports } from './phases/results';
import { creditClaimedInvoices, correctInvoices, issueTrade } from './phases/trade';
import type { PlannedOfficer } from './plan';

/**
 * The demo, start to end, through the four apps' HTTP APIs only: register an economy,
 * enroll it, trade, commit every kind of wrongdoing the cross-audit and its risk stage look
 * for (keeping a ledger of it), run the audit on demand and compare what it found with the
 * ledger.
 */

export interface RunDemoOptions {
  seed: string;
  taxpayers: number;
  invoices: number;
  concurrency: number;
  urls: DemoUrls;
  adminUsername: string;
  adminPassword: string;
  /** Results (tables); default stdout. */
  out?: (text: string) => void;
  /** Progress lines and the progress bar; default stderr. */
  err?: (text: string) => void;
  /** Whether stderr is a terminal (the bar redraws in place). */
  tty?: boolean;
}

export interface DemoAuditRun {
  period: string;
  runId: string;
  status: string;
  counts: Record<string, number> | null;
}

export interface DemoResult {
  tag: string;
  instance: number;
  period: string;
  returnsPeriod: string;
  runs: DemoAuditRun[];
  comparison: Comparison;
  /** The ledger: every expected finding, with how it was injected. */
  injections: Injection[];
  officers: PlannedOfficer[];
  taxpayers: number;
  /** Online invoices issued: the trade (`invoices` of the options), restocking, risk patterns and showcases. */
  invoicesIssued: number;
  /** Of them, the ordinary trade's. */
  tradeInvoices: number;
  seconds: number;
  notes: string[];
}

export async function runDemo(options: RunDemoOptions): Promise<DemoResult> {
  const ctx = await openDemo(options);

  // 1. Officers: the national admin creates them; each district admin registers its taxpayers.
  const officers = await createOfficers(ctx);

  // 2. Taxpayers and number ranges (by their district's officer), then enrollment.
  await enrollTaxpayers(ctx, await registerTaxpayers(ctx));
  await registerAffiliates(ctx);

  // 3. Issue the trade online, and among it the risk patterns (the ledger records those now).
  const issueDate = await issueTrade(ctx);
  expectRiskPatterns(ctx);

  // 4. Corrections before anyone claims: voids, partial credit notes.
  await correctInvoices(ctx);

  // 5. Offline copies: sealed on the devices; uploaded (or not) by the sellers.
  const offlineCopies = await sealOfflineCopies(ctx, issueDate);

  // 6. Claims, round one: every buyer claims what it received (the bulk buyer by file).
  await claimInputs(ctx, issueDate, offlineCopies.beforeRevocation);
  await uploadBulkClaims(ctx);

  // 7. Round two: second claims, forged seals, full credits of claimed invoices, the revoked device.
  const roundTwo = claimAgain(ctx);
  await creditClaimedInvoices(ctx);
  await revokeDevice(ctx, offlineCopies, roundTwo);
  await postRoundTwo(ctx, roundTwo);

  // 8. Returns of the previous, ended period: zero returns, some declaring input tax never
  // claimed. No UNDER_DECLARED: sellers enrolled today cannot invoice in that period, not
  // even while it is still open for issuance (days 1–15), which the demo shows.
  await tryInvoicingReturnsPeriod(ctx);
  await fileReturns(ctx);

  // 9. The shell whose invoices were claimed absconds: its bureau sets it abnormal (走逃).
  await setAbsconded(ctx);

  // 10. The audit on demand, over the demo's own taxpayers, for both periods.
  const { runs, comparison } = await runAudits(ctx);

  // 11. Reports.
  await printReports(ctx);
  printInjections(ctx);
  printComparison(ctx, runs, comparison);

  // 12. How to explore.
  printHowToExplore(ctx, runs);

  const seconds = (Date.now() - ctx.started) / 1000;
  const waitedOut = ctx.bureau.rateLimited + ctx.issuance.rateLimited + ctx.collection.rateLimited;
  if (waitedOut > 0) {
    ctx.step(`${waitedOut} answers were 429 (rate limits): waited out for their Retry-After and sent again`);
  }
  ctx.out('');
  ctx.out(`demo ${ctx.plan.tag} done in ${seconds.toFixed(1)} s`);
  return {
    tag: ctx.plan.tag,
    instance: ctx.instance,
    period: ctx.period,
    returnsPeriod: ctx.returnsPeriod,
    runs,
    comparison,
    injections: ctx.ledger.all(),
    officers,
    taxpayers: ctx.plan.taxpayers.length,
    invoicesIssued: ctx.issued.length,
    tradeInvoices: ctx.plan.invoices.filter((i) => i.purpose === 'trade').length,
    seconds,
    notes: ctx.notes,
  };
}

export { HttpError };
