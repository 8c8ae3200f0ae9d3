import { DEFAULT_RULE_SET, type IsoDate } from '@app/domain';
import type { Cents } from '../cents';
import { addDays, beijing, dateIn } from '../economy-calendar';
import type { EconomyTaxpayer } from '../economy-taxpayers';
import type { FaultScenario } from './fault-scenario';
import { sell } from './risk-trade';
import type { ScenarioContext } from './scenario-context';

const { windowDays } = DEFAULT_RULE_SET.abscondedSeller;

/** A service sale (6 %) of `seller` to `buyer` whose tax is exactly `tax`, claimed this period. */
function serviceSale(
  ctx: ScenarioContext,
  seller: EconomyTaxpayer,
  buyer: EconomyTaxpayer,
  tax: Cents,
  date?: IsoDate,
) {
  const { sale, claim } = sell(ctx, seller, buyer, { tax, date });
  return { sale, claim: claim! };
}

/** Claimed, and its seller set abnormal within the window after its issue date: 走逃（失联）企业发票. */
function absconded(
  ctx: ScenarioContext,
  seller: EconomyTaxpayer,
  buyer: EconomyTaxpayer,
  tax: Cents,
  date?: IsoDate,
) {
  const { sale, claim } = serviceSale(ctx, seller, buyer, tax, date);
  ctx.expectRisk('ABSCONDED_SELLER_INPUT', { claim, copy: sale }, claim.tax);
}

/** An accepted claim of a number nobody was allocated (假票), naming the consultancy. */
function forged(ctx: ScenarioContext, buyer: EconomyTaxpayer, tax: Cents, opts: { refused?: boolean } = {}) {
  const consultancy = ctx.actor('shared/consultancy');
  const sale = ctx.sale(consultancy, buyer, { key: ctx.forgedKey(consultancy), tax });
  const claim = ctx.claim(sale, buyer, opts.refused ? { reason: 'SEAL_MISMATCH' } : {});
  ctx.expectClaim('FORGED', claim, null);
}

/** Sets the runaway abnormal on the 5th of the next period: within the window of every invoice here. */
function runAway(ctx: ScenarioContext, seller: EconomyTaxpayer): void {
  ctx.setStatus(seller, 'abnormal', beijing(dateIn(ctx.calendar.next, 5), 10));
}

const yuan = (y: number) => Math.round(y * 100);

/** A buyer whose input tax of the period is `abnormal` in forged and absconded claims and `normal` besides. */
function shareOf(
  name: string,
  parts: { forged: Cents; absconded: Cents; normal: Cents; refusedForged?: Cents },
  found: boolean,
): FaultScenario {
  return {
    name,
    cast: [
      { role: 'buyer', industry: 'C3911' },
      { role: 'runaway', industry: 'L7241' },
    ],
    plant(ctx) {
      const buyer = ctx.actor('buyer');
      const runaway = ctx.actor('runaway');
      if (parts.forged > 0) forged(ctx, buyer, parts.forged);
      if (parts.absconded > 0) absconded(ctx, runaway, buyer, parts.absconded);
      if (parts.normal > 0) serviceSale(ctx, ctx.actor('shared/consultancy'), buyer, parts.normal);
      if (parts.refusedForged) forged(ctx, buyer, parts.refusedForged, { refused: true });
      if (parts.absconded > 0) runAway(ctx, runaway);
      if (found) ctx.expectRisk('ABNORMAL_INPUT_SHARE', { buyer }, parts.forged + parts.absconded);
    },
  };
}

/**
 * 走逃（失联）企业发票 (ABSCONDED_SELLER_INPUT) at the edges of its window on the Beijing
 * calendar, and 异常凭证占比 (ABNORMAL_INPUT_SHARE) at the edges of its share and its tax.
 */
