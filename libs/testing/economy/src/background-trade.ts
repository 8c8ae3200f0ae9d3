import { periodEnd, type IsoDate } from '@app/domain';
import { taxOf, type Cents } from './cents';
import { addDays, beijing, dateIn, daysIn, type EconomyCalendar } from './economy-calendar';
import type { ClaimRow, OnlineInvoiceRow, SaleFields, SellerCopyRow } from './economy-rows';
import type { EconomyTaxpayer, TraderHabits } from './economy-taxpayers';
import type { DeviceRegistry } from './devices';
import { chapterRate, goodsChapter, type GoodsChapter } from './goods-catalogue';
import type { InvoiceKeyBook } from './invoice-key-book';
import { lineOf, splitLines, taxOfLines } from './sale-lines';
import { claimOf, offlineCopyOf, onlineInvoiceOf } from './sale-rows';
import { SeededRandom } from './seeded-random';
import { TradeNetwork } from './trade-network';

/** Simple faults sprinkled over the trade at `faultRate`, so that big economies have findings in bulk. */
const FAULT_PATTERNS = [
  'overstated',
  'date-mismatch',
  'missing-copy',
  'second-buyer',
  'forged-number',
] as const;

/**
 * What one invoice of the trade is: ordinary business (claimed and matching, issued the
 * period before and claimed now, never claimed, an ordinary invoice) or a simple fault.
 */
export type TradePattern =
  'matched' | 'previous-period' | 'unclaimed' | 'ordinary' | (typeof FAULT_PATTERNS)[number];

/** One invoice of the trade with the rows it makes. */
export interface TradeInvoice {
  index: number;
  pattern: TradePattern;
  sale: SaleFields;
  /** The seller's copy: offline, online, or none (missing, forged). */
  offline: SellerCopyRow | null;
  online: OnlineInvoiceRow | null;
  /** In id order: for 'second-buyer', the true buyer's claim first. */
  claims: ClaimRow[];
}

export interface TradeSettings {
  seed: string;
  calendar: EconomyCalendar;
  /** The traders (not the risk scenarios' own taxpayers). */
  traders: readonly EconomyTaxpayer[];
  keys: InvoiceKeyBook;
  devices: DeviceRegistry;
  faultRate: number;
  /** Invoices each trader issues (the trade's size over the traders, rounded up). */
  perSeller: number;
}

/** Amounts are log-uniform between these (cents): many small invoices, a few large ones. */
const SMALLEST = 50_000;
const LARGEST = 50_000_000;
const MEAN_AMOUNT = (LARGEST - SMALLEST) / Math.log(LARGEST / SMALLEST);
/** What a newly registered trader's special invoices of the period are meant to add up to, about. */
const NEW_TRADER_SALES = 120_000_000;
/** Share of a trader's invoices that are special and in the period (matched, unclaimed, most faults). */
const SPECIAL_IN_PERIOD = 0.82;
/** How often a cap-prone trader invoices at 95–100 % of its code's cap. */
const EDGE_SHARE = 0.03;
/** The trade's code version caps the pre-tax amount at ¥1,000,000. */
const TRADE_CAP = 100_000_000;

/**
 * The background trade: invoice `i` is sold by trader `i mod n` (its `⌊i / n⌋`-th number)
 * to a customer of its goods ({@link TradeNetwork}), and everything else about it is drawn
 * from its own random stream. So any invoice can be made again from its index alone: the
 * seller copies, the claims and the ground truth each walk 0…size−1 and nothing is kept
 * between them, whatever the size. Online invoices carry lines in the seller's chapters;
 * traders that are cap-prone now and then invoice near their code's cap, and newly
 * registered ones sell modestly.
 */
export class BackgroundTrade {
  private readonly claimedAt: string;
  /** The days of the period and of the one before, listed once. */
  private readonly days: IsoDate[];
  private readonly previousDays: IsoDate[];
  private readonly network: TradeNetwork;
  /** A newly registered trader's amounts are scaled by this. */
  private readonly newScale: number;

  constructor(private readonly settings: TradeSettings) {
    const { period, previous } = settings.calendar;
    this.claimedAt = beijing(periodEnd(period), 15);
    this.days = Array.from({ length: daysIn(period) }, (_, d) => dateIn(period, d + 1));
    this.previousDays = Array.from({ length: daysIn(previous) }, (_, d) => dateIn(previous, d + 1));
    this.network = new TradeNetwork(settings.traders);
    this.newScale = Math.min(
      1,
      NEW_TRADER_SALES / (Math.max(1, settings.perSeller) * SPECIAL_IN_PERIOD * MEAN_AMOUNT),
    );
  }

