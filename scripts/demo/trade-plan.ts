import { amountCapOf, DEFAULT_RULE_SET } from '@app/domain';
import type { SeededRandom } from '@app/economy';
import { chapterOf, isTrader, type Goods } from './goods';
import type { InvoicePurpose, PlannedInvoice, PlannedLine, PlannedTaxpayer } from './plan';

/**
 * The ordinary trade of the demo economy, realistic enough that a careless risk rule would
 * fire on it (docs/risk-monitoring.md): varied amounts, lines with tax codes by industry,
 * sellers now and then at their amount cap, and traders that sell only what they stocked.
 */

/** Line amounts are log-uniform from ¥80 to ¥60,000: many small, a few large. */
const LINE_MIN_CENTS = 80_00;
const LINE_MAX_CENTS = 60_000_00;
/** Amount version 2 caps an invoice at ¥100,000 pre-tax; at or above capFraction of it (95 %) it is "at the edge". */
export const V2_CAP_CENTS = amountCapOf(2).times(100).toNumber();
export const V2_EDGE_CENTS = Math.round(DEFAULT_RULE_SET.capEdge.capFraction * V2_CAP_CENTS);
/** A near-cap seller's ordinary invoices stay below this, well clear of the edge. */
const V2_ORDINARY_MAX_CENTS = 90_000_00;
/**
 * Special sales a seller of the ordinary trade may reach (trade and restocking together),
 * so that with its showcase invoices it stays under NEW_ENTITY_BURST's ¥5,000,000.
 */
export const TRADE_SPECIAL_BUDGET_CENTS = 3_000_000_00;
/** A near-cap seller's share of edge invoices in its ordinary trade, and at most how many. */
const EDGE_SHARE = 0.3;
export const MAX_EDGE_INVOICES = 9;

export function lineAmount(rng: SeededRandom): number {
  const cents = Math.round(
    Math.exp(Math.log(LINE_MIN_CENTS) + rng.next() * Math.log(LINE_MAX_CENTS / LINE_MIN_CENTS)),
  );
  // Every third line a round price in whole yuan, as services and list prices are.
  return rng.chance(1 / 3) ? Math.max(100, Math.round(cents / 100) * 100) : cents;
}

/** `total` cents split over `parts` lines of random weight, summing exactly. */
export function splitCents(rng: SeededRandom, total: number, parts: number): number[] {
  const weights = Array.from({ length: parts }, () => 0.5 + rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.max(1, Math.floor((total * w) / sum)));
  out[parts - 1] = total - out.slice(0, -1).reduce((a, b) => a + b, 0);
  return out;
}

export function linesOf(goods: readonly Goods[], amounts: readonly number[], small: boolean): PlannedLine[] {
  return amounts.map((amountCents, i) => {
    const g = goods[i % goods.length];
    return {
      description: g.description,
      taxCode: g.taxCode,
      amountCents,
      taxRate: small ? '0.03' : g.taxRate,
    };
  });
}

export const totalCents = (inv: { lines: readonly PlannedLine[] }): number =>
  inv.lines.reduce((t, l) => t + l.amountCents, 0);

/** Lines of the seller's own goods with amounts of the ordinary trade (below the edge for near-cap sellers). */
export function tradeLines(rng: SeededRandom, seller: PlannedTaxpayer, count: number): PlannedLine[] {
  const goods = Array.from({ length: count }, () => rng.pick(seller.profile.sells));
  let amounts = goods.map(() => lineAmount(rng));
  const total = amounts.reduce((a, b) => a + b, 0);
  if (seller.maxAmountVersion === 2 && total > V2_ORDINARY_MAX_CENTS)
    amounts = amounts.map((a) => Math.max(100, Math.floor((a * V2_ORDINARY_MAX_CENTS) / total)));
  return linesOf(goods, amounts, seller.kind === 'small_scale');
}

/** An invoice's lines for a given total, of goods drawn from `goods`. */
export function linesForTotal(
  rng: SeededRandom,
  goods: readonly Goods[],
  total: number,
  maxLines: number,
): PlannedLine[] {
  const count = rng.int(1, maxLines);
  const picked = Array.from({ length: count }, () => rng.pick(goods));
  return linesOf(picked, splitCents(rng, total, count), false);
}

export interface TradeParties {
  sellers: readonly PlannedTaxpayer[];
  buyers: readonly PlannedTaxpayer[];
}

/**
 * The ordinary trade: each invoice from a seller of its own goods to a buyer that, three
 * times in four, uses them (a manufacturer its materials, a trader its line), else anyone.
 */
export function planTrade(rng: SeededRandom, count: number, parties: TradeParties): PlannedInvoice[] {
  const invoices: PlannedInvoice[] = [];
  for (let index = 0; index < count; index++) {
    const seller = rng.pick(parties.sellers);
    const small = seller.kind === 'small_scale';
    const type = small || rng.chance(0.08) ? 'ordinary' : 'special';
    const lines = tradeLines(rng, seller, rng.int(1, 3));
    const buyer = pickBuyer(rng, parties.buyers, seller, lines[0].taxCode);
    invoices.push({
      index,
      seller: seller.index,
      buyer: buyer.index,
      type,
      lines,
      fate: type === 'special' ? 'claim' : 'ordinary',
      purpose: 'trade',
    });
  }
  return invoices;
}

