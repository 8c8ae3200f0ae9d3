import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { BureauConfig } from '../../apps/bureau/src/config/bureau.config';
import { ADMIN, BUREAUS, createTestApp, fileSettings, login } from '@app/testing';

/**
 * This file's settings (fileSettings): officer statuses cached for 1 s instead of 10 (a
 * setting, as an installation may choose), so that the apps' caches expire within the test;
 * a bull prefix of its own for the in-process audit app, which registers no nightly run.
 */
const SETTINGS = fileSettings('officer-lifecycle', {
  AUDIT_NIGHTLY: '0',
  OFFICER_STATUS_CACHE_MS: '1000',
});

interface Officer {
  id: string;
  username: string;
  password: string;
  token: string;
}

/**
 * Disabling, enabling and deleting officers against the real bureau and audit apps, with
 * officer statuses cached for 1 s (its SETTINGS): a change reaches the process
 * that made it at once and the other app once its cache has expired.
 */
describe('officer lifecycle', () => {
  let bureau: INestApplication;
  let audit: INestApplication;
  let db: DataSource;
  let national: string;

  beforeAll(async () => {
    bureau = await createTestApp(BureauAppModule.forRoot(SETTINGS));
    audit = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = bureau.get(DataSource);
    national = await login(bureau, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await audit.close();
    await bureau.close();
  });

  const onBureau = (method: 'get' | 'post', path: string, token: string) =>
    request(bureau.getHttpServer())[method](path).set('Authorization', `Bearer ${token}`);
  const me = (token: string) => onBureau('get', '/v1/users/me', token);
  const dashboard = (token: string) =>
    request(audit.getHttpServer()).get('/admin/queues/api/queues').set('Authorization', `Bearer ${token}`);
  const disable = (id: string, by: string) => onBureau('post', `/v1/users/${id}/disable`, by);
  const enable = (id: string, by: string) => onBureau('post', `/v1/users/${id}/enable`, by);

  /** An officer made through the API by `by`, logged in. */
  const newOfficer = async (
    bureauCode: string,
    role: 'reviewer' | 'auditor' | 'admin',
    by = national,
  ): Promise<Officer> => {
    const username = `t-life-${randomBytes(5).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    const res = await onBureau('post', '/v1/users', by)
      .send({ username, password, bureauCode, role })
      .expect(201);
    return { id: res.body.id, username, password, token: await login(bureau, username, password) };
  };

  /** Asks again until the answer has `status` (and `code`); the test's timeout is the hang guard. */
  const eventually = async (
    ask: () => request.Test,
    status: number,
    code?: string,
  ): Promise<request.Response> => {
    for (;;) {
      const res = await ask();
      if (res.status === status && (code === undefined || res.body.code === code)) return res;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  describe('GET /v1/users', () => {
    it('lists the officers of the admin’s subtree by username, page by page, with disabledAt', async () => {
      const gzAdmin = await newOfficer(BUREAUS.guangzhou, 'admin');
      const inside = [
        await newOfficer(BUREAUS.tianhe, 'reviewer'),
        await newOfficer(BUREAUS.yuexiu, 'auditor'),
        await newOfficer(BUREAUS.guangzhou, 'reviewer'),
      ];
      const outside = await newOfficer(BUREAUS.shenzhen, 'reviewer');
      const seen: { id: string; username: string; bureauCode: string; disabledAt: string | null }[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await onBureau('get', '/v1/users', gzAdmin.token)
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      const names = seen.map((u) => u.username);
      expect([...names].sort()).toEqual(names);
      for (const o of [...inside, gzAdmin]) expect(names).toContain(o.username);
      expect(names).not.toContain(outside.username);
      expect(seen.every((u) => u.bureauCode.startsWith('14401') && u.disabledAt === null)).toBe(true);

      const tianhe = await onBureau('get', '/v1/users', gzAdmin.token).query({ bureauCode: BUREAUS.tianhe });
      expect(tianhe.body.items.map((u: { username: string }) => u.username)).toContain(inside[0].username);
      expect(tianhe.body.items.every((u: { bureauCode: string }) => u.bureauCode === BUREAUS.tianhe)).toBe(
        true,
      );
      const beyond = await onBureau('get', '/v1/users', gzAdmin.token).query({
        bureauCode: BUREAUS.shenzhen,
      });
      expect([beyond.status, beyond.body.code]).toEqual([404, 'BUREAU_NOT_FOUND']);
      const reviewer = await onBureau('get', '/v1/users', inside[0].token);
      expect([reviewer.status, reviewer.body.code]).toEqual([403, 'ROLE_FORBIDDEN']);
    });
  });

  describe('disable and enable', () => {
    it('refuses a disabled officer’s token at once, and its login after the right password only', async () => {
      const officer = await newOfficer(BUREAUS.tianhe, 'reviewer');
      await me(officer.token).expect(200);
      const res = await disable(officer.id, national).expect(200);
      expect(res.body).toMatchObject({ id: officer.id, disabledAt: expect.any(String) });

      const refused = await me(officer.token).expect(401);
      expect(refused.body.code).toBe('OFFICER_DISABLED');
      const wrong = await request(bureau.getHttpServer())
        .post('/v1/auth/login')
        .send({ username: officer.username, password: 'not the password' })
        .expect(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      const right = await request(bureau.getHttpServer())
        .post('/v1/auth/login')
        .send({ username: officer.username, password: officer.password })
        .expect(403);
      expect(right.body.code).toBe('OFFICER_DISABLED');

      const listed = await onBureau('get', '/v1/users', national)
        .query({ bureauCode: BUREAUS.tianhe, status: 'disabled', limit: 500 })
        .expect(200);
      expect(listed.body.items.map((u: { id: string }) => u.id)).toContain(officer.id);
      // Disabling again changes nothing.
      const again = await disable(officer.id, national).expect(200);
      expect(again.body.disabledAt).toBe(res.body.disabledAt);
    });

    it('refuses a disabled national admin on the audit app’s queue dashboard too', async () => {
      const officer = await newOfficer(BUREAUS.national, 'admin');
      await dashboard(officer.token).expect(200);
      await disable(officer.id, national).expect(200);
      await eventually(() => dashboard(officer.token), 401, 'OFFICER_DISABLED');
    });

    it('enables an officer again: it logs in anew, its tokens from before the disable stay refused', async () => {
      const officer = await newOfficer(BUREAUS.national, 'admin');
      await dashboard(officer.token).expect(200);
      await disable(officer.id, national).expect(200);
      await eventually(() => dashboard(officer.token), 401);
      const res = await enable(officer.id, national).expect(200);
      expect(res.body.disabledAt).toBeNull();

      expect((await me(officer.token).expect(401)).body.code).toBe('TOKEN_REVOKED');
      // The audit app may still hold the disabled status for up to its cache time.
      await eventually(() => dashboard(officer.token), 401, 'TOKEN_REVOKED');
      const fresh = await login(bureau, officer.username, officer.password);
      await me(fresh).expect(200);
      await eventually(() => dashboard(fresh), 200);
    });

    it('keeps disable and enable within the admin’s subtree (404 outside, as elsewhere)', async () => {
      const gzAdmin = await newOfficer(BUREAUS.guangzhou, 'admin');
      const tianheAdmin = await newOfficer(BUREAUS.tianhe, 'admin');
      const inside = await newOfficer(BUREAUS.tianhe, 'reviewer');
      const sibling = await newOfficer(BUREAUS.shenzhen, 'reviewer');
      const parent = await newOfficer(BUREAUS.guangzhou, 'reviewer');
      const attempts: [string, string][] = [
        [gzAdmin.token, sibling.id],
        [tianheAdmin.token, parent.id],
        [gzAdmin.token, randomUUID()],
        [gzAdmin.token, 'not-a-uuid'],
      ];
      for (const [token, id] of attempts) {
        for (const change of [disable, enable]) {
          const res = await change(id, token).expect(404);
          expect(res.body.code).toBe('USER_NOT_FOUND');
        }
      }
      const untouched = await db.query(`SELECT disabled_at FROM registry.users WHERE id = ANY($1)`, [
        [sibling.id, parent.id],
      ]);
      expect(untouched).toEqual([{ disabled_at: null }, { disabled_at: null }]);
      await me(sibling.token).expect(200);

      await disable(inside.id, gzAdmin.token).expect(200);
      await enable(inside.id, tianheAdmin.token).expect(200);
      const insideAgain = await login(bureau, inside.username, inside.password);
      const reviewer = await disable(sibling.id, insideAgain).expect(403);
      expect(reviewer.body.code).toBe('ROLE_FORBIDDEN');
    });

    it('refuses an admin disabling itself', async () => {
      const gzAdmin = await newOfficer(BUREAUS.guangzhou, 'admin');
      const res = await disable(gzAdmin.id, gzAdmin.token).expect(422);
      expect(res.body.code).toBe('CANNOT_DISABLE_SELF');
      await me(gzAdmin.token).expect(200);
    });
  });

  describe('deleted officers', () => {
    it('refuses a deleted officer’s token on bureau routes and on the queue dashboard', async () => {
      const reviewer = await newOfficer(BUREAUS.tianhe, 'reviewer');
      const admin = await newOfficer(BUREAUS.national, 'admin');
      await me(reviewer.token).expect(200);
      await dashboard(admin.token).expect(200);
      await db.query(`DELETE FROM registry.users WHERE id = ANY($1)`, [[reviewer.id, admin.id]]);
      expect((await eventually(() => me(reviewer.token), 401)).body.code).toBe('TOKEN_INVALID');
      expect((await eventually(() => onBureau('get', '/v1/taxpayers', admin.token), 401)).body.code).toBe(
        'TOKEN_INVALID',
      );
      expect((await eventually(() => dashboard(admin.token), 401)).body.code).toBe('TOKEN_INVALID');
    });
  });

  describe('tokens without an expiry', () => {
    it('are refused by the bureau app and the queue dashboard', async () => {
      const admin = await newOfficer(BUREAUS.national, 'admin');
      const claims = {
        sub: admin.id,
        username: admin.username,
        bureauCode: BUREAUS.national,
        role: 'admin',
        ver: 0,
      };
      // The right key, no default expiry: what a leaked signing script could mint.
      const signer = new JwtService({ secret: bureau.get(BureauConfig).JWT_SECRET });
      const forever = await signer.signAsync(claims, { algorithm: 'HS256' });
      expect(signer.decode<{ exp?: number }>(forever).exp).toBeUndefined();
      const withExp = await signer.signAsync(claims, { algorithm: 'HS256', expiresIn: 60 });

      await me(withExp).expect(200);
      await dashboard(withExp).expect(200);
      expect((await me(forever).expect(401)).body.code).toBe('TOKEN_INVALID');
      expect((await dashboard(forever).expect(401)).body.code).toBe('TOKEN_INVALID');
    });
  });
});
