import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RuleSetsRepository, type AuditRun } from '@app/audit-runs';
import { DEFAULT_RULE_SET, FINDING_SUBJECTS, type FindingCategory, riskScore } from '@app/domain';
import { BUREAUS, createTestApp, fileSettings } from '@app/testing';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import type { TaxpayerFixture } from '../factories/registry.factory';
import { RiskInputs } from './risk-inputs';
import { completedRun } from './risk-run';

/**
 * This file's settings (fileSettings): its own bull prefix, the in-process audit app
 * consumes it, no nightly schedule.
 */
const SETTINGS = fileSettings('risk-rules', {
  AUDIT_CONCURRENCY: '2',
  AUDIT_NIGHTLY: '0',
});

/**
 * The five risk rules (docs/risk-monitoring.md) on the real database through a real audit
 * run: for each, a taxpayer that just meets the rule and one that just misses it, at the
 * threshold that decides. Then the scores the run left, and a back-test of a looser rule
 * set, which must leave every live row as it was.
 */
const PERIOD = '2016-05';
const D = (day: number): string => `${PERIOD}-${String(day).padStart(2, '0')}`;

interface RunFinding {
  category: FindingCategory;
  seller: string | null;
  buyer: string | null;
  invoiceNumber: string | null;
  taxAtRisk: string;
  details: Record<string, unknown>;
}

