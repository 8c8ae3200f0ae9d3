import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  ADMIN,
  Answer,
  BUREAUS,
  CLAIMS_CSV_HEADER,
  createTestApp,
  enrolledTaxpayer,
  fileSettings,
  flood,
  listenOnLoopback,
  login,
  officerToken,
  send,
  statusCounts,
} from '@app/testing';

/**
 * This file's settings (fileSettings): low request rates, so that a flood meets them
 * quickly, set through the configuration as an installation would; the failure limits stay
 * raised (credential-failures.e2e-spec.ts tests those). A bull prefix of its own, so that
 * its counters and its in-process workers' jobs are seen by no other file. Proxies on
 * loopback are trusted, so each test names its own client IP in X-Forwarded-For.
 */
const SETTINGS = fileSettings('request-limits', {
  AUDIT_NIGHTLY: '0',
  TRUST_PROXY: 'loopback',
  RATE_LIMIT_ENTERPRISE_PER_SECOND: '5',
  RATE_LIMIT_ENTERPRISE_BURST: '10',
  RATE_LIMIT_OFFICER_PER_SECOND: '5',
  RATE_LIMIT_OFFICER_BURST: '10',
  RATE_LIMIT_PUBLIC_PER_SECOND: '5',
  RATE_LIMIT_PUBLIC_BURST: '30',
});

/**
 * Request rates per enterprise, officer and client IP, against the real apps with the low
 * limits of its SETTINGS (5 a second, bursts of 10 more; 30 for public routes).
 */
