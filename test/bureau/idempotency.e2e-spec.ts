import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { ADMIN, BUREAUS, createTestApp, login } from '@app/testing';

describe('idempotency keys on bureau create routes', () => {
  let app: INestApplication;
  let token: string;
  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    token = await login(app, ADMIN.username, ADMIN.password);
  });
  afterAll(() => app.close());

  const createUser = (key: string, body: object) =>
    request(app.getHttpServer())
      .post('/v1/users')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .send(body);

  it('replays the first answer for the same key and body, and refuses another body', async () => {
    const key = randomBytes(8).toString('hex');
    const body = {
      username: `t-idem-${key}`,
      password: 'a long enough password',
      bureauCode: BUREAUS.tianhe,
      role: 'reviewer',
    };
    const first = await createUser(key, body).expect(201);
    const again = await createUser(key, {
      role: body.role,
      bureauCode: body.bureauCode,
      password: body.password,
      username: body.username,
    }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await app
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM registry.users WHERE username = $1`, [
        body.username,
      ]);
    expect(n).toBe(1);
    const other = await createUser(key, { ...body, role: 'auditor' }).expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
