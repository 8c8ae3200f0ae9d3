import { periodEnd, type IsoDate } from '@app/domain';
import { generalRatesOn, taxOf } from './cents';
import { addDays, beijing, dateIn, daysIn, type EconomyCalendar } from './economy-calendar';
import type { ClaimRow, OnlineInvoiceRow, SaleFields, SellerCopyRow } from './economy-rows';
import type { EconomyTaxpayer } from './economy-taxpayers';
import type { DeviceRegistry } from './devices';
import type { InvoiceKeyBook } from './invoice-key-book';
import { claimOf, offlineCopyOf, onlineInvoiceOf } from './sale-rows';
import { SeededRandom } from './seeded-random';

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
  taxpayers: readonly EconomyTaxpayer[];
  keys: InvoiceKeyBook;
  devices: DeviceRegistry;
  faultRate: number;
  onlineShare: number;
}

/**
 * The background trade: invoice `i` is sold by taxpayer `i mod n` (its `⌊i / n⌋`-th number)
 * to a random other taxpayer, and everything else about it is drawn from its own random
 * stream. So any invoice can be made again from its index alone: the seller copies, the
 * claims and the ground truth each walk 0…size−1 and nothing is kept between them, whatever
 * the size.
 */
export class BackgroundTrade {
  private readonly claimedAt: string;
  /** The days of the period and of the one before, listed once. */
  private readonly days: IsoDate[];
  private readonly previousDays: IsoDate[];

  constructor(private readonly settings: TradeSettings) {
    const { period, previous } = settings.calendar;
    this.claimedAt = beijing(periodEnd(period), 15);
    this.days = Array.from({ length: daysIn(period) }, (_, d) => dateIn(period, d + 1));
    this.previousDays = Array.from({ length: daysIn(previous) }, (_, d) => dateIn(previous, d + 1));
  }

  invoice(index: number): TradeInvoice {
    const { seed, taxpayers, keys, devices } = this.settings;
    const rng = SeededRandom.of(seed, 'trade', index);
    const pattern = this.patternOf(rng);
    const seller = taxpayers[index % taxpayers.length];
    const buyer = this.other(rng, seller, seller);
    const days = pattern === 'previous-period' ? this.previousDays : this.days;
    // A date mismatch claims the day before: never the first of the month.
    const date = days[rng.int(pattern === 'date-mismatch' ? 1 : 0, days.length - 1)];
    const rate = rng.pick(generalRatesOn(date));
    // Log-uniform between 500 and 500,000 yuan: many small invoices, a few large ones.
    const amount = Math.round(Math.exp(rng.next() * Math.log(1000)) * 50_000);
    const seq = Math.floor(index / taxpayers.length);
    const key =
      pattern === 'forged-number' ? keys.backgroundForgedKey(seller, seq) : keys.backgroundKey(seller, seq);
    const sale: SaleFields = {
      invoiceCode: key.invoiceCode,
      invoiceNumber: key.invoiceNumber,
      type: pattern === 'ordinary' ? 'ordinary' : 'special',
      sellerTaxId: seller.taxId,
      buyerTaxId: buyer.taxId,
      issueDate: date,
      amount,
      tax: taxOf(amount, rate),
      rate,
      certificateSerial: devices.primary(seller.taxId),
    };
    const hasCopy = pattern !== 'missing-copy' && pattern !== 'forged-number';
    const online = hasCopy && rng.chance(this.settings.onlineShare);
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

  /** A taxpayer other than `a` and `b`. */
  private other(rng: SeededRandom, a: EconomyTaxpayer, b: EconomyTaxpayer): EconomyTaxpayer {
    const { taxpayers } = this.settings;
    let pick = rng.pick(taxpayers);
    while (pick === a || pick === b) pick = rng.pick(taxpayers);
    return pick;
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
        return [claim, claimOf(sale, this.other(rng, seller, buyer).taxId, period, this.claimedAt)];
      case 'matched':
      case 'previous-period':
      case 'missing-copy':
      case 'forged-number':
        return [claim];
    }
  }
}
