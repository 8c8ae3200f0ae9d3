import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditRun } from '@app/audit-runs';
import { ringOf } from '@app/trade-graph';
import { BUREAUS, createTestApp, fileSettings } from '@app/testing';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import type { TaxpayerFixture } from '../factories/registry.factory';
import { RiskInputs } from './risk-inputs';
import { backtest, completedRun } from './risk-run';

/**
 * This file's settings (fileSettings): its own bull prefix, the in-process audit app
 * consumes it, no nightly schedule.
 */
const SETTINGS = fileSettings('circular-trading', {
  AUDIT_CONCURRENCY: '2',
  AUDIT_NIGHTLY: '0',
});

/**
 * CIRCULAR_TRADING (docs/risk-monitoring.md) on the real database through a real audit run:
 * rings of two, three (across two provinces, one edge partly in the period before; and one
 * at the value-added band's very edge) and five members, each edge a seller's special
 * invoices to the next member; and what is not a ring — 10 % value added at each step, a
 * fen past the band, seven members, an edge a fen below ¥100,000, an edge outside the
 * window, steel one way and machines the other. No other file audits
 * these periods.
 */
const PERIOD = '2019-08';
const D = (day: number, period = PERIOD): string => `${period}-${String(day).padStart(2, '0')}`;

interface RunFinding {
  seller: string;
  buyer: string;
  taxAtRisk: string;
  details: {
    cycleId: string;
    members: number;
    cycle: { taxId: string; bureauCode: string }[];
    edges: {
      sellerTaxId: string;
      buyerTaxId: string;
      invoiceCount: number;
      amount: string;
      taxAmount: string;
      invoices: { issueDate: string; amount: string }[];
    }[];
    valueAdded: number;
    window: { from: string; to: string };
  };
}

/** `members` as the rule reports their ring: from the smallest tax id, with its id. */
const canonical = (members: TaxpayerFixture[]) => ringOf(members.map((m) => m.taxId));

