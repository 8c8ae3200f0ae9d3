import type { EconomyTaxpayer } from '../economy-taxpayers';
import type { SeededRandom } from '../seeded-random';

export interface CastOptions {
  /** The buyer in another province than the seller (true) or in the same (false); default either. */
  crossProvince?: boolean;
  /** How many more distinct taxpayers to draw. */
  others?: number;
}

/** The parties of one scenario. */
export interface Cast {
  seller: EconomyTaxpayer;
  buyer: EconomyTaxpayer;
  others: EconomyTaxpayer[];
}

/** Draws a scenario's parties from the economy's taxpayers, all distinct. */
export function castOf(
  rng: SeededRandom,
  taxpayers: readonly EconomyTaxpayer[],
  opts: CastOptions = {},
): Cast {
  const seller = rng.pick(taxpayers);
  const buyer = rng.pick(
    taxpayers.filter(
      (t) =>
        t !== seller &&
        (opts.crossProvince === undefined || (t.province !== seller.province) === opts.crossProvince),
    ),
  );
  const others: EconomyTaxpayer[] = [];
  while (others.length < (opts.others ?? 0)) {
    const other = rng.pick(taxpayers);
    if (other !== seller && other !== buyer && !others.includes(other)) others.push(other);
  }
  return { seller, buyer, others };
}
