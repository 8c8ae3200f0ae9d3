import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { ADMIN, BUREAUS, createTestApp, login, officerToken } from '@app/testing';

describe('bureau login and tokens', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());

  it('logs the national admin in with a JWT carrying bureau code and role', async () => {
    const res = await http().post('/v1/auth/login').send(ADMIN).expect(200);
    expect(res.body.expiresIn).toBe(900);
    const claims = app.get(JwtService).decode(res.body.accessToken);
    expect(claims).toMatchObject({ username: 'admin', bureauCode: BUREAUS.national, role: 'admin' });
    const me = await http()
      .get('/v1/users/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({ username: 'admin', bureauCode: BUREAUS.national, role: 'admin' });
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const wrong = await http()
      .post('/v1/auth/login')
      .send({ username: 'admin', password: 'not-the-password' })
      .expect(401);
    const unknown = await http()
      .post('/v1/auth/login')
      .send({ username: 'nobody-here', password: 'x' })
      .expect(401);
    expect(wrong.body).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'The username or password is wrong.',
    });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses a missing, tampered or expired token', async () => {
    const missing = await http().get('/v1/users/me').expect(401);
    expect(missing.body.code).toBe('UNAUTHENTICATED');

    const token = await login(app, ADMIN.username, ADMIN.password);
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, bureauCode: BUREAUS.beijing })).toString(
      'base64url',
    );
    const tampered = await http()
      .get('/v1/users/me')
      .set('Authorization', `Bearer ${h}.${forged}.${s}`)
      .expect(401);
    expect(tampered.body.code).toBe('TOKEN_INVALID');

    const otherKey = new JwtService({ secret: 'another-secret-another-secret-another-secret' });
    const foreign = await otherKey.signAsync({ ...payload });
    await http().get('/v1/users/me').set('Authorization', `Bearer ${foreign}`).expect(401);

    const { iat: _iat, exp: _exp, ...claims } = payload;
    const expired = await app.get(JwtService).signAsync({ ...claims }, { expiresIn: -10 });
    const res = await http().get('/v1/users/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses malformed JSON, unknown fields and duplicate keys with stable codes', async () => {
    const bad = await http()
      .post('/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username":')
      .expect(400);
    expect(bad.body.code).toBe('MALFORMED_JSON');
    const extra = await http()
      .post('/v1/auth/login')
      .send({ ...ADMIN, role: 'admin' })
      .expect(400);
    expect(extra.body.code).toBe('UNKNOWN_FIELD');
    expect(extra.body.details).toEqual([{ field: 'role', problems: ['property role should not exist'] }]);
    const dup = await http()
      .post('/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username":"admin","password":"x","password":"jinshui-admin-dev"}')
      .expect(400);
    expect(dup.body).toMatchObject({ code: 'DUPLICATE_JSON_KEY', details: { key: 'password' } });
    const missing = await http().post('/v1/auth/login').send({ username: 'admin' }).expect(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
  });

  describe('officers', () => {
    it('lets an admin create officers only inside its subtree', async () => {
      const gzAdmin = await officerToken(app, BUREAUS.guangzhou, 'admin');
      const create = (bureauCode: string, username: string) =>
        http()
          .post('/v1/users')
          .set('Authorization', `Bearer ${gzAdmin}`)
          .send({ username, password: 'a long enough password', bureauCode, role: 'reviewer' });
      const name = `t-ok-${Date.now()}`;
      await create(BUREAUS.tianhe, name).expect(201);
      const taken = await create(BUREAUS.tianhe, name).expect(409);
      expect(taken.body.code).toBe('USERNAME_TAKEN');
      for (const outside of [BUREAUS.guangdong, BUREAUS.futian, BUREAUS.dongcheng, '14401990000']) {
        const res = await create(outside, `t-no-${outside}`).expect(404);
        expect(res.body.code).toBe('BUREAU_NOT_FOUND');
      }
      const res = await create('14401069999', 't-nonexistent').expect(400);
      expect(res.body.code).toBe('BUREAU_CODE_INVALID');
    });

    it('allows only admins to create officers', async () => {
      const reviewer = await officerToken(app, BUREAUS.guangzhou, 'reviewer');
      const res = await http()
        .post('/v1/users')
        .set('Authorization', `Bearer ${reviewer}`)
        .send({
          username: 't-x-forbidden',
          password: 'a long enough password',
          bureauCode: BUREAUS.tianhe,
          role: 'reviewer',
        })
        .expect(403);
      expect(res.body.code).toBe('ROLE_FORBIDDEN');
    });
  });
});
