import { DEFAULT_RULE_SET } from '@app/domain';
import type { Cents } from '../cents';
import type { SaleFields } from '../economy-rows';
import type { EconomyTaxpayer } from '../economy-taxpayers';
import type { FaultScenario } from './fault-scenario';
import { sell, stockUp, type TradeOptions } from './risk-trade';
import type { ScenarioContext } from './scenario-context';
import type { LineSpec } from './scenario-environment';

/** goodsDivergence.minSales in cents. */
const MIN_SALES = Math.round(Number(DEFAULT_RULE_SET.goodsDivergence.minSales) * 100);
const STEEL = '10802';
const COSMETICS = '10707';
const CHEMICALS = '10702';

/** Sells `lines` as one online invoice to a shared customer; returns the sale. */
function sellLines(
  ctx: ScenarioContext,
  seller: EconomyTaxpayer,
  lines: LineSpec[],
  opts: TradeOptions = {},
) {
  return sell(ctx, seller, ctx.actor('shared/customer-a'), { lines, ...opts }).sale;
}

/** Output tax of the lines of `sales` in `chapter`. */
function taxIn(sales: readonly SaleFields[], chapter: string): Cents {
  let tax = 0;
  for (const sale of sales)
    for (const line of sale.lines) if (line.taxCode?.startsWith(chapter)) tax += line.tax;
  return tax;
}

/** A trader of `industry` whose every sale is cosmetics (invoices of `amounts`), with `purchases` made first. */
function cosmeticsTrader(
  name: string,
  industry: string,
  amounts: Cents[],
  purchases: (ctx: ScenarioContext, trader: EconomyTaxpayer) => void,
  found: boolean,
): FaultScenario {
  return {
    name,
    cast: [{ role: 'trader', industry, goods: industry === 'F' ? 'F5211' : undefined }],
    plant(ctx) {
      const trader = ctx.actor('trader');
      purchases(ctx, trader);
      const sales = amounts.map((amount) => sellLines(ctx, trader, [{ chapter: COSMETICS, amount }]));
      if (found) ctx.expectRisk('GOODS_DIVERGENCE', { seller: trader }, taxIn(sales, COSMETICS));
    },
  };
}

const steel = (amount: Cents) => (ctx: ScenarioContext, t: EconomyTaxpayer) => stockUp(ctx, t, STEEL, amount);

/**
 * 进销背离 (GOODS_DIVERGENCE): wholesalers and retailers selling what they never bought,
 * by chapter, and every way of falling just short: the share, the sales, the lookback,
 * the unknown shares, the industry, what is not a sale.
 */
export const GOODS_RISK_SCENARIOS: readonly FaultScenario[] = [
  cosmeticsTrader(
    'buys steel, sells cosmetics (进销背离)',
    'F5164',
    [60_000_000, 60_000_000],
    steel(60_000_000),
    true,
  ),
  {
    name: 'divergent lines are exactly 80 % of the sales, on an invoice of two chapters',
    cast: [{ role: 'trader', industry: 'F5164' }],
    plant(ctx) {
      const trader = ctx.actor('trader');
      stockUp(ctx, trader, STEEL, 30_000_000);
      const sales = [
        sellLines(ctx, trader, [{ chapter: COSMETICS, amount: 50_000_000 }]),
        sellLines(ctx, trader, [
          { chapter: COSMETICS, amount: 50_000_000 },
          { chapter: STEEL, amount: 25_000_000 },
        ]),
      ];
      ctx.expectRisk('GOODS_DIVERGENCE', { seller: trader }, taxIn(sales, COSMETICS));
    },
  },
  {
    name: 'divergent lines are 79 % of the sales: not 进销背离',
    cast: [{ role: 'trader', industry: 'F5164' }],
    plant(ctx) {
      const trader = ctx.actor('trader');
      stockUp(ctx, trader, STEEL, 30_000_000);
      sellLines(ctx, trader, [{ chapter: COSMETICS, amount: 79_000_000 }]);
      sellLines(ctx, trader, [{ chapter: STEEL, amount: 21_000_000 }]);
    },
  },
  cosmeticsTrader(
    'sales of exactly ¥1,000,000.00, all divergent',
    'F5134',
    [MIN_SALES / 2, MIN_SALES / 2],
    (ctx, t) => stockUp(ctx, t, CHEMICALS, 20_000_000),
    true,
  ),
  cosmeticsTrader(
    'sales of ¥999,999.99, all divergent: too small to judge',
    'F5134',
    [MIN_SALES / 2, MIN_SALES / 2 - 1],
    (ctx, t) => stockUp(ctx, t, CHEMICALS, 20_000_000),
    false,
  ),
  cosmeticsTrader(
    'cosmetics bought two periods before: within the lookback',
    'F5134',
    [55_000_000, 55_000_000],
    (ctx, t) => stockUp(ctx, t, COSMETICS, 80_000_000, ctx.calendar.lookback[1]),
    false,
  ),
  cosmeticsTrader(
    'cosmetics bought three periods before: beyond the lookback',
    'F5134',
    [55_000_000, 55_000_000],
    (ctx, t) => {
      stockUp(ctx, t, COSMETICS, 80_000_000, ctx.calendar.lookback[2]);
      stockUp(ctx, t, STEEL, 10_000_000);
    },
    true,
  ),
  cosmeticsTrader(
    'a retailer (section F alone) that bought nothing at all',
    'F',
    [52_500_000, 52_500_000],
    () => undefined,
    true,
  ),
  cosmeticsTrader(
    'purchases exactly half unknown (offline copies): judged',
    'F5164',
    [55_000_000, 55_000_000],
    (ctx, t) => {
      stockUp(ctx, t, STEEL, 30_000_000);
      stockUp(ctx, t, COSMETICS, 30_000_000, undefined, { offline: true });
    },
    true,
  ),
  cosmeticsTrader(
    'purchases a cent more than half unknown: not judged',
    'F5164',
    [55_000_000, 55_000_000],
    (ctx, t) => {
      stockUp(ctx, t, STEEL, 30_000_000);
      stockUp(ctx, t, COSMETICS, 30_000_001, undefined, { offline: true });
    },
    false,
  ),
  {
    name: 'sales mostly unknown (offline copies, a line without taxCode): not judged',
    cast: [{ role: 'trader', industry: 'F5164' }],
    plant(ctx) {
      const trader = ctx.actor('trader');
      stockUp(ctx, trader, STEEL, 20_000_000);
      sellLines(ctx, trader, [
        { chapter: COSMETICS, amount: 45_000_000 },
        { chapter: null, amount: 10_000_000 },
      ]);
      sellLines(ctx, trader, [{ chapter: COSMETICS, amount: 55_000_000 }], { offline: true });
    },
  },
  cosmeticsTrader(
    'a cosmetics maker buys chemicals and sells cosmetics: not a trader',
    'C2682',
    [60_000_000, 60_000_000],
    (ctx, t) => stockUp(ctx, t, CHEMICALS, 30_000_000),
    false,
  ),
  {
    name: 'a voided invoice is no sale: ¥600,000 left, too small to judge',
    cast: [{ role: 'trader', industry: 'F5164' }],
    plant(ctx) {
      const trader = ctx.actor('trader');
      stockUp(ctx, trader, STEEL, 30_000_000);
      sellLines(ctx, trader, [{ chapter: COSMETICS, amount: 60_000_000 }]);
      sellLines(ctx, trader, [{ chapter: COSMETICS, amount: 45_000_000 }], { voided: true });
    },
  },
];
