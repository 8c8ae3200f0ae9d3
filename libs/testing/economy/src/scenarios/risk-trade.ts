import type { AmountVersion, IsoDate, TaxPeriod } from '@app/domain';
import type { Cents } from '../cents';
import { beijing } from '../economy-calendar';
import type { ClaimRow, OnlineInvoiceRow, SaleFields } from '../economy-rows';
import type { EconomyTaxpayer } from '../economy-taxpayers';
import type { RoleSpec } from './fault-scenario';
import type { ScenarioContext } from './scenario-context';
import type { LineSpec } from './scenario-environment';

/**
 * What the risk scenarios share: the companies their subjects sell to and buy from (old,
 * outside the background trade, never subjects themselves), and the one way they trade —
 * a sale written as the seller's copy and, if it is special, claimed by its buyer.
 */
export const SHARED_RISK_CAST: readonly RoleSpec[] = [
  { role: 'customer-a', industry: 'I6510' },
  { role: 'customer-b', industry: 'L7241' },
  { role: 'customer-c', industry: 'M7320' },
  { role: 'steel-mill', industry: 'C3130' },
  { role: 'cosmetics-maker', industry: 'C2682' },
  { role: 'chemical-plant', industry: 'C2614' },
  { role: 'consultancy', industry: 'L7241' },
];

/** Who supplies the scenarios' purchases of a chapter. */
const SUPPLIER_OF: Readonly<Record<string, string>> = {
  '10802': 'shared/steel-mill',
  '10707': 'shared/cosmetics-maker',
  '10702': 'shared/chemical-plant',
};

/** Below 95 % of the ¥1,000,000 cap: what a scenario splits large sums into, so none is at the edge. */
const PART = 90_000_000;

export interface TradeOptions {
  date?: IsoDate;
  type?: 'special' | 'ordinary';
  version?: AmountVersion;
  amount?: Cents;
  lines?: readonly LineSpec[];
  tax?: Cents;
  /** Written as an offline copy (no lines) instead of online. */
  offline?: boolean;
  /** The period its buyer claims it in (special invoices only); null: not claimed. Default: see {@link sell}. */
  claimIn?: TaxPeriod | null;
  voided?: boolean;
}

/**
 * `seller` sells to `buyer`: the sale, its copy (online unless told) and, for a special
 * invoice that is not voided, the buyer's claim: in the period for an invoice of the period
 * or the one before (a MATCHED claim), in the period before for older ones.
 */
export function sell(
  ctx: ScenarioContext,
  seller: EconomyTaxpayer,
  buyer: EconomyTaxpayer,
  opts: TradeOptions = {},
): { sale: SaleFields; online: OnlineInvoiceRow | null; claim: ClaimRow | null } {
  const sale = ctx.sale(seller, buyer, opts);
  let online: OnlineInvoiceRow | null = null;
  if (opts.offline) ctx.offline(sale);
  else online = ctx.online(sale, opts.voided ? { voidedAt: beijing(sale.issueDate, 18) } : {});
  const { period, previous } = ctx.calendar;
  const recent = sale.issueDate.slice(0, 7) === period || sale.issueDate.slice(0, 7) === previous;
  const claimIn = opts.claimIn === undefined ? (recent ? period : previous) : opts.claimIn;
  if (sale.type !== 'special' || opts.voided || claimIn === null) return { sale, online, claim: null };
  const claim = ctx.claim(sale, buyer, { period: claimIn });
  if (claimIn === period) ctx.expectMatched();
  return { sale, online, claim };
}

/** Sums of `total` in parts below the cap edge (several invoices of one seller to one buyer). */
export function partsOf(total: Cents): Cents[] {
  const count = Math.ceil(total / PART);
  const each = Math.floor(total / count);
  return Array.from({ length: count }, (_, i) => each + (i < total - each * count ? 1 : 0));
}

/** `trader` buys `amount` of `chapter` from the shared supplier of it, on a day of `period`. */
export function stockUp(
  ctx: ScenarioContext,
  trader: EconomyTaxpayer,
  chapter: string,
  amount: Cents,
  period: TaxPeriod = ctx.calendar.period,
  opts: { offline?: boolean } = {},
): void {
  const supplier = ctx.actor(SUPPLIER_OF[chapter]);
  for (const part of partsOf(amount)) {
    const lines = [{ chapter, amount: part }];
    sell(ctx, supplier, trader, { date: ctx.day(period), lines, offline: opts.offline });
  }
}
