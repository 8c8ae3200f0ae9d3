import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditRunLauncherService, AuditRunsRepository } from '@app/audit-runs';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import type { TradeGraphDto } from '../../apps/bureau/src/trade-graph/dto/trade-graph.dto';
import { BUREAUS, createTestApp, fileSettings, officerToken, type TaxpayerFixture } from '@app/testing';
import { AuditProbe } from '../factories/audit.probe';
import { RiskInputs } from '../risk/risk-inputs';

/**
 * This file's settings (fileSettings): the in-process audit worker registers no nightly job
 * and works on a bull prefix of this file's own.
 */
const SETTINGS = fileSettings('trade-graph', {
  AUDIT_NIGHTLY: '0',
});

/**
 * GET /v1/taxpayers/{taxId}/graph on a real audit's findings. PERIOD is this file's own.
 * Every invoice an offline copy its buyer claimed as issued (MATCHED, no finding of its own):
 *   R1 (Tianhe) → R2 (Yuexiu) → R3 (Dongcheng, Beijing) → R1, ¥1,000,000 an edge: a ring
 *   (CIRCULAR_TRADING on its three edges)
 *   R1 → S (Tianhe) ¥50,000;  S → T (Futian) ¥200,000
 *   R3 → U (Dongcheng) ¥300,000;  U → V (Dongcheng) ¥300,000
 */
const PERIOD = '2019-10';
const DAY = `${PERIOD}-12`;

jest.setTimeout(180_000);

type Graph = TradeGraphDto;

