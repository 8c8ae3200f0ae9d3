import { ECONOMY_DISTRICTS, SeededRandom } from '@app/economy';
import { chooseBulkBuyer, dealFates, planOfflineCopies, planPhantomClaims, planReturns } from './fault-plan';
import { isTrader, PROFILES, type IndustryProfile } from './goods';
import { demoTag, drawTaxIds, planOfficers, planRanges, share } from './registry-plan';
import {
  assignRiskActors,
  assignAffiliates,
  assignRings,
  planAffiliatedInvoices,
  exchangeOf,
  planRiskInvoices,
  SMALL_RANGE_SIZE,
  type RiskPlan,
} from './risk-plan';
import { keepWithinBudget, planRestocking, planTrade, setEdgeInvoices } from './trade-plan';

/**
 * The demo economy as a pure function of (seed, instance, sizes): who is registered
 * where, who sells what to whom, and what becomes of each invoice (its "fate": claimed,
 * left unclaimed, voided, altered …). Nothing here talks to the system; run-demo.ts
 * carries the plan out through the HTTP APIs and records what really happened.
 *
 * `instance` makes a re-run on the same database use fresh taxpayers, officers and number
 * ranges (everything else is the same economy): the first instance whose first tax ID is
 * not registered yet is used.
 */

export interface PlanOptions {
  seed: string;
  instance: number;
  taxpayers: number;
  invoices: number;
}

export type TaxpayerKind = 'general' | 'small_scale';

export interface PlannedTaxpayer {
  index: number;
  taxId: string;
  name: string;
  bureauCode: string;
  districtName: string;
  kind: TaxpayerKind;
  /** Enrolled with its own key (CSR): seals offline copies itself, issues nothing online. */
  offline: boolean;
  /** The 4-digit region (province + city) of its invoice code. */
  region: string;
  /** What it makes or trades, and its GB/T 4754 industry. */
  profile: IndustryProfile;
  industry: string;
  /** Its invoice codes' amount version: 3 (¥1 M cap), 2 for the near-cap sellers, 4 for the burst. */
  maxAmountVersion: 2 | 3 | 4;
}

export interface PlannedOfficer {
  username: string;
  password: string;
  bureauCode: string;
  role: 'admin' | 'auditor';
  label: string;
}

export interface PlannedRange {
  seller: number;
  invoiceCode: string;
  start: number;
  end: number;
}

export interface PlannedLine {
  description: string;
  /** 19-digit tax classification code (税收分类编码); its first five digits are the chapter. */
  taxCode: string;
  amountCents: number;
  taxRate: string;
}

/** What the demo does with an online invoice once it is issued. */
export type InvoiceFate =
  | 'claim' // claimed by its buyer with the seal (MATCHED)
  | 'bulk' // claimed in the bulk CSV upload (MATCHED)
  | 'unclaimed' // nobody claims it (UNCLAIMED)
  | 'void' // voided, nobody claims it (nothing)
  | 'void-claimed' // voided, then claimed anyway (VOID_CLAIMED)
  | 'credit-partial' // partly credited, claimed (MATCHED)
  | 'credit-full-claimed' // claimed, then fully credited (VOID_CLAIMED)
  | 'mismatch' // claimed with a lower amount (FIELD_MISMATCH)
  | 'overstated' // claimed at five times amount and tax, 大头小尾 (OVERSTATED_CLAIM)
  | 'duplicate' // claimed twice (DUPLICATE_CLAIM)
  | 'fake-seal' // claimed, then claimed again inflated under a made-up seal (FORGED)
  | 'ordinary'; // an ordinary invoice: not deductible, nothing to claim

/**
 * Why an invoice is in the economy: the ordinary trade and a trader's restocking; a risk
 * pattern (risk-plan.ts); a showcase of the trade that comes close to one.
 */
export type InvoicePurpose =
  | 'trade'
  | 'restock'
  | 'cap-edge'
  | 'burst-amount'
  | 'burst-numbers'
  | 'divergent-purchase'
  | 'divergent-sale'
  | 'absconded-sale'
  | 'share-purchase'
  | 'near-cap'
  | 'big-trader'
  | 'big-maker'
  | 'ring'
  | 'exchange'
  | 'affiliated';

export interface PlannedInvoice {
  index: number;
  seller: number;
  buyer: number;
  type: 'special' | 'ordinary';
  lines: PlannedLine[];
  /** Only the ordinary trade's invoices are dealt faults; the others are claimed (or ordinary). */
  fate: InvoiceFate;
  purpose: InvoicePurpose;
}

