import { amountCapOf, DEFAULT_RULE_SET } from '@app/domain';
import type { Cents } from '../cents';
import { addDays } from '../economy-calendar';
import type { SaleFields } from '../economy-rows';
import type { EconomyTaxpayer } from '../economy-taxpayers';
import type { FaultScenario } from './fault-scenario';
import { partsOf, sell, type TradeOptions } from './risk-trade';
import type { ScenarioContext } from './scenario-context';

const { minInvoices } = DEFAULT_RULE_SET.capEdge;
const { maxAgeDays } = DEFAULT_RULE_SET.newEntityBurst;
/** The ¥10,000 version's cap and its edge (capFraction of it), in cents. */
const CAP = amountCapOf(1).times(100).toNumber();
const EDGE = Math.round(DEFAULT_RULE_SET.capEdge.capFraction * CAP);
/** newEntityBurst.minAmount in cents. */
const BURST = Math.round(Number(DEFAULT_RULE_SET.newEntityBurst.minAmount) * 100);

const CUSTOMERS = ['shared/customer-a', 'shared/customer-b', 'shared/customer-c'];
const customer = (ctx: ScenarioContext) => ctx.actor(ctx.rng.pick(CUSTOMERS));
const edgeAmount = (ctx: ScenarioContext) => ctx.rng.int(EDGE, CAP);
const plainAmount = (ctx: ScenarioContext) => ctx.rng.int(100_000, 900_000);
const taxOf = (sales: readonly SaleFields[]) => sales.reduce((sum, s) => sum + s.tax, 0);

/** Invoices of the ¥10,000 version, one per amount, to the shared customers, online or offline. */
function issue(ctx: ScenarioContext, seller: EconomyTaxpayer, amounts: Cents[], opts: TradeOptions = {}) {
  return amounts.map(
    (amount) =>
      sell(ctx, seller, customer(ctx), { version: 1, amount, offline: ctx.rng.chance(0.5), ...opts }).sale,
  );
}

const times = (n: number, f: () => Cents) => Array.from({ length: n }, f);

/**
 * 顶额开具 (CAP_EDGE_ISSUANCE) and 新办企业短期大额开票 (NEW_ENTITY_BURST), each with the
 * cases just short of it. Every subject is a taxpayer of its own that sells only here; they
 * are manufacturers, which the goods rule (wholesale and retail) does not judge, so that
 * selling without buying makes only the finding meant.
 */
export const ISSUANCE_RISK_SCENARIOS: readonly FaultScenario[] = [
  {
    name: '顶额开具: 12 of 16 invoices at the edge, one exactly at 95 %, one of them ordinary',
    cast: [{ role: 'seller', industry: 'C3911' }],
    plant(ctx) {
      const seller = ctx.actor('seller');
      const edge = [
        ...issue(ctx, seller, [EDGE, ...times(10, () => edgeAmount(ctx))]),
        ...issue(ctx, seller, [edgeAmount(ctx)], { type: 'ordinary' }),
      ];
      issue(
        ctx,
        seller,
        times(4, () => plainAmount(ctx)),
      );
      ctx.expectRisk('CAP_EDGE_ISSUANCE', { seller }, taxOf(edge));
    },
  },
  {
    name: '顶额开具 at exactly the thresholds: 10 edge invoices, 60 % of 20 counted (credit notes are not)',
    cast: [{ role: 'seller', industry: 'C3130' }],
    plant(ctx) {
      const seller = ctx.actor('seller');
      const edge = issue(
        ctx,
        seller,
        times(minInvoices + 2, () => edgeAmount(ctx)),
      );
      issue(
        ctx,
        seller,
        times(6, () => plainAmount(ctx)),
      );
      for (let i = 0; i < 2; i++) {
        const date = ctx.day(undefined, 1, 20);
        const { online } = sell(ctx, seller, customer(ctx), { version: 1, amount: plainAmount(ctx), date });
        ctx.creditNote(online!, ctx.day(undefined, 21), 10_000);
      }
      ctx.expectRisk('CAP_EDGE_ISSUANCE', { seller }, taxOf(edge));
    },
  },
  {
    name: '顶额开具 with exactly 10 edge invoices of 12',
    cast: [{ role: 'seller', industry: 'C1810' }],
    plant(ctx) {
      const seller = ctx.actor('seller');
      const edge = issue(
        ctx,
        seller,
        times(minInvoices, () => edgeAmount(ctx)),
      );
      issue(
        ctx,
        seller,
        times(2, () => plainAmount(ctx)),
      );
      ctx.expectRisk('CAP_EDGE_ISSUANCE', { seller }, taxOf(edge));
    },
  },
  {
    name: '顶额开具 on the ¥1,000,000 version: 10 of 13',
    cast: [{ role: 'seller', industry: 'C3130' }],
    plant(ctx) {
      const seller = ctx.actor('seller');
      const big = (amount: Cents) => sell(ctx, seller, customer(ctx), { amount }).sale;
      const edge = times(minInvoices, () => ctx.rng.int(100 * EDGE, 100 * CAP)).map(big);
      times(3, () => ctx.rng.int(5_000_000, 80_000_000)).map(big);
      ctx.expectRisk('CAP_EDGE_ISSUANCE', { seller }, taxOf(edge));
    },
  },
  {
    name: 'nine edge invoices of ten: one short of 顶额开具',
    cast: [{ role: 'seller', industry: 'C1810' }],
    plant(ctx) {
      const seller = ctx.actor('seller');
      issue(ctx, seller, [...times(minInvoices - 1, () => edgeAmount(ctx)), plainAmount(ctx)]);
    },
  },
  {
    name: 'ten edge invoices of 17 (59 %): not 顶额开具',
    cast: [{ role: 'seller', industry: 'C3911' }],
    plant(ctx) {
      const seller = ctx.actor('seller');
      issue(ctx, seller, [...times(minInvoices, () => edgeAmount(ctx)), ...times(7, () => plainAmount(ctx))]);
    },
  },
  {
    name: 'nine edge invoices and one of ¥9,499.99: not 顶额开具',
    cast: [{ role: 'seller', industry: 'C3130' }],
    plant(ctx) {
      const seller = ctx.actor('seller');
      issue(ctx, seller, [...times(minInvoices - 1, () => edgeAmount(ctx)), EDGE - 1, plainAmount(ctx)]);
    },
  },
  {
    name: 'edge invoices voided, refused at upload or issued the period before do not count',
    cast: [{ role: 'seller', industry: 'C3911' }],
    plant(ctx) {
      const seller = ctx.actor('seller');
      issue(
        ctx,
        seller,
        times(minInvoices - 3, () => edgeAmount(ctx)),
      );
      issue(ctx, seller, [edgeAmount(ctx)], { offline: false, voided: true });
      ctx.offline(ctx.sale(seller, customer(ctx), { version: 1, amount: edgeAmount(ctx) }), {
        reasonCode: 'SEAL_MISMATCH',
      });
      issue(
        ctx,
        seller,
        times(3, () => edgeAmount(ctx)),
        { date: ctx.day(ctx.calendar.previous) },
      );
      issue(ctx, seller, [plainAmount(ctx)]);
    },
  },
  {
    name: 'an edge invoice issued after the watermark does not count yet',
    late: true,
    cast: [{ role: 'seller', industry: 'C1810' }],
    plant(ctx) {
      const seller = ctx.actor('seller');
      issue(
        ctx,
        seller,
        times(minInvoices - 1, () => edgeAmount(ctx)),
      );
      ctx.online(ctx.sale(seller, customer(ctx), { version: 1, amount: edgeAmount(ctx) }), { late: true });
    },
  },
  ...newEntityScenarios(),
];