export const INPUT_RISK_SCENARIOS: readonly FaultScenario[] = [
  {
    name: 'seller set abnormal after its invoices were claimed (走逃), this period’s and the one before’s',
    cast: [{ role: 'runaway', industry: 'L7241' }],
    plant(ctx) {
      const runaway = ctx.actor('runaway');
      absconded(ctx, runaway, ctx.actor('shared/customer-a'), yuan(3_000));
      absconded(ctx, runaway, ctx.actor('shared/customer-b'), yuan(2_400), ctx.day(ctx.calendar.previous));
      // Claimed in the next period: not this run's input.
      sell(ctx, runaway, ctx.actor('shared/customer-a'), { tax: yuan(1_800), claimIn: ctx.calendar.next });
      runAway(ctx, runaway);
    },
  },
  {
    name: `set abnormal on day ${windowDays} at 23:30 Beijing time: within; for the invoice a day older, not`,
    cast: [{ role: 'runaway', industry: 'L7241' }],
    plant(ctx) {
      const runaway = ctx.actor('runaway');
      const date = ctx.day(undefined, 2, 20);
      absconded(ctx, runaway, ctx.actor('shared/customer-c'), yuan(1_200), date);
      serviceSale(ctx, runaway, ctx.actor('shared/customer-c'), yuan(1_300), addDays(date, -1));
      ctx.setStatus(runaway, 'abnormal', beijing(addDays(date, windowDays), 23, 30));
    },
  },
  {
    name: `set abnormal on day ${windowDays + 1} at 00:30 Beijing time (day ${windowDays} in UTC): outside`,
    cast: [{ role: 'runaway', industry: 'L7241' }],
    plant(ctx) {
      const runaway = ctx.actor('runaway');
      const date = ctx.day(undefined, 2, 20);
      serviceSale(ctx, runaway, ctx.actor('shared/customer-b'), yuan(1_500), date);
      absconded(ctx, runaway, ctx.actor('shared/customer-b'), yuan(1_600), addDays(date, 1));
      ctx.setStatus(runaway, 'abnormal', beijing(addDays(date, windowDays + 1), 0, 30));
    },
  },
  {
    name: 'seller abnormal before the invoice and reinstated: not absconded from it',
    cast: [{ role: 'runaway', industry: 'L7241' }],
    plant(ctx) {
      const runaway = ctx.actor('runaway');
      const date = ctx.day(undefined, 8, 28);
      ctx.setStatus(runaway, 'abnormal', beijing(addDays(date, -6), 10));
      ctx.setStatus(runaway, 'normal', beijing(addDays(date, -2), 15));
      serviceSale(ctx, runaway, ctx.actor('shared/customer-c'), yuan(2_000), date);
    },
  },
  {
    name: '异常凭证占比 75 %: forged, absconded and out-of-control input',
    cast: [
      { role: 'buyer', industry: 'F5176' },
      { role: 'runaway', industry: 'L7241' },
    ],
    plant(ctx) {
      const buyer = ctx.actor('buyer');
      const runaway = ctx.actor('runaway');
      const consultancy = ctx.actor('shared/consultancy');
      forged(ctx, buyer, yuan(30_000));
      absconded(ctx, runaway, buyer, yuan(25_000));
      runAway(ctx, runaway);
      // 失控: sealed a minute after its device was revoked; the claim itself was accepted.
      const device = ctx.device(consultancy);
      const date = ctx.day();
      ctx.revoke(device, beijing(date, 9, 0));
      const sale = ctx.sale(consultancy, buyer, { device, date, tax: yuan(20_000) });
      ctx.online(sale, { issuedAt: beijing(date, 9, 1) });
      ctx.claim(sale, buyer);
      ctx.expectMatched();
      ctx.expectCopy('REVOKED_SEAL', sale);
      serviceSale(ctx, consultancy, buyer, yuan(25_000));
      ctx.expectRisk('ABNORMAL_INPUT_SHARE', { buyer }, yuan(75_000));
    },
  },
  shareOf(
    '异常凭证占比 exactly 70 %',
    { forged: yuan(40_000), absconded: yuan(30_000), normal: yuan(30_000) },
    true,
  ),
  shareOf(
    '异常凭证占比 69 %: below',
    { forged: yuan(39_000), absconded: yuan(30_000), normal: yuan(31_000) },
    false,
  ),
  shareOf(
    'all input abnormal, but exactly ¥50,000.00 of tax: not above',
    { forged: yuan(30_000), absconded: yuan(20_000), normal: 0 },
    false,
  ),
  shareOf(
    'all input abnormal, ¥50,000.01 of tax',
    { forged: yuan(50_000.01), absconded: 0, normal: 0 },
    true,
  ),
  shareOf(
    'a refused forged claim is no input tax: 60 % of the accepted',
    { forged: yuan(60_000), absconded: 0, normal: yuan(40_000), refusedForged: yuan(40_000) },
    false,
  ),
];
