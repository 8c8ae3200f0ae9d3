import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditRun } from '@app/audit-runs';
import { makeResidentId } from '@app/domain';
import { BUREAUS, createTestApp, fileSettings } from '@app/testing';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import type { TaxpayerFixture } from '../factories/registry.factory';
import { RiskInputs } from './risk-inputs';
import { backtest, completedRun } from './risk-run';

/**
 * This file's settings (fileSettings): its own bull prefix, the in-process audit app
 * consumes it, no nightly schedule.
 */
const SETTINGS = fileSettings('affiliated-trade', {
  AUDIT_CONCURRENCY: '2',
  AUDIT_NIGHTLY: '0',
});

/**
 * AFFILIATED_TRADE (docs/risk-monitoring.md) on the real database through a real audit run:
 * a seller and a buyer sharing a legal representative, a holding company, a person two hops
 * from the seller, a phone; a seller held by its buyer; two companies holding each other; and what is not affiliated trade — a relation that ended before
 * the period, one that began after it, a trail of three hops, a shareholder below 25 %, an
 * affiliated pair that did not trade in the period. No other file audits this period.
 */
const PERIOD = '2011-06';
const D = (day: number, period = PERIOD): string => `${period}-${String(day).padStart(2, '0')}`;

interface Hop {
  taxId: string;
  role: string;
  name?: string;
  idNumber?: string;
  partyTaxId?: string;
  share?: string;
  value?: string;
}
interface RunFinding {
  seller: string;
  buyer: string;
  taxAtRisk: string;
  details: {
    trails: { node: string; seller: Hop[]; buyer: Hop[] }[];
    trailCount: number;
    invoiceCount: number;
    amount: string;
    taxAmount: string;
    invoices: { invoiceNumber: string; amount: string }[];
  };
}

let people = 0;
/** A person with a fresh, valid resident identity number. */
const person = (name: string) => ({
  name,
  idNumber: makeResidentId(`44010619800101${String(++people).padStart(3, '0')}`),
});

