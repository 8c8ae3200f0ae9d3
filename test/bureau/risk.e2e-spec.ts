import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditRunLauncherService, AuditRunsRepository } from '@app/audit-runs';
import { DEFAULT_RULE_SET, FINDING_SUBJECTS, type FindingCategory, riskScore } from '@app/domain';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  BUREAUS,
  createTestApp,
  type EnrolledTaxpayer,
  enrolledTaxpayer,
  fileSettings,
  newInvoiceCode,
  officerToken,
  RegistryFactory,
  type TaxpayerFixture,
} from '@app/testing';
import { AuditInputsFactory } from '../factories/audit-inputs.factory';
import { AuditProbe } from '../factories/audit.probe';

/**
 * This file's settings (fileSettings): the in-process audit worker registers no nightly
 * job, and works on a bull prefix of this file's own (inside the run's prefix, so global
 * teardown still removes its keys), so that other files' workers never take its partition
 * jobs nor it theirs.
 */
const SETTINGS = fileSettings('risk', {
  AUDIT_NIGHTLY: '0',
});

/**
 * Risk scores: GET /v1/risk/taxpayers (the ranking) and GET /v1/taxpayers/{taxId}/risk, on
 * scores a real audit wrote. Seller copies, claims, a return and online invoices go straight
 * into Postgres (AuditInputsFactory, SQL); an audit worker booted in this process audits
 * PERIOD, this file's own (the database is shared with other test files), twice: the second
 * run resolves a finding and the scores are recomputed.
 *
 * What the audit finds in PERIOD, and the scores by DEFAULT_RULE_SET.weights:
 *   D (Dongcheng, Beijing) claims two copies of F overstated (OVERSTATED_CLAIM 2 × 20), a number
 *     F was never allocated (FORGED 30), and a copy of G, set abnormal after issuing it
 *     (ABSCONDED_SELLER_INPUT 10): 80
 *   C (Futian, Shenzhen) sold to B a copy B claimed with another date (FIELD_MISMATCH 5, both
 *     parties), E claimed a number of C without a copy (MISSING_SELLER_COPY 5, the seller's),
 *     and C declared no output tax (UNDER_DECLARED 30): 40. Its unclaimed copy (UNCLAIMED, 0
 *     points) is claimed before the second run, which resolves it.
 *   A (Tianhe, Guangzhou) issued twelve copies at the edge of their cap (CAP_EDGE_ISSUANCE 25)
 *   B (Yuexiu, Guangzhou) claims a copy of C overstated (20) and the mismatched one (5): 25,
 *     less tax at risk than A
 *   F (Dongcheng) has an unclaimed copy (UNCLAIMED, no points and no tax at risk): 0
 *   E and G are named by findings only as the other party: no score.
 */
const PERIOD = '2018-06';
const DAY = `${PERIOD}-05`;
const WAIT_MS = 120_000;

jest.setTimeout(180_000);

interface RankingItem {
  taxId: string;
  name: string;
  bureauCode: string;
  score: number;
  categories: Record<string, number>;
  taxAtRisk: string;
}
interface FindingItem {
  id: string;
  category: FindingCategory;
  state: string;
  sellerTaxId: string | null;
  buyerTaxId: string | null;
  [key: string]: unknown;
}
interface TaxpayerRisk {
  taxId: string;
  score: number;
  parts: { category: string; findings: number; points: number }[];
  categories: Record<string, number>;
  taxAtRisk: string;
  findings: FindingItem[];
  findingsTruncated: boolean;
  trend: {
    period: string;
    issuedAmount: string;
    issuedTax: string;
    claimedAmount: string;
    claimedTax: string;
  }[];
  [key: string]: unknown;
}

