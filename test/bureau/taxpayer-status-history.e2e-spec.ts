import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  ADMIN,
  BUREAUS,
  createTestApp,
  login,
  newTaxId,
  officerToken,
  registerTaxpayer,
  setTaxpayerStatus,
} from '@app/testing';

const RFC3339_MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** GET /v1/taxpayers/{taxId}/status-history: the rows of registry.taxpayer_status_changes. */
describe('taxpayer status history', () => {
  let app: INestApplication;
  let national: string;
  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    national = await login(app, ADMIN.username, ADMIN.password);
  });
  afterAll(() => app.close());

  const history = (taxId: string, token: string) =>
    request(app.getHttpServer())
      .get(`/v1/taxpayers/${taxId}/status-history`)
      .set('Authorization', `Bearer ${token}`);

  it('is empty for a taxpayer whose status never changed', async () => {
    const t = await registerTaxpayer(app, national);
    expect((await history(t.taxId, national).expect(200)).body).toEqual({ items: [] });
  });

  it('lists every change oldest first, with reason, time and officer', async () => {
    const admin = await officerToken(app, BUREAUS.guangzhou, 'admin');
    const t = await registerTaxpayer(app, national);
    const change = (status: string, reason?: string) =>
      request(app.getHttpServer())
        .patch(`/v1/taxpayers/${t.taxId}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ status, reason })
        .expect(200);
    await change('abnormal', 'Not reachable at the registered address (非正常户)');
    await change('normal');
    const { body: me } = await request(app.getHttpServer())
      .get('/v1/users/me')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);

    const { body } = await history(t.taxId, admin).expect(200);
    expect(body.items).toEqual([
      {
        from: 'normal',
        to: 'abnormal',
        reason: 'Not reachable at the registered address (非正常户)',
        changedAt: expect.stringMatching(RFC3339_MICROS),
        changedBy: me.id,
        changedByUsername: me.username,
      },
      {
        from: 'abnormal',
        to: 'normal',
        reason: null,
        changedAt: expect.stringMatching(RFC3339_MICROS),
        changedBy: me.id,
        changedByUsername: me.username,
      },
    ]);
    expect(body.items[0].changedAt < body.items[1].changedAt).toBe(true);
  });

  it.each(['reviewer', 'auditor', 'admin'] as const)(
    'a %s of the taxpayer’s subtree may read it',
    async (role) => {
      const t = await registerTaxpayer(app, national);
      await setTaxpayerStatus(app, national, t.taxId, 'abnormal');
      const token = await officerToken(app, BUREAUS.guangdong, role);
      const { body } = await history(t.taxId, token).expect(200);
      expect(body.items.map((c: { to: string }) => c.to)).toEqual(['abnormal']);
    },
  );

  it('answers 404 TAXPAYER_NOT_FOUND outside the officer’s subtree, exactly as for a taxpayer that does not exist', async () => {
    const t = await registerTaxpayer(app, national);
    await setTaxpayerStatus(app, national, t.taxId, 'abnormal');
    const beijing = await officerToken(app, BUREAUS.beijing, 'reviewer');
    const yuexiu = await officerToken(app, BUREAUS.yuexiu, 'admin');
    const missing = newTaxId();
    for (const token of [beijing, yuexiu]) {
      const res = await history(t.taxId, token).expect(404);
      expect(res.body).toEqual({
        code: 'TAXPAYER_NOT_FOUND',
        message: `No taxpayer ${t.taxId} in your jurisdiction.`,
      });
    }
    const none = await history(missing, beijing).expect(404);
    expect(none.body).toEqual({
      code: 'TAXPAYER_NOT_FOUND',
      message: `No taxpayer ${missing} in your jurisdiction.`,
    });
  });
});
