import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  ADMIN,
  BUREAUS,
  createTestApp,
  login,
  officerToken,
  registerTaxpayer,
  registrationBody,
} from '@app/testing';

/** A taxpayer's GB/T 4754-2017 industry: set on registration, changed and cleared by admins. */
describe('taxpayer industry', () => {
  let app: INestApplication;
  let db: DataSource;
  let national: string;
  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    db = app.get(DataSource);
    national = await login(app, ADMIN.username, ADMIN.password);
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());
  const patch = (taxId: string, token: string, change: object) =>
    http().patch(`/v1/taxpayers/${taxId}`).set('Authorization', `Bearer ${token}`).send(change);
  const storedIndustry = async (taxId: string): Promise<string | null | undefined> => {
    const rows = await db.query(`SELECT industry FROM registry.taxpayers WHERE tax_id = $1`, [taxId]);
    return rows.length ? rows[0].industry : undefined;
  };

  /** Pages through the caller's list until the taxpayer shows up. */
  const listed = async (token: string, taxId: string): Promise<Record<string, unknown>> => {
    let cursor: string | null = null;
    do {
      const res: request.Response = await http()
        .get('/v1/taxpayers')
        .query({ bureauCode: BUREAUS.tianhe, limit: 500, ...(cursor ? { cursor } : {}) })
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      const found = res.body.items.find((t: { taxId: string }) => t.taxId === taxId);
      if (found) return found;
      cursor = res.body.nextCursor;
    } while (cursor);
    throw new Error(`${taxId} is not listed`);
  };

  it.each(['F', 'F51', 'F5174', 'C13', 'T98'])(
    'registers a taxpayer with industry %s and returns it on every read',
    async (industry) => {
      const b = registrationBody({ industry });
      const res = await http()
        .post('/v1/taxpayers')
        .set('Authorization', `Bearer ${national}`)
        .send(b)
        .expect(201);
      expect(res.body.industry).toBe(industry);
      expect(await storedIndustry(b.taxId)).toBe(industry);
      const got = await http()
        .get(`/v1/taxpayers/${b.taxId}`)
        .set('Authorization', `Bearer ${national}`)
        .expect(200);
      expect(got.body).toMatchObject({ industry, createdAt: res.body.createdAt });
      expect(await listed(national, b.taxId)).toMatchObject({ industry, createdAt: res.body.createdAt });
    },
  );

  it('registers without an industry (absent or null) as null', async () => {
    const absent = await registerTaxpayer(app, national);
    expect(absent.industry).toBeNull();
    const b = registrationBody({ industry: null });
    const res = await http().post('/v1/taxpayers').set('Authorization', `Bearer ${national}`).send(b);
    expect(res.status).toBe(201);
    expect(res.body.industry).toBeNull();
    expect(await storedIndustry(b.taxId)).toBeNull();
  });

  describe('refuses a code that is not GB/T 4754-2017 with 400 INDUSTRY_INVALID and writes nothing', () => {
    it.each([
      ['no such section', 'U', 'SECTION'],
      ['a division outside the section', 'F53', 'DIVISION'],
      ['a lowercase letter', 'f', 'FORMAT'],
      ['one digit', 'F5', 'FORMAT'],
      ['five digits', 'F51741', 'FORMAT'],
      ['an empty string', '', 'FORMAT'],
      ['a number', 42, 'NOT_A_STRING'],
      ['an array', ['F'], 'NOT_A_STRING'],
      ['an object', { section: 'F' }, 'NOT_A_STRING'],
    ])('on registration: %s (%j)', async (_what, industry, reason) => {
      const b = registrationBody({ industry });
      const res = await http()
        .post('/v1/taxpayers')
        .set('Authorization', `Bearer ${national}`)
        .send(b)
        .expect(400);
      expect(res.body).toMatchObject({ code: 'INDUSTRY_INVALID', details: { field: 'industry', reason } });
      expect(res.body.message).toMatch(/^industry /);
      expect(await storedIndustry(b.taxId)).toBeUndefined();
    });

    it.each([
      ['U', 'SECTION'],
      ['F53', 'DIVISION'],
      ['f', 'FORMAT'],
      [42, 'NOT_A_STRING'],
    ])('on a change: %j, together with a status change that is not made either', async (industry, reason) => {
      const t = await registerTaxpayer(app, national, { industry: 'F51' });
      const res = await patch(t.taxId, national, { industry, status: 'abnormal', reason: 'r' }).expect(400);
      expect(res.body).toMatchObject({ code: 'INDUSTRY_INVALID', details: { field: 'industry', reason } });
      expect(await storedIndustry(t.taxId)).toBe('F51');
      const [row] = await db.query(
        `SELECT t.status, (SELECT count(*)::int FROM registry.taxpayer_status_changes c WHERE c.tax_id = t.tax_id) AS changes
           FROM registry.taxpayers t WHERE t.tax_id = $1`,
        [t.taxId],
      );
      expect(row).toEqual({ status: 'normal', changes: 0 });
    });
  });

  it('an admin sets, changes and clears the industry; absent leaves it as it is', async () => {
    const t = await registerTaxpayer(app, national);
    const set = await patch(t.taxId, national, { industry: 'F5174' }).expect(200);
    expect(set.body).toMatchObject({ taxId: t.taxId, industry: 'F5174', status: 'normal' });
    expect(await storedIndustry(t.taxId)).toBe('F5174');

    const withStatus = await patch(t.taxId, national, { status: 'abnormal', reason: 'r' }).expect(200);
    expect(withStatus.body).toMatchObject({ industry: 'F5174', status: 'abnormal' });

    await patch(t.taxId, national, { industry: 'C' }).expect(200);
    expect(await storedIndustry(t.taxId)).toBe('C');

    const cleared = await patch(t.taxId, national, { industry: null }).expect(200);
    expect(cleared.body.industry).toBeNull();
    expect(await storedIndustry(t.taxId)).toBeNull();
    const got = await http()
      .get(`/v1/taxpayers/${t.taxId}`)
      .set('Authorization', `Bearer ${national}`)
      .expect(200);
    expect(got.body).toMatchObject({ industry: null, status: 'abnormal' });
  });

  it('a district admin changes the industry only inside its subtree (404 elsewhere)', async () => {
    const tianhe = await officerToken(app, BUREAUS.tianhe, 'admin');
    const own = await registerTaxpayer(app, national, { bureauCode: BUREAUS.tianhe });
    const other = await registerTaxpayer(app, national, { bureauCode: BUREAUS.yuexiu, industry: 'F' });
    await patch(own.taxId, tianhe, { industry: 'G53' }).expect(200);
    expect(await storedIndustry(own.taxId)).toBe('G53');
    expect((await patch(other.taxId, tianhe, { industry: 'G53' }).expect(404)).body.code).toBe(
      'TAXPAYER_NOT_FOUND',
    );
    expect(await storedIndustry(other.taxId)).toBe('F');
  });

  it.each(['reviewer', 'auditor'] as const)('a %s may not change the industry (403)', async (role) => {
    const token = await officerToken(app, BUREAUS.tianhe, role);
    const t = await registerTaxpayer(app, national, { industry: 'F' });
    const res = await patch(t.taxId, token, { industry: 'C' }).expect(403);
    expect(res.body.code).toBe('ROLE_FORBIDDEN');
    expect(await storedIndustry(t.taxId)).toBe('F');
    // ... but reads it.
    const got = await http()
      .get(`/v1/taxpayers/${t.taxId}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(got.body.industry).toBe('F');
  });

  it('still refuses an empty change, now naming industry', async () => {
    const t = await registerTaxpayer(app, national);
    const res = await patch(t.taxId, national, {}).expect(400);
    expect(res.body.code).toBe('NOTHING_TO_CHANGE');
    expect(res.body.message).toContain('industry');
  });
});
