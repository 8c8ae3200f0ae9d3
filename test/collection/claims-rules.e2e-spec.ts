import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { periodOf, previousPeriod } from '@app/domain';
import {
  claimItemOf,
  CollectionProbe,
  createTestApp,
  enrolledTaxpayer,
  EnrolledTaxpayer,
  issueInvoice,
  RegistryFactory,
} from '@app/testing';

// Each test boots parties, issues invoices and may wait for a bulk job: more than jest's 5 s default.
jest.setTimeout(60_000);

/** DESIGN §6 claims (勾选/认证): the rules beyond the basics in claims.e2e-spec.ts. */
describe('claims: business rules (POST /v1/claims)', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let db: DataSource;
  let probe: CollectionProbe;

  beforeAll(async () => {
    issuance = await createTestApp(IssuanceAppModule.forRoot());
    collection = await createTestApp(CollectionAppModule.forRoot());
    db = collection.get(DataSource);
    probe = new CollectionProbe(db);
  });
  afterAll(async () => {
    await collection.close();
    await issuance.close();
  });

  const parties = async (buyerOpts: { kind?: 'general' | 'small_scale' } = {}) => {
    const [seller, buyer] = await Promise.all([
      enrolledTaxpayer(issuance),
      enrolledTaxpayer(issuance, { invoiceCode: null, ...buyerOpts }),
    ]);
    return { seller, buyer };
  };
  const claim = (as: EnrolledTaxpayer, period: string, invoices: object[]) =>
    request(collection.getHttpServer())
      .post('/v1/claims')
      .set('Authorization', `Bearer ${as.apiKey}`)
      .send({ period, invoices });

  it('keeps a claim of a voided invoice as rejected evidence (INVOICE_VOIDED)', async () => {
    const { seller, buyer } = await parties();
    const inv = await issueInvoice(issuance, seller, buyer);
    await request(issuance.getHttpServer())
      .post(`/v1/invoices/${inv.invoiceCode}/${inv.invoiceNumber}/void`)
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .send({ reason: '开错购买方' })
      .expect(200);
    const res = await claim(buyer, periodOf(inv.issueDate), [claimItemOf(inv)]).expect(201);
    expect(res.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(res.body.results[0]).toMatchObject({
      status: 'rejected',
      code: 'INVOICE_VOIDED',
      sealVerified: false,
    });
    expect(await probe.claimsOf(buyer.taxId)).toEqual([
      expect.objectContaining({
        invoiceNumber: inv.invoiceNumber,
        status: 'rejected',
        reasonCode: 'INVOICE_VOIDED',
      }),
    ]);
  });

  it('keeps a claim for a period before the issue date as rejected evidence (ISSUE_DATE_AFTER_PERIOD)', async () => {
    const { seller, buyer } = await parties();
    const inv = await issueInvoice(issuance, seller, buyer);
    const earlier = previousPeriod(periodOf(inv.issueDate));
    const res = await claim(buyer, earlier, [claimItemOf(inv)]).expect(201);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'ISSUE_DATE_AFTER_PERIOD' });
    expect(await probe.claimsOf(buyer.taxId)).toEqual([
      expect.objectContaining({ period: earlier, status: 'rejected', reasonCode: 'ISSUE_DATE_AFTER_PERIOD' }),
    ]);
    // The right period still takes it.
    const ok = await claim(buyer, periodOf(inv.issueDate), [claimItemOf(inv)]).expect(201);
    expect(ok.body.results[0]).toMatchObject({ status: 'accepted', sealVerified: true });
  });

  it('refuses a small-scale claimant outright: 422 CLAIMANT_NOT_GENERAL_TAXPAYER, nothing stored', async () => {
    const [seller, general, smallScale] = await Promise.all([
      enrolledTaxpayer(issuance),
      enrolledTaxpayer(issuance, { invoiceCode: null }),
      enrolledTaxpayer(issuance, { invoiceCode: null, kind: 'small_scale' }),
    ]);
    const inv = await issueInvoice(issuance, seller, general);
    const res = await claim(smallScale, periodOf(inv.issueDate), [claimItemOf(inv)]).expect(422);
    expect(res.body.code).toBe('CLAIMANT_NOT_GENERAL_TAXPAYER');
    expect(res.body.details).toEqual({ kind: 'small_scale', status: 'normal' });
    expect(await probe.claimsOf(smallScale.taxId)).toEqual([]);
  });

  it('refuses an abnormal (非正常户) claimant outright: 422 CLAIMANT_NOT_GENERAL_TAXPAYER, nothing stored', async () => {
    const { seller, buyer } = await parties();
    const inv = await issueInvoice(issuance, seller, buyer);
    await db.query(`UPDATE registry.taxpayers SET status = 'abnormal' WHERE tax_id = $1`, [buyer.taxId]);
    const res = await claim(buyer, periodOf(inv.issueDate), [claimItemOf(inv)]).expect(422);
    expect(res.body.code).toBe('CLAIMANT_NOT_GENERAL_TAXPAYER');
    expect(res.body.details).toEqual({ kind: 'general', status: 'abnormal' });
    expect(await probe.claimsOf(buyer.taxId)).toEqual([]);
  });

  it('keeps a claim sealed after the seller certificate was revoked as rejected evidence (SEAL_REVOKED)', async () => {
    const { seller, buyer } = await parties();
    const inv = await issueInvoice(issuance, seller, buyer);
    const officer = await new RegistryFactory(db).systemOfficer();
    // Revoked the evening before the issue date (Beijing time): everything sealed on that day is 失控.
    await db.query(
      `INSERT INTO pki.revocations (serial_number, revoked_at, reason, revoked_by)
       VALUES ($1, ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai' - interval '2 hours', 'key compromised', $3)`,
      [inv.seal.certificateSerial, inv.issueDate, officer],
    );
    const res = await claim(buyer, periodOf(inv.issueDate), [claimItemOf(inv)]).expect(201);
    expect(res.body.results[0]).toMatchObject({
      status: 'rejected',
      code: 'SEAL_REVOKED',
      sealVerified: false,
    });
    expect(await probe.claimsOf(buyer.taxId)).toEqual([
      expect.objectContaining({ status: 'rejected', reasonCode: 'SEAL_REVOKED', sealVerified: false }),
    ]);
  });

  it('keeps a sealed claim naming a seller without any certificate as rejected evidence (SELLER_CERTIFICATE_UNKNOWN)', async () => {
    const { seller, buyer } = await parties();
    const inv = await issueInvoice(issuance, seller, buyer);
    const unenrolled = await new RegistryFactory(db).taxpayer();
    const res = await claim(buyer, periodOf(inv.issueDate), [
      { ...claimItemOf(inv), sellerTaxId: unenrolled.taxId },
    ]).expect(201);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'SELLER_CERTIFICATE_UNKNOWN' });
    expect(await probe.claimsOf(buyer.taxId)).toEqual([
      expect.objectContaining({ status: 'rejected', reasonCode: 'SELLER_CERTIFICATE_UNKNOWN' }),
    ]);
  });

  it('replays the first answer for the same Idempotency-Key and body, storing nothing new', async () => {
    const { seller, buyer } = await parties();
    const [a, b] = [await issueInvoice(issuance, seller, buyer), await issueInvoice(issuance, seller, buyer)];
    const period = periodOf(a.issueDate);
    const key = `claims-${buyer.taxId}`;
    const first = await claim(buyer, period, [claimItemOf(a)])
      .set('Idempotency-Key', key)
      .expect(201);
    expect(first.body.results[0]).toMatchObject({ status: 'accepted' });
    const stored = await probe.claimsOf(buyer.taxId);
    expect(stored).toHaveLength(1);

    const replay = await claim(buyer, period, [claimItemOf(a)])
      .set('Idempotency-Key', key)
      .expect(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await probe.claimsOf(buyer.taxId)).toEqual(stored);

    const otherBody = await claim(buyer, period, [claimItemOf(b)])
      .set('Idempotency-Key', key)
      .expect(422);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await probe.claimsOf(buyer.taxId)).toEqual(stored);

    // Without the key, the same claim again is a second attempt, kept as evidence.
    const second = await claim(buyer, period, [claimItemOf(a)]).expect(201);
    expect(second.body.results[0]).toMatchObject({ status: 'rejected', code: 'ALREADY_CLAIMED' });
  });

  it('refuses a malformed claim with 400 and stores nothing', async () => {
    const { seller, buyer } = await parties();
    const inv = await issueInvoice(issuance, seller, buyer);
    const period = periodOf(inv.issueDate);
    const cases: [string, object[], string][] = [
      ['2026-13', [claimItemOf(inv)], 'PERIOD_INVALID'],
      [period, [{ ...claimItemOf(inv), amount: 1030 }], 'MONEY_INVALID'],
      [period, [{ ...claimItemOf(inv), amount: '1000.001' }], 'MONEY_INVALID'],
      [period, [{ ...claimItemOf(inv), issueDate: '2026-02-30' }], 'DATE_INVALID'],
    ];
    for (const [p, invoices, code] of cases) {
      const res = await claim(buyer, p, invoices);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code });
    }
    expect(await probe.claimsOf(buyer.taxId)).toEqual([]);
  });
});
