import { DEFAULT_RULE_SET } from '@app/domain';
import type { SeededRandom } from '@app/economy';
import { findRings, type Ring } from '@app/trade-graph';
import { GOODS, isTrader, PATTERN_PROFILES, type Goods, type IndustryProfile } from './goods';
import { formatCents, parseCents } from './money';
import type { DemoPlan, InvoicePurpose, PlannedInvoice, PlannedTaxpayer } from './plan';
import { edgeLines, linesForTotal, V2_CAP_CENTS, V2_EDGE_CENTS } from './trade-plan';

/**
 * The five risk patterns of docs/risk-monitoring.md, each committed by a taxpayer of its
 * own among the ordinary trade, and the showcases of the trade that come close without
 * being one (a careless rule would take them). All of them trade today, in the current
 * period: every demo taxpayer is registered today, so every seller is a "new entity".
 */

/** Who commits which pattern (taxpayer indices). */
export interface RiskActors {
  /** CAP_EDGE_ISSUANCE: 12 invoices of amount version 2 at ¥96,000–¥100,000, 2 small ones. */
  capEdge: number;
  /** NEW_ENTITY_BURST by amount: 3 special invoices of ¥1.8–2.4 M on a version-4 code. */
  burstAmount: number;
  /** NEW_ENTITY_BURST by numbers: 22 of the 25 numbers it was allocated. */
  burstNumbers: number;
  /** GOODS_DIVERGENCE: a trader selling ≥ ¥1.05 M of cosmetics, having bought only steel. */
  divergent: number;
  /** The absconded seller (走逃): set abnormal once its buyers have claimed its invoices. */
  absconded: number;
  /** ABNORMAL_INPUT_SHARE: over 90 % of its input tax rests on the absconded seller's invoices. */
  shareBuyer: number;
}

/** Showcases of the ordinary trade just short of a pattern (null when the economy is too small). */
export interface RiskShowcases {
  /** 10 edge invoices of version 2 among 20 or more: CAP_EDGE_ISSUANCE's count without its share. */
  busyNearCap: number | null;
  /** A trader with ≥ ¥1.1 M of sales, all in chapters it bought. */
  bigTrader: number | null;
  /** A manufacturer with ≥ ¥1.1 M of products it never bought (only traders are judged). */
  bigMaker: number | null;
  /**
   * Two non-traders of the ordinary trade that also trade both ways at a real margin — steel
   * one way (¥1.0–1.2 M), components back (¥300–400 k): a cycle, not a ring
   * (CIRCULAR_TRADING's value-added band).
   */
  exchange: readonly [number, number] | null;
}

/**
 * CIRCULAR_TRADING (循环开票): two fake-invoicing rings of general taxpayers that trade only
 * round their ring, the same steel going round at cost — three members across two provinces
 * and five members. Members are in ring order (each sells to the next, the last to the first).
 */
export interface RingPlan {
  three: number[];
  five: number[];
}

/**
 * AFFILIATED_TRADE (关联交易): two pairs of general taxpayers, seller first — one under the same
 * legal representative, one held by the same company (a third taxpayer): 60 % of the seller,
 * 40 % of the buyer. Each seller sells its buyer steel; otherwise they trade as everyone does
 * (so the company may trade with the pair: that too is affiliated trade). Their parties are
 * registered through PATCH /v1/taxpayers/{taxId}.
 */
export interface AffiliatePlan {
  /** [seller, buyer] */
  legalRep: number[];
  /** [seller, buyer, holding company] */
  holding: number[];
}

export interface RiskPlan {
  actors: RiskActors;
  rings: RingPlan;
  affiliates: AffiliatePlan;
  showcases: RiskShowcases;
  /** Sellers on amount version 2 (¥100,000 cap) whose trade is now and then at the edge. */
  nearCap: number[];
  /** The burst-by-numbers seller's only range holds this many numbers. */
  smallRangeSize: number;
}

export const SMALL_RANGE_SIZE = 25;
const BURST_NUMBERS_USED = 22;
const CAP_EDGE_INVOICES = 12;

const ROLES: [keyof RiskActors, IndustryProfile, 2 | 3 | 4][] = [
  ['capEdge', PATTERN_PROFILES.consultancy, 2],
  ['burstAmount', PATTERN_PROFILES.builder, 4],
  ['burstNumbers', PATTERN_PROFILES.consultancy, 3],
  ['divergent', PATTERN_PROFILES.divergentTrader, 3],
  ['absconded', PATTERN_PROFILES.shell, 3],
  ['shareBuyer', PATTERN_PROFILES.machineMaker, 3],
];

