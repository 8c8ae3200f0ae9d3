import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { nextPeriod, periodOf, todayIn } from '@app/domain';
import {
  CollectionProbe,
  createTestApp,
  enrolledTaxpayer,
  EnrolledTaxpayer,
  GUANGDONG_CODES,
  issueInvoice,
  newInvoiceCode,
  newTaxId,
  offlineSeller,
  OfflineCopy,
  OfflineSeller,
  RegistryFactory,
  sealOffline,
} from '@app/testing';

interface CopyResult {
  index: number;
  invoiceCode: string;
  invoiceNumber: string;
  status: 'accepted' | 'rejected';
  code?: string;
  id: string;
}

// Each test boots parties, issues invoices and may wait for a bulk job: more than jest's 5 s default.
jest.setTimeout(60_000);

/** DESIGN §6 offline seller copies (抄税): sealed by the seller's own device key, uploaded later. */
describe('offline seller copies (POST /v1/seller-copies)', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let probe: CollectionProbe;
  const today = todayIn('Asia/Shanghai');

  beforeAll(async () => {
    issuance = await createTestApp(IssuanceAppModule.forRoot());
    collection = await createTestApp(CollectionAppModule.forRoot());
    probe = new CollectionProbe(collection.get(DataSource));
  });
  afterAll(async () => {
    await collection.close();
    await issuance.close();
  });

  /** A seller holding its own key (CSR enrollment) and a registered general-taxpayer buyer. */
  const parties = async () => {
    const [seller, buyer] = await Promise.all([
      offlineSeller(issuance),
      enrolledTaxpayer(issuance, { invoiceCode: null }),
    ]);
    return { seller, buyer };
  };
  const submit = (as: { apiKey: string }, invoices: OfflineCopy[]) =>
    request(collection.getHttpServer())
      .post('/v1/seller-copies')
      .set('Authorization', `Bearer ${as.apiKey}`)
      .send({ invoices });
  const resultsOf = (res: request.Response) => (res.body as { results: CopyResult[] }).results;
  const stored = async (seller: OfflineSeller) =>
    (await probe.sellerCopiesOf(seller.taxId)).map((c) => ({
      invoiceNumber: c.invoiceNumber,
      status: c.status,
      reason: c.reasonCode,
      source: c.source,
    }));

  it('accepts a copy sealed offline with the seller’s own key and stores it', async () => {
    const { seller, buyer } = await parties();
    expect(seller.serialNumber).toMatch(/^[0-9A-F]+$/);
    const copy = sealOffline(seller, {
      invoiceNumber: seller.number(0),
      issueDate: today,
      buyerTaxId: buyer.taxId,
    });
    const res = await submit(seller, [copy]).expect(201);
    expect(res.body).toMatchObject({ accepted: 1, rejected: 0 });
    expect(resultsOf(res)[0]).toMatchObject({
      index: 0,
      invoiceCode: seller.invoiceCode,
      invoiceNumber: copy.invoiceNumber,
      status: 'accepted',
    });
    expect(await probe.sellerCopiesOf(seller.taxId)).toEqual([
      expect.objectContaining({
        id: resultsOf(res)[0].id,
        invoiceCode: seller.invoiceCode,
        invoiceNumber: copy.invoiceNumber,
        status: 'accepted',
        reasonCode: null,
        contentHash: copy.contentHash,
        amount: '1000.00',
        source: 'api',
      }),
    ]);
  });

  it('takes an exact resend as accepted with the same id and stores no new row', async () => {
    const { seller, buyer } = await parties();
    const copy = sealOffline(seller, {
      invoiceNumber: seller.number(0),
      issueDate: today,
      buyerTaxId: buyer.taxId,
    });
    const first = await submit(seller, [copy]).expect(201);
    const again = await submit(seller, [copy]).expect(201);
    expect(resultsOf(again)[0]).toMatchObject({ status: 'accepted', id: resultsOf(first)[0].id });
    expect(resultsOf(again)[0].code).toBeUndefined();
    expect(await probe.sellerCopiesOf(seller.taxId)).toHaveLength(1);
  });

  it('rejects the same number with different content as NUMBER_ALREADY_USED, kept as evidence', async () => {
    const { seller, buyer } = await parties();
    const number = seller.number(0);
    const copy = sealOffline(seller, { invoiceNumber: number, issueDate: today, buyerTaxId: buyer.taxId });
    await submit(seller, [copy]).expect(201);
    const other = sealOffline(seller, {
      invoiceNumber: number,
      issueDate: today,
      buyerTaxId: buyer.taxId,
      amount: '2000.00',
      taxAmount: '260.00',
    });
    const res = await submit(seller, [other]).expect(201);
    expect(res.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(resultsOf(res)[0]).toMatchObject({ status: 'rejected', code: 'NUMBER_ALREADY_USED' });
    expect(await stored(seller)).toEqual([
      { invoiceNumber: number, status: 'accepted', reason: null, source: 'api' },
      { invoiceNumber: number, status: 'rejected', reason: 'NUMBER_ALREADY_USED', source: 'api' },
    ]);
  });

  it('rejects a number outside the seller’s ranges as NUMBER_NOT_ALLOCATED', async () => {
    const { seller, buyer } = await parties();
    const copies = [
      // another code, never allocated to anyone
      sealOffline(seller, {
        invoiceCode: newInvoiceCode('4400', 3),
        invoiceNumber: '00000001',
        issueDate: today,
        buyerTaxId: buyer.taxId,
      }),
      // the right code, a number past the end of the seller's range
      sealOffline(seller, {
        invoiceNumber: String(seller.range.end + 1).padStart(8, '0'),
        issueDate: today,
        buyerTaxId: buyer.taxId,
      }),
    ];
    const res = await submit(seller, copies).expect(201);
    expect(resultsOf(res).map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'NUMBER_NOT_ALLOCATED'],
      ['rejected', 'NUMBER_NOT_ALLOCATED'],
    ]);
    expect((await stored(seller)).map((c) => c.reason)).toEqual([
      'NUMBER_NOT_ALLOCATED',
      'NUMBER_NOT_ALLOCATED',
    ]);
  });

  it('rejects a copy of a number the seller already issued online as NUMBER_ALREADY_ISSUED_ONLINE', async () => {
    // An online seller (service-held key): its own sealed invoice, sent again as an offline copy.
    const [seller, buyer] = await Promise.all([
      enrolledTaxpayer(issuance),
      enrolledTaxpayer(issuance, { invoiceCode: null }),
    ]);
    const inv = await issueInvoice(issuance, seller, buyer);
    const copy: OfflineCopy = {
      type: 'special',
      invoiceCode: inv.invoiceCode,
      invoiceNumber: inv.invoiceNumber,
      issueDate: inv.issueDate,
      buyerTaxId: buyer.taxId,
      amount: inv.amount,
      taxAmount: inv.taxAmount,
      contentHash: inv.seal.contentHash,
      signature: inv.seal.signature,
      certificateSerial: inv.seal.certificateSerial,
    };
    const res = await submit(seller, [copy]).expect(201);
    expect(resultsOf(res)[0]).toMatchObject({ status: 'rejected', code: 'NUMBER_ALREADY_ISSUED_ONLINE' });
    expect(await probe.sellerCopiesOf(seller.taxId)).toEqual([
      expect.objectContaining({ status: 'rejected', reasonCode: 'NUMBER_ALREADY_ISSUED_ONLINE' }),
    ]);
  });

  it('rejects a copy whose amount was changed after sealing as SEAL_MISMATCH', async () => {
    const { seller, buyer } = await parties();
    const tampered = sealOffline(
      seller,
      { invoiceNumber: seller.number(0), issueDate: today, buyerTaxId: buyer.taxId, amount: '9000.00' },
      { amount: '1000.00' },
    );
    const res = await submit(seller, [tampered]).expect(201);
    expect(resultsOf(res)[0]).toMatchObject({ status: 'rejected', code: 'SEAL_MISMATCH' });
    expect(await stored(seller)).toEqual([
      { invoiceNumber: seller.number(0), status: 'rejected', reason: 'SEAL_MISMATCH', source: 'api' },
    ]);
    // The number stays free for the genuine copy.
    const genuine = sealOffline(seller, {
      invoiceNumber: seller.number(0),
      issueDate: today,
      buyerTaxId: buyer.taxId,
    });
    expect(resultsOf(await submit(seller, [genuine]).expect(201))[0]).toMatchObject({ status: 'accepted' });
  });

  it('rejects a copy naming a certificate that is not the seller’s as CERTIFICATE_NOT_THE_SELLERS', async () => {
    const { seller, buyer } = await parties();
    const copy = sealOffline(seller, {
      invoiceNumber: seller.number(0),
      issueDate: today,
      buyerTaxId: buyer.taxId,
      certificateSerial: buyer.serialNumber,
    });
    const res = await submit(seller, [copy]).expect(201);
    expect(resultsOf(res)[0]).toMatchObject({ status: 'rejected', code: 'CERTIFICATE_NOT_THE_SELLERS' });
  });

  it('rejects an amount above the invoice code’s version cap as AMOUNT_ABOVE_VERSION_CAP', async () => {
    const { seller, buyer } = await parties();
    const v1 = await new RegistryFactory(collection.get(DataSource)).numberRange(
      seller.taxId,
      GUANGDONG_CODES.v1,
      2,
    );
    const base = { invoiceCode: GUANGDONG_CODES.v1, issueDate: today, buyerTaxId: buyer.taxId };
    const copies = [
      sealOffline(seller, {
        ...base,
        invoiceNumber: String(v1.start).padStart(8, '0'),
        amount: '10000.01',
        taxAmount: '1300.00',
      }),
      sealOffline(seller, {
        ...base,
        invoiceNumber: String(v1.start + 1).padStart(8, '0'),
        amount: '10000.00',
        taxAmount: '1300.00',
      }),
    ];
    const res = await submit(seller, copies).expect(201);
    expect(resultsOf(res).map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'AMOUNT_ABOVE_VERSION_CAP'],
      ['accepted', undefined],
    ]);
  });

  it('rejects a special invoice to a buyer that is no registered general taxpayer as BUYER_NOT_GENERAL_TAXPAYER', async () => {
    const { seller } = await parties();
    const smallScale = await enrolledTaxpayer(issuance, { invoiceCode: null, kind: 'small_scale' });
    const unregistered = newTaxId();
    const base = { issueDate: today };
    const copies = [
      sealOffline(seller, { ...base, invoiceNumber: seller.number(0), buyerTaxId: unregistered }),
      sealOffline(seller, { ...base, invoiceNumber: seller.number(1), buyerTaxId: smallScale.taxId }),
      // An ordinary invoice needs no registered buyer.
      sealOffline(seller, {
        ...base,
        invoiceNumber: seller.number(2),
        buyerTaxId: unregistered,
        type: 'ordinary',
      }),
    ];
    const res = await submit(seller, copies).expect(201);
    expect(resultsOf(res).map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'BUYER_NOT_GENERAL_TAXPAYER'],
      ['rejected', 'BUYER_NOT_GENERAL_TAXPAYER'],
      ['accepted', undefined],
    ]);
  });

  it('rejects a copy dated in the future as ISSUE_DATE_IN_FUTURE', async () => {
    const { seller, buyer } = await parties();
    const tomorrow = new Date(`${today}T00:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    const nextMonth = `${nextPeriod(periodOf(today))}-01`;
    const copies = [
      sealOffline(seller, {
        invoiceNumber: seller.number(0),
        issueDate: tomorrow.toISOString().slice(0, 10),
        buyerTaxId: buyer.taxId,
      }),
      sealOffline(seller, { invoiceNumber: seller.number(1), issueDate: nextMonth, buyerTaxId: buyer.taxId }),
    ];
    const res = await submit(seller, copies).expect(201);
    expect(resultsOf(res).map((r) => r.code)).toEqual(['ISSUE_DATE_IN_FUTURE', 'ISSUE_DATE_IN_FUTURE']);
    expect((await stored(seller)).map((c) => c.reason)).toEqual([
      'ISSUE_DATE_IN_FUTURE',
      'ISSUE_DATE_IN_FUTURE',
    ]);
  });

  it('rejects a copy dated before the seller’s certificate was valid as CERTIFICATE_NOT_VALID_AT_ISSUE_DATE', async () => {
    const { seller, buyer } = await parties();
    const yesterday = new Date(`${today}T00:00:00Z`);
    yesterday.setUTCDate(yesterday.getUTCDate() - 1);
    const copy = sealOffline(seller, {
      invoiceNumber: seller.number(0),
      issueDate: yesterday.toISOString().slice(0, 10),
      buyerTaxId: buyer.taxId,
    });
    const res = await submit(seller, [copy]).expect(201);
    expect(resultsOf(res)[0]).toMatchObject({
      status: 'rejected',
      code: 'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE',
    });
  });

  it('rejects the same number twice in one request as DUPLICATE_IN_REQUEST, accepting the first', async () => {
    const { seller, buyer } = await parties();
    const copy = sealOffline(seller, {
      invoiceNumber: seller.number(0),
      issueDate: today,
      buyerTaxId: buyer.taxId,
    });
    const res = await submit(seller, [copy, copy]).expect(201);
    expect(resultsOf(res).map((r) => [r.status, r.code])).toEqual([
      ['accepted', undefined],
      ['rejected', 'DUPLICATE_IN_REQUEST'],
    ]);
  });

  it('refuses a malformed request with 400 and stores nothing', async () => {
    const { seller, buyer } = await parties();
    const copy = sealOffline(seller, {
      invoiceNumber: seller.number(0),
      issueDate: today,
      buyerTaxId: buyer.taxId,
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ ...copy, amount: 1000 }, 'MONEY_INVALID'],
      [{ ...copy, amount: '1000.001' }, 'MONEY_INVALID'],
      [{ ...copy, buyerTaxId: 'abc' }, 'TAX_ID_INVALID'],
      [{ ...copy, issueDate: '2026-02-30' }, 'DATE_INVALID'],
    ];
    for (const [invoice, code] of cases) {
      const res = await request(collection.getHttpServer())
        .post('/v1/seller-copies')
        .set('Authorization', `Bearer ${seller.apiKey}`)
        .send({ invoices: [invoice] });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code });
    }
    expect(await probe.sellerCopiesOf(seller.taxId)).toEqual([]);
  });

  it('lets the buyer claim an accepted offline copy, its seal verified', async () => {
    const { seller, buyer } = await parties();
    const copy = sealOffline(seller, {
      invoiceNumber: seller.number(0),
      issueDate: today,
      buyerTaxId: buyer.taxId,
    });
    await submit(seller, [copy]).expect(201);
    const res = await request(collection.getHttpServer())
      .post('/v1/claims')
      .set('Authorization', `Bearer ${buyer.apiKey}`)
      .send({
        period: periodOf(today),
        invoices: [
          {
            invoiceCode: copy.invoiceCode,
            invoiceNumber: copy.invoiceNumber,
            issueDate: copy.issueDate,
            sellerTaxId: seller.taxId,
            amount: copy.amount,
            taxAmount: copy.taxAmount,
            seal: { signature: copy.signature, contentHash: copy.contentHash },
          },
        ],
      })
      .expect(201);
    expect(res.body).toMatchObject({ accepted: 1, rejected: 0 });
    expect(res.body.results[0]).toMatchObject({ status: 'accepted', sealVerified: true });
    expect(await probe.claimsOf(buyer.taxId)).toEqual([
      expect.objectContaining({ invoiceNumber: copy.invoiceNumber, status: 'accepted', sealVerified: true }),
    ]);
  });

  it('keeps a claim by another buyer of an offline copy as NOT_THE_BUYER', async () => {
    const { seller, buyer } = await parties();
    const other: EnrolledTaxpayer = await enrolledTaxpayer(issuance, { invoiceCode: null });
    const copy = sealOffline(seller, {
      invoiceNumber: seller.number(0),
      issueDate: today,
      buyerTaxId: buyer.taxId,
    });
    await submit(seller, [copy]).expect(201);
    const res = await request(collection.getHttpServer())
      .post('/v1/claims')
      .set('Authorization', `Bearer ${other.apiKey}`)
      .send({
        period: periodOf(today),
        invoices: [
          {
            invoiceCode: copy.invoiceCode,
            invoiceNumber: copy.invoiceNumber,
            issueDate: copy.issueDate,
            sellerTaxId: seller.taxId,
            amount: copy.amount,
            taxAmount: copy.taxAmount,
          },
        ],
      })
      .expect(201);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_THE_BUYER' });
  });
});