describe('risk scores: GET /v1/risk/taxpayers, GET /v1/taxpayers/{taxId}/risk', () => {
  let bureau: INestApplication;
  let audit: INestApplication;
  let issuance: INestApplication;
  let db: DataSource;
  let a: EnrolledTaxpayer;
  let b: TaxpayerFixture;
  let c: TaxpayerFixture;
  let d: TaxpayerFixture;
  let e: TaxpayerFixture;
  let f: TaxpayerFixture;
  let g: TaxpayerFixture;
  /** Claims C's unclaimed copy, before the second run. */
  let claimUnclaimed: () => Promise<void>;
  const t = {} as Record<'national' | 'guangdong' | 'guangzhou' | 'tianhe' | 'beijing', string>;

  const get = (token: string, path: string, query: Record<string, string | number> = {}) =>
    request(bureau.getHttpServer()).get(path).query(query).set('Authorization', `Bearer ${token}`);
  const ranking = async (
    token: string,
    query: Record<string, string | number> = {},
  ): Promise<RankingItem[]> =>
    (
      (await get(token, '/v1/risk/taxpayers', { period: PERIOD, ...query }).expect(200)).body as {
        items: RankingItem[];
      }
    ).items;
  const taxIds = (items: { taxId: string }[]) => items.map((i) => i.taxId);
  const risk = async (token: string, taxId: string): Promise<TaxpayerRisk> =>
    (await get(token, `/v1/taxpayers/${taxId}/risk`, { period: PERIOD }).expect(200)).body as TaxpayerRisk;

  async function auditPeriod(): Promise<void> {
    const started = await audit.get(AuditRunLauncherService).start({ period: PERIOD }, { kind: 'on_demand' });
    const run = await new AuditProbe(db).waitForRun(audit.get(AuditRunsRepository), started!.id, WAIT_MS);
    if (run.status !== 'completed') throw new Error(`run ${run.status}: ${run.error}`);
  }

  beforeAll(async () => {
    bureau = await createTestApp(BureauAppModule.forRoot(SETTINGS));
    audit = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    issuance = await createTestApp(IssuanceAppModule.forRoot(SETTINGS));
    db = bureau.get(DataSource);
    const registry = new RegistryFactory(db);
    const inputs = new AuditInputsFactory(db);

    // A is enrolled (a certificate its online invoices name); the others are registry rows.
    a = await enrolledTaxpayer(issuance, { bureauCode: BUREAUS.tianhe, invoiceCode: null });
    b = await registry.taxpayer({ bureauCode: BUREAUS.yuexiu });
    c = await registry.taxpayer({ bureauCode: BUREAUS.futian });
    d = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });
    e = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });
    f = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });
    g = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });
    await db.query(`UPDATE registry.taxpayers SET industry = 'F5174' WHERE tax_id = $1`, [c.taxId]);

    const copy = async (
      code: string,
      n: number,
      seller: TaxpayerFixture,
      buyer: TaxpayerFixture,
      amount = '1000.00',
      tax = '130.00',
    ) => {
      const invoiceNumber = String(n).padStart(8, '0');
      await inputs.sellerCopy({
        invoiceCode: code,
        invoiceNumber,
        sellerTaxId: seller.taxId,
        buyerTaxId: buyer.taxId,
        issueDate: DAY,
        amount,
        taxAmount: tax,
      });
      return invoiceNumber;
    };
    const claim = (
      code: string,
      invoiceNumber: string,
      seller: TaxpayerFixture,
      buyer: TaxpayerFixture,
      over: { issueDate?: string; taxAmount?: string; amount?: string; period?: string } = {},
    ) =>
      inputs.claim({
        invoiceCode: code,
        invoiceNumber,
        sellerTaxId: seller.taxId,
        buyerTaxId: buyer.taxId,
        issueDate: DAY,
        amount: '1000.00',
        taxAmount: '130.00',
        period: PERIOD,
        ...over,
      });

    // A: twelve copies at 96 % of the ¥10,000 cap of amount version 1, all claimed by B as issued.
    const capCode = newInvoiceCode('4400', 1);
    for (let n = 1; n <= 12; n++) {
      const number = await copy(capCode, n, a, b, '9600.00', '1248.00');
      await claim(capCode, number, a, b, { amount: '9600.00', taxAmount: '1248.00' });
    }

    // C: three copies to B (one claimed overstated, one with another date, one not claimed yet),
    // a number claimed by E of which C reported no copy, and a return declaring no output tax.
    const cCode = newInvoiceCode('4403', 3);
    const cRange = await registry.numberRange(c.taxId, cCode, 100);
    const c1 = await copy(cCode, cRange.start, c, b);
    await claim(cCode, c1, c, b, { taxAmount: '230.00' });
    const c2 = await copy(cCode, cRange.start + 1, c, b);
    await claim(cCode, c2, c, b, { issueDate: `${PERIOD}-06` });
    const c3 = await copy(cCode, cRange.start + 2, c, b);
    claimUnclaimed = () => claim(cCode, c3, c, b);
    await claim(cCode, String(cRange.start + 9).padStart(8, '0'), c, e);
    await inputs.vatReturn(c.taxId, PERIOD, '0.00');

    // F: two copies D claimed overstated, one unclaimed; D also claims a number F was never given.
    const fCode = newInvoiceCode('1100', 3);
    const fRange = await registry.numberRange(f.taxId, fCode, 100);
    for (const n of [0, 1]) {
      const number = await copy(fCode, fRange.start + n, f, d);
      await claim(fCode, number, f, d, { taxAmount: '230.00' });
    }
    await copy(fCode, fRange.start + 2, f, d);
    await claim(fCode, String(fRange.end + 500).padStart(8, '0'), f, d);

    // G: a copy D claimed as issued; G absconded 15 days later (非正常户, with its history row).
    const gCode = newInvoiceCode('1100', 3);
    const gNumber = await copy(gCode, 1, g, d);
    await claim(gCode, gNumber, g, d);
    await db.query(`UPDATE registry.taxpayers SET status = 'abnormal' WHERE tax_id = $1`, [g.taxId]);
    await db.query(
      `INSERT INTO registry.taxpayer_status_changes (tax_id, from_status, to_status, reason, changed_by, changed_at)
       VALUES ($1, 'normal', 'abnormal', '走逃：注册地址查无此户', $2, '2018-06-20T10:00:00+08:00')`,
      [g.taxId, await registry.systemOfficer()],
    );

    // The trend: A's online invoices to B two and one periods before (one voided), claimed by B in
    // those periods; none of this is in the audited period.
    const onlineCode = newInvoiceCode('4400', 3);
    const online = async (
      n: number,
      issueDate: string,
      amount: string,
      taxAmount: string,
      voided = false,
    ) => {
      const invoiceNumber = String(n).padStart(8, '0');
      await inputs.onlineInvoice({
        invoiceCode: onlineCode,
        invoiceNumber,
        sellerTaxId: a.taxId,
        sellerName: a.name,
        buyerTaxId: b.taxId,
        buyerName: b.name,
        issueDate,
        amount,
        taxAmount,
        certificateSerial: a.serialNumber,
        voided,
      });
      return invoiceNumber;
    };
    const i1 = await online(1, '2018-04-10', '1000.00', '130.00');
    const i2 = await online(2, '2018-04-20', '2000.00', '260.00');
    await online(3, '2018-04-21', '5000.00', '650.00', true);
    await claim(onlineCode, i1, a, b, { issueDate: '2018-04-10', period: '2018-04' });
    await claim(onlineCode, i2, a, b, {
      issueDate: '2018-04-20',
      amount: '2000.00',
      taxAmount: '260.00',
      period: '2018-05',
    });

    await auditPeriod();
    await claimUnclaimed();
    await auditPeriod();

    t.national = await officerToken(bureau, BUREAUS.national, 'reviewer');
    t.guangdong = await officerToken(bureau, BUREAUS.guangdong, 'auditor');
    t.guangzhou = await officerToken(bureau, BUREAUS.guangzhou, 'reviewer');
    t.tianhe = await officerToken(bureau, BUREAUS.tianhe, 'reviewer');
    t.beijing = await officerToken(bureau, BUREAUS.beijing, 'admin');
  }, 240_000);

  afterAll(async () => {
    await issuance?.close();
    await audit?.close();
    await bureau?.close();
  });

  describe('the ranking', () => {
    it('ranks the period by score, ties by tax at risk, in the list shape', async () => {
      const items = await ranking(t.national);
      expect(taxIds(items)).toEqual([d.taxId, c.taxId, a.taxId, b.taxId, f.taxId]);
      expect(items.map((i) => i.score)).toEqual([80, 40, 25, 25, 0]);
      expect(items[0]).toEqual({
        taxId: d.taxId,
        name: d.name,
        bureauCode: BUREAUS.dongcheng,
        score: 80,
        categories: { OVERSTATED_CLAIM: 2, FORGED: 1, ABSCONDED_SELLER_INPUT: 1 },
        taxAtRisk: '460.00',
      });
      expect(items[2]).toMatchObject({ categories: { CAP_EDGE_ISSUANCE: 1 }, taxAtRisk: '14976.00' });
      expect(items[3]).toMatchObject({
        categories: { OVERSTATED_CLAIM: 1, FIELD_MISMATCH: 1 },
        taxAtRisk: '230.00',
      });
      // UNCLAIMED is information, not suspicion: no tax at risk, no points.
      expect(items[4]).toMatchObject({ categories: { UNCLAIMED: 1 }, taxAtRisk: '0.00' });
    });

    it('recomputes the scores after every publishing run: the resolved finding is no part any more', async () => {
      const [row] = (await ranking(t.national)).filter((i) => i.taxId === c.taxId);
      expect(row).toMatchObject({
        score: 40,
        categories: { FIELD_MISMATCH: 1, MISSING_SELLER_COPY: 1, UNDER_DECLARED: 1 },
        taxAtRisk: '650.00',
      });
    });

    it('walks every row exactly once through cursor pages, across the tie', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: Record<string, string | number> = { period: PERIOD, limit: 2 };
        if (cursor) query.cursor = cursor;
        const res = await get(t.national, '/v1/risk/taxpayers', query).expect(200);
        const body = res.body as { items: RankingItem[]; nextCursor: string | null };
        seen.push(...taxIds(body.items));
        cursor = body.nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual([d.taxId, c.taxId, a.taxId, b.taxId, f.taxId]);
      expect(pages).toBe(3);
    });

    it.each([
      [{}, 'PERIOD_INVALID'],
      [{ period: '2018-13' }, 'PERIOD_INVALID'],
      [{ period: PERIOD, bureauCode: '1440106' }, 'BUREAU_CODE_INVALID'],
      [{ period: PERIOD, cursor: 'bm90LWEtY3Vyc29y' }, 'CURSOR_INVALID'],
      [
        {
          period: PERIOD,
          cursor: Buffer.from('{"score":101,"taxAtRisk":"1.00","taxId":"X"}').toString('base64url'),
        },
        'CURSOR_INVALID',
      ],
      [{ period: PERIOD, limit: 0 }, 'VALIDATION_FAILED'],
    ])('refuses %j with 400 %s', async (query, code) => {
      const res = await request(bureau.getHttpServer())
        .get('/v1/risk/taxpayers')
        .query(query)
        .set('Authorization', `Bearer ${t.national}`)
        .expect(400);
      expect(res.body.code).toBe(code);
    });

    it('is empty for a period without scores', async () => {
      expect(await ranking(t.national, { period: '1999-01' })).toEqual([]);
    });
  });

  describe('the score', () => {
    it('equals riskScore of the counts of the active findings each taxpayer is the subject of, by the default weights', async () => {
      const ranked = await ranking(t.national);
      for (const row of ranked) {
        const res = await get(t.national, '/v1/findings', {
          period: PERIOD,
          taxId: row.taxId,
          state: 'active',
          limit: 500,
        }).expect(200);
        const counts: Partial<Record<FindingCategory, number>> = {};
        for (const finding of res.body.items as FindingItem[]) {
          const subject = FINDING_SUBJECTS[finding.category];
          const isSubject =
            (subject !== 'buyer' && finding.sellerTaxId === row.taxId) ||
            (subject !== 'seller' && finding.buyerTaxId === row.taxId);
          if (isSubject) counts[finding.category] = (counts[finding.category] ?? 0) + 1;
        }
        const expected = riskScore(counts, DEFAULT_RULE_SET.weights);
        const page = await risk(t.national, row.taxId);
        expect([row.taxId, page.score, page.parts]).toEqual([row.taxId, expected.score, expected.parts]);
        expect(row.score).toBe(expected.score);
        expect(row.categories).toEqual(counts);
      }
    });

    it('is 0 without parts for a taxpayer named only as the other party', async () => {
      const page = await risk(t.national, g.taxId);
      expect(page).toMatchObject({
        taxId: g.taxId,
        status: 'abnormal',
        score: 0,
        parts: [],
        categories: {},
        taxAtRisk: '0.00',
        ruleSetVersion: null,
        computedAt: null,
      });
      expect(page.findings.map((x) => x.category)).toEqual(['ABSCONDED_SELLER_INPUT']);
    });
  });

  describe('a taxpayer', () => {
    it('has its identity, the score and its parts, its findings active first', async () => {
      const page = await risk(t.guangdong, c.taxId);
      expect(page).toMatchObject({
        taxId: c.taxId,
        name: c.name,
        bureauCode: BUREAUS.futian,
        status: 'normal',
        industry: 'F5174',
        registeredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
        period: PERIOD,
        score: 40,
        parts: [
          { category: 'UNDER_DECLARED', findings: 1, points: 30 },
          { category: 'FIELD_MISMATCH', findings: 1, points: 5 },
          { category: 'MISSING_SELLER_COPY', findings: 1, points: 5 },
        ],
        // The active version, whatever other files have activated meanwhile (same weights).
        ruleSetVersion: expect.any(Number),
        computedAt: expect.stringMatching(/Z$/),
        taxAtRisk: '650.00',
        findingsTruncated: false,
      });
      // Every finding naming C (as the subject or not), the resolved one last.
      expect(page.findings.map((x) => x.state)).toEqual(['active', 'active', 'active', 'active', 'resolved']);
      expect(page.findings.map((x) => x.category).sort()).toEqual([
        'FIELD_MISMATCH',
        'MISSING_SELLER_COPY',
        'OVERSTATED_CLAIM',
        'UNCLAIMED',
        'UNDER_DECLARED',
      ]);
      expect(page.findings.at(-1)).toMatchObject({ category: 'UNCLAIMED', state: 'resolved' });
      // In the findings list's own shape.
      const listed = (await get(t.guangdong, '/v1/findings', { period: PERIOD, taxId: c.taxId }).expect(200))
        .body.items as FindingItem[];
      expect(new Map(page.findings.map((x) => [x.id, x]))).toEqual(new Map(listed.map((x) => [x.id, x])));
    });

    it('has 12 periods of issued and claimed amounts ending at the period', async () => {
      const seller = await risk(t.tianhe, a.taxId);
      expect(seller.trend.map((p) => p.period)).toEqual([
        '2017-07',
        '2017-08',
        '2017-09',
        '2017-10',
        '2017-11',
        '2017-12',
        '2018-01',
        '2018-02',
        '2018-03',
        '2018-04',
        '2018-05',
        '2018-06',
      ]);
      const nonZero = (r: TaxpayerRisk) =>
        r.trend.filter((p) =>
          [p.issuedAmount, p.issuedTax, p.claimedAmount, p.claimedTax].some((v) => v !== '0.00'),
        );
      // Issued: online (the voided one left out) and offline copies, by issue date.
      expect(nonZero(seller)).toEqual([
        {
          period: '2018-04',
          issuedAmount: '3000.00',
          issuedTax: '390.00',
          claimedAmount: '0.00',
          claimedTax: '0.00',
        },
        {
          period: '2018-06',
          issuedAmount: '115200.00',
          issuedTax: '14976.00',
          claimedAmount: '0.00',
          claimedTax: '0.00',
        },
      ]);
      // Claimed: by claim period, of the invoices issued to it online; its claims of offline
      // copies (A's twelve, C's) are not found this way (docs/review.md).
      const buyer = await risk(t.guangzhou, b.taxId);
      expect(nonZero(buyer)).toEqual([
        {
          period: '2018-04',
          issuedAmount: '0.00',
          issuedTax: '0.00',
          claimedAmount: '1000.00',
          claimedTax: '130.00',
        },
        {
          period: '2018-05',
          issuedAmount: '0.00',
          issuedTax: '0.00',
          claimedAmount: '2000.00',
          claimedTax: '260.00',
        },
      ]);
    });

    it('answers 400 PERIOD_INVALID without a good period', async () => {
      for (const query of [{}, { period: '18-06' }]) {
        const res = await request(bureau.getHttpServer())
          .get(`/v1/taxpayers/${a.taxId}/risk`)
          .query(query)
          .set('Authorization', `Bearer ${t.national}`)
          .expect(400);
        expect(res.body.code).toBe('PERIOD_INVALID');
      }
    });
  });

  describe('jurisdiction (BOLA) across the four tiers', () => {
    it('national sees every scored taxpayer; province, city and district only their subtree', async () => {
      expect(taxIds(await ranking(t.national))).toEqual([d.taxId, c.taxId, a.taxId, b.taxId, f.taxId]);
      expect(taxIds(await ranking(t.guangdong))).toEqual([c.taxId, a.taxId, b.taxId]);
      expect(taxIds(await ranking(t.guangzhou))).toEqual([a.taxId, b.taxId]);
      expect(taxIds(await ranking(t.tianhe))).toEqual([a.taxId]);
      expect(taxIds(await ranking(t.beijing))).toEqual([d.taxId, f.taxId]);
    });

    it('filters by a bureau of the subtree, and answers 404 BUREAU_NOT_FOUND for one outside it', async () => {
      expect(taxIds(await ranking(t.national, { bureauCode: BUREAUS.guangzhou }))).toEqual([
        a.taxId,
        b.taxId,
      ]);
      expect(taxIds(await ranking(t.guangdong, { bureauCode: BUREAUS.futian }))).toEqual([c.taxId]);
      expect(taxIds(await ranking(t.guangzhou, { bureauCode: BUREAUS.tianhe }))).toEqual([a.taxId]);
      for (const [token, outside] of [
        [t.tianhe, BUREAUS.yuexiu],
        [t.tianhe, BUREAUS.guangzhou],
        [t.guangzhou, BUREAUS.futian],
        [t.guangdong, BUREAUS.beijing],
        [t.beijing, BUREAUS.national],
      ]) {
        const res = await get(token, '/v1/risk/taxpayers', { period: PERIOD, bureauCode: outside }).expect(
          404,
        );
        expect(res.body.code).toBe('BUREAU_NOT_FOUND');
      }
    });

    it.each([
      ['national', 'd', 200],
      ['national', 'a', 200],
      ['guangdong', 'c', 200],
      ['guangdong', 'd', 404],
      ['guangzhou', 'b', 200],
      ['guangzhou', 'c', 404],
      ['tianhe', 'a', 200],
      ['tianhe', 'b', 404],
      ['tianhe', 'd', 404],
      ['beijing', 'g', 200],
      ['beijing', 'a', 404],
    ] as const)('GET /v1/taxpayers/{taxId}/risk: %s officer, taxpayer %s → %i', async (tier, who, status) => {
      const taxpayer = { a, b, c, d, g }[who];
      const res = await get(t[tier], `/v1/taxpayers/${taxpayer.taxId}/risk`, { period: PERIOD }).expect(
        status,
      );
      if (status === 404) {
        expect(res.body.code).toBe('TAXPAYER_NOT_FOUND');
        expect(JSON.stringify(res.body)).not.toContain('"score"');
      } else {
        expect(res.body.taxId).toBe(taxpayer.taxId);
      }
    });

    it('answers a taxpayer that does not exist exactly like one outside the subtree', async () => {
      const res = await get(t.tianhe, '/v1/taxpayers/91440106MA59XXXX0K/risk', { period: PERIOD }).expect(
        404,
      );
      expect(res.body.code).toBe('TAXPAYER_NOT_FOUND');
    });

    it('lists the findings naming a visible taxpayer, whoever the other party is', async () => {
      // B (Yuexiu) is visible to Guangzhou; its findings with C (Futian) are listed with it.
      const page = await risk(t.guangzhou, b.taxId);
      expect(page.findings.every((x) => x.buyerTaxId === b.taxId || x.sellerTaxId === b.taxId)).toBe(true);
      expect(page.findings.map((x) => `${x.category}:${x.state}`).sort()).toEqual([
        'FIELD_MISMATCH:active',
        'OVERSTATED_CLAIM:active',
        'UNCLAIMED:resolved',
      ]);
    });
  });
});