/**
 * The actors are the last six general, online taxpayers; they take their pattern's line
 * of business and amount version. Returns them, and sets `profile`, `industry` and
 * `maxAmountVersion` on each.
 */
export function assignRiskActors(taxpayers: readonly PlannedTaxpayer[]): RiskActors {
  const candidates = taxpayers.filter((t) => t.kind === 'general' && !t.offline).slice(-ROLES.length);
  if (candidates.length < ROLES.length)
    throw new RangeError('too few general taxpayers for the risk patterns');
  const actors = {} as RiskActors;
  ROLES.forEach(([role, profile, version], k) => {
    const t = candidates[k];
    actors[role] = t.index;
    t.profile = profile;
    t.industry = profile.industry;
    t.maxAmountVersion = version;
  });
  return actors;
}

/**
 * The rings' members: general, online, non-trading taxpayers that have no other pattern,
 * from the end of the list (before the risk actors). The ring of three takes two of one
 * province and one of another. An economy too small for a ring has none (16 taxpayers
 * have room for neither; 30 for both).
 */
export function assignRings(taxpayers: readonly PlannedTaxpayer[], taken: ReadonlySet<number>): RingPlan {
  const candidates = taxpayers
    .filter((t) => t.kind === 'general' && !t.offline && !taken.has(t.index) && !isTrader(t.profile))
    .reverse();
  const province = (t: PlannedTaxpayer) => t.bureauCode.slice(1, 3);
  const [first] = candidates;
  const second = candidates.find((t) => t !== first && province(t) === province(first));
  const third = candidates.find((t) => province(t) !== province(first));
  const three = first && second && third ? [first, second, third] : [];
  const five = candidates.filter((t) => !three.includes(t)).slice(0, 5);
  return { three: three.map((t) => t.index), five: five.length === 5 ? five.map((t) => t.index) : [] };
}

/**
 * The affiliates: general, online, non-trading taxpayers that have no other pattern, from the
 * end of the list (before the rings' members); a pair only where there is room for it (30
 * taxpayers have room for the first, 200 for both).
 */
export function assignAffiliates(
  taxpayers: readonly PlannedTaxpayer[],
  taken: ReadonlySet<number>,
): AffiliatePlan {
  const free = taxpayers
    .filter((t) => t.kind === 'general' && !t.offline && !taken.has(t.index) && !isTrader(t.profile))
    .reverse()
    .map((t) => t.index);
  return {
    legalRep: free.length >= 2 ? free.slice(0, 2) : [],
    holding: free.length >= 5 ? free.slice(2, 5) : [],
  };
}

/**
 * The exchange showcase: the last two non-traders of the ordinary trade, if there are two
 * (a trader selling steel it never bought would be GOODS_DIVERGENCE).
 */
export function exchangeOf(background: readonly PlannedTaxpayer[]): readonly [number, number] | null {
  const pair = background.filter((t) => !isTrader(t.profile)).slice(-2);
  return pair.length === 2 ? [pair[0].index, pair[1].index] : null;
}

/** Each ring's edges in cents, in member order: within ±1.5 % of one another, far inside the 5 % band. */
const RING_EDGES = {
  three: [2_000_000_00, 2_030_000_00, 2_010_000_00],
  five: [1_200_000_00, 1_210_000_00, 1_200_000_00, 1_195_000_00, 1_205_000_00],
};
/** Invoices per ring edge: ¥400–700 k each on a ¥1 M cap, far from its edge. */
const RING_INVOICES_PER_EDGE = 3;

export interface PatternParties {
  taxpayers: readonly PlannedTaxpayer[];
  /** General taxpayers with no part in a pattern: the patterns' counterparties. */
  counterparties: readonly PlannedTaxpayer[];
  /** Sellers of the ordinary trade that may supply a pattern (amount version 3 or more). */
  suppliers: readonly PlannedTaxpayer[];
}

