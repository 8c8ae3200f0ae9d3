import { formatInvoiceNumber, INVOICE_NUMBER_MAX, type AmountVersion } from '@app/domain';
import type { EconomyCalendar } from './economy-calendar';
import type { InvoiceKey, NumberRangeRow } from './economy-rows';
import type { EconomyTaxpayer } from './economy-taxpayers';
import { beijing } from './economy-calendar';
import { SeededRandom } from './seeded-random';

/** Numbers each seller keeps per code for the fault scenarios, after its background block. */
export const SCENARIO_NUMBERS_PER_SELLER = 64;
/** Unallocated numbers per code set aside for the scenarios' forged claims. */
const SCENARIO_FORGED_NUMBERS = 1000;

/** The amount versions the economy's codes use: 3 for trade, 1 for the cap scenarios. */
export const ECONOMY_AMOUNT_VERSIONS: readonly AmountVersion[] = [3, 1];

interface CodeLayout {
  code: string;
  version: AmountVersion;
  /** Sellers of the code's region, in the order of their blocks. */
  sellers: EconomyTaxpayer[];
  /** Each seller's block position (a map: looked up once per invoice, millions of times). */
  positions: Map<string, number>;
  /** Number before the first block. */
  base: number;
  /** Background numbers per seller (0 on scenario-only codes). */
  background: number;
  /** First number of the zone no range covers: forged claims come from there. */
  forgedStart: number;
}

/**
 * Invoice codes and numbers. Each region has one code per amount version; every seller of
 * the region owns one contiguous range of each (its background block, then its scenario
 * block), and numbers past all the ranges are never allocated. Codes and the first number
 * are drawn from the seed, so economies with different seeds (and other tests, whose codes
 * are random) do not share ranges; the loader refuses a code that already has ranges.
 */
export class InvoiceKeyBook {
  private readonly layouts = new Map<string, CodeLayout>();
  private readonly scenarioUsed = new Map<string, number>();
  private readonly forgedUsed = new Map<string, number>();

  constructor(
    seed: string,
    private readonly calendar: EconomyCalendar,
    taxpayers: readonly EconomyTaxpayer[],
    backgroundPerSeller: number,
  ) {
    const year = calendar.period.slice(2, 4);
    const regions = [...new Set(taxpayers.map((t) => t.region))];
    for (const region of regions) {
      const sellers = taxpayers.filter((t) => t.region === region);
      for (const version of ECONOMY_AMOUNT_VERSIONS) {
        const rng = SeededRandom.of(seed, 'invoice-code', region, version);
        const code = `${region}${year}${String(rng.int(0, 999)).padStart(3, '0')}${version}`;
        const background = version === 3 ? backgroundPerSeller : 0;
        const base = rng.int(0, 8_999_999);
        const blocks = sellers.length * (background + SCENARIO_NUMBERS_PER_SELLER);
        const forgedStart = base + blocks + 1001;
        const last = forgedStart + SCENARIO_FORGED_NUMBERS + sellers.length * background;
        if (last > INVOICE_NUMBER_MAX) throw new RangeError(`too many invoices for code ${code}`);
        this.layouts.set(this.layoutKey(region, version), {
          code,
          version,
          sellers,
          positions: new Map(sellers.map((s, position) => [s.taxId, position])),
          base,
          background,
          forgedStart,
        });
      }
    }
  }

  /** Every code the economy uses. */
  codes(): string[] {
    return [...this.layouts.values()].map((l) => l.code);
  }

  /** The `seq`-th background invoice of `seller` (in its trade code). */
  backgroundKey(seller: EconomyTaxpayer, seq: number): InvoiceKey {
    const layout = this.layout(seller.region, 3);
    if (seq >= layout.background) throw new RangeError(`background block of ${seller.taxId} is full`);
    return this.key(layout, this.blockStart(layout, seller) + seq);
  }

  /** A fresh number inside `seller`'s range, for a scenario. */
  scenarioKey(seller: EconomyTaxpayer, version: AmountVersion = 3): InvoiceKey {
    const layout = this.layout(seller.region, version);
    const used = this.scenarioUsed.get(`${layout.code}:${seller.taxId}`) ?? 0;
    if (used >= SCENARIO_NUMBERS_PER_SELLER)
      throw new RangeError(`scenario block of ${seller.taxId} is full`);
    this.scenarioUsed.set(`${layout.code}:${seller.taxId}`, used + 1);
    return this.key(layout, this.blockStart(layout, seller) + layout.background + used);
  }

  /** A number of `seller`'s region code that no range covers, for a scenario's forgery. */
  forgedKey(seller: EconomyTaxpayer, version: AmountVersion = 3): InvoiceKey {
    const layout = this.layout(seller.region, version);
    const used = this.forgedUsed.get(layout.code) ?? 0;
    if (used >= SCENARIO_FORGED_NUMBERS) throw new RangeError(`forged numbers of ${layout.code} used up`);
    this.forgedUsed.set(layout.code, used + 1);
    return this.key(layout, layout.forgedStart + used);
  }

  /**
   * An unallocated number standing in for `seller`'s `seq`-th background invoice, when the
   * trade forges it: distinct per seller and `seq`, past every range of the code.
   */
  backgroundForgedKey(seller: EconomyTaxpayer, seq: number): InvoiceKey {
    const layout = this.layout(seller.region, 3);
    if (seq >= layout.background) throw new RangeError(`background block of ${seller.taxId} is full`);
    const offset = this.position(layout, seller) * layout.background + seq;
    return this.key(layout, layout.forgedStart + SCENARIO_FORGED_NUMBERS + offset);
  }

  /** One range per seller and code, allocated a month before the period starts. */
  *rangeRows(): Generator<NumberRangeRow> {
    const allocatedAt = beijing(`${this.calendar.previous}-01`, 9);
    for (const layout of this.layouts.values()) {
      for (const seller of layout.sellers) {
        const start = this.blockStart(layout, seller);
        yield {
          taxId: seller.taxId,
          invoiceCode: layout.code,
          startNumber: start,
          endNumber: start + layout.background + SCENARIO_NUMBERS_PER_SELLER - 1,
          amountVersion: layout.version,
          allocatedAt,
        };
      }
    }
  }

  private layoutKey(region: string, version: AmountVersion): string {
    return `${region}:${version}`;
  }

  private layout(region: string, version: AmountVersion): CodeLayout {
    const layout = this.layouts.get(this.layoutKey(region, version));
    if (!layout) throw new RangeError(`no code of version ${version} in region ${region}`);
    return layout;
  }

  private position(layout: CodeLayout, seller: EconomyTaxpayer): number {
    const position = layout.positions.get(seller.taxId);
    if (position === undefined) throw new RangeError(`${seller.taxId} is not a seller of ${layout.code}`);
    return position;
  }

  private blockStart(layout: CodeLayout, seller: EconomyTaxpayer): number {
    return (
      layout.base + 1 + this.position(layout, seller) * (layout.background + SCENARIO_NUMBERS_PER_SELLER)
    );
  }

  private key(layout: CodeLayout, number: number): InvoiceKey {
    return { invoiceCode: layout.code, invoiceNumber: formatInvoiceNumber(number) };
  }
}
