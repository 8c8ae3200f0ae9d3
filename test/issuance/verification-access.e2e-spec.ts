import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { IssuanceConfig } from '../../apps/issuance/src/config/issuance.config';
import { createTestApp, enrolledTaxpayer, EnrolledTaxpayer, fileSettings, invoiceBody } from '@app/testing';
import { Facts, factsOf, laterNumber, TestClient, unknownFacts } from './verification-helpers';

/**
 * This file's settings (fileSettings): verification suites: a bull prefix of their own, so
 * that their counters are seen by no other file, and the limits they assert pinned here,
 * whatever the run raises for everyone else: the daily limit at its default (5, as 查验) and
 * a low miss limit, reached in a few requests.
 */
const SETTINGS = fileSettings('verify', {
  VERIFY_DAILY_LIMIT: '5',
  VERIFY_MISSES_PER_IP: '10',
  VERIFY_MISS_WINDOW_SECONDS: '3600',
});

/**
 * Issue 15, item 3: who gets which answer from GET /v1/verify, and how often.
 * - The seller and the buyer, with their API key, check their own invoices without a daily
 *   limit and learn not_found or mismatch; a key of anyone else counts as anonymous.
 * - The daily limit is per client address, so a stranger exhausts only their own checks.
 * - Checks matching no invoice are limited per address (VERIFY_MISSES_PER_IP).
 * - Anonymous answers do not say whether a number exists.
 * Clients are told apart by the socket address they connect from (TestClient).
 */
