import { periodOf, previousPeriod, todayIn } from '@app/domain';
import { HttpClient } from './http-client';
import { InjectionLedger } from './ledger';
import type { OfflineDevice } from './offline-device';
import type { DemoUrls } from './options';
import { firstTaxIdOf, planDemo, type DemoPlan, type PlannedInvoice } from './plan';
import type { RunDemoOptions } from './run-demo';

/**
 * What the demo's phases share: the apps' clients, the plan, and what the system handed
 * out on the way (tokens, API keys, certificate serials, issued invoices) and the ledger.
 */
export interface DemoContext {
  started: number;
  urls: DemoUrls;
  bureau: HttpClient;
  issuance: HttpClient;
  collection: HttpClient;
  concurrency: number;
  out: (text: string) => void;
  err: (text: string) => void;
  tty: boolean;
  /** A progress line, stamped with the seconds since the start. */
  step: (text: string) => void;
  /** What went other than the demo meant, printed with the results. */
  notes: string[];
  adminToken: string;
  instance: number;
  plan: DemoPlan;
  today: string;
  period: string;
  /** The previous, ended period: the returns are filed for it. */
  returnsPeriod: string;
  /** Access tokens of the district admins, by bureau code. */
  tokens: Map<string, string>;
  /** By taxpayer index. */
  apiKeys: string[];
  /** Certificate serials, by taxpayer index. */
  serials: string[];
  /** The offline sellers' devices, by taxpayer index. */
  devices: Map<number, OfflineDevice>;
  /** By planned invoice index. */
  issued: Issued[];
  ledger: InjectionLedger;
}

export interface Issued {
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  sellerTaxId: string;
  buyerTaxId: string;
  amount: string;
  taxAmount: string;
  lines: { description: string; taxCode?: string; amount: string; taxRate: string; taxAmount: string }[];
  seal: { signature: string; contentHash: string; certificateSerial: string };
}

export interface ClaimItem {
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  sellerTaxId: string;
  amount: string;
  taxAmount: string;
  seal?: { signature: string; contentHash: string };
}

/** Claims by buyer, each with the result the demo means it to get ('accepted' or the rejection reason). */
export type ClaimsByBuyer = Map<number, { item: ClaimItem; expect: string }[]>;

export interface ClaimsResponse {
  results: { index: number; status: 'accepted' | 'rejected'; code?: string | null }[];
}

/** Logs in as the admin and plans a fresh instance of the seed's economy. */
export async function openDemo(options: RunDemoOptions): Promise<DemoContext> {
  const started = Date.now();
  const out = options.out ?? ((t: string) => process.stdout.write(`${t}\n`));
  const err = options.err ?? ((t: string) => process.stderr.write(`${t}\n`));
  const bureau = new HttpClient(options.urls.bureau);
  const step = (text: string) => err(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);
  const adminToken = await login(bureau, options.adminUsername, options.adminPassword);

  // A fresh instance of the seed's economy: the first whose first taxpayer is not registered.
  let instance = 0;
  for (; ; instance++) {
    const probe = await bureau.get(`/v1/taxpayers/${firstTaxIdOf(options.seed, instance)}`, {
      token: adminToken,
      accept: [404],
    });
    if (probe.status === 404) break;
  }
  const plan = planDemo({
    seed: options.seed,
    instance,
    taxpayers: options.taxpayers,
    invoices: options.invoices,
  });
  const today = todayIn('Asia/Shanghai');
  const period = periodOf(today);
  const tp = plan.taxpayers;
  step(
    `economy ${plan.tag}: ${tp.length} taxpayers in ${new Set(tp.map((t) => t.bureauCode)).size} bureaus of ` +
      `${new Set(tp.map((t) => t.bureauCode.slice(1, 3))).size} provinces, ${plan.invoices.length} invoices, period ${period}`,
  );
  return {
    started,
    urls: options.urls,
    bureau,
    issuance: new HttpClient(options.urls.issuance),
    collection: new HttpClient(options.urls.collection),
    concurrency: options.concurrency,
    out,
    err,
    tty: options.tty ?? false,
    step,
    notes: [],
    adminToken,
    instance,
    plan,
    today,
    period,
    returnsPeriod: previousPeriod(period),
    tokens: new Map(),
    apiKeys: new Array<string>(tp.length),
    serials: new Array<string>(tp.length),
    devices: new Map(),
    issued: new Array<Issued>(plan.invoices.length),
    ledger: new InjectionLedger(),
  };
}

export async function login(bureau: HttpClient, username: string, password: string): Promise<string> {
  return (await bureau.post<{ accessToken: string }>('/v1/auth/login', { body: { username, password } })).body
    .accessToken;
}

/** Records the finding an invoice of the demo period should raise. */
export function expectFinding(ctx: DemoContext, inv: Issued, category: string, how: string): void {
  ctx.ledger.expect({
    category,
    period: ctx.period,
    invoiceCode: inv.invoiceCode,
    invoiceNumber: inv.invoiceNumber,
    sellerTaxId: inv.sellerTaxId,
    buyerTaxId: inv.buyerTaxId,
    how,
  });
}

export function ofFate(ctx: DemoContext, ...fates: PlannedInvoice['fate'][]): PlannedInvoice[] {
  return ctx.plan.invoices.filter((i) => fates.includes(i.fate));
}

export function claimOf(inv: Issued, seal = true): ClaimItem {
  return {
    invoiceCode: inv.invoiceCode,
    invoiceNumber: inv.invoiceNumber,
    issueDate: inv.issueDate,
    sellerTaxId: inv.sellerTaxId,
    amount: inv.amount,
    taxAmount: inv.taxAmount,
    ...(seal ? { seal: { signature: inv.seal.signature, contentHash: inv.seal.contentHash } } : {}),
  };
}

export function addClaim(claims: ClaimsByBuyer, buyer: number, item: ClaimItem, expectStatus: string): void {
  if (!claims.has(buyer)) claims.set(buyer, []);
  claims.get(buyer)!.push({ item, expect: expectStatus });
}

/** Notes results that differ from what the demo meant ('accepted' or the rejection reason). */
export function warnUnexpected(
  body: ClaimsResponse,
  expected: string[],
  what: string,
  notes: string[],
): void {
  body.results.forEach((r, i) => {
    const got = r.status === 'accepted' ? 'accepted' : (r.code ?? 'rejected');
    if (got !== expected[r.index ?? i])
      notes.push(`${what}: item ${r.index} ${got}, expected ${expected[r.index ?? i]}`);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
