import type { EconomyTaxpayer } from './economy-taxpayers';
import type { SeededRandom } from './seeded-random';

/** A seller's customers for one chapter: a few regulars (ADR 0025). */
const REGULAR_CUSTOMERS = 12;

/** How often a trader sells to its own kind (online to online, offline to offline). */
const LOYALTY = { online: 0.85, offline: 0.97 };

/**
 * Who buys what: each trader's customers for a chapter are the traders whose industry
 * uses it (a steel mill's steel goes to steel traders and computer makers, not to a
 * software house). Traders that issue online mostly trade among themselves, as companies
 * that adopted e-invoicing together do, so that their purchases, not only their sales,
 * are mostly invoices with lines: the goods rule can judge them.
 */
export class TradeNetwork {
  private readonly online = new Map<string, EconomyTaxpayer[]>();
  private readonly offline = new Map<string, EconomyTaxpayer[]>();

  constructor(private readonly traders: readonly EconomyTaxpayer[]) {
    for (const t of traders) {
      const pools = t.trader?.online ? this.online : this.offline;
      for (const chapter of t.goods.buys) {
        const pool = pools.get(chapter);
        if (pool) pool.push(t);
        else pools.set(chapter, [t]);
      }
    }
  }

  /** A buyer other than `seller` for its goods of `chapter`. */
  customer(rng: SeededRandom, seller: EconomyTaxpayer, chapter: string): EconomyTaxpayer {
    const online = seller.trader?.online === true;
    const own = online ? this.online : this.offline;
    const other = online ? this.offline : this.online;
    const loyal = rng.chance(online ? LOYALTY.online : LOYALTY.offline);
    const first = (loyal ? own : other).get(chapter);
    const second = (loyal ? other : own).get(chapter);
    return (
      this.pickOther(rng, first, seller) ?? this.pickOther(rng, second, seller) ?? this.anyOther(rng, seller)
    );
  }

  /** Anyone but `a` and `b` (a second company claiming an invoice that is not its own). */
  other(rng: SeededRandom, a: EconomyTaxpayer, b: EconomyTaxpayer): EconomyTaxpayer {
    let pick = rng.pick(this.traders);
    while (pick === a || pick === b) pick = rng.pick(this.traders);
    return pick;
  }

  /**
   * A customer from `pool`: one of the seller's REGULAR_CUSTOMERS regulars (the pool rotated
   * by the seller), as firms deal mostly with a few, the first of them most — the regular at
   * position x of the rotation is drawn with density ∝ x^(−1/2) (the first quarter takes half
   * the seller's invoices). Drawn uniformly from the whole pool, every pair's sum of many
   * invoices came out nearly the same both ways, and the trade of the 1 M bench economy held
   * 25,839 of CIRCULAR_TRADING's rings by chance; now 57 (ADR 0025).
   */
  private pickOther(
    rng: SeededRandom,
    pool: readonly EconomyTaxpayer[] | undefined,
    seller: EconomyTaxpayer,
  ): EconomyTaxpayer | undefined {
    if (!pool || pool.length === 0 || (pool.length === 1 && pool[0] === seller)) return undefined;
    const offset = (Math.imul(seller.index + 1, 0x9e3779b1) >>> 0) % pool.length;
    const regulars = Math.min(pool.length, REGULAR_CUSTOMERS);
    const draw = () => pool[(offset + Math.floor(regulars * rng.next() ** 2)) % pool.length];
    let pick = draw();
    while (pick === seller) pick = draw();
    return pick;
  }

  private anyOther(rng: SeededRandom, seller: EconomyTaxpayer): EconomyTaxpayer {
    return this.other(rng, seller, seller);
  }
}