/** Special invoices adding up to `total`, none at the cap edge, to the shared customers. */
function specialSales(ctx: ScenarioContext, seller: EconomyTaxpayer, total: Cents): SaleFields[] {
  // From the second day: a company registered on the first has no device until later that day.
  return partsOf(total).map(
    (amount) => sell(ctx, seller, customer(ctx), { amount, date: ctx.day(undefined, 2) }).sale,
  );
}

function newEntityScenarios(): FaultScenario[] {
  const bursts: [string, number, readonly [number, number], Cents, boolean][] = [
    [
      'new company invoicing ¥5,000,000.01 in its second month (新办企业短期大额开票)',
      30,
      [9, 30],
      BURST + 1,
      true,
    ],
    ['new company invoicing exactly ¥5,000,000.00: not above', 30, [9, 30], BURST, false],
    [
      `registered ${maxAgeDays - 1} days before the period's end, at 00:30 Beijing time (the day before in UTC)`,
      maxAgeDays - 1,
      [0, 30],
      600_000_000,
      true,
    ],
    [
      `registered ${maxAgeDays} days before the period's end, at 23:30 Beijing time: not new`,
      maxAgeDays,
      [23, 30],
      600_000_000,
      false,
    ],
    ['an old company invoicing ¥6,000,000 is not new', 2000, [9, 30], 600_000_000, false],
  ];
  return [
    ...bursts.map(([name, age, at, total, found]): FaultScenario => ({
      name,
      cast: [{ role: 'seller', industry: 'C3130', age, at }],
      plant(ctx) {
        const seller = ctx.actor('seller');
        const sales = specialSales(ctx, seller, total);
        if (found) ctx.expectRisk('NEW_ENTITY_BURST', { seller }, taxOf(sales));
      },
    })),
    {
      name: 'new company that used 8 of its 10 numbers (one voided, two the period before)',
      cast: [{ role: 'seller', industry: 'I6510', age: 45, numbers: { 3: 10 } }],
      plant(ctx) {
        const seller = ctx.actor('seller');
        const { previous, period } = ctx.calendar;
        const early = addDays(seller.registeredOn, 2);
        if (early.slice(0, 7) !== previous) throw new Error(`${ctx.name}: registered too late`);
        sell(ctx, seller, customer(ctx), { date: early, amount: 2_000_000 });
        sell(ctx, seller, customer(ctx), { date: early, amount: 3_000_000 });
        sell(ctx, seller, customer(ctx), { amount: 1_500_000, voided: true });
        const sales = times(5, () => ctx.rng.int(500_000, 4_000_000)).map(
          (amount) => sell(ctx, seller, customer(ctx), { amount, date: ctx.day(period) }).sale,
        );
        ctx.expectRisk('NEW_ENTITY_BURST', { seller }, taxOf(sales));
      },
    },
    {
      name: 'new company that used 79 of its 100 numbers: not 80 %',
      cast: [{ role: 'seller', industry: 'F5211', age: 40, numbers: { 3: 100 } }],
      plant(ctx) {
        const seller = ctx.actor('seller');
        for (let i = 0; i < 79; i++) {
          sell(ctx, seller, customer(ctx), {
            type: 'ordinary',
            offline: true,
            amount: ctx.rng.int(20_000, 500_000),
          });
        }
      },
    },
  ];
}