/** What an offline seller does with a copy it sealed itself. */
export type OfflineFate =
  | 'copy-claimed' // uploaded, claimed with the seal (MATCHED)
  | 'copy-missing' // never uploaded, claimed with the seal (MISSING_SELLER_COPY)
  | 'revoked-before' // uploaded on the day its device is revoked, claimed (REVOKED_SEAL)
  | 'revoked-after'; // sealed after the revocation: refused at upload, claimed (REVOKED_SEAL + MISSING_SELLER_COPY)

export interface PlannedOfflineCopy {
  index: number;
  seller: number;
  buyer: number;
  /** Offset in the seller's range. */
  offset: number;
  amountCents: number;
  taxRate: string;
  fate: OfflineFate;
}

/** A claim of an invoice nobody issued. */
export interface PlannedPhantomClaim {
  index: number;
  kind: 'missing-allocated' | 'forged-unallocated';
  seller: number;
  buyer: number;
  invoiceCode: string;
  invoiceNumber: string;
  amountCents: number;
  taxCents: number;
}

export interface PlannedReturn {
  taxpayer: number;
  /** Declared input tax; above 0 only for the INPUT_OVERCLAIMED injections (nothing was claimed). */
  inputTaxCents: number;
}

/**
 * 票表比对: a seller invoices in the previous period and declares less output tax than it
 * invoiced. Only possible while the previous period is still open for issuance (days 1–15).
 */
export interface PlannedUnderDeclaration {
  seller: number;
  buyer: number;
  amountCents: number;
  taxRate: string;
  /** Output tax the seller declares: half of what it invoiced. */
  declaredTaxCents: number;
}

export interface DemoPlan {
  seed: string;
  instance: number;
  /** Prefix of every name the demo creates (officers, idempotency keys). */
  tag: string;
  taxpayers: PlannedTaxpayer[];
  officers: {
    nationalAuditor: PlannedOfficer;
    province: PlannedOfficer;
    city: PlannedOfficer;
    /** By bureau code of the district (or city without districts) they register taxpayers in. */
    districts: Map<string, PlannedOfficer>;
  };
  ranges: PlannedRange[];
  invoices: PlannedInvoice[];
  offlineCopies: PlannedOfflineCopy[];
  phantomClaims: PlannedPhantomClaim[];
  /** The buyer whose ordinary claims go through a bulk CSV upload (plus one duplicated row). */
  bulkBuyer: number | null;
  /** Returns of the previous (ended) period, one per taxpayer. */
  returns: PlannedReturn[];
  underDeclarations: PlannedUnderDeclaration[];
  /** The risk patterns, who commits them, and the showcases short of them. */
  risk: RiskPlan;
}

