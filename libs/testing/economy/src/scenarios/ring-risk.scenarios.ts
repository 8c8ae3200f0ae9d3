import { ringOf } from '@app/trade-graph';
import type { Cents } from '../cents';
import type { EconomyTaxpayer } from '../economy-taxpayers';
import type { FaultScenario, RoleSpec } from './fault-scenario';
import { partsOf, sell } from './risk-trade';
import type { ScenarioContext } from './scenario-context';

const yuan = (y: number): Cents => Math.round(y * 100);
const STEEL = '10802';
const CHEMICALS = '10702';

/** `n` members of manufacturing (never judged for goods divergence), in order a, b, c, … */
const members = (n: number, bureauCodes: readonly string[] = []): RoleSpec[] =>
  Array.from({ length: n }, (_, i) => ({
    role: String.fromCharCode(97 + i),
    industry: 'C3130',
    ...(bureauCodes[i] ? { bureauCode: bureauCodes[i] } : {}),
  }));
const cast = (ctx: ScenarioContext, n: number): EconomyTaxpayer[] =>
  Array.from({ length: n }, (_, i) => ctx.actor(String.fromCharCode(97 + i)));

/**
 * Each member sells to the next (the last to the first) its edge's amount of `chapter`, in
 * invoices below the cap's edge, online, each claimed by its buyer in the period; an edge
 * given as [amount in the previous period, amount in the period] is split over both. Returns
 * each edge's tax.
 */
function trade(
  ctx: ScenarioContext,
  ring: readonly EconomyTaxpayer[],
  edges: readonly (Cents | readonly [Cents, Cents])[],
  chapter: string = STEEL,
  closed = true,
): Cents[] {
  return edges.map((edge, i) => {
    if (!closed && i === ring.length - 1) return 0;
    const [before, now] = typeof edge === 'number' ? [0, edge] : edge;
    let tax = 0;
    for (const [amount, period] of [
      [before, ctx.calendar.previous],
      [now, ctx.calendar.period],
    ] as const) {
      if (amount === 0) continue;
      for (const part of partsOf(amount)) {
        const { sale } = sell(ctx, ring[i], ring[(i + 1) % ring.length], {
          lines: [{ chapter, amount: part }],
          date: ctx.day(period),
        });
        tax += sale.tax;
      }
    }
    return tax;
  });
}

/** A ring: its edges traded, and one CIRCULAR_TRADING finding per member, at its input tax on the ring. */
function ring(ctx: ScenarioContext, edges: readonly (Cents | readonly [Cents, Cents])[]): void {
  const taxpayers = cast(ctx, edges.length);
  const tax = trade(ctx, taxpayers, edges);
  const { ringId } = ringOf(taxpayers.map((t) => t.taxId));
  taxpayers.forEach((member, i) => {
    const next = taxpayers[(i + 1) % taxpayers.length];
    const into = tax[(i + taxpayers.length - 1) % taxpayers.length];
    ctx.expectRisk('CIRCULAR_TRADING', { seller: member, buyer: next, ringId }, into);
  });
}

/**
 * 循环开票 (CIRCULAR_TRADING): fake-invoicing rings whose every invoice is sealed, claimed
 * exactly and matched — of three members across Guangdong and Beijing (one edge partly in
 * the period before, inside the window), five, and two (互开) — and the cycles and chains
 * that are not rings: a member adding 10 %, seven members, an edge a fen short of ¥100,000,
 * steel one way and chemicals back at a real margin, a supply chain adding value at each step.
 */
export const RING_RISK_SCENARIOS: readonly FaultScenario[] = [
  {
    name: '虚开 ring of three across Guangdong and Beijing, one edge partly last period',
    cast: members(3, ['14401060000', '14403040000', '11101010000']),
    plant: (ctx) => ring(ctx, [yuan(1_000_000), yuan(1_020_000), [yuan(400_000), yuan(600_000)]]),
  },
  {
    name: '虚开 ring of five at cost',
    cast: members(5),
    plant: (ctx) => ring(ctx, Array(5).fill(yuan(300_000))),
  },
  {
    name: '互开: two taxpayers invoicing each other nearly the same',
    cast: members(2),
    plant: (ctx) => ring(ctx, [yuan(500_000), yuan(510_000)]),
  },
  {
    name: 'a cycle whose second member adds 10 %: not a ring',
    cast: members(3),
    plant: (ctx) => void trade(ctx, cast(ctx, 3), [yuan(1_000_000), yuan(1_100_000), yuan(1_050_000)]),
  },
  {
    name: 'seven members at cost: longer than a ring',
    cast: members(7),
    plant: (ctx) => void trade(ctx, cast(ctx, 7), Array(7).fill(yuan(200_000))),
  },
  {
    name: 'a cycle of two an edge a fen below ¥100,000',
    cast: members(2),
    plant: (ctx) => void trade(ctx, cast(ctx, 2), [yuan(99_999.99), yuan(99_999.99)]),
  },
  {
    name: 'steel one way, chemicals back at a real margin: a cycle, not a ring',
    cast: members(2),
    plant: (ctx) => {
      const [a, b] = cast(ctx, 2);
      trade(ctx, [a, b], [yuan(1_000_000), 0], STEEL, false);
      trade(ctx, [b, a], [yuan(300_000), 0], CHEMICALS, false);
    },
  },
  {
    name: 'a supply chain adding value at every step: no cycle',
    cast: members(5),
    plant: (ctx) =>
      void trade(
        ctx,
        cast(ctx, 5),
        [yuan(1_000_000), yuan(1_150_000), yuan(1_320_000), yuan(1_520_000), 0],
        STEEL,
        false,
      ),
  },
];
