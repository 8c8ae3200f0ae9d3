import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
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
  registerTaxpayer,
  setTaxpayerStatus,
} from '@app/testing';

describe('enrollment tokens', () => {
  let app: INestApplication;
  let db: DataSource;
  let national: string;
  let tianheAdmin: string;
  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    db = app.get(DataSource);
    national = await login(app, ADMIN.username, ADMIN.password);
    tianheAdmin = await officerToken(app, BUREAUS.tianhe, 'admin');
  });
  afterAll(() => app.close());

  const renew = (token: string, taxId: string) =>
    request(app.getHttpServer())
      .post(`/v1/taxpayers/${taxId}/enrollment-token`)
      .set('Authorization', `Bearer ${token}`)
      .send();
  const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
  const stored = async (taxId: string) =>
    (
      await db.query(
        `SELECT encode(enrollment_token_hash, 'hex') AS hash, enrollment_token_expires_at AS "expiresAt"
           FROM registry.taxpayers WHERE tax_id = $1`,
        [taxId],
      )
    )[0] as { hash: string; expiresAt: Date };

  it('issues a fresh token whose hash replaces the old one', async () => {
    const registered = await registerTaxpayer(app, national);
    expect((await stored(registered.taxId)).hash).toBe(sha256(registered.enrollmentToken));

    const res = await renew(tianheAdmin, registered.taxId).expect(201);
    expect(res.body).toEqual({
      enrollmentToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      enrollmentTokenExpiresAt: expect.any(String),
    });
    expect(res.body.enrollmentToken).not.toBe(registered.enrollmentToken);
    const row = await stored(registered.taxId);
    expect(row.hash).toBe(sha256(res.body.enrollmentToken));
    expect(row.hash).not.toBe(sha256(registered.enrollmentToken));
    expect(row.expiresAt.toISOString()).toBe(res.body.enrollmentTokenExpiresAt);
    expect(Date.parse(res.body.enrollmentTokenExpiresAt)).toBeGreaterThan(Date.now());

    const again = await renew(national, registered.taxId).expect(201);
    expect((await stored(registered.taxId)).hash).toBe(sha256(again.body.enrollmentToken));
  });

  it('answers 404 outside the subtree and for an unknown taxpayer, changing nothing', async () => {
    const registered = await registerTaxpayer(app, national, { bureauCode: BUREAUS.yuexiu });
    const before = await stored(registered.taxId);
    expect((await renew(tianheAdmin, registered.taxId).expect(404)).body.code).toBe('TAXPAYER_NOT_FOUND');
    expect((await renew(tianheAdmin, newTaxId()).expect(404)).body.code).toBe('TAXPAYER_NOT_FOUND');
    expect(await stored(registered.taxId)).toEqual(before);

    const province = await officerToken(app, BUREAUS.guangdong, 'admin');
    const res = await renew(province, registered.taxId).expect(201);
    expect((await stored(registered.taxId)).hash).toBe(sha256(res.body.enrollmentToken));
  });

  it.each(['abnormal', 'deregistered'] as const)('refuses a taxpayer that is %s', async (status) => {
    const registered = await registerTaxpayer(app, national);
    await setTaxpayerStatus(app, national, registered.taxId, status);
    const before = await stored(registered.taxId);
    const res = await renew(tianheAdmin, registered.taxId).expect(422);
    expect(res.body).toMatchObject({ code: 'TAXPAYER_NOT_NORMAL', details: { status } });
    expect(await stored(registered.taxId)).toEqual(before);
  });

  it('needs the admin role', async () => {
    const registered = await registerTaxpayer(app, national);
    const reviewer = await officerToken(app, BUREAUS.tianhe, 'reviewer');
    expect((await renew(reviewer, registered.taxId).expect(403)).body.code).toBe('ROLE_FORBIDDEN');
    expect((await stored(registered.taxId)).hash).toBe(sha256(registered.enrollmentToken));
  });
});
