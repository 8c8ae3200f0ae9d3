import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  createTestApp,
  EnrolledTaxpayer,
  enrolledTaxpayer,
  fileSettings,
  invoiceBody,
  IssuanceProbe,
  RegistryFactory,
} from '@app/testing';
import { factsOf, laterNumber, TestClient, unknownFacts } from './verification-helpers';

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

interface Issued {
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  amount: string;
  taxAmount: string;
  total: string;
  sellerTaxId: string;
  sellerName: string;
  buyerTaxId: string;
  buyerName: string;
  seal: { checkCode: string; certificateSerial: string };
}

/**
 * DESIGN §5, §8, §10: public verification (查验), anonymous: at most 5 checks of an invoice
 * per client address per day, and no answer that tells whether a number exists. Each test
 * checks from an address of its own (TestClient). Parties with their API key and the miss
 * limit: verification-access.e2e-spec.ts.
 */
describe('public verification (GET /v1/verify)', () => {
  let app: INestApplication;
  let db: DataSource;
  let probe: IssuanceProbe;
  let buyer: EnrolledTaxpayer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    app = await createTestApp(IssuanceAppModule.forRoot(SETTINGS));
    db = app.get(DataSource);
    probe = new IssuanceProbe(db);
    buyer = await enrolledTaxpayer(app, { invoiceCode: null });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await app.close();
  });

  /** A client with an address of its own: its own checks, its own misses. */
  const newClient = () => {
    const client = new TestClient(app);
    clients.push(client);
    return client;
  };
  const issue = (seller: EnrolledTaxpayer) =>
    request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .send(invoiceBody(buyer));
  const issued = async () => {
    const seller = await enrolledTaxpayer(app);
    return { seller, invoice: (await issue(seller).expect(201)).body as Issued };
  };
  const revoke = async (serialNumber: string, revokedAt: string) =>
    db.query(
      `INSERT INTO pki.revocations (serial_number, revoked_at, reason, revoked_by)
       VALUES ($1, ${revokedAt}, 'key compromised (test)', $2)`,
      [serialNumber, await new RegistryFactory(db).systemOfficer()],
    );

  it('confirms a genuine invoice without authentication', async () => {
    const { seller, invoice } = await issued();
    const res = await newClient().verify(factsOf(invoice)).expect(200);
    expect(res.body).toEqual({
      authentic: true,
      status: 'issued',
      type: 'special',
      sellerTaxId: seller.taxId,
      sellerName: seller.name,
      buyerTaxId: buyer.taxId,
      buyerName: buyer.name,
      taxAmount: '160.00',
      total: '1660.00',
      checkCode: invoice.seal.checkCode,
      checksLeftToday: 4,
    });
  });

  it('says no_match, and nothing more, for a wrong amount or a wrong date', async () => {
    const { invoice } = await issued();
    const client = newClient();
    const wrongAmount = await client.verify({ ...factsOf(invoice), amount: '1500.01' }).expect(200);
    expect(wrongAmount.body).toEqual({ authentic: false, status: 'no_match', checksLeftToday: 4 });
    const wrongDate = await client.verify({ ...factsOf(invoice), issueDate: '2024-01-02' }).expect(200);
    expect(wrongDate.body).toEqual({ authentic: false, status: 'no_match', checksLeftToday: 3 });
  });

  it('says the same no_match for a number that was never issued', async () => {
    const { invoice } = await issued();
    const res = await newClient().verify(laterNumber(invoice)).expect(200);
    expect(res.body).toEqual({ authentic: false, status: 'no_match', checksLeftToday: 4 });
  });

  it('reports a voided invoice as authentic with status voided', async () => {
    const { seller, invoice } = await issued();
    await request(app.getHttpServer())
      .post(`/v1/invoices/${invoice.invoiceCode}/${invoice.invoiceNumber}/void`)
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .send({ reason: '开票有误' })
      .expect(200);
    const res = await newClient().verify(factsOf(invoice)).expect(200);
    expect(res.body).toMatchObject({ authentic: true, status: 'voided', sellerTaxId: seller.taxId });
  });

  it.each([
    ['INVOICE_CODE_INVALID', { invoiceCode: '440026113' }],
    ['INVOICE_CODE_INVALID', { invoiceCode: '4400261135' }],
    ['INVOICE_NUMBER_INVALID', { invoiceNumber: '1234567' }],
    ['DATE_INVALID', { issueDate: '2026-02-30' }],
    ['DATE_INVALID', { issueDate: '20260201' }],
    ['MONEY_INVALID', { amount: '1.5e3' }],
    ['MONEY_INVALID', { amount: '1500.001' }],
  ])('400 %s for a malformed parameter %j, counting no check', async (code, bad) => {
    const { invoice } = await issued();
    const client = newClient();
    const res = await client.verify({ ...factsOf(invoice), ...bad }).expect(400);
    expect(res.body.code).toBe(code);
    expect((await client.verify(factsOf(invoice)).expect(200)).body.checksLeftToday).toBe(4);
  });

  it('VERIFY_LIMIT_REACHED (429, Retry-After) at the 6th check of one invoice in a day; others stay checkable', async () => {
    const [{ invoice }, { invoice: other }] = await Promise.all([issued(), issued()]);
    const client = newClient();
    for (let left = 4; left >= 0; left--) {
      const res = await client.verify(factsOf(invoice)).expect(200);
      expect(res.body).toMatchObject({ authentic: true, status: 'issued', checksLeftToday: left });
    }
    const limited = await client.verify(factsOf(invoice)).expect(429);
    expect(limited.body.code).toBe('VERIFY_LIMIT_REACHED');
    const retryAfter = limited.headers['retry-after'];
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(86_400);
    expect(limited.body).not.toHaveProperty('sellerTaxId');

    expect((await client.verify(factsOf(other)).expect(200)).body).toMatchObject({
      authentic: true,
      checksLeftToday: 4,
    });
  });

  it('counts checks of invoices that do not exist towards the limit too', async () => {
    const key = unknownFacts();
    const client = newClient();
    for (let left = 4; left >= 0; left--) {
      expect((await client.verify(key).expect(200)).body).toEqual({
        authentic: false,
        status: 'no_match',
        checksLeftToday: left,
      });
    }
    const limited = await client.verify(key).expect(429);
    expect(limited.body.code).toBe('VERIFY_LIMIT_REACHED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('flags revoked_seal for an invoice sealed after its certificate was revoked; the seller then seals nothing more', async () => {
    const { seller, invoice } = await issued();
    // The bureau recorded, after the fact, that the key was compromised an hour before this invoice.
    await revoke(seller.serialNumber, `now() - interval '1 hour'`);
    const res = await newClient().verify(factsOf(invoice)).expect(200);
    expect(res.body).toEqual({ authentic: false, status: 'revoked_seal', checksLeftToday: 4 });

    const before = {
      invoices: await probe.invoiceCount(seller.taxId),
      numbers: await probe.nextNumbers(seller.taxId),
    };
    const refused = await issue(seller).expect(422);
    expect(refused.body.code).toBe('CERTIFICATE_REVOKED');
    expect({
      invoices: await probe.invoiceCount(seller.taxId),
      numbers: await probe.nextNumbers(seller.taxId),
    }).toEqual(before);
  });

  it('keeps an invoice sealed before the revocation authentic', async () => {
    const { seller, invoice } = await issued();
    await revoke(seller.serialNumber, `now() + interval '1 second'`);
    const res = await newClient().verify(factsOf(invoice)).expect(200);
    expect(res.body).toMatchObject({ authentic: true, status: 'issued' });
  });
});
