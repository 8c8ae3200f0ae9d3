import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';

export const ADMIN = { username: 'admin', password: 'jinshui-admin-dev' };

export async function login(app: INestApplication, username: string, password: string): Promise<string> {
  const res = await request(app.getHttpServer())
    .post('/v1/auth/login')
    .send({ username, password })
    .expect(200);
  return (res.body as { accessToken: string }).accessToken;
}

/**
 * Creates an officer through the API (as the national admin) and logs it in; returns
 * its bearer token. Usernames are random so tests can run in any order.
 */
export async function officerToken(
  app: INestApplication,
  bureauCode: string,
  role: 'reviewer' | 'auditor' | 'admin' = 'admin',
): Promise<string> {
  const adminToken = await login(app, ADMIN.username, ADMIN.password);
  const username = `t-${role}-${randomBytes(5).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  await request(app.getHttpServer())
    .post('/v1/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ username, password, bureauCode, role })
    .expect(201);
  return login(app, username, password);
}
