import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  BUREAUS,
  createTestApp,
  FindingsFactory,
  officerToken,
  RegistryFactory,
  type FindingFixture,
  type TaxpayerFixture,
} from '@app/testing';

/**
 * Acceptance (issue 6): an officer of each tier against its own bureau, a child, its
 * parent, a sibling and a cousin, for list, detail, change, summary and export — allowed
 * exactly when the target lies in the caller's subtree, and 404 (never 403) outside.
 * The national tier has no parent, sibling or cousin, a province no cousin (the national
 * tier has no sibling), a district no child bureau.
 *
 * Each row's finding sits in a district inside the target and, when the target is the
 * caller's parent, outside the caller's own subtree — so "allowed" really means "the
 * target's findings", not "the caller's own findings seen through the target".
 */
const PERIOD = '2013-04';

type Relation = 'own' | 'child' | 'parent' | 'sibling' | 'cousin';
const B = BUREAUS;
const MATRIX: [caller: string, relation: Relation, target: string, findingIn: string][] = [
  [B.national, 'own', B.national, B.dongcheng],
  [B.national, 'child', B.guangdong, B.futian],
  [B.guangdong, 'own', B.guangdong, B.futian],
  [B.guangdong, 'child', B.guangzhou, B.yuexiu],
  [B.guangdong, 'parent', B.national, B.dongcheng],
  [B.guangdong, 'sibling', B.beijing, B.dongcheng],
  [B.guangzhou, 'own', B.guangzhou, B.tianhe],
  [B.guangzhou, 'child', B.tianhe, B.tianhe],
  [B.guangzhou, 'parent', B.guangdong, B.futian],
  [B.guangzhou, 'sibling', B.shenzhen, B.futian],
  [B.guangzhou, 'cousin', B.beijingCity, B.dongcheng],
  [B.tianhe, 'own', B.tianhe, B.tianhe],
  [B.tianhe, 'parent', B.guangzhou, B.yuexiu],
  [B.tianhe, 'sibling', B.yuexiu, B.yuexiu],
  [B.tianhe, 'cousin', B.futian, B.futian],
];
const allowed = (relation: Relation) => relation === 'own' || relation === 'child';
const name = (code: string) => Object.entries(B).find(([, c]) => c === code)![0];

describe('jurisdiction matrix: four tiers × own, child, parent, sibling, cousin', () => {
  let app: INestApplication;
  const tokens = new Map<string, string>();
  /** One finding per matrix row (each row changes its own case). */
  const findings: FindingFixture[] = [];

  const server = () => app.getHttpServer();
  const as = (caller: string, path: string) =>
    request(server())
      .get(path)
      .set('Authorization', `Bearer ${tokens.get(caller)}`);

  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    const db = app.get(DataSource);
    const registry = new RegistryFactory(db);
    const factory = new FindingsFactory(db);
    const taxpayers = new Map<string, TaxpayerFixture>();
    for (const [caller, , , district] of MATRIX) {
      if (!tokens.has(caller)) tokens.set(caller, await officerToken(app, caller, 'reviewer'));
      if (!taxpayers.has(district))
        taxpayers.set(district, await registry.taxpayer({ bureauCode: district }));
    }
    for (const [, , , district] of MATRIX) {
      const party = taxpayers.get(district)!;
      findings.push(
        await factory.finding({ period: PERIOD, seller: party, buyer: party, taxAtRisk: '10.00' }),
      );
    }
  });

  afterAll(() => app.close());

  const rows = MATRIX.map((row, i) => ({
    i,
    caller: row[0],
    relation: row[1],
    target: row[2],
    title: `${name(row[0])} → ${row[1]} ${name(row[2])}`,
  }));

  describe.each(rows)('$title', ({ i, caller, relation, target }) => {
    const ok = allowed(relation);
    const id = () => findings[i].id;

    it(`list: ${ok ? '200 with the target’s finding' : '404'}`, async () => {
      const res = await as(caller, `/v1/findings?period=${PERIOD}&bureauCode=${target}&limit=500`);
      if (ok) {
        expect(res.status).toBe(200);
        expect(res.body.items.map((f: { id: string }) => f.id)).toContain(id());
      } else {
        expect([res.status, res.body.code]).toEqual([404, 'BUREAU_NOT_FOUND']);
        // Nor does the caller's unfiltered list show the target's finding.
        const mine = await as(caller, `/v1/findings?period=${PERIOD}&limit=500`).expect(200);
        expect(mine.body.items.map((f: { id: string }) => f.id)).not.toContain(id());
      }
    });

    it(`detail: ${ok ? '200' : '404'}`, async () => {
      const res = await as(caller, `/v1/findings/${id()}`);
      expect([res.status, ok ? res.body.id : res.body.code]).toEqual(
        ok ? [200, id()] : [404, 'FINDING_NOT_FOUND'],
      );
    });

    it(`change: ${ok ? '200' : '404, nothing written'}`, async () => {
      const res = await request(server())
        .patch(`/v1/findings/${id()}`)
        .set('Authorization', `Bearer ${tokens.get(caller)}`)
        .send({ status: 'investigating', comment: `matrix ${i}` });
      expect([res.status, ok ? res.body.status : res.body.code]).toEqual(
        ok ? [200, 'investigating'] : [404, 'FINDING_NOT_FOUND'],
      );
    });

    it(`summary: ${ok ? '200' : '404'}`, async () => {
      const res = await as(caller, `/v1/reports/summary?period=${PERIOD}&bureauCode=${target}`);
      expect([res.status, ok ? res.body.bureau.code : res.body.code]).toEqual(
        ok ? [200, target] : [404, 'BUREAU_NOT_FOUND'],
      );
    });

    it(`export: ${ok ? '200 with the target’s finding' : '404'}`, async () => {
      const res = await as(caller, `/v1/findings/export?period=${PERIOD}&bureauCode=${target}&format=csv`);
      if (ok) {
        expect(res.status).toBe(200);
        const ids = res.text.split('\r\n').map((line) => line.split(',')[0]);
        expect(ids).toContain(id());
      } else {
        expect([res.status, res.body.code]).toEqual([404, 'BUREAU_NOT_FOUND']);
      }
    });
  });

  it('left every case outside the callers’ subtrees untouched', async () => {
    const db = app.get(DataSource);
    const changed: { id: string }[] = await db.query(
      `SELECT finding_id::text AS id FROM review.cases WHERE finding_id = ANY ($1::bigint[])`,
      [findings.map((f) => f.id)],
    );
    const expected = rows.filter((r) => allowed(r.relation)).map((r) => findings[r.i].id);
    expect(changed.map((c) => c.id).sort()).toEqual(expected.sort());
  });
});