export function planDemo(options: PlanOptions): DemoPlan {
  const { seed, instance } = options;
  if (!Number.isInteger(options.taxpayers) || options.taxpayers < 16) {
    throw new RangeError('the demo needs at least 16 taxpayers');
  }
  if (!Number.isInteger(options.invoices) || options.invoices < 50) {
    throw new RangeError('the demo needs at least 50 invoices');
  }
  const tag = demoTag(seed, instance);
  const taxIds = drawTaxIds(seed, instance, options.taxpayers);

  // Taxpayers: round-robin over the districts; every 10th small-scale; a few offline sellers.
  const offlineCount = share(options.taxpayers, 0.02, 3);
  const taxpayers: PlannedTaxpayer[] = taxIds.map((taxId, index) => {
    const district = ECONOMY_DISTRICTS[index % ECONOMY_DISTRICTS.length];
    const kind: TaxpayerKind = index % 10 === 9 ? 'small_scale' : 'general';
    const profile = PROFILES[index % PROFILES.length];
    return {
      index,
      taxId,
      name: '',
      bureauCode: district.bureauCode,
      districtName: district.name,
      kind,
      offline: false,
      region: district.bureauCode.slice(1, 5),
      profile,
      industry: profile.industry,
      maxAmountVersion: 3,
    };
  });
  // Offline sellers: general taxpayers 1, 11, 21 … (spread over the districts).
  for (let k = 0, i = 1; k < offlineCount; i += 10, k++) taxpayers[i % taxpayers.length].offline = true;
  const actors = assignRiskActors(taxpayers);
  const rings = assignRings(taxpayers, new Set(Object.values(actors)));
  const affiliates = assignAffiliates(
    taxpayers,
    new Set([...Object.values(actors), ...rings.three, ...rings.five]),
  );
  const officers = planOfficers(tag);
  for (const t of taxpayers) t.name = `${t.districtName}演示${t.profile.trade}${t.index + 1}号有限公司`;
  const general = taxpayers.filter((t) => t.kind === 'general');
  const onlineSellers = taxpayers.filter((t) => !t.offline);
  const offline = taxpayers.filter((t) => t.offline);
  // The patterns' own sellers sell nothing else (their figures are the pattern); the
  // divergent trader and the share buyer buy nothing else. The burst-by-amount seller
  // also trades as usual: its trade only adds to its amount.
  // The rings' members trade only round their ring (their edges are the pattern).
  const members = [...rings.three, ...rings.five];
  const actorSet = new Set([...Object.values(actors), ...members]);
  const dedicatedSellers = new Set([
    actors.capEdge,
    actors.burstNumbers,
    actors.divergent,
    actors.absconded,
    ...members,
  ]);
  const tradeSellers = onlineSellers.filter((t) => !dedicatedSellers.has(t.index));
  const tradeBuyers = general.filter(
    (t) => t.index !== actors.divergent && t.index !== actors.shareBuyer && !members.includes(t.index),
  );
  const background = general.filter((t) => !t.offline && !actorSet.has(t.index));

  // Near-cap sellers (amount version 2) and the showcases, from the ordinary trade's sellers.
  const nearCap = background.filter((t) => !isTrader(t.profile)).slice(0, 1 + share(options.taxpayers, 0.02));
  for (const t of nearCap) t.maxAmountVersion = 2;
  const rest = background.filter((t) => t.maxAmountVersion === 3);
  const risk: RiskPlan = {
    actors,
    rings,
    affiliates,
    showcases: {
      busyNearCap: nearCap[0]?.index ?? null,
      bigTrader: rest.find((t) => isTrader(t.profile))?.index ?? null,
      bigMaker: rest.find((t) => t.profile.industry.startsWith('C'))?.index ?? null,
      exchange: exchangeOf(rest),
    },
    nearCap: nearCap.map((t) => t.index),
    smallRangeSize: SMALL_RANGE_SIZE,
  };

  // The ordinary trade, with its sellers now and then at their cap.
  const rng = SeededRandom.of(seed, 'invoices');
  const invoices = planTrade(rng, options.invoices, { sellers: tradeSellers, buyers: tradeBuyers });
  setEdgeInvoices(SeededRandom.of(seed, 'edges'), invoices, nearCap);

  // The cross-audit's faults, dealt over the trade; its bulk claimant.
  dealFates(seed, invoices, taxpayers);
  const bulkBuyer = chooseBulkBuyer(invoices);

  // The risk patterns and showcases, then the traders' restocking, then the trade's budget.
  const suppliers = background.filter((t) => t.maxAmountVersion === 3);
  planRiskInvoices(SeededRandom.of(seed, 'risk'), invoices, risk, {
    taxpayers,
    counterparties: general.filter((t) => !actorSet.has(t.index)),
    suppliers,
  });
  planAffiliatedInvoices(SeededRandom.of(seed, 'affiliates'), invoices, affiliates);
  planRestocking(
    SeededRandom.of(seed, 'restock'),
    invoices,
    background.filter((t) => isTrader(t.profile)),
    suppliers,
  );
  keepWithinBudget(invoices, new Set([actors.burstAmount]));

  const { ranges, rangeOf, forgedZone } = planRanges({ seed, instance, taxpayers, invoices, risk });

  const offlineCopies = planOfflineCopies(seed, offline, tradeBuyers);
  const phantomClaims = planPhantomClaims(seed, options.invoices, {
    tradeSellers,
    tradeBuyers,
    rangeOf,
    forgedZone,
  });
  const { returns, underDeclarations } = planReturns(seed, { taxpayers, general, tradeSellers, bulkBuyer });

  return {
    seed,
    instance,
    tag,
    taxpayers,
    officers,
    ranges,
    invoices,
    offlineCopies,
    phantomClaims,
    bulkBuyer,
    returns,
    underDeclarations,
    risk,
  };
}

export { demoTag, firstTaxIdOf, PROVINCES, seedSlug } from './registry-plan';
