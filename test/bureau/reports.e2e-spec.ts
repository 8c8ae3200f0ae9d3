import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bureauScopePrefix, FINDING_CATEGORIES, periodOf, todayIn } from '@app/domain';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { ReportsRepository } from '../../apps/bureau/src/reports/reports.repository';
import {
  BUREAUS,
  createTestApp,
  FindingsFactory,
  officerToken,
  RegistryFactory,
  RollupsFactory,
  type TaxpayerFixture,
} from '@app/testing';

/**
 * Drill-down and trend reports. The roll-ups are written as the audit engine would leave
 * them for these findings (each counted once per bureau that has a party under it); the
 * findings themselves are only read for the taxpayer rows. The periods 2011-12 and
 * 2012-xx are this file's own: the database is shared with the other test files.
 *
 * Findings of PERIOD (A, B, C, D in Tianhe; Y in Yuexiu; F in Futian; G, H in Dongguan;
 * K in Dongcheng):
 *   A→B FIELD_MISMATCH 100.00 · A→A DUPLICATE_CLAIM 50.00 (one taxpayer both sides)
 *   A→F OVERSTATED_CLAIM 20.00 · B UNDER_DECLARED 30.00 (per taxpayer) · Y→A FORGED 5.00
 *   D→K FORGED 900.00 · G→H FIELD_MISMATCH 77.00 · G UNDER_DECLARED 12.00
 * and, not counted: A→B FIELD_MISMATCH 1000.00 resolved, A→B 7.00 of another period.
 */
const PERIOD = '2012-06';
const OTHER_PERIOD = '2012-07';

type Figures = Record<string, [findings: number, taxAtRisk: string]>;

/** The roll-ups of PERIOD, per bureau. */
const ROLLUPS: [bureau: string, figures: Figures][] = [
  [
    BUREAUS.national,
    {
      FIELD_MISMATCH: [2, '177.00'],
      DUPLICATE_CLAIM: [1, '50.00'],
      OVERSTATED_CLAIM: [1, '20.00'],
      UNDER_DECLARED: [2, '42.00'],
      FORGED: [2, '905.00'],
    },
  ],
  [
    BUREAUS.guangdong,
    {
      FIELD_MISMATCH: [2, '177.00'],
      DUPLICATE_CLAIM: [1, '50.00'],
      OVERSTATED_CLAIM: [1, '20.00'],
      UNDER_DECLARED: [2, '42.00'],
      FORGED: [2, '905.00'],
    },
  ],
  [
    BUREAUS.guangzhou,
    {
      FIELD_MISMATCH: [1, '100.00'],
      DUPLICATE_CLAIM: [1, '50.00'],
      OVERSTATED_CLAIM: [1, '20.00'],
      UNDER_DECLARED: [1, '30.00'],
      FORGED: [2, '905.00'],
    },
  ],
  [
    BUREAUS.tianhe,
    {
      FIELD_MISMATCH: [1, '100.00'],
      DUPLICATE_CLAIM: [1, '50.00'],
      OVERSTATED_CLAIM: [1, '20.00'],
      UNDER_DECLARED: [1, '30.00'],
      FORGED: [2, '905.00'],
    },
  ],
  [BUREAUS.yuexiu, { FORGED: [1, '5.00'] }],
  [BUREAUS.shenzhen, { OVERSTATED_CLAIM: [1, '20.00'] }],
  [BUREAUS.futian, { OVERSTATED_CLAIM: [1, '20.00'] }],
  [BUREAUS.dongguan, { FIELD_MISMATCH: [1, '77.00'], UNDER_DECLARED: [1, '12.00'] }],
  [BUREAUS.beijing, { FORGED: [1, '900.00'] }],
  [BUREAUS.beijingCity, { FORGED: [1, '900.00'] }],
  [BUREAUS.dongcheng, { FORGED: [1, '900.00'] }],
];