/** The pattern invoices (fate `claim`, or `ordinary` for ordinary invoices), appended to `invoices`. */
export function planRiskInvoices(
  rng: SeededRandom,
  invoices: PlannedInvoice[],
  risk: RiskPlan,
  parties: PatternParties,
): void {
  const { actors, showcases } = risk;
  const add = (
    purpose: InvoicePurpose,
    seller: number,
    buyer: number,
    lines: PlannedInvoice['lines'],
    type: 'special' | 'ordinary' = 'special',
  ) =>
    invoices.push({
      index: invoices.length,
      seller,
      buyer,
      type,
      lines,
      fate: type === 'special' ? 'claim' : 'ordinary',
      purpose,
    });
  const anyBuyer = (not: number) => rng.pick(parties.counterparties.filter((t) => t.index !== not)).index;
  const supplierOf = (goods: Goods, not: number) => {
    const others = parties.suppliers.filter((s) => s.index !== not);
    const makers = others.filter((s) => s.profile.sells.some((g) => g.taxCode === goods.taxCode));
    return rng.pick(makers.length > 0 ? makers : others).index;
  };
  const sellsOf = (t: number) => parties.taxpayers[t].profile.sells;

  // 顶额开具: a consultancy invoicing at its ¥100,000 cap, twelve times, and twice a small job.
  for (let k = 0; k < CAP_EDGE_INVOICES; k++) {
    add(
      'cap-edge',
      actors.capEdge,
      anyBuyer(actors.capEdge),
      edgeLines(rng, sellsOf(actors.capEdge), 96_000_00, V2_CAP_CENTS),
    );
  }
  for (let k = 0; k < 2; k++) {
    add(
      'cap-edge',
      actors.capEdge,
      anyBuyer(actors.capEdge),
      linesForTotal(rng, sellsOf(actors.capEdge), rng.int(3_000_00, 20_000_00), 1),
    );
  }

  // 新办企业短期大额开票: a builder registered today bills ¥5.4 M or more on a version-4 code …
  for (let k = 0; k < 3; k++) {
    add(
      'burst-amount',
      actors.burstAmount,
      anyBuyer(actors.burstAmount),
      linesForTotal(rng, sellsOf(actors.burstAmount), rng.int(1_800_000_00, 2_400_000_00), 2),
    );
  }
  // … and a consultancy uses 22 of its first 25 numbers (4 on ordinary invoices).
  for (let k = 0; k < BURST_NUMBERS_USED; k++) {
    add(
      'burst-numbers',
      actors.burstNumbers,
      anyBuyer(actors.burstNumbers),
      linesForTotal(rng, sellsOf(actors.burstNumbers), rng.int(2_000_00, 30_000_00), 2),
      k % 6 === 5 ? 'ordinary' : 'special',
    );
  }

  // 进销背离: a trader buys ¥120–180 k of steel, then sells ¥1.05 M+ of cosmetics and a little steel.
  const D = actors.divergent;
  for (let k = 0; k < 2; k++) {
    add(
      'divergent-purchase',
      supplierOf(GOODS.steel, D),
      D,
      linesForTotal(rng, [GOODS.steel], rng.int(60_000_00, 90_000_00), 2),
    );
  }
  for (let k = 0; k < 7; k++) {
    add(
      'divergent-sale',
      D,
      anyBuyer(D),
      linesForTotal(rng, [GOODS.cosmetics], rng.int(150_000_00, 190_000_00), 3),
    );
  }
  add('divergent-sale', D, anyBuyer(D), linesForTotal(rng, [GOODS.steel], rng.int(60_000_00, 100_000_00), 1));

  // 走逃 and 异常凭证占比: the shell sells ¥440–560 k to the machine maker and a little to
  // another buyer; the machine maker's own purchases are two small ones.
  const A = actors.absconded;
  const B = actors.shareBuyer;
  for (let k = 0; k < 4; k++) {
    add('absconded-sale', A, B, linesForTotal(rng, sellsOf(A), rng.int(110_000_00, 140_000_00), 2));
  }
  add('absconded-sale', A, anyBuyer(A), linesForTotal(rng, sellsOf(A), rng.int(15_000_00, 25_000_00), 1));
  for (const goods of [GOODS.steel, GOODS.components]) {
    add(
      'share-purchase',
      supplierOf(goods, B),
      B,
      linesForTotal(rng, [goods], rng.int(5_000_00, 20_000_00), 1),
    );
  }

  // 循环开票: the same steel goes round each ring at cost, three invoices an edge, each claimed.
  for (const [name, members] of Object.entries(risk.rings) as [keyof RingPlan, number[]][]) {
    if (members.length === 0) continue;
    members.forEach((seller, i) => {
      const buyer = members[(i + 1) % members.length];
      const parts = splitEvenly(RING_EDGES[name][i], RING_INVOICES_PER_EDGE);
      for (const part of parts) add('ring', seller, buyer, linesForTotal(rng, [GOODS.steel], part, 2));
    });
  }

  // Showcases: just short of a pattern.
  if (showcases.busyNearCap !== null) {
    const K = showcases.busyNearCap;
    for (let k = 0; k < 20; k++) {
      const lines =
        k % 2 === 0
          ? edgeLines(rng, sellsOf(K), V2_EDGE_CENTS, V2_CAP_CENTS - 1)
          : linesForTotal(rng, sellsOf(K), rng.int(5_000_00, 60_000_00), 2);
      add('near-cap', K, anyBuyer(K), lines);
    }
  }
  if (showcases.bigTrader !== null) {
    const T = showcases.bigTrader;
    const line = sellsOf(T);
    for (let k = 0; k < 3; k++) {
      const goods = line[k % line.length];
      add(
        'big-trader',
        supplierOf(goods, T),
        T,
        linesForTotal(rng, [goods], rng.int(200_000_00, 300_000_00), 2),
      );
    }
    for (let k = 0; k < 5; k++) {
      add(
        'big-trader',
        T,
        anyBuyer(T),
        linesForTotal(rng, line.slice(0, 3), rng.int(220_000_00, 280_000_00), 3),
      );
    }
  }
  if (showcases.exchange !== null) {
    const [S, M] = showcases.exchange;
    for (let k = 0; k < 3; k++) {
      add('exchange', S, M, linesForTotal(rng, [GOODS.steel], rng.int(340_000_00, 400_000_00), 2));
    }
    add('exchange', M, S, linesForTotal(rng, [GOODS.components], rng.int(300_000_00, 400_000_00), 2));
  }
  if (showcases.bigMaker !== null) {
    const M = showcases.bigMaker;
    for (let k = 0; k < 5; k++) {
      add('big-maker', M, anyBuyer(M), linesForTotal(rng, sellsOf(M), rng.int(220_000_00, 280_000_00), 3));
    }
  }
}

