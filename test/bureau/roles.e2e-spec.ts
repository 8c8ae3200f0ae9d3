import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { ADMIN, BUREAUS, createTestApp, login, officerToken, RegistryFactory } from '@app/testing';

type Role = 'reviewer' | 'auditor' | 'admin';
const ROLES: Role[] = ['reviewer', 'auditor', 'admin'];

/**
 * The rule table of docs/access-and-limits.md, route by route: which roles pass the role
 * check. Bodies are empty, so an allowed role is mostly stopped by validation (400) or a
 * missing object (404) (an admin does get a new enrollment token for the test's own
 * taxpayer); a refused role gets 403 ROLE_FORBIDDEN before any of that.
 */
const TABLE: [method: 'get' | 'post' | 'patch', path: string, allowed: Role[]][] = [
  ['get', '/v1/taxpayers', ROLES],
  ['get', '/v1/taxpayers/{taxId}', ROLES],
  ['post', '/v1/taxpayers', ['admin']],
  ['patch', '/v1/taxpayers/{taxId}', ['admin']],
  ['get', '/v1/taxpayers/{taxId}/status-history', ROLES],
  ['post', '/v1/tax-id-overrides', ['admin']],
  ['post', '/v1/taxpayers/{taxId}/enrollment-token', ['admin']],
  ['get', '/v1/taxpayers/{taxId}/number-ranges', ROLES],
  ['post', '/v1/taxpayers/{taxId}/number-ranges', ['admin']],
  ['get', '/v1/taxpayers/{taxId}/certificates', ROLES],
  ['post', '/v1/certificates/{id}/revoke', ['admin']],
  ['get', '/v1/users/me', ROLES],
  ['get', '/v1/users', ['admin']],
  ['post', '/v1/users', ['admin']],
  ['post', '/v1/users/{id}/disable', ['admin']],
  ['post', '/v1/users/{id}/enable', ['admin']],
  ['get', '/v1/bureaus/{bureau}', ROLES],
  ['post', '/v1/audits', ['auditor', 'admin']],
  ['get', '/v1/rule-sets', ROLES],
  ['get', '/v1/rule-sets/{version}', ROLES],
  // A district admin passes the role check and is then refused as NATIONAL_TIER_ONLY.
  ['post', '/v1/rule-sets', ['admin']],
  ['post', '/v1/rule-sets/{version}/activate', ['admin']],
  ['get', '/v1/audits/{id}', ROLES],
  ['get', '/v1/findings', ROLES],
  ['patch', '/v1/findings/{id}', ROLES],
  ['get', '/v1/reports/summary', ROLES],
  ['get', '/v1/risk/taxpayers', ROLES],
  ['get', '/v1/taxpayers/{taxId}/risk', ROLES],
  ['get', '/v1/assist-requests', ROLES],
  ['post', '/v1/assist-requests/{id}/reply', ROLES],
];

describe('officer roles × actions', () => {
  let app: INestApplication;
  let taxId: string;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    taxId = (await new RegistryFactory(app.get(DataSource)).taxpayer({ bureauCode: BUREAUS.tianhe })).taxId;
    for (const role of ROLES) tokens[role] = await officerToken(app, BUREAUS.tianhe, role);
  });
  afterAll(() => app.close());

  const call = (method: 'get' | 'post' | 'patch', path: string, token: string) => {
    const url = path
      .replace('{taxId}', taxId)
      .replace('{bureau}', BUREAUS.tianhe)
      .replace('{id}', method === 'patch' ? '1' : randomUUID());
    return request(app.getHttpServer())[method](url).set('Authorization', `Bearer ${token}`).send({});
  };

  describe.each(TABLE)('%s %s', (method, path, allowed) => {
    it.each(ROLES)(
      `%s: ${allowed.length === 3 ? 'any role' : `only ${allowed.join(', ')}`}`,
      async (role) => {
        const res = await call(method, path, tokens[role]);
        if (allowed.includes(role)) {
          expect(res.body.code).not.toBe('ROLE_FORBIDDEN');
          expect(res.status).toBeLessThan(500);
        } else {
          expect([res.status, res.body.code]).toEqual([403, 'ROLE_FORBIDDEN']);
        }
      },
    );
  });

  it('lets only admins change a taxpayer’s status: reviewers and auditors read it', async () => {
    const patch = (token: string) =>
      request(app.getHttpServer())
        .patch(`/v1/taxpayers/${taxId}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ status: 'abnormal', reason: 'not reachable' });
    for (const role of ['reviewer', 'auditor'] as const) {
      const res = await patch(tokens[role]).expect(403);
      expect(res.body.code).toBe('ROLE_FORBIDDEN');
      const read = await request(app.getHttpServer())
        .get(`/v1/taxpayers/${taxId}`)
        .set('Authorization', `Bearer ${tokens[role]}`)
        .expect(200);
      expect(read.body.status).toBe('normal');
    }
    expect((await patch(tokens.admin).expect(200)).body.status).toBe('abnormal');
    // The national admin of the seed data too.
    const national = await login(app, ADMIN.username, ADMIN.password);
    await request(app.getHttpServer())
      .patch(`/v1/taxpayers/${taxId}`)
      .set('Authorization', `Bearer ${national}`)
      .send({ status: 'normal' })
      .expect(200);
  });
});
