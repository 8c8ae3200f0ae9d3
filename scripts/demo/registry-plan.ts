import { makeTaxId, TAX_ID_ALPHABET } from '@app/domain';
import { ECONOMY_DISTRICTS, hash32, SeededRandom } from '@app/economy';
import type { DemoPlan, PlannedOfficer, PlannedRange } from './plan';

/**
 * What the registry hands the demo economy: tax IDs, officers and invoice number ranges,
 * each a function of (seed, instance), so a re-run takes fresh ones.
 */

export const PROVINCES: Record<string, { code: string; name: string }> = {
  '44': { code: '14400000000', name: '广东' },
  '11': { code: '11100000000', name: '北京' },
  '31': { code: '13100000000', name: '上海' },
  '51': { code: '15100000000', name: '四川' },
};
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

export function drawTaxIds(seed: string, instance: number, count: number): string[] {
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
export function share(n: number, rate: number, min = 1): number {
  return Math.max(min, Math.round(n * rate));
}

/** National creates every officer; district admins register their district's taxpayers. */
export function planOfficers(tag: string): DemoPlan['officers'] {
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
  return {
    nationalAuditor: officer('national auditor', '10000000000', 'auditor', 'national.auditor'),
    province: officer('Guangdong province admin', PROVINCES['44'].code, 'admin', 'gd.admin'),
    city: officer('Guangzhou city admin', '14401000000', 'admin', 'gz.admin'),
    districts,
  };
}

export interface PlannedRanges {
  ranges: PlannedRange[];
  rangeOf: Map<number, PlannedRange>;
  /** Per region, numbers of its version-3 code beyond every range: claims of them are forgeries. */
  forgedZone: Map<string, { invoiceCode: string; next: number }>;
}

/**
 * One invoice-code prefix per region (drawn from seed and instance), the code's last digit
 * the seller's amount version; one block of numbers per seller, with room for its invoices
 * and credit notes and unused numbers at the end (no seller of the trade comes near
 * NEW_ENTITY_BURST's 80 % of its numbers). The burst-by-numbers seller gets only a small
 * range at its block's start.
 */
export function planRanges(
  plan: Pick<DemoPlan, 'seed' | 'instance' | 'taxpayers' | 'invoices' | 'risk'>,
): PlannedRanges {
  const perSeller = new Map<number, number>();
  for (const inv of plan.invoices) perSeller.set(inv.seller, (perSeller.get(inv.seller) ?? 0) + 1);
  const busiest = Math.max(0, ...perSeller.values());
  const block = Math.max(MIN_BLOCK, Math.ceil((busiest * 2 + 100) / 1000) * 1000);
  const out: PlannedRanges = { ranges: [], rangeOf: new Map(), forgedZone: new Map() };
  for (const region of [...new Set(plan.taxpayers.map((t) => t.region))]) {
    const sellers = plan.taxpayers.filter((t) => t.region === region);
    const r = SeededRandom.of(plan.seed, 'invoice-code', plan.instance, region);
    const prefix = `${region}${String(r.int(0, 99_999)).padStart(5, '0')}`;
    const needed = (sellers.length + 2) * block;
    const base = r.int(0, 99_999_999 - needed - 1000);
    sellers.forEach((s, k) => {
      const start = base + k * block + 1;
      const small = s.index === plan.risk.actors.burstNumbers;
      const range = {
        seller: s.index,
        invoiceCode: `${prefix}${s.maxAmountVersion}`,
        start,
        end: small ? start + plan.risk.smallRangeSize - 1 : base + (k + 1) * block,
      };
      out.ranges.push(range);
      out.rangeOf.set(s.index, range);
    });
    out.forgedZone.set(region, { invoiceCode: `${prefix}3`, next: base + (sellers.length + 1) * block + 1 });
  }
  return out;
}