/**
 * 关联交易: each affiliated pair's seller sells its buyer steel, twice, ¥150–250 k an invoice
 * (drawn apart from the other patterns, which stay as they were).
 */
export function planAffiliatedInvoices(
  rng: SeededRandom,
  invoices: PlannedInvoice[],
  affiliates: AffiliatePlan,
): void {
  for (const [seller, buyer] of [affiliates.legalRep, affiliates.holding]) {
    if (seller === undefined) continue;
    for (let k = 0; k < 2; k++) {
      invoices.push({
        index: invoices.length,
        seller,
        buyer,
        type: 'special',
        lines: linesForTotal(rng, [GOODS.steel], rng.int(150_000_00, 250_000_00), 2),
        fate: 'claim',
        purpose: 'affiliated',
      });
    }
  }
}

/** `total` cents in `count` parts that differ by a cent at most. */
function splitEvenly(total: number, count: number): number[] {
  const each = Math.floor(total / count);
  return Array.from({ length: count }, (_, i) => each + (i < total - each * count ? 1 : 0));
}

/**
 * The demo's trade as CIRCULAR_TRADING sums it: per `seller>buyer` (tax ids), the valid
 * special invoices (their amounts by `amountOf`: as issued, or as planned) and the offline
 * copies that were uploaded and accepted, in cents.
 */
export function pairSums(
  plan: Pick<DemoPlan, 'taxpayers' | 'invoices' | 'offlineCopies'>,
  amountOf: (invoice: PlannedInvoice) => number,
): Map<string, number> {
  const sums = new Map<string, number>();
  const add = (seller: number, buyer: number, cents: number) => {
    const key = `${plan.taxpayers[seller].taxId}>${plan.taxpayers[buyer].taxId}`;
    sums.set(key, (sums.get(key) ?? 0) + cents);
  };
  for (const v of plan.invoices) {
    if (v.type === 'special' && v.fate !== 'void' && v.fate !== 'void-claimed')
      add(v.seller, v.buyer, amountOf(v));
  }
  for (const c of plan.offlineCopies) {
    if (c.fate === 'copy-claimed' || c.fate === 'revoked-before') add(c.seller, c.buyer, c.amountCents);
  }
  return sums;
}

/** The rings among `sums` (pairSums) by the default rule set: the edges of minEdgeAmount or more, searched. */
export function ringsAmong(sums: ReadonlyMap<string, number>): Ring[] {
  const floor = parseCents(DEFAULT_RULE_SET.circularTrading.minEdgeAmount);
  const edges = [...sums]
    .filter(([, cents]) => cents >= floor)
    .map(([key, cents]) => {
      const [sellerTaxId, buyerTaxId] = key.split('>');
      return { sellerTaxId, buyerTaxId, amount: formatCents(cents) };
    });
  return findRings(edges, DEFAULT_RULE_SET.circularTrading).rings;
}