/** Guangzhou's roll-ups of other periods, for the trend. */
const GUANGZHOU_TREND: [period: string, figures: Figures][] = [
  ['2011-12', { FIELD_MISMATCH: [2, '10.00'] }],
  ['2012-03', { FORGED: [1, '3.50'] }],
  ['2012-12', { UNCLAIMED: [4, '40.40'], FIELD_MISMATCH: [1, '0.60'] }],
];

interface FiguresBody {
  counts: Record<string, number>;
  taxAtRisk: Record<string, string>;
  totalFindings: number;
  totalTaxAtRisk: string;
}
interface RowBody extends FiguresBody {
  code: string;
  name: string;
  level: string;
}
interface SummaryBody {
  bureau: { code: string; name: string; level: string };
  period: string;
  totals: FiguresBody;
  items: RowBody[];
  truncated: boolean;
}
interface TrendBody {
  bureau: { code: string; name: string; level: string };
  items: (FiguresBody & { period: string })[];
}

/** A row reduced to what the assertions compare: code, total findings, total tax at risk. */
const brief = (r: RowBody): [string, number, string] => [r.code, r.totalFindings, r.totalTaxAtRisk];

describe('reports: GET /v1/reports/summary, GET /v1/reports/trend', () => {
  let app: INestApplication;
  let db: DataSource;
  let a: TaxpayerFixture;
  let b: TaxpayerFixture;
  let d: TaxpayerFixture;
  let g: TaxpayerFixture;
  let h: TaxpayerFixture;
  const t = {} as Record<
    'national' | 'guangdong' | 'guangzhou' | 'tianhe' | 'tianheAuditor' | 'dongguan',
    string
  >;

  const get = (token: string | null, path: string, query: Record<string, string | number> = {}) => {
    const req = request(app.getHttpServer()).get(path).query(query);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  const summary = async (token: string, query: Record<string, string | number>): Promise<SummaryBody> =>
    (await get(token, '/v1/reports/summary', query).expect(200)).body as SummaryBody;
  const trend = async (token: string, query: Record<string, string | number>): Promise<TrendBody> =>
    (await get(token, '/v1/reports/trend', query).expect(200)).body as TrendBody;

  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    db = app.get(DataSource);

    t.national = await officerToken(app, BUREAUS.national, 'reviewer');
    t.guangdong = await officerToken(app, BUREAUS.guangdong, 'reviewer');
    t.guangzhou = await officerToken(app, BUREAUS.guangzhou, 'admin');
    t.tianhe = await officerToken(app, BUREAUS.tianhe, 'reviewer');
    t.tianheAuditor = await officerToken(app, BUREAUS.tianhe, 'auditor');
    t.dongguan = await officerToken(app, BUREAUS.dongguan, 'reviewer');

    const registry = new RegistryFactory(db);
    a = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    b = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    await registry.taxpayer({ bureauCode: BUREAUS.tianhe }); // C: no findings, no row
    d = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    const y = await registry.taxpayer({ bureauCode: BUREAUS.yuexiu });
    const f = await registry.taxpayer({ bureauCode: BUREAUS.futian });
    g = await registry.taxpayer({ bureauCode: BUREAUS.dongguan });
    h = await registry.taxpayer({ bureauCode: BUREAUS.dongguan });
    const k = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });

    const findings = new FindingsFactory(db);
    const period = PERIOD;
    await findings.finding({ period, seller: a, buyer: b, category: 'FIELD_MISMATCH', taxAtRisk: '100.00' });
    await findings.finding({ period, seller: a, buyer: a, category: 'DUPLICATE_CLAIM', taxAtRisk: '50.00' });
    await findings.finding({ period, seller: a, buyer: f, category: 'OVERSTATED_CLAIM', taxAtRisk: '20.00' });
    await findings.finding({
      period,
      seller: b,
      category: 'UNDER_DECLARED',
      taxAtRisk: '30.00',
      perTaxpayer: true,
    });
    await findings.finding({ period, seller: y, buyer: a, category: 'FORGED', taxAtRisk: '5.00' });
    await findings.finding({ period, seller: d, buyer: k, category: 'FORGED', taxAtRisk: '900.00' });
    await findings.finding({ period, seller: g, buyer: h, category: 'FIELD_MISMATCH', taxAtRisk: '77.00' });
    await findings.finding({
      period,
      seller: g,
      category: 'UNDER_DECLARED',
      taxAtRisk: '12.00',
      perTaxpayer: true,
    });
    await findings.finding({ period, seller: a, buyer: b, taxAtRisk: '1000.00', state: 'resolved' });
    await findings.finding({ period: OTHER_PERIOD, seller: a, buyer: b, taxAtRisk: '7.00' });

    const rollups = new RollupsFactory(db, findings);
    const write = async (p: string, bureauCode: string, figures: Figures) => {
      for (const [category, [n, taxAtRisk]] of Object.entries(figures)) {
        await rollups.rollup({ period: p, bureauCode, category, findings: n, taxAtRisk });
      }
    };
    for (const [bureau, figures] of ROLLUPS) await write(PERIOD, bureau, figures);
    for (const [p, figures] of GUANGZHOU_TREND) await write(p, BUREAUS.guangzhou, figures);
  });

  afterAll(() => app?.close());

  async function childCodes(parent: string): Promise<string[]> {
    const rows = await db.query<{ code: string }[]>(
      `SELECT code FROM registry.bureaus WHERE parent_code = $1 ORDER BY code`,
      [parent],
    );
    return rows.map((r) => r.code);
  }

  /** The rows after the ones with findings: every other child, with zeros, by code. */
  async function expectZeroRowsAfter(report: SummaryBody, parent: string, withFindings: string[]) {
    const others = (await childCodes(parent)).filter((c) => !withFindings.includes(c));
    const rest = report.items.slice(withFindings.length);
    expect(rest.map((r) => r.code)).toEqual(others);
    for (const row of rest) {
      expect(row.totalFindings).toBe(0);
      expect(row.totalTaxAtRisk).toBe('0.00');
      expect(Object.values(row.counts).every((n) => n === 0)).toBe(true);
      expect(Object.values(row.taxAtRisk).every((x) => x === '0.00')).toBe(true);
    }
  }

  describe('summary: drill-down from national to taxpayer', () => {
    it('national: one row per province, by tax at risk, then the provinces without findings by code', async () => {
      const report = await summary(t.national, { period: PERIOD });
      expect(report.bureau).toMatchObject({ code: BUREAUS.national, level: 'national' });
      expect(report.period).toBe(PERIOD);
      expect(report.totals).toMatchObject({ totalFindings: 8, totalTaxAtRisk: '1194.00' });
      expect(report.totals.counts).toMatchObject({ FIELD_MISMATCH: 2, FORGED: 2, UNCLAIMED: 0 });
      expect(report.items.slice(0, 2).map(brief)).toEqual([
        [BUREAUS.guangdong, 8, '1194.00'],
        [BUREAUS.beijing, 1, '900.00'],
      ]);
      expect(report.items.every((r) => r.level === 'province')).toBe(true);
      await expectZeroRowsAfter(report, BUREAUS.national, [BUREAUS.guangdong, BUREAUS.beijing]);
      expect(report.truncated).toBe(false);
    });

    it('province: one row per city, a city without districts (Dongguan) among them', async () => {
      const report = await summary(t.national, { period: PERIOD, bureauCode: BUREAUS.guangdong });
      expect(report.bureau).toMatchObject({ code: BUREAUS.guangdong, level: 'province' });
      expect(report.items.slice(0, 3).map(brief)).toEqual([
        [BUREAUS.guangzhou, 6, '1105.00'],
        [BUREAUS.dongguan, 2, '89.00'],
        [BUREAUS.shenzhen, 1, '20.00'],
      ]);
      expect(report.items.every((r) => r.level === 'city')).toBe(true);
      await expectZeroRowsAfter(report, BUREAUS.guangdong, [
        BUREAUS.guangzhou,
        BUREAUS.dongguan,
        BUREAUS.shenzhen,
      ]);
      // The same answer for the province's own officer, whose bureau is the default.
      expect(await summary(t.guangdong, { period: PERIOD })).toEqual(report);
    });

    it('city: one row per district, every category listed with money to the cent', async () => {
      const report = await summary(t.guangzhou, { period: PERIOD });
      expect(report.bureau).toMatchObject({ code: BUREAUS.guangzhou, level: 'city' });
      expect(report.totals).toMatchObject({ totalFindings: 6, totalTaxAtRisk: '1105.00' });
      expect(report.items.slice(0, 2).map(brief)).toEqual([
        [BUREAUS.tianhe, 6, '1105.00'],
        [BUREAUS.yuexiu, 1, '5.00'],
      ]);
      const [tianhe] = report.items;
      expect(tianhe).toMatchObject({ level: 'district', name: expect.stringContaining('天河') });
      expect(Object.keys(tianhe.counts)).toEqual([...FINDING_CATEGORIES]);
      expect(tianhe.counts).toMatchObject({ FORGED: 2, FIELD_MISMATCH: 1, VOID_CLAIMED: 0 });
      expect(tianhe.taxAtRisk).toMatchObject({
        FORGED: '905.00',
        DUPLICATE_CLAIM: '50.00',
        VOID_CLAIMED: '0.00',
      });
      await expectZeroRowsAfter(report, BUREAUS.guangzhou, [BUREAUS.tianhe, BUREAUS.yuexiu]);
    });

    it(
      'district: one row per taxpayer with active findings as seller or buyer; a finding with the same ' +
        'taxpayer on both sides counts once, resolved findings and other periods not at all',
      async () => {
        const report = await summary(t.tianhe, { period: PERIOD });
        expect(report.bureau).toMatchObject({ code: BUREAUS.tianhe, level: 'district' });
        // The district's own roll-up, where a finding between two of its taxpayers counts once.
        expect(report.totals).toMatchObject({ totalFindings: 6, totalTaxAtRisk: '1105.00' });
        expect(report.items.map(brief)).toEqual([
          [d.taxId, 1, '900.00'],
          [a.taxId, 4, '175.00'],
          [b.taxId, 2, '130.00'],
        ]);
        const [, rowA, rowB] = report.items;
        expect(rowA).toMatchObject({ name: a.name, level: 'taxpayer' });
        expect(rowA.counts).toMatchObject({
          FIELD_MISMATCH: 1,
          DUPLICATE_CLAIM: 1,
          OVERSTATED_CLAIM: 1,
          FORGED: 1,
          UNDER_DECLARED: 0,
        });
        expect(rowA.taxAtRisk).toMatchObject({ FIELD_MISMATCH: '100.00', DUPLICATE_CLAIM: '50.00' });
        expect(rowB.counts).toMatchObject({ FIELD_MISMATCH: 1, UNDER_DECLARED: 1 });
        expect(report.truncated).toBe(false);
        // Any officer role reads reports, and an officer may name its own bureau.
        const asAuditor = await summary(t.tianheAuditor, { period: PERIOD, bureauCode: BUREAUS.tianhe });
        expect(asAuditor).toEqual(report);
      },
    );

    it('caps the taxpayer rows at limit, highest tax at risk first, and says it did', async () => {
      const report = await summary(t.tianhe, { period: PERIOD, limit: 2 });
      expect(report.items.map((r) => r.code)).toEqual([d.taxId, a.taxId]);
      expect(report.truncated).toBe(true);
      expect((await summary(t.tianhe, { period: PERIOD, limit: 3 })).truncated).toBe(false);
    });

    it('a city without districts (Dongguan) lists its own taxpayers', async () => {
      const report = await summary(t.guangdong, { period: PERIOD, bureauCode: BUREAUS.dongguan });
      expect(report.bureau).toMatchObject({ code: BUREAUS.dongguan, level: 'city' });
      expect(report.totals).toMatchObject({ totalFindings: 2, totalTaxAtRisk: '89.00' });
      expect(report.items.map(brief)).toEqual([
        [g.taxId, 2, '89.00'],
        [h.taxId, 1, '77.00'],
      ]);
      expect(report.items.every((r) => r.level === 'taxpayer')).toBe(true);
      expect(await summary(t.dongguan, { period: PERIOD })).toEqual(report);
    });

    it('a period without findings: every child with zeros, no taxpayer rows', async () => {
      const province = await summary(t.guangdong, { period: '2012-02' });
      expect(province.totals).toMatchObject({ totalFindings: 0, totalTaxAtRisk: '0.00' });
      await expectZeroRowsAfter(province, BUREAUS.guangdong, []);
      const district = await summary(t.tianhe, { period: '2012-02' });
      expect(district.items).toEqual([]);
      expect(district.totals.totalTaxAtRisk).toBe('0.00');
    });
  });

  describe('trend', () => {
    it('gives one row per period, oldest first, with the gaps as zeros', async () => {
      const report = await trend(t.guangzhou, { period: '2012-12' });
      expect(report.bureau).toMatchObject({ code: BUREAUS.guangzhou, level: 'city' });
      expect(report.items.map((p) => [p.period, p.totalFindings, p.totalTaxAtRisk])).toEqual([
        ['2012-01', 0, '0.00'],
        ['2012-02', 0, '0.00'],
        ['2012-03', 1, '3.50'],
        ['2012-04', 0, '0.00'],
        ['2012-05', 0, '0.00'],
        ['2012-06', 6, '1105.00'],
        ['2012-07', 0, '0.00'],
        ['2012-08', 0, '0.00'],
        ['2012-09', 0, '0.00'],
        ['2012-10', 0, '0.00'],
        ['2012-11', 0, '0.00'],
        ['2012-12', 5, '41.00'],
      ]);
      const december = report.items[11];
      expect(december.counts).toMatchObject({ UNCLAIMED: 4, FIELD_MISMATCH: 1, FORGED: 0 });
      expect(december.taxAtRisk).toMatchObject({ UNCLAIMED: '40.40', FIELD_MISMATCH: '0.60' });
      expect(Object.keys(report.items[0].counts)).toEqual([...FINDING_CATEGORIES]);
    });

    it('counts back across a year end, for the bureau asked for', async () => {
      const report = await trend(t.national, {
        bureauCode: BUREAUS.guangzhou,
        period: '2012-01',
        periods: 2,
      });
      expect(report.items.map((p) => [p.period, p.totalFindings, p.totalTaxAtRisk])).toEqual([
        ['2011-12', 2, '10.00'],
        ['2012-01', 0, '0.00'],
      ]);
    });

    it("defaults to the caller's bureau and the twelve periods up to this one (Beijing time)", async () => {
      const report = await trend(t.tianhe, {});
      expect(report.bureau.code).toBe(BUREAUS.tianhe);
      expect(report.items).toHaveLength(12);
      expect(report.items[11].period).toBe(periodOf(todayIn()));
      expect((await trend(t.tianhe, { period: '2012-06', periods: 36 })).items).toHaveLength(36);
    });
  });

  describe('jurisdiction', () => {
    it.each([
      ['a Tianhe officer asks for its sibling Yuexiu', 'tianhe', BUREAUS.yuexiu],
      ['a Tianhe officer asks for its parent Guangzhou', 'tianhe', BUREAUS.guangzhou],
      ['a Guangdong officer asks for Beijing', 'guangdong', BUREAUS.beijing],
      ['a Guangdong officer asks for a Beijing district', 'guangdong', BUREAUS.dongcheng],
      ['anyone asks for a bureau that does not exist', 'national', '19900000000'],
    ] as const)('404 BUREAU_NOT_FOUND when %s', async (_case, officer, bureauCode) => {
      for (const path of ['/v1/reports/summary', '/v1/reports/trend']) {
        const res = await get(t[officer], path, { period: PERIOD, bureauCode }).expect(404);
        expect(res.body).toMatchObject({ code: 'BUREAU_NOT_FOUND' });
      }
    });

    it('is enforced by Postgres as well: under a Yuexiu scope only what touches Yuexiu is summed', async () => {
      // The service's check bypassed: the repository asked for Guangzhou and Tianhe under Yuexiu's scope.
      const reports = app.get(ReportsRepository);
      const yuexiu = bureauScopePrefix(BUREAUS.yuexiu);
      const city = await reports.summary(yuexiu, BUREAUS.guangzhou, PERIOD, 100);
      expect(city.totals).toBeUndefined();
      expect(city.rows.filter((r) => r.totalFindings > 0).map((r) => r.code)).toEqual([BUREAUS.yuexiu]);
      // Y→A is the only Tianhe finding with a party in Yuexiu.
      const district = await reports.summary(yuexiu, BUREAUS.tianhe, PERIOD, 100);
      expect(district.rows.map((r) => [r.code, r.totalFindings])).toEqual([[a.taxId, 1]]);
      expect(await reports.trend(yuexiu, BUREAUS.guangzhou, ['2011-12', PERIOD])).toEqual([]);
    });
  });

  describe('bad input', () => {
    it.each([
      ['summary without a period', '/v1/reports/summary', {}, 'PERIOD_INVALID'],
      ['a period that is not YYYY-MM', '/v1/reports/summary', { period: '201206' }, 'PERIOD_INVALID'],
      ['month 13', '/v1/reports/summary', { period: '2012-13' }, 'PERIOD_INVALID'],
      ['a bad trend period', '/v1/reports/trend', { period: '2012-6' }, 'PERIOD_INVALID'],
      [
        'a malformed bureau code',
        '/v1/reports/summary',
        { period: PERIOD, bureauCode: '123' },
        'BUREAU_CODE_INVALID',
      ],
      [
        'a division code, not a bureau code',
        '/v1/reports/trend',
        { bureauCode: '14401061234' },
        'BUREAU_CODE_INVALID',
      ],
      ['periods=0', '/v1/reports/trend', { periods: 0 }, 'VALIDATION_FAILED'],
      ['periods=37', '/v1/reports/trend', { periods: 37 }, 'VALIDATION_FAILED'],
      ['periods=1.5', '/v1/reports/trend', { periods: '1.5' }, 'VALIDATION_FAILED'],
      ['periods=abc', '/v1/reports/trend', { periods: 'abc' }, 'VALIDATION_FAILED'],
      ['limit=0', '/v1/reports/summary', { period: PERIOD, limit: 0 }, 'VALIDATION_FAILED'],
      ['limit=1001', '/v1/reports/summary', { period: PERIOD, limit: 1001 }, 'VALIDATION_FAILED'],
      [
        'an unknown parameter',
        '/v1/reports/summary',
        { period: PERIOD, bureau: BUREAUS.tianhe },
        'UNKNOWN_FIELD',
      ],
    ])('400 for %s', async (_case, path, query, code) => {
      const res = await get(t.guangzhou, path, query).expect(400);
      expect(res.body).toMatchObject({ code, message: expect.any(String) });
    });

    it('401 without a token', async () => {
      for (const path of ['/v1/reports/summary', '/v1/reports/trend']) {
        const res = await get(null, path, { period: PERIOD }).expect(401);
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
    });
  });
});