describe('AFFILIATED_TRADE', () => {
  let app: INestApplication;
  let db: DataSource;
  let data: RiskInputs;
  let run: AuditRun;
  let found: RunFinding[];
  const pairs: Record<string, [TaxpayerFixture, TaxpayerFixture]> = {};
  const misses: Record<string, [TaxpayerFixture, TaxpayerFixture]> = {};
  let holding: TaxpayerFixture;
  const SHARED = person('王芳');

  beforeAll(async () => {
    app = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = app.get(DataSource);
    data = new RiskInputs(db);
    const code = data.code(4);
    const pair = async (bureauCode: string = BUREAUS.tianhe): Promise<[TaxpayerFixture, TaxpayerFixture]> => [
      await data.taxpayer({ bureauCode: BUREAUS.tianhe }),
      await data.taxpayer({ bureauCode }),
    ];
    const sale = (seller: TaxpayerFixture, buyer: TaxpayerFixture, amount: string, day = D(10)) =>
      data.copy(code, seller, buyer, day, amount, (Number(amount) * 0.13).toFixed(2));
    const since = '2010-01-01';

    // A shared legal representative; two invoices.
    pairs.legalRep = await pair();
    const [s1, b1] = pairs.legalRep;
    await data.parties(s1, { legalRepresentative: SHARED }, since);
    await data.parties(b1, { legalRepresentative: { ...SHARED, name: '王 芳' } }, since);
    await sale(s1, b1, '300000.00', D(3));
    await sale(s1, b1, '200000.00', D(17));

    // A holding company registered as a taxpayer, 60 % of the seller and 30 % of the buyer
    // (in Beijing): the company is the shared node.
    holding = await data.taxpayer({ bureauCode: BUREAUS.dongcheng });
    pairs.holding = await pair(BUREAUS.dongcheng);
    const [s2, b2] = pairs.holding;
    await data.parties(
      s2,
      { shareholders: [{ name: '控股公司', taxId: holding.taxId, share: '0.6' }] },
      since,
    );
    await data.parties(
      b2,
      { shareholders: [{ name: '控股公司', taxId: holding.taxId, share: '0.3' }] },
      since,
    );
    await sale(s2, b2, '800000.00');

    // Two hops from the seller: its 40 % shareholder company's legal representative is the
    // buyer's finance officer.
    const twoHops = await data.taxpayer();
    const p3 = person('李强');
    pairs.twoHops = await pair();
    const [s3, b3] = pairs.twoHops;
    await data.parties(
      s3,
      { shareholders: [{ name: '中间公司', taxId: twoHops.taxId, share: '0.4' }] },
      since,
    );
    await data.parties(twoHops, { legalRepresentative: p3 }, since);
    await data.parties(b3, { financeOfficer: p3 }, since);
    await sale(s3, b3, '150000.00');

    // The same phone, typed differently.
    pairs.phone = await pair();
    const [s4, b4] = pairs.phone;
    await data.parties(s4, { phone: '020-8888 6666' }, since);
    await data.parties(b4, { phone: '02088886666' }, since);
    await sale(s4, b4, '50000.00');

    // The seller held by its buyer (40 %): the buyer is the company both reach, itself at 0 hops.
    pairs.heldByBuyer = await pair();
    const [s5, b5] = pairs.heldByBuyer;
    await data.parties(s5, { shareholders: [{ name: '买方', taxId: b5.taxId, share: '0.4' }] }, since);
    await sale(s5, b5, '70000.00');
    // Two companies holding each other (交叉持股): the walk ends, each reaching the other.
    pairs.crossHeld = await pair();
    const [s6, b6] = pairs.crossHeld;
    await data.parties(s6, { shareholders: [{ name: '乙', taxId: b6.taxId, share: '0.5' }] }, since);
    await data.parties(b6, { shareholders: [{ name: '甲', taxId: s6.taxId, share: '0.5' }] }, since);
    await sale(s6, b6, '90000.00');

    // Not affiliated trade.
    // The buyer's legal representative changed before the period.
    const p5 = person('张伟');
    misses.ended = await pair();
    await data.parties(misses.ended[0], { legalRepresentative: p5 }, since);
    await data.parties(misses.ended[1], { legalRepresentative: p5 }, since, '2011-05-20');
    await data.parties(misses.ended[1], { legalRepresentative: person('赵敏') }, '2011-05-20');
    await sale(misses.ended[0], misses.ended[1], '400000.00');
    // The relation began after the period.
    const p6 = person('陈静');
    misses.later = await pair();
    await data.parties(misses.later[0], { legalRepresentative: p6 }, since);
    await data.parties(misses.later[1], { legalRepresentative: p6 }, '2011-07-05');
    await sale(misses.later[0], misses.later[1], '400000.00');
    // Three hops from the seller: its shareholder's shareholder's legal representative.
    const [c7a, c7b] = [await data.taxpayer(), await data.taxpayer()];
    const p7 = person('刘洋');
    misses.threeHops = await pair();
    await data.parties(
      misses.threeHops[0],
      { shareholders: [{ name: '甲', taxId: c7a.taxId, share: '0.5' }] },
      since,
    );
    await data.parties(c7a, { shareholders: [{ name: '乙', taxId: c7b.taxId, share: '0.5' }] }, since);
    await data.parties(c7b, { legalRepresentative: p7 }, since);
    await data.parties(misses.threeHops[1], { legalRepresentative: p7 }, since);
    await sale(misses.threeHops[0], misses.threeHops[1], '400000.00');
    // A shareholder of 20 %.
    const p8 = person('杨洁');
    misses.smallShare = await pair();
    await data.parties(misses.smallShare[0], { shareholders: [{ ...p8, share: '0.2' }] }, since);
    await data.parties(misses.smallShare[1], { legalRepresentative: p8 }, since);
    await sale(misses.smallShare[0], misses.smallShare[1], '400000.00');
    // A registered agent's address (集中登记地), shared by 51 taxpayers, more than the 50 one
    // party may relate: two of them trading are not affiliated by it.
    misses.agentAddress = await pair();
    const tenants = [...misses.agentAddress];
    while (tenants.length < 51) tenants.push(await data.taxpayer());
    for (const t of tenants) await data.parties(t, { address: '广州市天河区商务秘书中心 1808 室' }, since);
    await sale(misses.agentAddress[0], misses.agentAddress[1], '300000.00');
    // Affiliated, but their trade was in the period before.
    const p9 = person('黄磊');
    misses.noTrade = await pair();
    await data.parties(misses.noTrade[0], { legalRepresentative: p9 }, since);
    await data.parties(misses.noTrade[1], { legalRepresentative: p9 }, since);
    await sale(misses.noTrade[0], misses.noTrade[1], '400000.00', D(28, '2011-05'));

    run = await completedRun(app, PERIOD);
    found = await db.query<RunFinding[]>(
      `SELECT seller_tax_id AS seller, buyer_tax_id AS buyer, tax_at_risk AS "taxAtRisk", details
         FROM audit.run_findings WHERE run_id = $1 AND category = 'AFFILIATED_TRADE'`,
      [run.id],
    );
  }, 180_000);

  afterAll(() => app.close());

  const of = ([seller, buyer]: [TaxpayerFixture, TaxpayerFixture]) =>
    found.filter((f) => f.seller === seller.taxId && f.buyer === buyer.taxId);

  it('finds the pairs sharing a legal representative, a holding company, a person two hops off, a phone, a shareholding', () => {
    for (const [name, p] of Object.entries(pairs)) expect([name, of(p).length]).toEqual([name, 1]);
    expect(found).toHaveLength(Object.keys(pairs).length);
  });

  it('does not take an ended or later relation, a trail of three hops, a 20 % share, a registered agent, or no trade in the period', () => {
    for (const [name, p] of Object.entries(misses)) expect([name, of(p).length]).toEqual([name, 0]);
  });

  it('explains each finding by its trails, with masked identity numbers, and its invoices', () => {
    const [s1, b1] = pairs.legalRep;
    const [legalRep] = of(pairs.legalRep);
    expect(legalRep.taxAtRisk).toBe('65000.00');
    expect(legalRep.details).toMatchObject({ invoiceCount: 2, amount: '500000.00', taxAmount: '65000.00' });
    expect(legalRep.details.invoices.map((i) => i.amount)).toEqual(['300000.00', '200000.00']);
    expect(legalRep.details.trails).toHaveLength(1);
    const masked = `**************${SHARED.idNumber.slice(-4)}`;
    expect(legalRep.details.trails[0]).toMatchObject({
      seller: [{ taxId: s1.taxId, role: 'legal_representative', name: '王芳', idNumber: masked }],
      buyer: [{ taxId: b1.taxId, role: 'legal_representative', name: '王 芳', idNumber: masked }],
    });
    expect(JSON.stringify(found)).not.toContain(SHARED.idNumber);

    const [s2, b2] = pairs.holding;
    expect(of(pairs.holding)[0].details.trails).toEqual([
      {
        node: `taxpayer:${holding.taxId}`,
        seller: [
          { taxId: s2.taxId, role: 'shareholder', name: '控股公司', partyTaxId: holding.taxId, share: '0.6' },
        ],
        buyer: [
          { taxId: b2.taxId, role: 'shareholder', name: '控股公司', partyTaxId: holding.taxId, share: '0.3' },
        ],
      },
    ]);

    const [s3, b3] = pairs.twoHops;
    const [trail] = of(pairs.twoHops)[0].details.trails;
    expect(trail.seller.map((h) => [h.taxId === s3.taxId, h.role])).toEqual([
      [true, 'shareholder'],
      [false, 'legal_representative'],
    ]);
    expect(trail.buyer.map((h) => [h.taxId, h.role])).toEqual([[b3.taxId, 'finance_officer']]);

    const [held] = of(pairs.heldByBuyer)[0].details.trails;
    expect(held).toEqual({
      node: `taxpayer:${pairs.heldByBuyer[1].taxId}`,
      seller: [
        {
          taxId: pairs.heldByBuyer[0].taxId,
          role: 'shareholder',
          name: '买方',
          partyTaxId: pairs.heldByBuyer[1].taxId,
          share: '0.4',
        },
      ],
      buyer: [],
    });

    const [phone] = of(pairs.phone)[0].details.trails;
    expect(phone.seller).toEqual([{ taxId: pairs.phone[0].taxId, role: 'phone', value: '020-8888 6666' }]);
  });

  it('publishes the findings to both parties, with 协查 where they are in different provinces', async () => {
    const [s2, b2] = pairs.holding;
    const assists = await db.query<{ from: string; to: string }[]>(
      `SELECT a.from_bureau_code AS "from", a.to_bureau_code AS "to"
         FROM audit.assist_requests a JOIN audit.findings f ON f.id = a.finding_id
        WHERE f.period = $1 AND f.category = 'AFFILIATED_TRADE' AND f.seller_tax_id = $2 AND f.buyer_tax_id = $3`,
      [PERIOD, s2.taxId, b2.taxId],
    );
    expect(assists.length).toBeGreaterThan(0);
    const [row] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit.findings
        WHERE period = $1 AND category = 'AFFILIATED_TRADE' AND state = 'active'`,
      [PERIOD],
    );
    expect(row.n).toBe(Object.keys(pairs).length);
  });

  it('relates no pair through a party more taxpayers reach than the rule set allows (a dry run)', async () => {
    // the holding company reaches itself and the two it holds: three
    const dry = await backtest(app, data.registry, PERIOD, 'two taxpayers a party', (active) => ({
      ...active,
      affiliatedTrade: { ...active.affiliatedTrade, maxTaxpayersPerParty: 2 },
    }));
    const rows = await db.query<{ seller: string; buyer: string }[]>(
      `SELECT seller_tax_id AS seller, buyer_tax_id AS buyer FROM audit.run_findings
        WHERE run_id = $1 AND partition = -1 AND category = 'AFFILIATED_TRADE'`,
      [dry.id],
    );
    const [s2, b2] = pairs.holding;
    expect(rows.some((r) => r.seller === s2.taxId && r.buyer === b2.taxId)).toBe(false);
    const [s1, b1] = pairs.legalRep;
    expect(rows.some((r) => r.seller === s1.taxId && r.buyer === b1.taxId)).toBe(true);
  });

  it('reaches three hops where the rule set allows them (a dry run)', async () => {
    const dry = await backtest(app, data.registry, PERIOD, 'three hops', (active) => ({
      ...active,
      affiliatedTrade: { ...active.affiliatedTrade, maxHops: 3 },
    }));
    const [s, b] = misses.threeHops;
    const rows = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit.run_findings
        WHERE run_id = $1 AND partition = -1 AND category = 'AFFILIATED_TRADE'
          AND seller_tax_id = $2 AND buyer_tax_id = $3`,
      [dry.id, s.taxId, b.taxId],
    );
    expect(rows[0].n).toBe(1);
  });
});