  invoice(index: number): TradeInvoice {
    const { seed, traders, keys, devices } = this.settings;
    const rng = SeededRandom.of(seed, 'trade', index);
    const pattern = this.patternOf(rng);
    const seller = traders[index % traders.length];
    const habits = seller.trader!;
    const chapter = goodsChapter(rng.pick(seller.goods.sells));
    const buyer = this.network.customer(rng, seller, chapter.chapter);
    const days = pattern === 'previous-period' ? this.previousDays : this.days;
    // A date mismatch claims the day before: never the first of the month.
    const date = days[rng.int(pattern === 'date-mismatch' ? 1 : 0, days.length - 1)];
    const rate = chapterRate(chapter, date);
    const amount = this.amountOf(rng, pattern, habits);
    const seq = Math.floor(index / traders.length);
    const key =
      pattern === 'forged-number' ? keys.backgroundForgedKey(seller, seq) : keys.backgroundKey(seller, seq);
    const hasCopy = pattern !== 'missing-copy' && pattern !== 'forged-number';
    const online = hasCopy && habits.online;
    const lines = online
      ? splitLines(rng, this.chaptersOf(rng, seller, chapter), amount, rate)
      : [lineOf(chapter, 0, amount, rate)];
    const sale: SaleFields = {
      invoiceCode: key.invoiceCode,
      invoiceNumber: key.invoiceNumber,
      type: pattern === 'ordinary' ? 'ordinary' : 'special',
      sellerTaxId: seller.taxId,
      buyerTaxId: buyer.taxId,
      issueDate: date,
      amount,
      tax: taxOfLines(lines),
      rate,
      certificateSerial: devices.primary(seller.taxId),
      lines,
    };
    const issuedAt = online ? beijing(date, rng.int(8, 17), rng.int(0, 59), rng.int(0, 59)) : '';
    return {
      index,
      pattern,
      sale,
      offline: hasCopy && !online ? offlineCopyOf(sale, beijing(date, 20)) : null,
      online: online ? onlineInvoiceOf(sale, { seller: seller.name, buyer: buyer.name }, issuedAt) : null,
      claims: this.claimsOf(pattern, sale, seller, buyer, rng),
    };
  }

  private patternOf(rng: SeededRandom): TradePattern {
    if (rng.chance(this.settings.faultRate)) return rng.pick(FAULT_PATTERNS);
    const r = rng.next();
    return r < 0.1 ? 'ordinary' : r < 0.18 ? 'unclaimed' : r < 0.26 ? 'previous-period' : 'matched';
  }

  /**
   * Log-uniform, scaled down for a newly registered trader; now and then, for a cap-prone
   * one, 95–100 % of the cap — only on an invoice whose claim repeats it (an overstated
   * claim of one would be above the cap, which is forgery, not what the pattern plants).
   */
  private amountOf(rng: SeededRandom, pattern: TradePattern, habits: TraderHabits): Cents {
    const plain =
      pattern === 'matched' ||
      pattern === 'unclaimed' ||
      pattern === 'previous-period' ||
      pattern === 'ordinary';
    if (habits.capProne && plain && rng.chance(EDGE_SHARE))
      return rng.int(TRADE_CAP - TRADE_CAP / 20, TRADE_CAP);
    const amount = Math.round(Math.exp(rng.next() * Math.log(LARGEST / SMALLEST)) * SMALLEST);
    return habits.newlyRegistered ? Math.max(100, Math.round(amount * this.newScale)) : amount;
  }

  /** The chapters of an online invoice's lines: the first drawn, and up to two more at the same rate. */
  private chaptersOf(rng: SeededRandom, seller: EconomyTaxpayer, first: GoodsChapter): GoodsChapter[] {
    const r = rng.next();
    const count = r < 0.7 ? 1 : r < 0.9 ? 2 : 3;
    const chapters = [first];
    for (let i = 1; i < count; i++) {
      const next = goodsChapter(rng.pick(seller.goods.sells));
      chapters.push(next.rate === first.rate ? next : first);
    }
    return chapters;
  }

  private claimsOf(
    pattern: TradePattern,
    sale: SaleFields,
    seller: EconomyTaxpayer,
    buyer: EconomyTaxpayer,
    rng: SeededRandom,
  ): ClaimRow[] {
    const { period } = this.settings.calendar;
    const claim = claimOf(sale, buyer.taxId, period, this.claimedAt);
    switch (pattern) {
      case 'unclaimed':
      case 'ordinary':
        return [];
      case 'overstated':
        claim.amount = sale.amount + Math.round(sale.amount / 10);
        claim.tax = taxOf(claim.amount, sale.rate);
        return [claim];
      case 'date-mismatch':
        claim.issueDate = addDays(sale.issueDate, -1);
        return [claim];
      case 'second-buyer':
        return [claim, claimOf(sale, this.network.other(rng, seller, buyer).taxId, period, this.claimedAt)];
      case 'matched':
      case 'previous-period':
      case 'missing-copy':
      case 'forged-number':
        return [claim];
    }
  }
}