describe('verification: parties, strangers and misses', () => {
  let app: INestApplication;
  let config: IssuanceConfig;
  let buyer: EnrolledTaxpayer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    app = await createTestApp(IssuanceAppModule.forRoot(SETTINGS));
    config = app.get(IssuanceConfig);
    buyer = await enrolledTaxpayer(app, { invoiceCode: null });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await app.close();
  });

  const newClient = () => {
    const client = new TestClient(app);
    clients.push(client);
    return client;
  };
  const issued = async () => {
    const seller = await enrolledTaxpayer(app);
    const res = await request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .send(invoiceBody(buyer))
      .expect(201);
    return { seller, invoice: factsOf(res.body as Facts) };
  };
  const exhaustDailyChecks = async (client: TestClient, facts: Facts, apiKey?: string) => {
    for (let i = 0; i < config.VERIFY_DAILY_LIMIT; i++) await client.verify(facts, apiKey).expect(200);
    const limited = await client.verify(facts, apiKey).expect(429);
    expect(limited.body.code).toBe('VERIFY_LIMIT_REACHED');
  };

  it("a stranger's checks do not lock out the seller, the buyer or another client", async () => {
    const { seller, invoice } = await issued();
    const stranger = newClient();
    await exhaustDailyChecks(stranger, invoice);

    // The parties, even from the stranger's own address.
    for (const apiKey of [seller.apiKey, buyer.apiKey]) {
      const res = await stranger.verify(invoice, apiKey).expect(200);
      expect(res.body).toMatchObject({ authentic: true, status: 'issued', checksLeftToday: null });
    }
    const other = await newClient().verify(invoice).expect(200);
    expect(other.body).toMatchObject({ authentic: true, status: 'issued', checksLeftToday: 4 });
  });

  it('the seller and the buyer check beyond the limit and learn mismatch or not_found', async () => {
    const { seller, invoice } = await issued();
    const client = newClient();
    for (let i = 0; i < 2 * config.VERIFY_DAILY_LIMIT; i++) {
      const apiKey = i % 2 === 0 ? seller.apiKey : buyer.apiKey;
      const res = await client.verify(invoice, apiKey).expect(200);
      expect(res.body).toMatchObject({ authentic: true, checksLeftToday: null });
    }
    const wrongAmount = { ...invoice, amount: '1500.01' };
    const wrongDate = { ...invoice, issueDate: '2024-01-02' };
    for (const apiKey of [seller.apiKey, buyer.apiKey]) {
      for (const facts of [wrongAmount, wrongDate]) {
        expect((await client.verify(facts, apiKey).expect(200)).body).toEqual({
          authentic: false,
          status: 'mismatch',
          checksLeftToday: null,
        });
      }
    }
    // A number of the seller's range not issued yet is the seller's to know about.
    expect((await client.verify(laterNumber(invoice), seller.apiKey).expect(200)).body).toEqual({
      authentic: false,
      status: 'not_found',
      checksLeftToday: null,
    });
  });

  it("a party's failed checks are no misses of its address", async () => {
    const { seller, invoice } = await issued();
    const client = newClient();
    for (let i = 0; i <= config.VERIFY_MISSES_PER_IP; i++) {
      await client.verify(laterNumber(invoice, i + 1), seller.apiKey).expect(200);
    }
    const anonymous = await client.verify(unknownFacts()).expect(200);
    expect(anonymous.body).toEqual({ authentic: false, status: 'no_match', checksLeftToday: 4 });
  });

  it("a third taxpayer's API key counts as anonymous for an invoice that is not its own", async () => {
    const { invoice } = await issued();
    const third = await enrolledTaxpayer(app);
    const client = newClient();
    const wrongAmount = { ...invoice, amount: '1500.01' };
    expect((await client.verify(wrongAmount, third.apiKey).expect(200)).body).toEqual({
      authentic: false,
      status: 'no_match',
      checksLeftToday: 4,
    });
    expect((await client.verify(unknownFacts(), third.apiKey).expect(200)).body).toEqual({
      authentic: false,
      status: 'no_match',
      checksLeftToday: 4,
    });
    // The same invoice key as wrongAmount: its second check of the day.
    for (let left = 3; left >= 0; left--) {
      const res = await client.verify(invoice, third.apiKey).expect(200);
      expect(res.body).toMatchObject({ authentic: true, status: 'issued', checksLeftToday: left });
    }
    const limited = await client.verify(invoice, third.apiKey).expect(429);
    expect(limited.body.code).toBe('VERIFY_LIMIT_REACHED');
  });

  it('a party to one invoice is anonymous for numbers that are not its own', async () => {
    const { seller } = await issued();
    const res = await newClient().verify(unknownFacts(), buyer.apiKey).expect(200);
    expect(res.body).toEqual({ authentic: false, status: 'no_match', checksLeftToday: 4 });
    const alsoAnonymous = await newClient().verify(unknownFacts(), seller.apiKey).expect(200);
    expect(alsoAnonymous.body).toEqual({ authentic: false, status: 'no_match', checksLeftToday: 4 });
  });

  it('refuses an API key that is not valid instead of answering as anonymous', async () => {
    const { invoice } = await issued();
    const res = await newClient().verify(invoice, 'jsk_not-a-real-key').expect(401);
    expect(res.body.code).toBe('API_KEY_INVALID');
  });

  it('blocks 100 wrong lookups from one address with 429 VERIFY_MISSES_LIMITED, and only that address', async () => {
    const { seller, invoice } = await issued();
    const guesser = newClient();
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 1; i <= 100; i++) {
      const res = await guesser.verify(laterNumber(invoice, i));
      statuses.push(res.status);
      limited ??= res.status === 429 ? res : undefined;
    }
    const allowed = config.VERIFY_MISSES_PER_IP;
    expect(statuses).toEqual([
      ...Array<number>(allowed).fill(200),
      ...Array<number>(100 - allowed).fill(429),
    ]);
    expect(limited!.body).toMatchObject({ code: 'VERIFY_MISSES_LIMITED', details: { limit: allowed } });
    const retryAfter = Number(limited!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(config.VERIFY_MISS_WINDOW_SECONDS);

    // Blocked for every anonymous check, matching or not, so that a 429 tells nothing.
    expect((await guesser.verify(invoice).expect(429)).body.code).toBe('VERIFY_MISSES_LIMITED');
    // Not the seller, and not another address.
    await guesser.verify(invoice, seller.apiKey).expect(200);
    expect((await newClient().verify(invoice).expect(200)).body).toMatchObject({ authentic: true });
  });

  it('holds the miss limit under concurrent guesses', async () => {
    const { invoice } = await issued();
    const guesser = newClient();
    const results = await Promise.all(
      Array.from({ length: 3 * config.VERIFY_MISSES_PER_IP }, (_, i) =>
        guesser.verify(laterNumber(invoice, i + 1)).then((res) => res.status),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(config.VERIFY_MISSES_PER_IP);
    expect(results.filter((s) => s === 429)).toHaveLength(2 * config.VERIFY_MISSES_PER_IP);
  });

  it('counts only checks that match no invoice as misses', async () => {
    const { invoice } = await issued();
    const client = newClient();
    for (let i = 1; i < config.VERIFY_MISSES_PER_IP; i++) await client.verify(unknownFacts()).expect(200);
    for (let i = 0; i < config.VERIFY_DAILY_LIMIT; i++) {
      expect((await client.verify(invoice).expect(200)).body).toMatchObject({ authentic: true });
    }
    await client.verify(unknownFacts()).expect(200);
    expect((await client.verify(unknownFacts()).expect(429)).body.code).toBe('VERIFY_MISSES_LIMITED');
  });

  it('answers a number that exists with other facts exactly as a number never issued', async () => {
    const { invoice } = await issued();
    const mismatch = { ...invoice, amount: '1500.01' };
    const neverIssued = laterNumber(invoice);
    const third = await enrolledTaxpayer(app);
    const answers = async (facts: Facts, apiKey?: string) => {
      const client = newClient();
      const seen = [];
      for (let i = 0; i <= config.VERIFY_DAILY_LIMIT; i++) {
        const res = await client.verify(facts, apiKey);
        const { date: _date, 'retry-after': retryAfter, ...headers } = res.headers;
        seen.push({
          status: res.status,
          body: res.body as unknown,
          headers,
          retryAfter: retryAfter !== undefined,
        });
      }
      return seen;
    };
    for (const apiKey of [undefined, third.apiKey]) {
      const [a, b] = await Promise.all([answers(mismatch, apiKey), answers(neverIssued, apiKey)]);
      expect(a).toEqual(b);
      expect(a[0].body).toEqual({ authentic: false, status: 'no_match', checksLeftToday: 4 });
      expect(a[config.VERIFY_DAILY_LIMIT].status).toBe(429);
    }
  });

  it('documents the optional key, the statuses and both 429 codes in OpenAPI', async () => {
    const spec = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    const route = spec.paths['/v1/verify'].get;
    expect(route.security).toEqual(expect.arrayContaining([{}, { bearer: [] }]));
    expect(route.responses['401'].description).toContain('API_KEY_INVALID');
    expect(route.responses['429'].description).toMatch(/VERIFY_LIMIT_REACHED.*VERIFY_MISSES_LIMITED/);
    expect(route.responses['503'].description).toContain('SERVICE_UNAVAILABLE');
    const dto = spec.components.schemas.VerificationDto;
    expect(dto.properties.status.enum).toEqual(expect.arrayContaining(['no_match', 'not_found', 'mismatch']));
    expect(dto.properties.checksLeftToday).toMatchObject({ type: 'number', nullable: true });
  });
});
