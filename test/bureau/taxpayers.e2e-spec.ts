import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  ADMIN,
  BUREAUS,
  createTestApp,
  login,
  newTaxId,
  officerToken,
  registrationBody,
  withWrongCheckCharacter,
} from '@app/testing';

describe('taxpayer registry', () => {
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
  const register = (token: string, body: object) =>
    http().post('/v1/taxpayers').set('Authorization', `Bearer ${token}`).send(body);
  const stored = async (taxId: string) =>
    Number((await db.query(`SELECT count(*) AS n FROM registry.taxpayers WHERE tax_id = $1`, [taxId]))[0].n);

  it('registers a taxpayer and returns a one-time enrollment token, stored only as a hash', async () => {
    const b = registrationBody();
    const res = await register(national, b).expect(201);
    expect(res.body).toMatchObject({
      taxId: b.taxId,
      bureauCode: BUREAUS.tianhe,
      status: 'normal',
      kind: 'general',
    });
    expect(res.body.enrollmentToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await db.query(
      `SELECT encode(enrollment_token_hash, 'hex') AS h FROM registry.taxpayers WHERE tax_id = $1`,
      [b.taxId],
    );
    expect(row.h).toHaveLength(64);
    expect(row.h).not.toContain(res.body.enrollmentToken);
    const got = await http()
      .get(`/v1/taxpayers/${b.taxId}`)
      .set('Authorization', `Bearer ${national}`)
      .expect(200);
    expect(got.body.enrollmentToken).toBeUndefined();
    expect(got.body.name).toBe(b.name);
  });

  describe('refuses bad input with a stable code and writes nothing', () => {
    const taxId = newTaxId();
    it.each([
      ['a wrong check character', { taxId: withWrongCheckCharacter(taxId) }, 400, 'TAX_ID_INVALID'],
      ['a forbidden letter', { taxId: `${taxId.slice(0, 10)}I${taxId.slice(11)}` }, 400, 'TAX_ID_INVALID'],
      ['a lowercase letter', { taxId: `${taxId.slice(0, 8)}abcdefghj${taxId[17]}` }, 400, 'TAX_ID_INVALID'],
      ['a short ID', { taxId: taxId.slice(0, 17) }, 400, 'TAX_ID_INVALID'],
      ['a long ID', { taxId: `${taxId}0` }, 400, 'TAX_ID_INVALID'],
      ['a bureau that does not exist', { bureauCode: '14401990000' }, 404, 'BUREAU_NOT_FOUND'],
      ['a malformed bureau code', { bureauCode: '1440106' }, 400, 'BUREAU_CODE_INVALID'],
      ['a city bureau', { bureauCode: BUREAUS.guangzhou }, 422, 'BUREAU_NOT_DISTRICT'],
      ['a province bureau', { bureauCode: BUREAUS.guangdong }, 422, 'BUREAU_NOT_DISTRICT'],
      ['an unknown kind', { kind: 'huge' }, 400, 'VALIDATION_FAILED'],
      ['amount version 5', { maxAmountVersion: 5 }, 400, 'VALIDATION_FAILED'],
      ['amount version as a string', { maxAmountVersion: '3' }, 400, 'VALIDATION_FAILED'],
      ['an unknown field', { vip: true }, 400, 'UNKNOWN_FIELD'],
    ])('%s', async (_what, overrides, status, code) => {
      const b = registrationBody({ taxId, ...overrides });
      const res = await register(national, b).expect(status);
      expect(res.body.code).toBe(code);
      expect(typeof res.body.message).toBe('string');
      expect(await stored(b.taxId)).toBe(0);
    });

    it('a duplicate taxpayer', async () => {
      const b = registrationBody();
      await register(national, b).expect(201);
      const res = await register(national, { ...b, bureauCode: BUREAUS.yuexiu }).expect(409);
      expect(res.body.code).toBe('TAXPAYER_ALREADY_REGISTERED');
      const [row] = await db.query(`SELECT bureau_code FROM registry.taxpayers WHERE tax_id = $1`, [b.taxId]);
      expect(row.bureau_code).toBe(BUREAUS.tianhe);
    });

    it('registers a code that fails its check only once the national tier has overridden it', async () => {
      const bad = withWrongCheckCharacter(newTaxId());
      expect((await register(national, registrationBody({ taxId: bad })).expect(400)).body.code).toBe(
        'TAX_ID_INVALID',
      );
      const province = await officerToken(app, BUREAUS.guangdong, 'admin');
      const denied = await http()
        .post('/v1/tax-id-overrides')
        .set('Authorization', `Bearer ${province}`)
        .send({ taxId: bad, reason: 'early code, letter 2015-1' })
        .expect(403);
      expect(denied.body.code).toBe('NATIONAL_TIER_ONLY');
      await http()
        .post('/v1/tax-id-overrides')
        .set('Authorization', `Bearer ${national}`)
        .send({ taxId: bad, reason: 'early code, letter 2015-1' })
        .expect(201);
      await register(national, registrationBody({ taxId: bad })).expect(201);
    });
  });

  describe('jurisdiction across the four tiers', () => {
    const placed: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    const tiers = ['national', 'guangdong', 'guangzhou', 'tianhe'] as const;
    const places = ['tianhe', 'yuexiu', 'futian', 'dongguan', 'dongcheng'] as const;
    const visible: Record<(typeof tiers)[number], (typeof places)[number][]> = {
      national: ['tianhe', 'yuexiu', 'futian', 'dongguan', 'dongcheng'],
      guangdong: ['tianhe', 'yuexiu', 'futian', 'dongguan'],
      guangzhou: ['tianhe', 'yuexiu'],
      tianhe: ['tianhe'],
    };

    beforeAll(async () => {
      for (const place of places) {
        placed[place] = newTaxId();
        await register(
          national,
          registrationBody({ taxId: placed[place], bureauCode: BUREAUS[place] }),
        ).expect(201);
      }
      for (const tier of tiers) tokens[tier] = await officerToken(app, BUREAUS[tier], 'admin');
    });

    it.each(tiers)('%s officer reads exactly the taxpayers of its subtree (404 elsewhere)', async (tier) => {
      for (const place of places) {
        const res = await http()
          .get(`/v1/taxpayers/${placed[place]}`)
          .set('Authorization', `Bearer ${tokens[tier]}`);
        if (visible[tier].includes(place)) {
          expect(res.status).toBe(200);
        } else {
          expect(res.status).toBe(404);
          expect(res.body.code).toBe('TAXPAYER_NOT_FOUND');
        }
      }
    });

    it.each(tiers)('%s officer lists only its subtree, page by page', async (tier) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await http()
          .get('/v1/taxpayers')
          .query({ limit: 7, ...(cursor ? { cursor } : {}) })
          .set('Authorization', `Bearer ${tokens[tier]}`)
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(7);
        seen.push(...res.body.items.map((t: { taxId: string; bureauCode: string }) => t.taxId));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect([...seen].sort()).toEqual(seen);
      for (const place of places) expect(seen.includes(placed[place])).toBe(visible[tier].includes(place));
    });

    it.each(tiers)('%s officer registers only into its subtree', async (tier) => {
      for (const place of places) {
        const b = registrationBody({ bureauCode: BUREAUS[place] });
        const res = await register(tokens[tier], b);
        expect(res.status).toBe(visible[tier].includes(place) ? 201 : 404);
        expect(await stored(b.taxId)).toBe(visible[tier].includes(place) ? 1 : 0);
      }
    });

    it.each(tiers)('%s officer changes status only inside its subtree', async (tier) => {
      for (const place of places) {
        const res = await http()
          .patch(`/v1/taxpayers/${placed[place]}`)
          .set('Authorization', `Bearer ${tokens[tier]}`)
          .send({ status: 'abnormal', reason: 'test' });
        if (visible[tier].includes(place)) {
          expect(res.status).toBe(200);
          await http()
            .patch(`/v1/taxpayers/${placed[place]}`)
            .set('Authorization', `Bearer ${tokens[tier]}`)
            .send({ status: 'normal' })
            .expect(200);
        } else {
          expect(res.status).toBe(404);
        }
      }
    });

    it('refuses to list a subtree outside the officer jurisdiction', async () => {
      const res = await http()
        .get('/v1/taxpayers')
        .query({ bureauCode: BUREAUS.shenzhen })
        .set('Authorization', `Bearer ${tokens.guangzhou}`)
        .expect(404);
      expect(res.body.code).toBe('BUREAU_NOT_FOUND');
      const bad = await http()
        .get('/v1/taxpayers')
        .query({ cursor: 'not-a-cursor' })
        .set('Authorization', `Bearer ${tokens.guangzhou}`)
        .expect(400);
      expect(bad.body.code).toBe('CURSOR_INVALID');
    });
  });

  describe('status changes', () => {
    it('keeps every change and refuses invalid transitions', async () => {
      const b = registrationBody();
      await register(national, b).expect(201);
      const patch = (status: string) =>
        http()
          .patch(`/v1/taxpayers/${b.taxId}`)
          .set('Authorization', `Bearer ${national}`)
          .send({ status, reason: 'r' });
      await patch('abnormal').expect(200);
      expect((await patch('abnormal').expect(422)).body.code).toBe('TAXPAYER_STATUS_TRANSITION_INVALID');
      await patch('deregistered').expect(200);
      expect((await patch('normal').expect(422)).body.code).toBe('TAXPAYER_STATUS_TRANSITION_INVALID');
      expect((await patch('gone').expect(400)).body.code).toBe('VALIDATION_FAILED');
      const history = await db.query(
        `SELECT from_status, to_status FROM registry.taxpayer_status_changes WHERE tax_id = $1 ORDER BY id`,
        [b.taxId],
      );
      expect(history).toEqual([
        { from_status: 'normal', to_status: 'abnormal' },
        { from_status: 'abnormal', to_status: 'deregistered' },
      ]);
    });
  });
});