describe('GET /v1/taxpayers/{taxId}/graph', () => {
  let bureau: INestApplication;
  let audit: INestApplication;
  let db: DataSource;
  const p: Record<'r1' | 'r2' | 'r3' | 's' | 't' | 'u' | 'v', TaxpayerFixture> = {} as never;
  const token: Record<string, string> = {};

  const get = (who: string, taxId: string, query: Record<string, string | number> = {}) =>
    request(bureau.getHttpServer())
      .get(`/v1/taxpayers/${taxId}/graph`)
      .query({ period: PERIOD, ...query })
      .set('Authorization', `Bearer ${token[who]}`);
  const graph = async (who: string, taxId: string, query: Record<string, string | number> = {}) =>
    (await get(who, taxId, query).expect(200)).body as Graph;
  const edgeNames = (g: Graph) => {
    const name = new Map(Object.entries(p).map(([k, t]) => [t.taxId, k]));
    return g.edges.map((e) => `${name.get(e.sellerTaxId)}>${name.get(e.buyerTaxId)}`).sort();
  };

  beforeAll(async () => {
    bureau = await createTestApp(BureauAppModule.forRoot(SETTINGS));
    audit = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = bureau.get(DataSource);
    const data = new RiskInputs(db);
    p.r1 = await data.taxpayer({ bureauCode: BUREAUS.tianhe });
    p.r2 = await data.taxpayer({ bureauCode: BUREAUS.yuexiu });
    p.r3 = await data.taxpayer({ bureauCode: BUREAUS.dongcheng });
    p.s = await data.taxpayer({ bureauCode: BUREAUS.tianhe });
    p.t = await data.taxpayer({ bureauCode: BUREAUS.futian });
    p.u = await data.taxpayer({ bureauCode: BUREAUS.dongcheng });
    p.v = await data.taxpayer({ bureauCode: BUREAUS.dongcheng });
    const code = data.code(4);
    const sale = (a: TaxpayerFixture, b: TaxpayerFixture, amount: string) =>
      data.copy(code, a, b, DAY, amount, (Number(amount) * 0.13).toFixed(2), PERIOD);
    await sale(p.r1, p.r2, '1000000.00');
    await sale(p.r2, p.r3, '1000000.00');
    await sale(p.r3, p.r1, '1000000.00');
    await sale(p.r1, p.s, '50000.00');
    await sale(p.s, p.t, '200000.00');
    await sale(p.r3, p.u, '300000.00');
    await sale(p.u, p.v, '300000.00');

    const started = await audit.get(AuditRunLauncherService).start({ period: PERIOD }, { kind: 'on_demand' });
    const run = await new AuditProbe(db).waitForRun(audit.get(AuditRunsRepository), started!.id, 120_000);
    if (run.status !== 'completed') throw new Error(`run ${run.status}: ${run.error}`);

    token.national = await officerToken(bureau, BUREAUS.national, 'reviewer');
    token.guangdong = await officerToken(bureau, BUREAUS.guangdong, 'auditor');
    token.guangzhou = await officerToken(bureau, BUREAUS.guangzhou, 'reviewer');
    token.tianhe = await officerToken(bureau, BUREAUS.tianhe, 'reviewer');
    token.futian = await officerToken(bureau, BUREAUS.futian, 'reviewer');
    token.beijing = await officerToken(bureau, BUREAUS.beijing, 'admin');
  });

  afterAll(async () => {
    await audit.close();
    await bureau.close();
  });

  it('answers one hop by default: who the taxpayer invoiced and who invoiced it', async () => {
    const g = await graph('national', p.r1.taxId);
    expect(g).toMatchObject({
      taxId: p.r1.taxId,
      depth: 1,
      minAmount: '0.00',
      maxNodes: 200,
      truncated: false,
    });
    expect(edgeNames(g)).toEqual(['r1>r2', 'r1>s', 'r3>r1']);
    expect(g.nodes.map((n) => [n.taxId, n.depth])).toEqual(
      expect.arrayContaining([
        [p.r1.taxId, 0],
        [p.r2.taxId, 1],
        [p.r3.taxId, 1],
        [p.s.taxId, 1],
      ]),
    );
    expect(g.nodes).toHaveLength(4);
    const r1ToR2 = g.edges.find((e) => e.sellerTaxId === p.r1.taxId && e.buyerTaxId === p.r2.taxId)!;
    expect(r1ToR2).toEqual({
      sellerTaxId: p.r1.taxId,
      buyerTaxId: p.r2.taxId,
      invoiceCount: 1,
      amount: '1000000.00',
      taxAmount: '130000.00',
      categories: ['CIRCULAR_TRADING'],
    });
    expect(g.edges.find((e) => e.buyerTaxId === p.s.taxId)!.categories).toEqual([]);
  });

  it('follows more hops, and leaves out edges below minAmount', async () => {
    expect(edgeNames(await graph('national', p.r1.taxId, { depth: 2 }))).toEqual([
      'r1>r2',
      'r1>s',
      'r2>r3',
      'r3>r1',
      'r3>u',
      's>t',
    ]);
    const three = await graph('national', p.r1.taxId, { depth: 3 });
    expect(three.nodes.find((n) => n.taxId === p.v.taxId)).toMatchObject({ depth: 3 });
    const big = await graph('national', p.r1.taxId, { depth: 3, minAmount: '100000' });
    expect(edgeNames(big)).toEqual(['r1>r2', 'r2>r3', 'r3>r1', 'r3>u', 'u>v']);
    expect(big.minAmount).toBe('100000.00');
  });

  it('shows a node outside the jurisdiction by tax id and bureau only, and only the findings it may see', async () => {
    const g = await graph('tianhe', p.r1.taxId, { depth: 2 });
    const node = (t: TaxpayerFixture) => g.nodes.find((n) => n.taxId === t.taxId)!;
    expect(node(p.r1)).toMatchObject({ name: p.r1.name, status: 'normal', bureauCode: BUREAUS.tianhe });
    expect(node(p.s).name).toBe(p.s.name);
    for (const outside of [p.r2, p.r3, p.t])
      expect(Object.keys(node(outside)).sort()).toEqual(['bureauCode', 'depth', 'taxId']);
    expect(node(p.r3).bureauCode).toBe(BUREAUS.dongcheng);
    const categories = (a: TaxpayerFixture, b: TaxpayerFixture) =>
      g.edges.find((e) => e.sellerTaxId === a.taxId && e.buyerTaxId === b.taxId)!.categories;
    expect(categories(p.r1, p.r2)).toEqual(['CIRCULAR_TRADING']);
    // Yuexiu sells to Dongcheng: neither party is Tianhe's, nor is the finding
    expect(categories(p.r2, p.r3)).toEqual([]);
  });

  it.each([
    ['national', 200],
    ['guangdong', 200],
    ['guangzhou', 200],
    ['tianhe', 200],
    ['futian', 404],
    ['beijing', 404],
  ])('answers %s about a Tianhe taxpayer with %i', async (who, status) => {
    const res = await get(who, p.r1.taxId).expect(status);
    if (status === 404) expect(res.body).toMatchObject({ code: 'TAXPAYER_NOT_FOUND' });
  });

  it('answers Beijing about its own member of the ring, and 404 for a taxpayer nobody registered', async () => {
    const g = await graph('beijing', p.r3.taxId);
    expect(g.nodes.find((n) => n.taxId === p.r3.taxId)!.name).toBe(p.r3.name);
    expect(Object.keys(g.nodes.find((n) => n.taxId === p.r1.taxId)!).sort()).toEqual([
      'bureauCode',
      'depth',
      'taxId',
    ]);
    await get('national', '91440106MA00000000').expect(404);
  });

  it.each([
    [{ depth: 0 }, 'GRAPH_DEPTH_INVALID'],
    [{ depth: 4 }, 'GRAPH_DEPTH_INVALID'],
    [{ depth: 'two' }, 'GRAPH_DEPTH_INVALID'],
    [{ depth: '1.5' }, 'GRAPH_DEPTH_INVALID'],
    [{ period: '2019-13' }, 'PERIOD_INVALID'],
    [{ minAmount: '-1.00' }, 'MONEY_INVALID'],
    [{ minAmount: '1e9' }, 'MONEY_INVALID'],
    [{ width: 3 }, 'UNKNOWN_FIELD'],
  ])('refuses %j with 400 %s', async (query, code) => {
    const res = await get('national', p.r1.taxId, query).expect(400);
    expect(res.body).toMatchObject({ code });
    expect(typeof res.body.message).toBe('string');
  });
});
