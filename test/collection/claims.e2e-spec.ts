import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { todayIn } from '@app/domain';
import { createTestApp, enrolledTaxpayer, EnrolledTaxpayer, invoiceBody } from '@app/testing';

interface IssuedInvoice {
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  sellerTaxId: string;
  amount: string;
  taxAmount: string;
  seal: { signature: string; contentHash: string };
}

describe('claims (勾选/认证)', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let seller: EnrolledTaxpayer;
  let buyer: EnrolledTaxpayer;
  let period: string;

  beforeAll(async () => {
    issuance = await createTestApp(IssuanceAppModule.forRoot());
    collection = await createTestApp(CollectionAppModule.forRoot());
    [seller, buyer] = await Promise.all([
      enrolledTaxpayer(issuance),
      enrolledTaxpayer(issuance, { invoiceCode: null }),
    ]);
    period = todayIn('Asia/Shanghai').slice(0, 7);
  });
  afterAll(async () => {
    await collection.close();
    await issuance.close();
  });

  const issue = async (overrides: Record<string, unknown> = {}) =>
    (
      await request(issuance.getHttpServer())
        .post('/v1/invoices')
        .set('Authorization', `Bearer ${seller.apiKey}`)
        .send(invoiceBody(buyer, overrides))
        .expect(201)
    ).body;
  const claim = (invoices: object[], as: EnrolledTaxpayer = buyer) =>
    request(collection.getHttpServer())
      .post('/v1/claims')
      .set('Authorization', `Bearer ${as.apiKey}`)
      .send({ period, invoices });
  const itemOf = (inv: IssuedInvoice, withSeal = true) => ({
    invoiceCode: inv.invoiceCode,
    invoiceNumber: inv.invoiceNumber,
    issueDate: inv.issueDate,
    sellerTaxId: inv.sellerTaxId,
    amount: inv.amount,
    taxAmount: inv.taxAmount,
    ...(withSeal ? { seal: { signature: inv.seal.signature, contentHash: inv.seal.contentHash } } : {}),
  });

  it('accepts a sealed special invoice, verifying its seal, and refuses a second claim', async () => {
    const inv = await issue();
    const res = await claim([itemOf(inv)]).expect(201);
    expect(res.body).toMatchObject({ period, accepted: 1, rejected: 0 });
    expect(res.body.results[0]).toMatchObject({ index: 0, status: 'accepted', sealVerified: true });
    const again = await claim([itemOf(inv)]).expect(201);
    expect(again.body.results[0]).toMatchObject({ status: 'rejected', code: 'ALREADY_CLAIMED' });
  });

  it('keeps forgeries as rejected evidence with the reason', async () => {
    const [a, b] = [await issue(), await issue()];
    const other = await enrolledTaxpayer(issuance, { invoiceCode: null });
    const ordinary = await issue({ type: 'ordinary' });
    const res = await claim([
      { ...itemOf(a), amount: '15000.00' }, // 大头小尾 with a seal that cannot match
      { ...itemOf(a), seal: { ...itemOf(b).seal } }, // the seal of another invoice
      itemOf(ordinary),
    ]).expect(201);
    expect(res.body.results.map((r: { code?: string }) => r.code)).toEqual([
      'SEAL_MISMATCH',
      'DUPLICATE_IN_REQUEST',
      'NOT_SPECIAL_INVOICE',
    ]);
    const notTheBuyer = await claim([itemOf(b)], other).expect(201);
    expect(notTheBuyer.body.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_THE_BUYER' });
    const stored = await collection
      .get(DataSource)
      .query(
        `SELECT reason_code FROM collection.claims WHERE invoice_code = $1 AND invoice_number = $2 ORDER BY row_number`,
        [a.invoiceCode, a.invoiceNumber],
      );
    expect(stored).toEqual([{ reason_code: 'SEAL_MISMATCH' }, { reason_code: 'DUPLICATE_IN_REQUEST' }]);
  });

  it('accepts a claim whose seller copy is not known yet (for the audit to judge)', async () => {
    const res = await claim([
      {
        invoiceCode: '4400261133',
        invoiceNumber: '99999999',
        issueDate: `${period}-01`,
        sellerTaxId: seller.taxId,
        amount: '100.00',
        taxAmount: '13.00',
      },
    ]).expect(201);
    expect(res.body.results[0]).toMatchObject({ status: 'accepted', sealVerified: false });
  });

  it('serialises with a void in progress: the claim waits, then sees the invoice voided', async () => {
    const inv = await issue();
    const db = issuance.get(DataSource);
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // What a void does first: lock the invoice row for update.
      await runner.query(
        `SELECT 1 FROM issuance.invoices WHERE invoice_code = $1 AND invoice_number = $2 FOR UPDATE`,
        [inv.invoiceCode, inv.invoiceNumber],
      );
      const pending = claim([itemOf(inv)]).then((r) => r);
      let settled = false;
      void pending.then(() => (settled = true));
      // The claim must be parked on the lock, not decided on a snapshot taken before the void.
      for (let i = 0; i < 50 && !settled; i++) {
        const waiting = await db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'`,
        );
        if (waiting[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(settled).toBe(false);
      await runner.query(
        `UPDATE issuance.invoices SET voided_at = now(), void_reason = 'test' WHERE invoice_code = $1 AND invoice_number = $2`,
        [inv.invoiceCode, inv.invoiceNumber],
      );
      await runner.commitTransaction();
      const res = await pending;
      expect(res.status).toBe(201);
      expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'INVOICE_VOIDED' });
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
