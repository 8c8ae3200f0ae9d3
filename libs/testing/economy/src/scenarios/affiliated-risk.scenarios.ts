import type { IsoDate } from '@app/domain';
import type { Cents } from '../cents';
import { addDays } from '../economy-calendar';
import type { EconomyTaxpayer } from '../economy-taxpayers';
import type { FaultScenario, RoleSpec } from './fault-scenario';
import { partsOf, sell } from './risk-trade';
import type { ScenarioContext } from './scenario-context';

const yuan = (y: number): Cents => Math.round(y * 100);
const MACHINES = '10802';

/** Manufacturers (never judged for goods divergence), roles a, b, … */
const roles = (...names: string[]): RoleSpec[] => names.map((role) => ({ role, industry: 'C3130' }));
/** Years before any period an economy is planned for: the relations in force throughout. */
const LONG_AGO: IsoDate = '2010-01-01';

/** `seller` sells `buyer` `amount` in the period, in invoices below the cap's edge, claimed. Returns the tax. */
function trade(ctx: ScenarioContext, seller: EconomyTaxpayer, buyer: EconomyTaxpayer, amount: Cents): Cents {
  let tax = 0;
  for (const part of partsOf(amount)) {
    tax += sell(ctx, seller, buyer, { lines: [{ chapter: MACHINES, amount: part }] }).sale.tax;
  }
  return tax;
}

/** The trade of an affiliated pair: one AFFILIATED_TRADE finding, at the pair's tax. */
function affiliated(ctx: ScenarioContext, amount: Cents): void {
  const [seller, buyer] = [ctx.actor('seller'), ctx.actor('buyer')];
  ctx.expectRisk('AFFILIATED_TRADE', { seller, buyer }, trade(ctx, seller, buyer, amount));
}

/**
 * 关联交易 (AFFILIATED_TRADE): a seller and a buyer controlled by the same people — one legal
 * representative; one holding company over both; a person two hops from the seller (its
 * shareholder company's legal representative) who is the buyer's finance officer; one bank
 * account — and the pairs that are not affiliated in the period: a relation that ended before
 * it, one that began after it, a trail of three hops, a shareholder of 20 %.
 */
export const AFFILIATED_RISK_SCENARIOS: readonly FaultScenario[] = [
  {
    name: '关联交易: seller and buyer under one legal representative',
    cast: roles('seller', 'buyer'),
    plant: (ctx) => {
      const boss = ctx.person('boss', '周建国');
      ctx.register(ctx.actor('seller'), { legalRepresentative: boss }, LONG_AGO);
      ctx.register(ctx.actor('buyer'), { legalRepresentative: boss }, LONG_AGO);
      affiliated(ctx, yuan(600_000));
    },
  },
  {
    name: '关联交易: seller and buyer held by one company',
    cast: roles('seller', 'buyer', 'holding'),
    plant: (ctx) => {
      const holding = ctx.actor('holding');
      const held = (share: string) => ({ shareholders: [{ name: '控股集团', taxId: holding.taxId, share }] });
      ctx.register(ctx.actor('seller'), held('0.51'), LONG_AGO);
      ctx.register(ctx.actor('buyer'), held('0.35'), LONG_AGO);
      affiliated(ctx, yuan(900_000));
    },
  },
  {
    name: "关联交易: the buyer's finance officer, two hops from the seller",
    cast: roles('seller', 'buyer', 'parent'),
    plant: (ctx) => {
      const person = ctx.person('officer', '吴丽');
      const parent = ctx.actor('parent');
      ctx.register(
        ctx.actor('seller'),
        { shareholders: [{ name: '母公司', taxId: parent.taxId, share: '0.4' }] },
        LONG_AGO,
      );
      ctx.register(parent, { legalRepresentative: person }, LONG_AGO);
      ctx.register(ctx.actor('buyer'), { financeOfficer: person }, LONG_AGO);
      affiliated(ctx, yuan(250_000));
    },
  },
  {
    name: '关联交易: seller and buyer paying from one bank account',
    cast: roles('seller', 'buyer'),
    plant: (ctx) => {
      ctx.register(ctx.actor('seller'), { bankAccount: '6222 0212 3456 7890' }, LONG_AGO);
      ctx.register(ctx.actor('buyer'), { bankAccount: '6222021234567890' }, LONG_AGO);
      affiliated(ctx, yuan(120_000));
    },
  },
  {
    name: 'a legal representative shared until the period before: not affiliated in the period',
    cast: roles('seller', 'buyer'),
    plant: (ctx) => {
      const [seller, buyer] = [ctx.actor('seller'), ctx.actor('buyer')];
      const boss = ctx.person('boss', '郑海');
      const changed = addDays(`${ctx.calendar.period}-01`, -10);
      ctx.register(seller, { legalRepresentative: boss }, LONG_AGO);
      ctx.register(buyer, { legalRepresentative: boss }, LONG_AGO, changed);
      ctx.register(buyer, { legalRepresentative: ctx.person('successor', '孙悦') }, changed);
      trade(ctx, seller, buyer, yuan(500_000));
    },
  },
  {
    name: 'a legal representative shared from the period after: not affiliated in the period',
    cast: roles('seller', 'buyer'),
    plant: (ctx) => {
      const [seller, buyer] = [ctx.actor('seller'), ctx.actor('buyer')];
      const boss = ctx.person('boss', '冯涛');
      ctx.register(seller, { legalRepresentative: boss }, LONG_AGO);
      ctx.register(buyer, { legalRepresentative: boss }, `${ctx.calendar.next}-02`);
      trade(ctx, seller, buyer, yuan(500_000));
    },
  },
  {
    name: "three hops: the seller's shareholder's shareholder's legal representative is the buyer's",
    cast: roles('seller', 'buyer', 'middle', 'top'),
    plant: (ctx) => {
      const [seller, buyer, middle, top] = ['seller', 'buyer', 'middle', 'top'].map((r) => ctx.actor(r));
      const boss = ctx.person('boss', '蒋明');
      ctx.register(
        seller,
        { shareholders: [{ name: '中间公司', taxId: middle.taxId, share: '0.5' }] },
        LONG_AGO,
      );
      ctx.register(
        middle,
        { shareholders: [{ name: '顶层公司', taxId: top.taxId, share: '0.5' }] },
        LONG_AGO,
      );
      ctx.register(top, { legalRepresentative: boss }, LONG_AGO);
      ctx.register(buyer, { legalRepresentative: boss }, LONG_AGO);
      trade(ctx, seller, buyer, yuan(500_000));
    },
  },
  {
    name: "a person holding 20 % of the seller is the buyer's legal representative: below 25 %",
    cast: roles('seller', 'buyer'),
    plant: (ctx) => {
      const [seller, buyer] = [ctx.actor('seller'), ctx.actor('buyer')];
      const investor = ctx.person('investor', '沈琳');
      ctx.register(seller, { shareholders: [{ ...investor, share: '0.2' }] }, LONG_AGO);
      ctx.register(buyer, { legalRepresentative: investor }, LONG_AGO);
      trade(ctx, seller, buyer, yuan(500_000));
    },
  },
];
