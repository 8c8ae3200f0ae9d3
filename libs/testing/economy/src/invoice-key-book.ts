import { formatInvoiceNumber, INVOICE_NUMBER_MAX, type AmountVersion } from '@app/domain';
import type { EconomyCalendar } from './economy-calendar';
import type { InvoiceKey, NumberRangeRow } from './economy-rows';
import type { EconomyTaxpayer } from './economy-taxpayers';
import { beijing, laterInstant } from './economy-calendar';
import { SeededRandom } from './seeded-random';

/** Numbers each trader keeps per code for the fault scenarios, after its background block. */
export const SCENARIO_NUMBERS_PER_SELLER = 64;
/** Unallocated numbers per code set aside for the scenarios' forged claims. */
const SCENARIO_FORGED_NUMBERS = 1000;

/** The amount versions the economy's codes use: 3 for trade, 1 for the cap scenarios. */
export const ECONOMY_AMOUNT_VERSIONS: readonly AmountVersion[] = [3, 1];

/** One seller's range of a code: its background block, then numbers for scenarios (and spare). */
interface Block {
  start: number;
  background: number;
  reserve: number;
  /** Where its background forgeries start in the code's forged zone. */
  forgedOffset: number;
}

interface CodeLayout {
  code: string;
  version: AmountVersion;
  /** Each seller's block (a map: looked up once per invoice, millions of times). */
  blocks: Map<string, Block>;
  /** First number of the zone no range covers: forged claims come from there. */
  forgedStart: number;
}

/**
 * Invoice codes and numbers. Each region has one code per amount version; every seller of
 * the region owns one contiguous range of each (its background block, then its reserve,
 * from which the scenarios take numbers), and numbers past all the ranges are never
 * allocated. A trader's reserve is {@link SCENARIO_NUMBERS_PER_SELLER}, and a newly
 * registered trader's trade range three times what it issues besides (a new company is
 * allocated more than it uses); a risk scenario's taxpayer gets what it asked for, nothing
 * where it asked for none. Codes and the first number are drawn from the seed, so
 * economies with different seeds (and other tests, whose codes are random) do not share
 * ranges; the loader refuses a code that already has ranges.
 */
export class InvoiceKeyBook {
  private readonly layouts = new Map<string, CodeLayout>();
  private readonly scenarioUsed = new Map<string, number>();
  private readonly forgedUsed = new Map<string, number>();
  private readonly allocatedAt: string;

  constructor(
    seed: string,
    private readonly calendar: EconomyCalendar,
    private readonly taxpayers: readonly EconomyTaxpayer[],
    backgroundPerSeller: number,
  ) {
    const year = calendar.period.slice(2, 4);
    // Allocated before the earliest invoice any scenario writes (three periods back).
    this.allocatedAt = beijing(`${calendar.lookback[calendar.lookback.length - 1]}-01`, 9);
    const regions = [...new Set(taxpayers.map((t) => t.region))];
    for (const region of regions) {
      const sellers = taxpayers.filter((t) => t.region === region);
      for (const version of ECONOMY_AMOUNT_VERSIONS) {
        const rng = SeededRandom.of(seed, 'invoice-code', region, version);
        const code = `${region}${year}${String(rng.int(0, 999)).padStart(3, '0')}${version}`;
        const base = rng.int(0, 8_999_999);
        const blocks = new Map<string, Block>();
        let next = base + 1;
        let forgedOffset = 0;
        for (const seller of sellers) {
          const background = seller.trader && version === 3 ? backgroundPerSeller : 0;
          const reserve = reserveOf(seller, version, background);
          if (background + reserve === 0) continue;
          blocks.set(seller.taxId, { start: next, background, reserve, forgedOffset });
          next += background + reserve;
          forgedOffset += background;
        }
        const forgedStart = next + 1000;
        const last = forgedStart + SCENARIO_FORGED_NUMBERS + forgedOffset;
        if (last > INVOICE_NUMBER_MAX) throw new RangeError(`too many invoices for code ${code}`);
        this.layouts.set(this.layoutKey(region, version), { code, version, blocks, forgedStart });
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
    const block = this.block(layout, seller);
    if (seq >= block.background) throw new RangeError(`background block of ${seller.taxId} is full`);
    return this.key(layout, block.start + seq);
  }

  /** A fresh number inside `seller`'s range, for a scenario. */
  scenarioKey(seller: EconomyTaxpayer, version: AmountVersion = 3): InvoiceKey {
    const layout = this.layout(seller.region, version);
    const block = this.block(layout, seller);
    const used = this.scenarioUsed.get(`${layout.code}:${seller.taxId}`) ?? 0;
    // A trader's spare numbers stay unused: they are what keeps a new company's range far from full.
    const limit = seller.trader ? SCENARIO_NUMBERS_PER_SELLER : block.reserve;
    if (used >= limit) throw new RangeError(`scenario block of ${seller.taxId} in ${layout.code} is full`);
    this.scenarioUsed.set(`${layout.code}:${seller.taxId}`, used + 1);
    return this.key(layout, block.start + block.background + used);
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
    const block = this.block(layout, seller);
    if (seq >= block.background) throw new RangeError(`background block of ${seller.taxId} is full`);
    return this.key(layout, layout.forgedStart + SCENARIO_FORGED_NUMBERS + block.forgedOffset + seq);
  }

  /** Every number allocated to `taxId`, over all its ranges. */
  allocatedNumbers(taxId: string): number {
    let total = 0;
    for (const layout of this.layouts.values()) {
      const block = layout.blocks.get(taxId);
      if (block) total += block.background + block.reserve;
    }
    return total;
  }

  /**
   * One range per seller and code, allocated three periods before the period (the earliest
   * invoice of the economy) or, for a taxpayer registered later, an hour after it was.
   */
  *rangeRows(): Generator<NumberRangeRow> {
    const registered = new Map(this.taxpayers.map((t) => [t.taxId, t.registeredAt]));
    for (const layout of this.layouts.values()) {
      for (const [taxId, block] of layout.blocks) {
        const at = registered.get(taxId)!;
        yield {
          taxId,
          invoiceCode: layout.code,
          startNumber: block.start,
          endNumber: block.start + block.background + block.reserve - 1,
          amountVersion: layout.version,
          allocatedAt: laterInstant(this.allocatedAt, at, 1),
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

  private block(layout: CodeLayout, seller: EconomyTaxpayer): Block {
    const block = layout.blocks.get(seller.taxId);
    if (block === undefined) throw new RangeError(`${seller.taxId} has no range of ${layout.code}`);
    return block;
  }

  private key(layout: CodeLayout, number: number): InvoiceKey {
    return { invoiceCode: layout.code, invoiceNumber: formatInvoiceNumber(number) };
  }
}

/** Numbers past the background block: scenarios', and a new trader's spare. */
function reserveOf(seller: EconomyTaxpayer, version: AmountVersion, background: number): number {
  if (!seller.trader) return seller.numbers[version] ?? 0;
  const spare = seller.trader.newlyRegistered ? 3 * background : 0;
  return SCENARIO_NUMBERS_PER_SELLER + spare;
}
