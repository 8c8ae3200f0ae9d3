import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  ADMIN,
  Answer,
  BUREAUS,
  createTestApp,
  enrolledTaxpayer,
  fileSettings,
  login,
  RegistryFactory,
  statusCounts,
} from '@app/testing';

/**
 * This file's settings (fileSettings): the default lock of 5 failed logins per username and
 * a low limit of 10 failed credentials per client IP, set through the configuration as an
 * installation would (request rates stay raised); a bull prefix of its own for its
 * counters. Proxies on loopback are trusted, so each test names its own client IP in
 * X-Forwarded-For.
 */
const SETTINGS = fileSettings('credential-failures', {
  TRUST_PROXY: 'loopback',
  LOGIN_FAILURES_PER_USERNAME: '5',
  AUTH_FAILURES_PER_IP: '10',
  AUTH_FAILURE_WINDOW_SECONDS: '900',
});

/**
 * Failed credentials against the real apps, with the limits of its SETTINGS:
 * a username locked after 5 failed logins, a client IP after 10 failed credentials of a kind.
 */
describe('credential failure limits', () => {
  let bureau: INestApplication;
  let issuance: INestApplication;
  let admin: string;

  beforeAll(async () => {
    bureau = await createTestApp(BureauAppModule.forRoot(SETTINGS));
    issuance = await createTestApp(IssuanceAppModule.forRoot(SETTINGS));
    admin = await login(bureau, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await issuance.close();
    await bureau.close();
  });

  let lastIp = 0;
  /** A client address of its own for each use (TRUST_PROXY=loopback believes X-Forwarded-For). */
  const newIp = () => `203.0.113.${++lastIp}`;
  const answerOf = (res: request.Response): Answer => ({
    status: res.status,
    code: (res.body as { code?: string }).code,
    retryAfter: res.headers['retry-after'] ?? null,
  });
  const tryLogin = async (ip: string, username: string, password: string) =>
    answerOf(
      await request(bureau.getHttpServer())
        .post('/v1/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ username, password }),
    );
  const newOfficer = async (): Promise<{ username: string; password: string }> => {
    const officer = {
      username: `t-lock-${randomBytes(5).toString('hex')}`,
      password: 'a long enough password',
    };
    await request(bureau.getHttpServer())
      .post('/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ ...officer, bureauCode: BUREAUS.tianhe, role: 'reviewer' })
      .expect(201);
    return officer;
  };
  const expectLimited = (answer: Answer, code: string) => {
    expect([answer.status, answer.code]).toEqual([429, code]);
    expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  };

  describe('login', () => {
    it('locks a username after 5 failures: 50 wrong passwords, then the right one, get LOGIN_LOCKED', async () => {
      const officer = await newOfficer();
      const ip = newIp();
      const answers: Answer[] = [];
      for (let i = 0; i < 50; i++) answers.push(await tryLogin(ip, officer.username, `wrong-${i}`));
      expect(answers.slice(0, 5).map((a) => a.code)).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
      for (const a of answers.slice(5)) expectLimited(a, 'LOGIN_LOCKED');
      // The right password, from this address or any other: still locked.
      expectLimited(await tryLogin(ip, officer.username, officer.password), 'LOGIN_LOCKED');
      expectLimited(await tryLogin(newIp(), officer.username, officer.password), 'LOGIN_LOCKED');
      // Locked attempts are not failures of the address: another officer logs in from it.
      const other = await newOfficer();
      expect((await tryLogin(ip, other.username, other.password)).status).toBe(200);
    });

    it('clears a username’s failures on a successful login', async () => {
      const officer = await newOfficer();
      const ip = newIp();
      for (let i = 0; i < 4; i++) await tryLogin(ip, officer.username, 'wrong');
      expect((await tryLogin(ip, officer.username, officer.password)).status).toBe(200);
      for (let i = 0; i < 4; i++) {
        expect((await tryLogin(ip, officer.username, 'wrong')).code).toBe('INVALID_CREDENTIALS');
      }
      expect((await tryLogin(ip, officer.username, officer.password)).status).toBe(200);
    });

    it('limits failed logins per client IP, across usernames', async () => {
      const officer = await newOfficer();
      const ip = newIp();
      for (let i = 0; i < 10; i++) {
        expect((await tryLogin(ip, `nobody-${i}-${randomBytes(3).toString('hex')}`, 'x')).code).toBe(
          'INVALID_CREDENTIALS',
        );
      }
      // The address is refused even for a right password; another address is not.
      expectLimited(await tryLogin(ip, officer.username, officer.password), 'AUTH_FAILURES_LIMITED');
      expect((await tryLogin(newIp(), officer.username, officer.password)).status).toBe(200);
    });
  });

  describe('enrollment tokens', () => {
    it('limits wrong enrollment tokens per client IP; the right token from another address enrolls', async () => {
      const taxpayer = await new RegistryFactory(issuance.get(DataSource)).taxpayer();
      const ip = newIp();
      const enroll = async (from: string, enrollmentToken: string) =>
        answerOf(
          await request(issuance.getHttpServer())
            .post('/v1/enrollment')
            .set('X-Forwarded-For', from)
            .send({ taxId: taxpayer.taxId, enrollmentToken }),
        );
      for (let i = 0; i < 10; i++) {
        expect((await enroll(ip, randomBytes(32).toString('base64url'))).code).toBe(
          'ENROLLMENT_TOKEN_INVALID',
        );
      }
      expectLimited(await enroll(ip, taxpayer.enrollmentToken), 'AUTH_FAILURES_LIMITED');
      expect((await enroll(newIp(), taxpayer.enrollmentToken)).status).toBe(201);
    });
  });

  describe('API keys', () => {
    const call = async (ip: string, apiKey: string) =>
      answerOf(
        await request(issuance.getHttpServer())
          .get('/v1/api-keys')
          .set('X-Forwarded-For', ip)
          .set('Authorization', `Bearer ${apiKey}`),
      );
    const unknownKey = () => `jsk_${randomBytes(32).toString('base64url')}`;

    it('limits unknown and malformed keys per client IP; a valid key from it still works', async () => {
      const seller = await enrolledTaxpayer(issuance, { invoiceCode: null });
      const ip = newIp();
      const tries = [...Array.from({ length: 7 }, unknownKey), 'not-a-key', 'jsk_short', 'x'.repeat(200)];
      for (const key of tries) expect((await call(ip, key)).code).toBe('API_KEY_INVALID');
      expectLimited(await call(ip, unknownKey()), 'AUTH_FAILURES_LIMITED');
      // A valid key never meets the failure counter, even from an address it refuses.
      expect((await call(ip, seller.apiKey)).status).toBe(200);
      expect((await call(newIp(), unknownKey())).code).toBe('API_KEY_INVALID');
    });

    it('never counts a valid key as a failure', async () => {
      const seller = await enrolledTaxpayer(issuance, { invoiceCode: null });
      const ip = newIp();
      const answers: Answer[] = [];
      for (let i = 0; i < 30; i++) answers.push(await call(ip, seller.apiKey));
      expect(statusCounts(answers)).toEqual({ 200: 30 });
      // The address has spent none of its 10 failures.
      for (let i = 0; i < 10; i++) expect((await call(ip, unknownKey())).code).toBe('API_KEY_INVALID');
    });
  });
});
