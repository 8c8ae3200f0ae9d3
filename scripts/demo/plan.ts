import { makeTaxId, TAX_ID_ALPHABET } from '@app/domain';
import { ECONOMY_DISTRICTS } from '@app/economy';
import { hash32, SeededRandom } from '@app/economy';

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

export interface PlannedInvoice {
  index: number;
  seller: number;
  buyer: number;
  type: 'special' | 'ordinary';
  lines: PlannedLine[];
  fate: InvoiceFate;
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
}

const PROVINCES: Record<string, { code: string; name: string }> = {
  '44': { code: '14400000000', name: '广东' },
  '11': { code: '11100000000', name: '北京' },
  '31': { code: '13100000000', name: '上海' },
  '51': { code: '15100000000', name: '四川' },
};
const TRADES = ['商贸', '电子', '机械', '纺织', '建材', '食品', '化工', '物流', '软件', '医药'];
const GOODS: { description: string; taxRate: string }[] = [
  { description: '电子元器件', taxRate: '0.13' },
  { description: '钢材', taxRate: '0.13' },
  { description: '办公用品', taxRate: '0.13' },
  { description: '运输服务', taxRate: '0.09' },
  { description: '技术服务', taxRate: '0.06' },
  { description: '咨询服务', taxRate: '0.06' },
];
/** Numbers per seller block: room for its invoices and credit notes, and unissued numbers at the end. */
const MIN_BLOCK = 1000;

/** Lower-case, URL- and username-safe form of the seed (a-z0-9, at most 12 characters). */
export function seedSlug(seed: string): string {
  const slug = seed
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 12);
  return slug === '' ? `s${hash32(seed).toString(36)}` : slug;
}

export function demoTag(seed: string, instance: number): string {
  return `demo-${seedSlug(seed)}-${instance}`;
}

/** The tax IDs of an instance are drawn from (seed, instance): the first one tells whether it is taken. */
export function firstTaxIdOf(seed: string, instance: number): string {
  return drawTaxIds(seed, instance, 1)[0];
}

function drawTaxIds(seed: string, instance: number, count: number): string[] {
  const rng = SeededRandom.of(seed, 'tax-ids', instance);
  const taken = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const district = ECONOMY_DISTRICTS[i % ECONOMY_DISTRICTS.length];
    let id: string;
    do {
      let organisation = '';
      for (let k = 0; k < 9; k++) organisation += rng.pick([...TAX_ID_ALPHABET]);
      id = makeTaxId(`91${district.bureauCode.slice(1, 7)}${organisation}`);
    } while (taken.has(id));
    taken.add(id);
    out.push(id);
  }
  return out;
}