describe('risk rules', () => {
  let app: INestApplication;
  let db: DataSource;
  let data: RiskInputs;
  let run: AuditRun;
  let found: RunFinding[];
  const t: Record<string, TaxpayerFixture> = {};
  let absconded: { inWindow: string; late: string };

  beforeAll(async () => {
    app = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = app.get(DataSource);
    data = new RiskInputs(db);
    const buyer = await data.taxpayer({ bureauCode: BUREAUS.futian });
    t.buyer = buyer;

    // CAP_EDGE_ISSUANCE: cap 100,000 (version 2); 95 % is 95,000.00.
    const edge = async (seller: TaxpayerFixture, atEdge: number, below: number, amount = '95000.00') => {
      const code = data.code(2);
      for (let i = 0; i < atEdge; i++) await data.copy(code, seller, buyer, D(3), amount, '12350.00');
      for (let i = 0; i < below; i++) await data.copy(code, seller, buyer, D(4), '50000.00', '6500.00');
    };
    t.capEdge = await data.taxpayer({ bureauCode: BUREAUS.tianhe });
    await edge(t.capEdge, 10, 6); // 10 at the edge, 10/16 = 62.5 %
    t.capFewer = await data.taxpayer({ bureauCode: BUREAUS.tianhe });
    await edge(t.capFewer, 9, 0); // 9 < 10
    t.capShare = await data.taxpayer({ bureauCode: BUREAUS.tianhe });
    await edge(t.capShare, 10, 7); // 10/17 = 58.8 % < 60 %
    t.capBelow = await data.taxpayer({ bureauCode: BUREAUS.tianhe });
    await edge(t.capBelow, 10, 0, '94999.99'); // a cent below 95 %

    // NEW_ENTITY_BURST: the period ends 2016-05-31; 89 days before is 03-03.
    const special = (seller: TaxpayerFixture, amount: string) =>
      data.copy(data.code(4), seller, buyer, D(10), amount, '0.00');
    t.newBig = await data.taxpayer({ bureauCode: BUREAUS.tianhe, registeredOn: '2016-03-03' });
    await special(t.newBig, '5000000.01');
    t.oldBig = await data.taxpayer({ bureauCode: BUREAUS.tianhe, registeredOn: '2016-03-02' });
    await special(t.oldBig, '6000000.00');
    t.newExactly = await data.taxpayer({ bureauCode: BUREAUS.tianhe, registeredOn: '2016-05-01' });
    await special(t.newExactly, '5000000.00');
    const numbers = async (seller: TaxpayerFixture, used: number) => {
      const code = data.code(1);
      const range = await data.registry.numberRange(seller.taxId, code, 10);
      for (let n = 0; n < used; n++) {
        await data.inputs.sellerCopy({
          invoiceCode: code,
          invoiceNumber: String(range.start + n).padStart(8, '0'),
          sellerTaxId: seller.taxId,
          buyerTaxId: buyer.taxId,
          issueDate: D(12),
          amount: '100.00',
          taxAmount: '13.00',
        });
      }
    };
    t.newNumbers = await data.taxpayer({ bureauCode: BUREAUS.tianhe, registeredOn: '2016-04-01' });
    await numbers(t.newNumbers, 8); // 8 of 10 = 80 %
    t.newFewNumbers = await data.taxpayer({ bureauCode: BUREAUS.tianhe, registeredOn: '2016-04-01' });
    await numbers(t.newFewNumbers, 7);

    // GOODS_DIVERGENCE: sells chapter 10301 (grain), bought 10701 (steel) two periods back.
    const line = (taxCode: string | undefined, amount: string) => ({
      ...(taxCode ? { taxCode: `${taxCode}00000000000000` } : {}),
      amount,
      taxAmount: (Math.round(Number(amount) * 13) / 100).toFixed(2),
    });
    const supplier = await data.taxpayer({ bureauCode: BUREAUS.yuexiu, industry: 'C3120' });
    const trader = async (
      industry: string,
      sales: ReturnType<typeof line>[],
      bought: ReturnType<typeof line>[],
    ) => {
      const tp = await data.taxpayer({ bureauCode: BUREAUS.tianhe, industry });
      await data.invoice(tp, buyer, D(15), sales);
      await data.invoice(supplier, tp, '2016-03-20', bought);
      return tp;
    };
    t.diverges = await trader('F5174', [line('10301', '1000000.00')], [line('10701', '900000.00')]);
    t.divergesSmall = await trader('F5174', [line('10301', '999999.99')], [line('10701', '900000.00')]);
    t.manufacturer = await trader('C3130', [line('10301', '1000000.00')], [line('10701', '900000.00')]);
    t.mostlyBought = await trader(
      'F51',
      [line('10301', '790000.00'), line('10701', '210000.00')],
      [line('10701', '900000.00')],
    ); // 79 % divergent
    t.unknownSales = await trader(
      'F',
      [line('10301', '499999.99'), line(undefined, '500000.01')],
      [line('10701', '900000.00')],
    ); // more than half unknown
    // Offline copies count as chapter 'unknown', on both sides: sold in the period, bought in
    // the window (the partition jobs sum them per taxpayer).
    const offlineSale = async (amount: string) => {
      const tp = await trader('F5174', [line('10301', '1000000.00')], [line('10701', '900000.00')]);
      await data.copy(data.code(4), tp, buyer, D(16), amount, '0.00');
      return tp;
    };
    t.offlineSaleAt80 = await offlineSale('250000.00'); // divergent 1,000,000 of 1,250,000: 80 %
    t.offlineSaleBelow80 = await offlineSale('250000.01');
    const offlinePurchase = async (amount: string, issueDate: string) => {
      const tp = await trader('F5174', [line('10301', '1000000.00')], [line('10701', '900000.00')]);
      await data.copy(data.code(4), supplier, tp, issueDate, amount, '0.00');
      return tp;
    };
    t.offlineBoughtHalf = await offlinePurchase('900000.00', '2016-03-21'); // 50 % unknown: judged
    t.offlineBoughtMore = await offlinePurchase('900000.01', '2016-03-21'); // more than half: not
    t.offlineBoughtEarlier = await offlinePurchase('900000.01', '2016-01-21'); // outside the window

    // ABSCONDED_SELLER_INPUT: set abnormal 2016-11-06 = 05-10 + 180 days; 05-09 is 181 days.
    // ABNORMAL_INPUT_SHARE: 70 % and above ¥50,000 of accepted input tax.
    t.absconder = await data.taxpayer({ bureauCode: BUREAUS.dongcheng });
    const honest = await data.taxpayer({ bureauCode: BUREAUS.futian });
    const absCode = data.code(4);
    const cleanCode = data.code(4);
    const inputs = async (abnormalTax: string, cleanTax: string, issueDate = D(10)) => {
      const b = await data.taxpayer({ bureauCode: BUREAUS.futian });
      const n = await data.copy(absCode, t.absconder, b, issueDate, '500000.00', abnormalTax, PERIOD);
      if (cleanTax !== '0') await data.copy(cleanCode, honest, b, D(11), '200000.00', cleanTax, PERIOD);
      return { b, n };
    };
    const a = await inputs('70000.00', '30000.00'); // exactly 70 %
    t.shareBuyer = a.b;
    t.shareAtMinTax = (await inputs('50000.00', '0')).b; // 100 %, but not above ¥50,000
    t.shareBelow = (await inputs('69999.99', '30000.01')).b; // 69.99 %
    const late = await inputs('13.00', '0', D(9)); // 181 days before the change
    t.lateBuyer = late.b;
    absconded = { inWindow: a.n, late: late.n };
    await data.setAbnormal(t.absconder, '2016-11-06');

    run = await audit();
    found = await db.query<RunFinding[]>(
      `SELECT category, seller_tax_id AS seller, buyer_tax_id AS buyer, invoice_number AS "invoiceNumber",
              tax_at_risk AS "taxAtRisk", details
         FROM audit.run_findings WHERE run_id = $1 AND category = ANY ($2)`,
      [
        run.id,
        [
          'CAP_EDGE_ISSUANCE',
          'NEW_ENTITY_BURST',
          'GOODS_DIVERGENCE',
          'ABSCONDED_SELLER_INPUT',
          'ABNORMAL_INPUT_SHARE',
        ],
      ],
    );
  }, 180_000);

  afterAll(() => app.close());

  const audit = (options: { dryRun?: boolean; ruleSetVersion?: number } = {}): Promise<AuditRun> =>
    completedRun(app, PERIOD, options);

  const of = (category: FindingCategory) => found.filter((f) => f.category === category);
  const subjects = (category: FindingCategory) =>
    of(category)
      .map((f) => (FINDING_SUBJECTS[category] === 'buyer' ? f.buyer : f.seller))
      .sort();

  it('CAP_EDGE_ISSUANCE: 10 invoices at 95 % of the cap and 62.5 % of all; not 9, not 58.8 %, not a cent below', () => {
    expect(subjects('CAP_EDGE_ISSUANCE')).toEqual([t.capEdge.taxId]);
    const [f] = of('CAP_EDGE_ISSUANCE');
    expect(f.taxAtRisk).toBe('123500.00');
    expect(f.details).toMatchObject({
      invoices: 16,
      edgeInvoices: 10,
      share: 0.625,
      thresholds: { minInvoices: 10, minShare: 0.6, capFraction: 0.95 },
    });
    expect(f.details.largest).toHaveLength(10);
    expect((f.details.largest as { cap: string; amount: string }[])[0]).toMatchObject({
      cap: '100000',
      amount: '95000.00',
    });
  });

  it('NEW_ENTITY_BURST: registered 89 days before the period ends with more than ¥5,000,000, or 80 % of its numbers used', () => {
    expect(subjects('NEW_ENTITY_BURST')).toEqual([t.newBig.taxId, t.newNumbers.taxId].sort());
    const big = of('NEW_ENTITY_BURST').find((f) => f.seller === t.newBig.taxId)!;
    expect(big.details).toMatchObject({
      registeredOn: '2016-03-03',
      ageDays: 89,
      specialAmount: '5000000.01',
      triggeredBy: ['amount'],
    });
    const numbers = of('NEW_ENTITY_BURST').find((f) => f.seller === t.newNumbers.taxId)!;
    expect(numbers.details).toMatchObject({
      allocatedNumbers: 10,
      usedNumbers: 8,
      rangeUsedShare: 0.8,
      triggeredBy: ['numbers'],
    });
  });

  it('GOODS_DIVERGENCE: a trader selling ¥1,000,000 of what it never bought; not a cent less, not a manufacturer, not 79 %, not mostly unknown', () => {
    expect(subjects('GOODS_DIVERGENCE')).toEqual(
      [t.diverges, t.offlineSaleAt80, t.offlineBoughtHalf, t.offlineBoughtEarlier].map((x) => x.taxId).sort(),
    );
    const [f] = of('GOODS_DIVERGENCE').filter((x) => x.seller === t.diverges.taxId);
    expect(f.taxAtRisk).toBe('130000.00');
    expect(f.details).toMatchObject({
      industry: 'F5174',
      salesAmount: '1000000.00',
      purchasesAmount: '900000.00',
      divergentShare: 1,
      topSalesChapters: [{ chapter: '10301', amount: '1000000.00' }],
      topPurchaseChapters: [{ chapter: '10701', amount: '900000.00' }],
    });
  });

  it("GOODS_DIVERGENCE: offline copies are chapter 'unknown', sold in the period and bought in the window", () => {
    const details = (tp: TaxpayerFixture) =>
      of('GOODS_DIVERGENCE').find((x) => x.seller === tp.taxId)!.details;
    expect(details(t.offlineSaleAt80)).toMatchObject({
      salesAmount: '1250000.00',
      divergentShare: 0.8,
      unknownSalesShare: 0.2,
      topSalesChapters: [
        { chapter: '10301', amount: '1000000.00' },
        { chapter: 'unknown', amount: '250000.00' },
      ],
    });
    expect(details(t.offlineBoughtHalf)).toMatchObject({
      purchasesAmount: '1800000.00',
      unknownPurchasesShare: 0.5,
      topPurchaseChapters: [
        { chapter: '10701', amount: '900000.00' },
        { chapter: 'unknown', amount: '900000.00' },
      ],
    });
    // bought four periods back: outside the default window of two
    expect(details(t.offlineBoughtEarlier)).toMatchObject({
      purchasesAmount: '900000.00',
      unknownPurchasesShare: 0,
    });
    const subjectsNow = subjects('GOODS_DIVERGENCE');
    expect(subjectsNow).not.toContain(t.offlineSaleBelow80.taxId);
    expect(subjectsNow).not.toContain(t.offlineBoughtMore.taxId);
  });

  it('ABSCONDED_SELLER_INPUT: one finding per claimed invoice of the seller set abnormal within 180 days; not 181', () => {
    const findings = of('ABSCONDED_SELLER_INPUT');
    expect(findings.map((f) => f.buyer).sort()).toEqual(
      [t.shareBuyer.taxId, t.shareAtMinTax.taxId, t.shareBelow.taxId].sort(),
    );
    expect(findings.every((f) => f.seller === t.absconder.taxId)).toBe(true);
    expect(findings.map((f) => f.invoiceNumber)).not.toContain(absconded.late);
    const inWindow = findings.find((f) => f.invoiceNumber === absconded.inWindow)!;
    expect(inWindow.taxAtRisk).toBe('70000.00');
    expect(inWindow.details).toMatchObject({
      issueDate: '2016-05-10',
      daysAfterIssue: 180,
      reason: '查无下落',
    });
  });

  it('ABNORMAL_INPUT_SHARE: 70 % of accepted input tax and above ¥50,000; not ¥50,000.00, not 69.99 %', () => {
    expect(subjects('ABNORMAL_INPUT_SHARE')).toEqual([t.shareBuyer.taxId]);
    const [f] = of('ABNORMAL_INPUT_SHARE');
    expect(f.taxAtRisk).toBe('70000.00');
    expect(f.details).toMatchObject({
      acceptedInputTax: '100000.00',
      abnormalInputTax: '70000.00',
      share: 0.7,
    });
  });

  it('the run publishes them as findings, routed to both parties, with assist requests across provinces', async () => {
    const [row] = await db.query<{ n: number; assists: number }[]>(
      `SELECT count(*)::int AS n,
              (SELECT count(*)::int FROM audit.assist_requests a
                 JOIN audit.findings f2 ON f2.id = a.finding_id
                WHERE f2.period = $1 AND f2.category = 'ABSCONDED_SELLER_INPUT') AS assists
         FROM audit.findings f WHERE f.period = $1 AND f.state = 'active' AND f.category = ANY ($2)`,
      [
        PERIOD,
        [
          'CAP_EDGE_ISSUANCE',
          'NEW_ENTITY_BURST',
          'GOODS_DIVERGENCE',
          'ABSCONDED_SELLER_INPUT',
          'ABNORMAL_INPUT_SHARE',
        ],
      ],
    );
    expect(row.n).toBe(found.length);
    // Beijing seller, Guangdong buyers: each absconded-seller finding asks Beijing.
    expect(row.assists).toBe(of('ABSCONDED_SELLER_INPUT').length);
    expect(run.riskMs).toEqual(expect.any(Number));
    expect(run.ruleVersion).toBe((await app.get(RuleSetsRepository).active()).version);
  });

  it('scores every taxpayer the subject of an active finding, as riskScore does', async () => {
    const findings = await db.query<
      { category: FindingCategory; seller: string | null; buyer: string | null }[]
    >(
      `SELECT category, seller_tax_id AS seller, buyer_tax_id AS buyer FROM audit.findings
        WHERE period = $1 AND state = 'active'`,
      [PERIOD],
    );
    const counts = new Map<string, Partial<Record<FindingCategory, number>>>();
    for (const f of findings) {
      const subject = FINDING_SUBJECTS[f.category];
      for (const taxId of [subject !== 'buyer' ? f.seller : null, subject !== 'seller' ? f.buyer : null]) {
        if (!taxId) continue;
        const c = counts.get(taxId) ?? {};
        c[f.category] = (c[f.category] ?? 0) + 1;
        counts.set(taxId, c);
      }
    }
    const stored = await db.query<{ taxId: string; score: number; parts: unknown }[]>(
      `SELECT r.tax_id AS "taxId", score, parts FROM audit.taxpayer_risk r
         JOIN registry.taxpayers t USING (tax_id) WHERE period = $1`,
      [PERIOD],
    );
    const registered = new Set(stored.map((s) => s.taxId));
    expect(stored.length).toBeGreaterThan(10);
    for (const s of stored) {
      const expected = riskScore(counts.get(s.taxId) ?? {}, DEFAULT_RULE_SET.weights);
      expect({ taxId: s.taxId, score: s.score, parts: s.parts }).toEqual({ taxId: s.taxId, ...expected });
    }
    // Every subject registered here has a row.
    for (const taxId of counts.keys()) {
      const [known] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM registry.taxpayers WHERE tax_id = $1`,
        [taxId],
      );
      if (known.n === 1) expect(registered.has(taxId)).toBe(true);
    }
    // The cap-edge issuer: 25 points; the absconded seller's 70 % buyer: 40 + 10.
    expect(stored.find((s) => s.taxId === t.capEdge.taxId)?.score).toBe(25);
    expect(stored.find((s) => s.taxId === t.shareBuyer.taxId)?.score).toBe(50);
  });

  it('back-tests a looser rule set without changing a live row, and counts what would appear', async () => {
    // This file's period only: other files audit theirs meanwhile.
    // (ordered: a UNION ALL's branches may come back in any order, e.g. from a parallel append)
    const snapshot = () =>
      db.query<{ t: string; digest: string }[]>(
        `SELECT 'findings' AS t, md5(coalesce(string_agg(f::text, '|' ORDER BY f.id), '')) AS digest
           FROM audit.findings f WHERE f.period = $1
         UNION ALL SELECT 'events', md5(coalesce(string_agg(e::text, '|' ORDER BY e.id), ''))
           FROM audit.finding_events e JOIN audit.findings f ON f.id = e.finding_id WHERE f.period = $1
         UNION ALL SELECT 'rollups', md5(coalesce(string_agg(r::text, '|' ORDER BY r.bureau_code, r.category), ''))
           FROM audit.rollups r WHERE r.period = $1
         UNION ALL SELECT 'assists', md5(coalesce(string_agg(a::text, '|' ORDER BY a.id), ''))
           FROM audit.assist_requests a WHERE a.period = $1
         UNION ALL SELECT 'risk', md5(coalesce(string_agg(k::text, '|' ORDER BY k.tax_id), ''))
           FROM audit.taxpayer_risk k WHERE k.period = $1
         ORDER BY t`,
        [PERIOD],
      );
    const before = await snapshot();
    const ruleSets = app.get(RuleSetsRepository);
    const active = await ruleSets.active();
    const candidate = await ruleSets.create(
      {
        ...active.parameters,
        capEdge: { ...active.parameters.capEdge, minShare: 0.55 },
        abnormalInputShare: { ...active.parameters.abnormalInputShare, minTax: '49999.99' },
        // four periods back: the offline purchase of offlineBoughtEarlier now counts (January:
        // no other file audits it, so its unclaimed copy is nobody else's finding)
        goodsDivergence: { ...active.parameters.goodsDivergence, lookbackPeriods: 4 },
      },
      'looser',
      await data.registry.systemOfficer(),
    );
    const dry = await audit({ dryRun: true, ruleSetVersion: candidate.version });
    expect(await snapshot()).toEqual(before);
    expect(dry).toMatchObject({
      dryRun: true,
      publishes: false,
      ruleVersion: candidate.version,
      baselineRuleVersion: active.version,
    });
    expect(dry.backtest).toMatchObject({
      candidateVersion: candidate.version,
      baselineVersion: active.version,
      categories: {
        CAP_EDGE_ISSUANCE: { appear: 1, disappear: 0, candidate: { findings: 2 }, baseline: { findings: 1 } },
        ABNORMAL_INPUT_SHARE: {
          appear: 1,
          disappear: 0,
          candidate: { findings: 2, taxAtRisk: '120000.00' },
          baseline: { findings: 1, taxAtRisk: '70000.00' },
        },
        GOODS_DIVERGENCE: { appear: 0, disappear: 1, candidate: { findings: 3 }, baseline: { findings: 4 } },
      },
    });
    // Still the active version's: a dry run activates nothing.
    expect((await ruleSets.active()).version).toBe(active.version);
  });
});
