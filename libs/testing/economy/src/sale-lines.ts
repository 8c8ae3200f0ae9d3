import { taxOf, type Cents, type RateBasisPoints } from './cents';
import type { SaleLine } from './economy-rows';
import { descriptionOf, taxCodeOf, type GoodsChapter } from './goods-catalogue';
import type { SeededRandom } from './seeded-random';

/** A line of `amount` of item `item` of `chapter`, taxed line by line as issuance does. */
export function lineOf(chapter: GoodsChapter, item: number, amount: Cents, rate: RateBasisPoints): SaleLine {
  return {
    taxCode: taxCodeOf(chapter, item),
    description: descriptionOf(chapter, item),
    amount,
    tax: taxOf(amount, rate),
  };
}

/**
 * `amount` spread over one line per chapter in random shares (every line at least a
 * cent), each an item drawn from its chapter. The invoice's tax is the sum of the lines'.
 */
export function splitLines(
  rng: SeededRandom,
  chapters: readonly GoodsChapter[],
  amount: Cents,
  rate: RateBasisPoints,
): SaleLine[] {
  if (chapters.length === 1 || amount < chapters.length) {
    return [lineOf(chapters[0], rng.int(0, 9), amount, rate)];
  }
  const weights = chapters.map(() => 1 + rng.next());
  const total = weights.reduce((a, b) => a + b, 0);
  let left = amount;
  return chapters.map((chapter, i) => {
    const last = i === chapters.length - 1;
    const share = last
      ? left
      : Math.max(1, Math.min(left - (chapters.length - 1 - i), Math.floor((amount * weights[i]) / total)));
    left -= share;
    return lineOf(chapter, rng.int(0, 9), share, rate);
  });
}

export function taxOfLines(lines: readonly SaleLine[]): Cents {
  let tax = 0;
  for (const line of lines) tax += line.tax;
  return tax;
}
