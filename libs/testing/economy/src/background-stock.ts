import { DEFAULT_RULE_SET } from '@app/domain';
import type { EconomyTaxpayer } from './economy-taxpayers';
import type { ScenarioBook } from './scenarios/scenario-book';
import { ScenarioContext } from './scenarios/scenario-context';
import type { ScenarioEnvironment } from './scenarios/scenario-environment';
import { sell } from './scenarios/risk-trade';

/**
 * The stock of the trade's online wholesalers and retailers: each buys every chapter it
 * sells at least once within the goods rule's lookback (this period or the two before),
 * online, from a trader that makes or trades it. The random trade alone would now and then
 * leave a small trader's chapter unbought, and the rule would rightly call its sales of it
 * 进销背离; a rule that ignored the lookback would still find some of these. The purchases
 * are claimed like any other (MATCHED when claimed this period).
 */
export function stockOnlineTraders(
  env: ScenarioEnvironment,
  book: ScenarioBook,
  traders: readonly EconomyTaxpayer[],
): void {
  const ctx = new ScenarioContext(book, env, 'stock of the online wholesalers and retailers');
  const sections = DEFAULT_RULE_SET.goodsDivergence.industrySections;
  const { period, lookback } = env.calendar;
  const suppliers = traders.filter((t) => !t.trader?.newlyRegistered);
  // Who sells each chapter, and who the goods rule does not judge, in suppliers' order: read
  // once, not once a trader and chapter (that was quadratic: 8 s of 9 at 15,000 taxpayers).
  const sellersOf = new Map<string, EconomyTaxpayer[]>();
  for (const s of suppliers) {
    for (const chapter of new Set(s.goods.sells)) {
      const list = sellersOf.get(chapter);
      if (list) list.push(s);
      else sellersOf.set(chapter, [s]);
    }
  }
  // (a trader stocked here is in a judged section: never one of these)
  const unjudged = suppliers.filter((s) => !sections.includes(s.industry[0]));
  for (const trader of traders) {
    if (!trader.trader?.online || !sections.includes(trader.industry[0])) continue;
    for (const chapter of trader.goods.sells) {
      // Someone who sells the chapter anyway, else someone the goods rule does not judge.
      const makers = (sellersOf.get(chapter) ?? []).filter((s) => s !== trader);
      const others = unjudged;
      const supplier = ctx.rng.pick(makers.length > 0 ? makers : others);
      let date = ctx.day(ctx.rng.pick([period, lookback[0], lookback[1]]));
      if (date <= trader.registeredOn || date <= supplier.registeredOn) date = ctx.day(period);
      sell(ctx, supplier, trader, { date, lines: [{ chapter, amount: ctx.rng.int(5_000_000, 50_000_000) }] });
    }
  }
}