describe('CIRCULAR_TRADING', () => {
  let app: INestApplication;
  let db: DataSource;
  let data: RiskInputs;
  let run: AuditRun;
  let found: RunFinding[];
  const rings: Record<string, TaxpayerFixture[]> = {};
  const misses: Record<string, TaxpayerFixture[]> = {};

  beforeAll(async () => {
    app = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = app.get(DataSource);
    data = new RiskInputs(db);
    const code = data.code(4);
    const members = (n: number, bureauCode: string = BUREAUS.tianhe) =>
      Promise.all(Array.from({ length: n }, () => data.taxpayer({ bureauCode })));
    /** A special invoice of `amount` at 13 %, claimed by its buyer in the period when `claimed`. */
    const sale = (
      seller: TaxpayerFixture,
      buyer: TaxpayerFixture,
      amount: string,
      day = D(10),
      claimed = false,
    ) =>
      data.copy(
        code,
        seller,
        buyer,
        day,
        amount,
        (Number(amount) * 0.13).toFixed(2),
        claimed ? PERIOD : undefined,
      );
    const around = async (ring: TaxpayerFixture[], amounts: string[]) => {
      for (let i = 0; i < ring.length; i++) await sale(ring[i], ring[(i + 1) % ring.length], amounts[i]);
    };

    // Three members across Guangdong and Beijing, every sale claimed: A → B +2 % → C −1.96 % → A.
    // C's sale to A is two invoices, one issued in the period before (inside the window).
    const [a, b] = await members(2);
    const [c] = await members(1, BUREAUS.dongcheng);
    rings.three = [a, b, c];
    await sale(a, b, '1000000.00', D(5), true);
    await sale(b, c, '1020000.00', D(8), true);
    await sale(c, a, '400000.00', D(20, '2019-07'), true);
    await sale(c, a, '600000.00', D(12), true);
    // Five members, equal edges; two members, 2 % apart.
    rings.five = await members(5);
    await around(rings.five, Array(5).fill('300000.00'));
    rings.two = await members(2);
    await around(rings.two, ['500000.00', '510000.00']);
    // At the band's very edge: the second member sells for exactly 5 % less than it bought
    // (the edges' logarithms a whole band bucket apart, trade-edges.sql), the others +2.6 %.
    rings.bandEdge = await members(3);
    await around(rings.bandEdge, ['1000000.00', '950000.00', '975000.00']);

    // Not rings.
    misses.valueAdded = await members(3); // the second member adds 10 %, the others within 5 %
    await around(misses.valueAdded, ['1000000.00', '1100000.00', '1050000.00']);
    misses.seven = await members(7);
    await around(misses.seven, Array(7).fill('200000.00'));
    misses.smallEdge = await members(2); // a fen below the edge minimum
    await around(misses.smallEdge, ['99999.99', '99999.99']);
    misses.outsideWindow = await members(2); // the sale back three periods before
    await sale(misses.outsideWindow[0], misses.outsideWindow[1], '500000.00');
    await sale(misses.outsideWindow[1], misses.outsideWindow[0], '500000.00', D(15, '2019-05'));
    misses.exchange = await members(2); // steel one way, machines the other, at a real margin
    await around(misses.exchange, ['1000000.00', '300000.00']);
    misses.pastBandEdge = await members(3); // the band's edge and a fen past it
    await around(misses.pastBandEdge, ['1000000.00', '949999.99', '975000.00']);

    run = await completedRun(app, PERIOD);
    found = await db.query<RunFinding[]>(
      `SELECT seller_tax_id AS seller, buyer_tax_id AS buyer, tax_at_risk AS "taxAtRisk", details
         FROM audit.run_findings WHERE run_id = $1 AND category = 'CIRCULAR_TRADING'`,
      [run.id],
    );
  }, 180_000);

  afterAll(() => app.close());

  const ringOf = (ring: TaxpayerFixture[]) =>
    found.filter((f) => f.details.cycleId === canonical(ring).ringId);

  it('finds one finding per member of each ring, naming the member and the next one', () => {
    for (const ring of [rings.three, rings.five, rings.two, rings.bandEdge]) {
      const ids = ring.map((m) => m.taxId);
      const next = (id: string) => ids[(ids.indexOf(id) + 1) % ids.length];
      const findings = ringOf(ring);
      expect(findings.map((f) => f.seller).sort()).toEqual([...ids].sort());
      for (const f of findings) expect(f.buyer).toBe(next(f.seller));
    }
    expect(found).toHaveLength(13);
  });

  it('does not take 10 % value added, a fen past the band, seven members, an edge a fen short, an edge outside the window or a real exchange', () => {
    const flagged = new Set(found.map((f) => f.seller));
    for (const [name, taxpayers] of Object.entries(misses)) {
      expect([name, taxpayers.filter((t) => flagged.has(t.taxId)).length]).toEqual([name, 0]);
    }
  });

  it('explains the ring: members in order with their bureaus, each edge with its invoices, the value added', () => {
    const [a, b, c] = rings.three;
    const ofB = ringOf(rings.three).find((f) => f.seller === b.taxId)!;
    // B's input tax on the ring: A's sale to it
    expect(ofB.taxAtRisk).toBe('130000.00');
    expect(ofB.details.valueAdded).toBe(0.02);
    expect(ofB.details.members).toBe(3);
    expect(ofB.details.window).toEqual({ from: '2019-07-01', to: '2019-08-31' });
    expect(ofB.details.cycle.map((m) => m.taxId)).toEqual(canonical(rings.three).members);
    expect(ofB.details.cycle.find((m) => m.taxId === c.taxId)!.bureauCode).toBe(BUREAUS.dongcheng);
    const cToA = ofB.details.edges.find((e) => e.sellerTaxId === c.taxId)!;
    expect(cToA).toMatchObject({
      buyerTaxId: a.taxId,
      invoiceCount: 2,
      amount: '1000000.00',
      taxAmount: '130000.00',
    });
    expect(cToA.invoices.map((i) => i.issueDate)).toEqual(['2019-08-12', '2019-07-20']);
    const ofC = ringOf(rings.three).find((f) => f.seller === c.taxId)!;
    expect(ofC.taxAtRisk).toBe('132600.00');
    expect(ofC.details.valueAdded).toBe(-0.0196);
    expect(new Set(ringOf(rings.three).map((f) => f.details.cycleId)).size).toBe(1);
  });

  it('publishes the findings, routed to the members, with 协查 where the next member is in another province', async () => {
    const [, b, c] = rings.three;
    const assists = await db.query<{ seller: string; from: string; to: string }[]>(
      `SELECT f.seller_tax_id AS seller, a.from_bureau_code AS "from", a.to_bureau_code AS "to"
         FROM audit.assist_requests a JOIN audit.findings f ON f.id = a.finding_id
        WHERE f.period = $1 AND f.category = 'CIRCULAR_TRADING' ORDER BY f.seller_tax_id`,
      [PERIOD],
    );
    expect(assists).toEqual(
      [
        { seller: b.taxId, from: BUREAUS.dongcheng, to: BUREAUS.tianhe },
        { seller: c.taxId, from: BUREAUS.tianhe, to: BUREAUS.dongcheng },
      ].sort((x, y) => (x.seller < y.seller ? -1 : 1)),
    );
    const [row] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit.findings
        WHERE period = $1 AND category = 'CIRCULAR_TRADING' AND state = 'active'`,
      [PERIOD],
    );
    expect(row.n).toBe(13);
  });

  it("counts a ring's claimed input towards ABNORMAL_INPUT_SHARE where the rule set lists CIRCULAR_TRADING", async () => {
    const shares = (runId: string) =>
      db.query<{ buyer: string; details: { share: number; invoices: { category: string }[] } }[]>(
        `SELECT buyer_tax_id AS buyer, details FROM audit.run_findings
          WHERE run_id = $1 AND partition = -1 AND category = 'ABNORMAL_INPUT_SHARE'`,
        [runId],
      );
    // not by default
    expect(await shares(run.id)).toEqual([]);
    const dry = await backtest(app, data.registry, PERIOD, 'rings count as abnormal input', (active) => ({
      ...active,
      abnormalInputShare: {
        ...active.abnormalInputShare,
        categories: [...active.abnormalInputShare.categories, 'CIRCULAR_TRADING'],
      },
    }));
    const share = await shares(dry.id);
    // every member of the three-member ring claimed its ring purchases, and nothing else
    expect(share.map((s) => s.buyer).sort()).toEqual(rings.three.map((m) => m.taxId).sort());
    expect(share.every((s) => s.details.share === 1)).toBe(true);
    expect(share.flatMap((s) => s.details.invoices.map((i) => i.category))).toEqual(
      Array(4).fill('CIRCULAR_TRADING'),
    );
  });

  it('judges the value-added band at its extremes (a dry run each): 0 keeps equal steps only, 1 every ring shape', async () => {
    const membersFound = async (maxValueAdded: number) => {
      const dry = await backtest(
        app,
        data.registry,
        PERIOD,
        `value-added band ${maxValueAdded}`,
        (active) => ({
          ...active,
          circularTrading: { ...active.circularTrading, maxValueAdded },
        }),
      );
      const rows = await db.query<{ seller: string }[]>(
        `SELECT seller_tax_id AS seller FROM audit.run_findings
          WHERE run_id = $1 AND partition = -1 AND category = 'CIRCULAR_TRADING'`,
        [dry.id],
      );
      return new Set(rows.map((r) => r.seller));
    };
    const all = (set: Set<string>, ring: TaxpayerFixture[]) => ring.every((m) => set.has(m.taxId));
    const none = (set: Set<string>, ring: TaxpayerFixture[]) => ring.every((m) => !set.has(m.taxId));
    // a band of 0 (the bucket width is kept above 0): only the ring of equal edges
    const exact = await membersFound(0);
    expect(all(exact, rings.five)).toBe(true);
    expect([rings.three, rings.two, rings.bandEdge].every((r) => none(exact, r))).toBe(true);
    // a band of 1 (no lower bound: one bucket): the 10 % steps and the fen past the band too
    const wide = await membersFound(1);
    for (const ring of [
      rings.three,
      rings.five,
      rings.two,
      rings.bandEdge,
      misses.valueAdded,
      misses.pastBandEdge,
    ]) {
      expect(all(wide, ring)).toBe(true);
    }
  });

  it("records the ring search's figures with the run", async () => {
    const [row] = await db.query<{ rules: { own: Record<string, Record<string, number | boolean>> } }[]>(
      `SELECT risk_rules AS rules FROM audit.runs WHERE id = $1`,
      [run.id],
    );
    expect(row.rules.own.CIRCULAR_TRADING).toMatchObject({
      rings: 4,
      truncated: false,
      ms: expect.any(Number),
      edgesMs: expect.any(Number),
      // read on a connection of its own while the finaliser judged 票表比对 and the rules before
      edgesWaitMs: expect.any(Number),
      searchMs: expect.any(Number),
    });
    // trimmed in SQL: of the edges of ¥100,000 or more, the 7-member cycle's and the
    // rings' could be on a ring; the 10 % steps, the fen past the band and the exchange could not
    expect(row.rules.own.CIRCULAR_TRADING.edges).toBe(3 + 5 + 2 + 3 + 7);
    expect(row.rules.own.GOODS_DIVERGENCE.ms).toEqual(expect.any(Number));
  });
});