/** Share of `n`, at least `min`. */
function share(n: number, rate: number, min = 1): number {
  return Math.max(min, Math.round(n * rate));
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
    return {
      index,
      taxId,
      name: `${district.name}演示${TRADES[index % TRADES.length]}${index + 1}号有限公司`,
      bureauCode: district.bureauCode,
      districtName: district.name,
      kind,
      offline: false,
      region: district.bureauCode.slice(1, 5),
    };
  });
  // Offline sellers: general taxpayers 1, 11, 21 … (spread over the districts).
  for (let k = 0, i = 1; k < offlineCount; i += 10, k++) taxpayers[i % taxpayers.length].offline = true;
  const general = taxpayers.filter((t) => t.kind === 'general');
  const onlineSellers = taxpayers.filter((t) => !t.offline);
  const offline = taxpayers.filter((t) => t.offline);

  // Officers: national creates them all; district admins register their district's taxpayers.
  const officer = (
    label: string,
    bureauCode: string,
    role: 'admin' | 'auditor',
    name: string,
  ): PlannedOfficer => ({
    username: `${tag}.${name}`,
    password: `${tag}-${name}-passphrase`,
    bureauCode,
    role,
    label,
  });
  const districts = new Map<string, PlannedOfficer>();
  for (const d of ECONOMY_DISTRICTS) {
    districts.set(
      d.bureauCode,
      officer(`${d.name} admin`, d.bureauCode, 'admin', `d${d.bureauCode.slice(1, 7)}.admin`),
    );
  }
  const officers = {
    nationalAuditor: officer('national auditor', '10000000000', 'auditor', 'national.auditor'),
    province: officer('Guangdong province admin', PROVINCES['44'].code, 'admin', 'gd.admin'),
    city: officer('Guangzhou city admin', '14401000000', 'admin', 'gz.admin'),
    districts,
  };

  // Invoices of the online trade.
  const rng = SeededRandom.of(seed, 'invoices');
  const invoices: PlannedInvoice[] = [];
  for (let index = 0; index < options.invoices; index++) {
    const seller = rng.pick(onlineSellers);
    let buyer = rng.pick(general);
    while (buyer.index === seller.index) buyer = rng.pick(general);
    const small = seller.kind === 'small_scale';
    const type = small || rng.chance(0.08) ? 'ordinary' : 'special';
    const lineCount = rng.int(1, 3);
    const lines: PlannedLine[] = [];
    for (let l = 0; l < lineCount; l++) {
      const goods = rng.pick(GOODS);
      lines.push({
        description: goods.description,
        amountCents: rng.int(100_00, 30_000_00),
        taxRate: small ? '0.03' : goods.taxRate,
      });
    }
    invoices.push({
      index,
      seller: seller.index,
      buyer: buyer.index,
      type,
      lines,
      fate: type === 'special' ? 'claim' : 'ordinary',
    });
  }

  // Fates of the special invoices: a shuffled deal of every injection, the rest claimed.
  const specials = SeededRandom.of(seed, 'fates').shuffle(invoices.filter((i) => i.type === 'special'));
  const deal: [InvoiceFate, number][] = [
    ['unclaimed', 0.03],
    ['void', 0.015],
    ['void-claimed', 0.01],
    ['credit-partial', 0.015],
    ['credit-full-claimed', 0.01],
    ['mismatch', 0.015],
    ['overstated', 0.015],
    ['duplicate', 0.01],
    ['fake-seal', 0.01],
  ];
  let cursor = 0;
  for (const [fate, rate] of deal) {
    for (let k = share(specials.length, rate); k > 0 && cursor < specials.length; k--)
      specials[cursor++].fate = fate;
  }
  // The bulk upload: the buyer with the most plainly claimed invoices sends them as a CSV file.
  const plainByBuyer = new Map<number, number>();
  for (const inv of invoices)
    if (inv.fate === 'claim') plainByBuyer.set(inv.buyer, (plainByBuyer.get(inv.buyer) ?? 0) + 1);
  let bulkBuyer: number | null = null;
  for (const [buyer, count] of plainByBuyer) {
    if (
      bulkBuyer === null ||
      count > plainByBuyer.get(bulkBuyer)! ||
      (count === plainByBuyer.get(bulkBuyer) && buyer < bulkBuyer)
    ) {
      bulkBuyer = buyer;
    }
  }
  for (const inv of invoices) if (inv.fate === 'claim' && inv.buyer === bulkBuyer) inv.fate = 'bulk';

  // Number ranges: one code per region (drawn from seed and instance), one block per seller.
  const perSeller = new Map<number, number>();
  for (const inv of invoices) perSeller.set(inv.seller, (perSeller.get(inv.seller) ?? 0) + 1);
  const busiest = Math.max(0, ...perSeller.values());
  const block = Math.max(MIN_BLOCK, Math.ceil((busiest * 2 + 100) / 1000) * 1000);
  const ranges: PlannedRange[] = [];
  const forgedZone = new Map<string, { invoiceCode: string; next: number }>();
  const rangeOf = new Map<number, PlannedRange>();
  for (const region of [...new Set(taxpayers.map((t) => t.region))]) {
    const sellers = taxpayers.filter((t) => t.region === region);
    const r = SeededRandom.of(seed, 'invoice-code', instance, region);
    const invoiceCode = `${region}${String(r.int(0, 99_999)).padStart(5, '0')}3`;
    const needed = (sellers.length + 2) * block;
    const base = r.int(0, 99_999_999 - needed - 1000);
    sellers.forEach((s, k) => {
      const range = {
        seller: s.index,
        invoiceCode,
        start: base + k * block + 1,
        end: base + (k + 1) * block,
      };
      ranges.push(range);
      rangeOf.set(s.index, range);
    });
    forgedZone.set(region, { invoiceCode, next: base + (sellers.length + 1) * block + 1 });
  }

  // Offline copies: the first offline seller's device is revoked mid-demo.
  const offlineRng = SeededRandom.of(seed, 'offline');
  const offlineCopies: PlannedOfflineCopy[] = [];
  offline.forEach((seller, k) => {
    const fates: OfflineFate[] =
      k === 0
        ? ['revoked-before', 'revoked-before', 'revoked-after', 'revoked-after']
        : k === 1
          ? ['copy-claimed', 'copy-claimed', 'copy-claimed', 'copy-missing']
          : ['copy-claimed', 'copy-claimed', 'copy-claimed'];
    fates.forEach((fate, offset) => {
      let buyer = offlineRng.pick(general);
      while (buyer.index === seller.index) buyer = offlineRng.pick(general);
      const goods = offlineRng.pick(GOODS);
      offlineCopies.push({
        index: offlineCopies.length,
        seller: seller.index,
        buyer: buyer.index,
        offset,
        amountCents: offlineRng.int(500_00, 50_000_00),
        taxRate: goods.taxRate,
        fate,
      });
    });
  });

  // Claims of invoices nobody issued: an allocated number never used (缺联) and a number never allocated (假票).
  const phantomRng = SeededRandom.of(seed, 'phantoms');
  const phantomClaims: PlannedPhantomClaim[] = [];
  const phantomCount = share(options.invoices, 0.005);
  for (const kind of ['missing-allocated', 'forged-unallocated'] as const) {
    for (let k = 0; k < phantomCount; k++) {
      const seller = phantomRng.pick(onlineSellers.filter((t) => t.kind === 'general'));
      let buyer = phantomRng.pick(general);
      while (buyer.index === seller.index) buyer = phantomRng.pick(general);
      let invoiceCode: string;
      let number: number;
      if (kind === 'missing-allocated') {
        const range = rangeOf.get(seller.index)!;
        invoiceCode = range.invoiceCode;
        number = range.end - k;
      } else {
        const zone = forgedZone.get(seller.region)!;
        invoiceCode = zone.invoiceCode;
        number = zone.next++;
      }
      const amountCents = phantomRng.int(5_000_00, 90_000_00);
      phantomClaims.push({
        index: phantomClaims.length,
        kind,
        seller: seller.index,
        buyer: buyer.index,
        invoiceCode,
        invoiceNumber: String(number).padStart(8, '0'),
        amountCents,
        taxCents: Math.round(amountCents * 0.13),
      });
    }
  }

  // Returns of the previous period: every taxpayer files; a few declare input tax they never claimed.
  const returnRng = SeededRandom.of(seed, 'returns');
  const overclaimers = new Set(
    returnRng
      .shuffle(general.filter((t) => t.index !== bulkBuyer))
      .slice(0, share(options.taxpayers, 0.02))
      .map((t) => t.index),
  );
  const returns: PlannedReturn[] = taxpayers.map((t) => ({
    taxpayer: t.index,
    inputTaxCents: overclaimers.has(t.index) ? returnRng.int(1_000_00, 80_000_00) : 0,
  }));

  const underRng = SeededRandom.of(seed, 'under-declared');
  const underSellers = underRng
    .shuffle(onlineSellers.filter((t) => t.kind === 'general' && !overclaimers.has(t.index)))
    .slice(0, share(options.taxpayers, 0.02));
  const underDeclarations: PlannedUnderDeclaration[] = underSellers.map((seller) => {
    // Its buyer files a zero return (claimed input tax above the declared is no finding).
    const buyers = general.filter((t) => t.index !== seller.index && !overclaimers.has(t.index));
    const buyer = underRng.pick(buyers);
    const amountCents = underRng.int(20_000_00, 90_000_00);
    return {
      seller: seller.index,
      buyer: buyer.index,
      amountCents,
      taxRate: '0.13',
      declaredTaxCents: Math.floor(Math.round(amountCents * 0.13) / 2),
    };
  });

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
  };
}

export { PROVINCES };
