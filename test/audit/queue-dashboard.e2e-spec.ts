import { getQueueToken } from '@nestjs/bull';
import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { AuditConfig } from '../../apps/audit/src/config/audit.config';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { loadConfig } from '@app/platform';
import { AUDIT_CONTROL_QUEUE, AUDIT_PARTITIONS_QUEUE, UPLOADS_QUEUE } from '@app/queue';
import { ADMIN, BUREAUS, createTestApp, login, officerToken } from '@app/testing';

interface BoardQueue {
  name: string;
  readOnlyMode: boolean;
  jobs: { id: string }[];
}

describe('queue dashboard on the audit app', () => {
  let audit: INestApplication;
  let bureau: INestApplication;
  let adminToken: string;
  let reviewerToken: string;
  let districtAdminToken: string;

  beforeAll(async () => {
    audit = await createTestApp(AuditAppModule.forRoot());
    bureau = await createTestApp(BureauAppModule.forRoot());
    // Real bureau logins: the audit app must accept what the bureau app signs.
    adminToken = await login(bureau, ADMIN.username, ADMIN.password);
    districtAdminToken = await officerToken(bureau, BUREAUS.tianhe, 'admin');
    reviewerToken = await officerToken(bureau, BUREAUS.tianhe, 'reviewer');
  });
  afterAll(async () => {
    await audit.close();
    await bureau.close();
  });

  const http = () => request(audit.getHttpServer());
  const asAdmin = (path: string) => http().get(path).set('Authorization', `Bearer ${adminToken}`);
  /** The officer claims of a bureau token, without its times, to sign again. */
  const claimsOf = (token: string): Record<string, unknown> => {
    const { iat: _iat, exp: _exp, ...claims } = bureau.get(JwtService).decode<Record<string, unknown>>(token);
    return claims;
  };

  describe('refuses', () => {
    it('a request without a token (401)', async () => {
      const res = await http().get('/admin/queues').expect(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      await http().get('/admin/queues/api/queues').expect(401);
    });

    it('a malformed token and one signed with another key (401)', async () => {
      const garbage = await http().get('/admin/queues').set('Authorization', 'Bearer not-a-jwt').expect(401);
      expect(garbage.body).toMatchObject({ code: 'TOKEN_INVALID' });
      const otherKey = new JwtService({ secret: 'another-secret-another-secret-another-secret' });
      const forged = await otherKey.signAsync(claimsOf(adminToken));
      const res = await http().get('/admin/queues').set('Authorization', `Bearer ${forged}`).expect(401);
      expect(res.body).toMatchObject({ code: 'TOKEN_INVALID' });
    });

    it('an expired admin token (401)', async () => {
      const expired = await bureau.get(JwtService).signAsync(claimsOf(adminToken), { expiresIn: -10 });
      const res = await http().get('/admin/queues').set('Authorization', `Bearer ${expired}`).expect(401);
      expect(res.body).toMatchObject({ code: 'TOKEN_EXPIRED' });
    });

    it('an admin below the national tier (403): the board shows the whole country', async () => {
      const res = await http()
        .get('/admin/queues')
        .set('Authorization', `Bearer ${districtAdminToken}`)
        .expect(403);
      expect(res.body).toMatchObject({ code: 'QUEUE_DASHBOARD_NATIONAL_ONLY' });
    });

    it('an officer who is not an admin (403), on the page and on its API', async () => {
      const res = await http()
        .get('/admin/queues')
        .set('Authorization', `Bearer ${reviewerToken}`)
        .expect(403);
      expect(res.body).toMatchObject({ code: 'ROLE_FORBIDDEN' });
      await http()
        .get('/admin/queues/api/queues')
        .set('Authorization', `Bearer ${reviewerToken}`)
        .expect(403);
    });

    it('its static files without a token', async () => {
      const page = await asAdmin('/admin/queues').expect(200);
      const script = /src="(static\/[^"]+\.js)"/.exec(page.text)?.[1];
      expect(script).toBeDefined();
      await asAdmin(`/admin/queues/${script}`).expect(200);
      await http().get(`/admin/queues/${script}`).expect(401);
    });
  });

  it('serves the board page to an admin, with links under /admin/queues', async () => {
    const res = await asAdmin('/admin/queues').expect(200).expect('content-type', /html/);
    expect(res.text).toContain('<base href="/admin/queues/"');
    // The page links Google Fonts: the browser must not fetch them (nor send the header there).
    expect(res.headers['content-security-policy']).toMatch(/style-src 'self' 'unsafe-inline'(;|$)/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    // The national admin of the seed data too, not only bureau admins made by the factory.
    const national = await login(bureau, ADMIN.username, ADMIN.password);
    await http().get('/admin/queues').set('Authorization', `Bearer ${national}`).expect(200);
  });

  it('lists the three queues in its API; uploads read-only', async () => {
    const res = await asAdmin('/admin/queues/api/queues').expect(200);
    const queues = res.body.queues as BoardQueue[];
    expect(queues.map((q) => q.name).sort()).toEqual(
      [AUDIT_CONTROL_QUEUE, AUDIT_PARTITIONS_QUEUE, UPLOADS_QUEUE].sort(),
    );
    const readOnly = Object.fromEntries(queues.map((q) => [q.name, q.readOnlyMode]));
    expect(readOnly).toEqual({
      [UPLOADS_QUEUE]: true,
      [AUDIT_PARTITIONS_QUEUE]: false,
      [AUDIT_CONTROL_QUEUE]: false,
    });
    // Enforced by bull-board's API, not only by hidden buttons.
    await http()
      .put(`/admin/queues/api/queues/${UPLOADS_QUEUE}/empty`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(405);
  });

  it('lists the jobs of a queue (query string reaches bull-board) and labels metrics by route', async () => {
    const control = audit.get<Queue>(getQueueToken(AUDIT_CONTROL_QUEUE), { strict: false });
    const jobId = `dashboard-probe-${randomUUID()}`;
    // Delayed by an hour, so no worker takes it before it is removed.
    await control.add('dashboard-probe', {}, { jobId, delay: 3_600_000 });
    try {
      const res = await asAdmin(
        `/admin/queues/api/queues?activeQueue=${AUDIT_CONTROL_QUEUE}&status=delayed&page=1&jobsPerPage=50`,
      ).expect(200);
      const queue = (res.body.queues as BoardQueue[]).find((q) => q.name === AUDIT_CONTROL_QUEUE);
      expect(queue?.jobs.map((j) => j.id)).toContain(jobId);
      await asAdmin(`/admin/queues/api/queues/${AUDIT_CONTROL_QUEUE}/${jobId}`).expect(200);
    } finally {
      await (await control.getJob(jobId))?.remove();
    }
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.text).toContain('route="/admin/queues/api/queues/:queueName/:jobId"');
    expect(metrics.text).not.toContain(jobId);
  });

  it('leaves the rest of the app as it was: 404 model, OpenAPI without the board', async () => {
    const res = await http().get('/admin/queuesx').expect(404);
    expect(res.body).toEqual({ code: 'ROUTE_NOT_FOUND', message: 'No route GET /admin/queuesx.' });
    const spec = await http().get('/docs-json').expect(200);
    expect(Object.keys(spec.body.paths).filter((p) => p.startsWith('/admin'))).toEqual([]);
    await http().get('/health').expect(200);
  });
});

describe('audit JWT_SECRET', () => {
  it('refuses the development secret in production and accepts one of its own', () => {
    expect(() => loadConfig(AuditConfig, { NODE_ENV: 'production' })).toThrow(/JWT_SECRET: set a secret/);
    const config = loadConfig(AuditConfig, { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
    expect(config.JWT_SECRET).toBe('x'.repeat(32));
    expect(() => loadConfig(AuditConfig, { JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });
});