describe('request rate limits', () => {
  let bureau: INestApplication;
  let issuance: INestApplication;
  let collection: INestApplication;
  let audit: INestApplication;
  const url = { bureau: '', issuance: '', collection: '', audit: '' };
  let admin: string;

  beforeAll(async () => {
    bureau = await createTestApp(BureauAppModule.forRoot(SETTINGS));
    issuance = await createTestApp(IssuanceAppModule.forRoot(SETTINGS));
    collection = await createTestApp(CollectionAppModule.forRoot(SETTINGS));
    audit = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    url.bureau = await listenOnLoopback(bureau);
    url.issuance = await listenOnLoopback(issuance);
    url.collection = await listenOnLoopback(collection);
    url.audit = await listenOnLoopback(audit);
    admin = await login(bureau, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    for (const app of [audit, collection, issuance, bureau]) await app.close();
  });

  /** A client address of its own for each test (TRUST_PROXY=loopback believes it). */
  let lastIp = 0;
  const newIp = () => `198.51.100.${++lastIp}`;
  const bearer = (token: string, ip = newIp()) => ({
    headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': ip },
  });
  const limited = (answers: Answer[]) => answers.filter((a) => a.status === 429);
  /** Every 429 says RATE_LIMITED and when to retry. */
  const expectRateLimited = (answers: Answer[]) => {
    expect(limited(answers).length).toBeGreaterThan(0);
    for (const a of limited(answers)) {
      expect(a.code).toBe('RATE_LIMITED');
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    }
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  describe('per enterprise', () => {
    it('answers 2,000 rapid requests with one API key with 429 RATE_LIMITED past the rate and burst', async () => {
      const seller = await enrolledTaxpayer(issuance, { invoiceCode: null });
      const answers = await flood(2000, 25, () => send(`${url.issuance}/v1/api-keys`, bearer(seller.apiKey)));
      expect(Object.keys(statusCounts(answers)).sort()).toEqual(['200', '429']);
      expect(statusCounts(answers)[200]).toBeGreaterThanOrEqual(15);
      expectRateLimited(answers);
    });

    it('counts all of a taxpayer’s keys, in both enterprise apps, as one', async () => {
      const seller = await enrolledTaxpayer(issuance, { invoiceCode: null });
      const second = await request(issuance.getHttpServer())
        .post('/v1/api-keys')
        .set('Authorization', `Bearer ${seller.apiKey}`)
        .expect(201);
      // 13 requests a key (14 with the one above) fit a budget of 5 + 10 at once; 26 do not.
      const viaIssuance = () => send(`${url.issuance}/v1/api-keys`, bearer(seller.apiKey));
      const viaCollection = () =>
        send(`${url.collection}/v1/uploads/00000000-0000-4000-8000-000000000000`, bearer(second.body.apiKey));
      const answers = (await Promise.all([flood(13, 13, viaIssuance), flood(13, 13, viaCollection)])).flat();
      expectRateLimited(answers);
    });

    it('lets a client at a steady rate below the limit through without a single 429', async () => {
      const seller = await enrolledTaxpayer(issuance, { invoiceCode: null });
      const answers: Answer[] = [];
      // 2.5 a second against 5 a second (and a burst of 10 for any jitter).
      for (let i = 0; i < 15; i++) {
        answers.push(await send(`${url.issuance}/v1/api-keys`, bearer(seller.apiKey)));
        await sleep(400);
      }
      expect(statusCounts(answers)).toEqual({ 200: 15 });
    });

    it('lets a taxpayer whose limit an admin raised through, while another is limited; reset restores it', async () => {
      const [big, small] = await Promise.all([
        enrolledTaxpayer(issuance, { invoiceCode: null }),
        enrolledTaxpayer(issuance, { invoiceCode: null }),
      ]);
      const patched = await request(bureau.getHttpServer())
        .patch(`/v1/taxpayers/${big.taxId}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ rateLimit: { perSecond: 5000, burst: 20000 } })
        .expect(200);
      expect(patched.body.rateLimit).toMatchObject({ perSecond: 5000, burst: 20000 });
      expect(patched.body.status).toBe('normal');
      const shown = await request(bureau.getHttpServer())
        .get(`/v1/taxpayers/${big.taxId}`)
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(shown.body.rateLimit).toEqual({
        perSecond: 5000,
        burst: 20000,
        setBy: expect.any(String),
        setAt: expect.any(String),
      });

      const [bigAnswers, smallAnswers] = await Promise.all([
        flood(300, 15, () => send(`${url.issuance}/v1/api-keys`, bearer(big.apiKey))),
        flood(300, 15, () => send(`${url.issuance}/v1/api-keys`, bearer(small.apiKey))),
      ]);
      expect(statusCounts(bigAnswers)).toEqual({ 200: 300 });
      expectRateLimited(smallAnswers);

      // Back to the default: a key looked up from now on (a new one here; cached ones within
      // 10 s) is limited like any other.
      const reset = await request(bureau.getHttpServer())
        .patch(`/v1/taxpayers/${big.taxId}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ rateLimit: null })
        .expect(200);
      expect(reset.body.rateLimit).toBeNull();
      const fresh = await request(issuance.getHttpServer())
        .post('/v1/api-keys')
        .set('Authorization', `Bearer ${big.apiKey}`)
        .expect(201);
      const after = await flood(300, 15, () =>
        send(`${url.issuance}/v1/api-keys`, bearer(fresh.body.apiKey as string)),
      );
      expectRateLimited(after);
    });

    it('counts a bulk upload as one request, however many rows it streams', async () => {
      const buyer = await enrolledTaxpayer(issuance, { invoiceCode: null });
      const rows = Array.from(
        { length: 5000 },
        (_, i) => `4400261133,${String(90000000 + i)},2026-01-05,${buyer.taxId},100.00,13.00,,`,
      );
      const upload = await send(`${url.collection}/v1/uploads?kind=claims&period=2026-01`, {
        method: 'POST',
        headers: { ...bearer(buyer.apiKey).headers, 'content-type': 'text/csv' },
        body: [CLAIMS_CSV_HEADER, ...rows].join('\n'),
      });
      expect(upload.status).toBe(202);
      // The budget is 5 a second plus 10: the upload spent one of them, whatever its rows.
      const next: Answer[] = [];
      for (let i = 0; i < 14; i++) next.push(await send(`${url.issuance}/v1/api-keys`, bearer(buyer.apiKey)));
      expect(statusCounts(next)).toEqual({ 200: 14 });
    });
  });

  describe('per officer', () => {
    it('answers 500 rapid requests with one officer token with 429 RATE_LIMITED', async () => {
      const token = await officerToken(bureau, BUREAUS.guangzhou, 'reviewer');
      const answers = await flood(500, 25, () => send(`${url.bureau}/v1/users/me`, bearer(token)));
      expect(Object.keys(statusCounts(answers)).sort()).toEqual(['200', '429']);
      expectRateLimited(answers);
    });

    it('counts the officer on the audit app’s queue dashboard too', async () => {
      const token = await officerToken(bureau, BUREAUS.national, 'admin');
      const answers = await flood(100, 20, () => send(`${url.audit}/admin/queues/api/queues`, bearer(token)));
      expect(Object.keys(statusCounts(answers)).sort()).toEqual(['200', '429']);
      expectRateLimited(answers);
    });
  });

  describe('per client IP on public routes', () => {
    it('limits the CA chain, verification, login and enrollment per address, each address on its own', async () => {
      const ip = newIp();
      const from = { 'x-forwarded-for': ip };
      // Bodies the validator refuses (400): the limit is counted before any of the route's work.
      const routes: Record<string, () => Promise<Answer>> = {
        chain: () => send(`${url.issuance}/v1/pki/chain`, { headers: from }),
        verify: () =>
          send(
            `${url.issuance}/v1/verify?invoiceCode=4400261133&invoiceNumber=00000001&issueDate=2026-01-05&amount=100.00`,
            { headers: from },
          ),
        login: () =>
          send(`${url.bureau}/v1/auth/login`, {
            method: 'POST',
            headers: { ...from, 'content-type': 'application/json' },
            body: '{}',
          }),
        enrollment: () =>
          send(`${url.issuance}/v1/enrollment`, {
            method: 'POST',
            headers: { ...from, 'content-type': 'application/json' },
            body: '{}',
          }),
      };
      const names = Object.keys(routes);
      let n = 0;
      const byRoute = new Map<string, Answer[]>(names.map((name) => [name, []]));
      await flood(200, 25, async () => {
        const name = names[n++ % names.length];
        const answer = await routes[name]();
        byRoute.get(name)!.push(answer);
        return answer;
      });
      for (const name of names) {
        const answers = limited(byRoute.get(name)!);
        // Verification also has limits of its own (VERIFY_LIMIT_REACHED...); ours is among them.
        expect(answers.map((a) => a.code)).toContain('RATE_LIMITED');
        for (const a of answers) expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
        if (name !== 'verify') expectRateLimited(byRoute.get(name)!);
      }
      // Another address has a budget of its own.
      expect(
        (await send(`${url.issuance}/v1/pki/chain`, { headers: { 'x-forwarded-for': newIp() } })).status,
      ).toBe(200);
    });

    it('counts a caller who verifies with its API key as an enterprise, not against its address', async () => {
      const seller = await enrolledTaxpayer(issuance);
      const ip = newIp();
      const own = `${url.issuance}/v1/verify?invoiceCode=4400261133&invoiceNumber=00000001&issueDate=2026-01-05&amount=100.00`;
      // Far past the address's public budget (5 a second + 30); the enterprise's own rate applies.
      const keyed = await flood(60, 10, () => send(own, bearer(seller.apiKey, ip)));
      expect(limited(keyed).length).toBeGreaterThan(0);
      // The address has spent none of its public budget: an anonymous check from it goes through.
      const anonymous = await send(`${url.issuance}/v1/pki/chain`, { headers: { 'x-forwarded-for': ip } });
      expect(anonymous.status).toBe(200);
    });

    it('never limits the operators’ probes, GET /health and GET /metrics', async () => {
      const ip = newIp();
      const from = { headers: { 'x-forwarded-for': ip } };
      const probes = await flood(120, 20, () => send(`${url.issuance}/health`, from));
      const metrics = await flood(60, 10, () => send(`${url.bureau}/metrics`, from));
      expect(statusCounts(probes)).toEqual({ 200: 120 });
      expect(statusCounts(metrics)).toEqual({ 200: 60 });
    });
  });

  describe('OpenAPI', () => {
    const paths = async (base: string) =>
      (
        (await (await fetch(`${base}/docs-json`)).json()) as {
          paths: Record<
            string,
            Record<string, { responses: Record<string, { description: string; headers?: object }> }>
          >;
        }
      ).paths;

    it('documents the 429 with Retry-After on every limited route and none on the probes', async () => {
      const issuanceDoc = await paths(url.issuance);
      const bureauDoc = await paths(url.bureau);
      for (const [doc, path, method] of [
        [issuanceDoc, '/v1/invoices', 'post'],
        [issuanceDoc, '/v1/pki/chain', 'get'],
        [issuanceDoc, '/v1/enrollment', 'post'],
        [bureauDoc, '/v1/users', 'get'],
        [bureauDoc, '/v1/auth/login', 'post'],
      ] as const) {
        const tooMany = doc[path][method].responses['429'];
        expect(tooMany.description).toContain('RATE_LIMITED');
        expect(tooMany.headers).toHaveProperty('Retry-After');
      }
      expect(bureauDoc['/v1/auth/login'].post.responses['429'].description).toContain('LOGIN_LOCKED');
      expect(issuanceDoc['/v1/enrollment'].post.responses['429'].description).toContain(
        'AUTH_FAILURES_LIMITED',
      );
      expect(issuanceDoc['/health'].get.responses['429']).toBeUndefined();
      expect(bureauDoc['/metrics'].get.responses['429']).toBeUndefined();
    });
  });
});