function pickBuyer(
  rng: SeededRandom,
  buyers: readonly PlannedTaxpayer[],
  seller: PlannedTaxpayer,
  taxCode: string,
): PlannedTaxpayer {
  const others = buyers.filter((b) => b.index !== seller.index);
  const users = others.filter((b) => b.profile.buys.some((g) => chapterOf(g.taxCode) === chapterOf(taxCode)));
  return rng.pick(users.length > 0 && rng.chance(0.75) ? users : others);
}

/**
 * Sellers now and then at their cap: each near-cap seller's trade invoices get
 * min(9, 30 %) amounts of ¥95,000–¥99,999.99 — under CAP_EDGE_ISSUANCE by count (fewer
 * than 10) whatever the share, and by share (30 %) whatever the count.
 */
export function setEdgeInvoices(
  rng: SeededRandom,
  invoices: readonly PlannedInvoice[],
  nearCap: readonly PlannedTaxpayer[],
): void {
  for (const seller of nearCap) {
    const own = invoices.filter((i) => i.seller === seller.index && i.purpose === 'trade');
    const edges = Math.min(MAX_EDGE_INVOICES, Math.round(own.length * EDGE_SHARE));
    for (const inv of rng.shuffle(own).slice(0, edges)) {
      inv.lines = edgeLines(rng, seller.profile.sells, V2_EDGE_CENTS, V2_CAP_CENTS - 1);
    }
  }
}

/** Lines (one or two) of an invoice whose total is drawn from [min, max] cents. */
export function edgeLines(
  rng: SeededRandom,
  goods: readonly Goods[],
  min: number,
  max: number,
): PlannedLine[] {
  return linesForTotal(rng, goods, rng.int(min, max), 2);
}

/**
 * Traders (section F) sell only chapters they bought: for every chapter a trader sells
 * without having bought it, a restocking purchase from a maker of those goods (or, when
 * none is in the economy, a trader already stocked with them, or any non-trader). Such a
 * supplier needs no restocking itself, so one pass suffices.
 */
export function planRestocking(
  rng: SeededRandom,
  invoices: PlannedInvoice[],
  traders: readonly PlannedTaxpayer[],
  suppliers: readonly PlannedTaxpayer[],
): void {
  const bought = new Map<number, Set<string>>();
  const addBought = (inv: PlannedInvoice) => {
    if (!bought.has(inv.buyer)) bought.set(inv.buyer, new Set());
    for (const l of inv.lines) bought.get(inv.buyer)!.add(chapterOf(l.taxCode));
  };
  invoices.filter((i) => i.fate !== 'void' && i.fate !== 'void-claimed').forEach(addBought);
  const has = (t: number, chapter: string) => bought.get(t)?.has(chapter) ?? false;
  for (const trader of traders) {
    const sold = new Map<string, Goods>();
    for (const inv of invoices)
      if (inv.seller === trader.index)
        for (const l of inv.lines) {
          const goods = trader.profile.sells.find((g) => g.taxCode === l.taxCode);
          if (goods) sold.set(chapterOf(l.taxCode), goods);
        }
    for (const [chapter, goods] of [...sold].sort(([a], [b]) => a.localeCompare(b))) {
      if (has(trader.index, chapter)) continue;
      const others = suppliers.filter((s) => s.index !== trader.index);
      const sells = (s: PlannedTaxpayer) => s.profile.sells.some((g) => chapterOf(g.taxCode) === chapter);
      const makers = others.filter((s) => !isTrader(s.profile) && sells(s));
      const stocked = others.filter((s) => isTrader(s.profile) && sells(s) && has(s.index, chapter));
      const anyMaker = others.filter((s) => !isTrader(s.profile));
      const supplier = rng.pick(
        makers.length > 0 ? makers : stocked.length > 0 ? stocked : anyMaker.length > 0 ? anyMaker : others,
      );
      const restock: PlannedInvoice = {
        index: invoices.length,
        seller: supplier.index,
        buyer: trader.index,
        type: 'special',
        lines: linesOf([goods, goods], splitCents(rng, lineAmount(rng) * 2, rng.int(1, 2)), false),
        fate: 'claim',
        purpose: 'restock',
      };
      invoices.push(restock);
      addBought(restock);
    }
  }
}

/**
 * Keeps every seller's special sales of the trade and restocking under
 * TRADE_SPECIAL_BUDGET_CENTS (only a tiny economy with many invoices reaches it), except
 * `exempt` (the burst seller, whose amount is the point).
 */
export function keepWithinBudget(invoices: readonly PlannedInvoice[], exempt: ReadonlySet<number>): void {
  const scalable = (i: PlannedInvoice) =>
    i.type === 'special' && (i.purpose === 'trade' || i.purpose === 'restock') && !exempt.has(i.seller);
  const totals = new Map<number, number>();
  for (const inv of invoices.filter(scalable))
    totals.set(inv.seller, (totals.get(inv.seller) ?? 0) + totalCents(inv));
  for (const inv of invoices.filter(scalable)) {
    const total = totals.get(inv.seller)!;
    if (total <= TRADE_SPECIAL_BUDGET_CENTS) continue;
    for (const l of inv.lines)
      l.amountCents = Math.max(100, Math.floor((l.amountCents * TRADE_SPECIAL_BUDGET_CENTS) / total));
  }
}

export type { InvoicePurpose };
