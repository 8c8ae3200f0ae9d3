import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bureauScopePrefix, bureauLevelOf } from '@app/domain';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { ADMIN, BUREAUS, createTestApp, login, officerToken } from '@app/testing';

describe('bureau hierarchy', () => {
  let app: INestApplication;
  let db: DataSource;
  let national: string;
  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    db = app.get(DataSource);
    national = await login(app, ADMIN.username, ADMIN.password);
  });
  afterAll(() => app.close());

  const get = (token: string, code: string) =>
    request(app.getHttpServer()).get(`/v1/bureaus/${code}`).set('Authorization', `Bearer ${token}`);

  it('lists the 31 provincial bureaus under national', async () => {
    const res = await get(national, BUREAUS.national).expect(200);
    expect(res.body).toMatchObject({
      code: BUREAUS.national,
      name: '国家税务总局',
      level: 'national',
      parentCode: null,
    });
    expect(res.body.ancestors).toEqual([]);
    expect(res.body.children).toHaveLength(31);
    expect(res.body.children.every((c: { level: string }) => c.level === 'province')).toBe(true);
    expect(res.body.children).toContainEqual({
      code: BUREAUS.guangdong,
      name: '国家税务总局广东省税务局',
      level: 'province',
    });
  });

  it('resolves a district to its city, province and national ancestors', async () => {
    const res = await get(national, BUREAUS.tianhe).expect(200);
    expect(res.body).toMatchObject({
      name: '国家税务总局广州市天河区税务局',
      level: 'district',
      parentCode: BUREAUS.guangzhou,
    });
    expect(res.body.ancestors.map((a: { code: string }) => a.code)).toEqual([
      BUREAUS.national,
      BUREAUS.guangdong,
      BUREAUS.guangzhou,
    ]);
    expect(res.body.children).toEqual([]);
    const dongcheng = await get(national, BUREAUS.dongcheng).expect(200);
    expect(dongcheng.body.ancestors.map((a: { code: string }) => a.code)).toEqual([
      BUREAUS.national,
      BUREAUS.beijing,
      BUREAUS.beijingCity,
    ]);
  });

  it('holds the whole four-tier tree, consistent with the domain rules for codes', async () => {
    const counts: { level: string; n: string }[] = await db.query(
      `SELECT level, count(*) AS n FROM registry.bureaus GROUP BY level ORDER BY level`,
    );
    expect(Object.fromEntries(counts.map((c) => [c.level, Number(c.n)]))).toEqual({
      national: 1,
      province: 31,
      city: 342,
      district: 2975,
    });
    const rows: { code: string; level: string; scope_prefix: string; parent_code: string | null }[] =
      await db.query(`SELECT code, level, scope_prefix, parent_code FROM registry.bureaus`);
    for (const r of rows) {
      expect([r.code, bureauLevelOf(r.code), bureauScopePrefix(r.code)]).toEqual([
        r.code,
        r.level,
        r.scope_prefix,
      ]);
      if (r.parent_code) expect(r.code.startsWith(bureauScopePrefix(r.parent_code))).toBe(true);
    }
    const orphans = await db.query(
      `SELECT count(*)::int AS n FROM registry.bureaus c JOIN registry.bureaus p ON p.code = c.parent_code
        WHERE (p.level, c.level) NOT IN (('national','province'),('province','city'),('city','district'))`,
    );
    expect(orphans[0].n).toBe(0);
  });

  it('answers "everything under bureau X" with one indexed predicate', async () => {
    await db.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const plan: { 'QUERY PLAN': string }[] = await m.query(
        `EXPLAIN SELECT * FROM registry.taxpayers WHERE bureau_code LIKE '14401%'`,
      );
      const text = plan.map((p) => p['QUERY PLAN']).join('\n');
      expect(text).toMatch(
        /Index (Only )?Scan using taxpayers_bureau_idx|Bitmap Index Scan on taxpayers_bureau_idx/,
      );
      expect(text).toContain(`bureau_code >= '14401'`);
    });
  });

  it('hides bureaus outside the officer subtree as not found', async () => {
    const gz = await officerToken(app, BUREAUS.guangzhou, 'reviewer');
    await get(gz, BUREAUS.guangzhou).expect(200);
    await get(gz, BUREAUS.tianhe).expect(200);
    for (const code of [
      BUREAUS.guangdong,
      BUREAUS.national,
      BUREAUS.shenzhen,
      BUREAUS.futian,
      BUREAUS.dongcheng,
    ]) {
      const res = await get(gz, code).expect(404);
      expect(res.body).toEqual({
        code: 'BUREAU_NOT_FOUND',
        message: `No bureau ${code} in your jurisdiction.`,
      });
    }
    const malformed = await get(gz, 'abc').expect(400);
    expect(malformed.body.code).toBe('BUREAU_CODE_INVALID');
  });

  it('registers taxpayers in a city without districts (东莞)', async () => {
    const res = await get(national, BUREAUS.dongguan).expect(200);
    expect(res.body).toMatchObject({ level: 'city', acceptsTaxpayers: true, children: [] });
  });
});
