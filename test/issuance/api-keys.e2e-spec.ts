import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { createTestApp, enrolledTaxpayer } from '@app/testing';

describe('API keys: shown once, stored hashed, revocable', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp(IssuanceAppModule.forRoot());
  });
  afterAll(() => app.close());

  const as = (apiKey: string) => ({ Authorization: `Bearer ${apiKey}` });

  it('rotates keys: a second key works, the revoked one stops at once', async () => {
    const taxpayer = await enrolledTaxpayer(app, { invoiceCode: null });
    const second = await request(app.getHttpServer())
      .post('/v1/api-keys')
      .set(as(taxpayer.apiKey))
      .expect(201);
    expect(second.body.apiKey).toMatch(/^jsk_[A-Za-z0-9_-]{43}$/);
    const listed = await request(app.getHttpServer())
      .get('/v1/api-keys')
      .set(as(second.body.apiKey))
      .expect(200);
    expect(listed.body).toHaveLength(2);
    expect(JSON.stringify(listed.body)).not.toContain(taxpayer.apiKey);
    const first = listed.body.find((k: { id: string }) => k.id !== second.body.id);

    const revoked = await request(app.getHttpServer())
      .post(`/v1/api-keys/${first.id}/revoke`)
      .set(as(second.body.apiKey))
      .expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await request(app.getHttpServer())
      .get('/v1/api-keys')
      .set(as(taxpayer.apiKey))
      .expect(401);
    expect(refused.body.code).toBe('API_KEY_INVALID');
    await request(app.getHttpServer()).get('/v1/api-keys').set(as(second.body.apiKey)).expect(200);
  });

  it('answers 404 for a key that is not yours or does not exist', async () => {
    const [a, b] = await Promise.all([
      enrolledTaxpayer(app, { invoiceCode: null }),
      enrolledTaxpayer(app, { invoiceCode: null }),
    ]);
    const [bKey] = (await request(app.getHttpServer()).get('/v1/api-keys').set(as(b.apiKey)).expect(200))
      .body;
    for (const id of [bKey.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await request(app.getHttpServer())
        .post(`/v1/api-keys/${id}/revoke`)
        .set(as(a.apiKey))
        .expect(404);
      expect(res.body.code).toBe('API_KEY_NOT_FOUND');
    }
    await request(app.getHttpServer()).get('/v1/api-keys').set(as(b.apiKey)).expect(200);
  });
});
