import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
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

describe('bulk claims upload (smoke)', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let seller: EnrolledTaxpayer;
  let buyer: EnrolledTaxpayer;

  beforeAll(async () => {
    issuance = await createTestApp(IssuanceAppModule.forRoot());
    collection = await createTestApp(CollectionAppModule.forRoot());
    [seller, buyer] = await Promise.all([
      enrolledTaxpayer(issuance),
      enrolledTaxpayer(issuance, { invoiceCode: null }),
    ]);
  });
  afterAll(async () => {
    await collection.close();
    await issuance.close();
  });

  it('stages, validates, verifies seals and merges a CSV file', async () => {
    const invoices: IssuedInvoice[] = [];
    for (let i = 0; i < 3; i++) {
      invoices.push(
        (
          await request(issuance.getHttpServer())
            .post('/v1/invoices')
            .set('Authorization', `Bearer ${seller.apiKey}`)
            .send(invoiceBody(buyer))
            .expect(201)
        ).body,
      );
    }
    const period = invoices[0].issueDate.slice(0, 7);
    const line = (inv: IssuedInvoice, amount = inv.amount) =>
      [
        inv.invoiceCode,
        inv.invoiceNumber,
        inv.issueDate,
        inv.sellerTaxId,
        amount,
        inv.taxAmount,
        inv.seal.signature,
        inv.seal.contentHash,
      ].join(',');
    const csv = [
      'invoice_code,invoice_number,issue_date,seller_tax_id,amount,tax_amount,signature,content_hash',
      line(invoices[0]),
      line(invoices[1], '99999.00'),
      line(invoices[0]),
      `${invoices[2].invoiceCode},${invoices[2].invoiceNumber},2026-02-30,${seller.taxId},1.00,0.13,,`,
      line(invoices[2]),
    ].join('\r\n');
    const res = await request(collection.getHttpServer())
      .post(`/v1/uploads?kind=claims&period=${period}`)
      .set('Authorization', `Bearer ${buyer.apiKey}`)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(202);
    const id = res.body.uploadId;
    let status = res.body;
    for (let i = 0; i < 100 && status.status !== 'completed' && status.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (
        await request(collection.getHttpServer())
          .get(`/v1/uploads/${id}`)
          .set('Authorization', `Bearer ${buyer.apiKey}`)
      ).body;
    }
    expect(status).toMatchObject({
      status: 'completed',
      rowsTotal: 5,
      rowsAccepted: 2,
      rowsRejected: 3,
      progress: 100,
    });
    const errors = await request(collection.getHttpServer())
      .get(`/v1/uploads/${id}/errors`)
      .set('Authorization', `Bearer ${buyer.apiKey}`)
      .expect(200);
    expect(errors.text).toBe(
      'row_number,code,detail\n2,SEAL_MISMATCH,\n3,DUPLICATE_IN_FILE,\n4,DATE_INVALID,\n',
    );
    const again = await request(collection.getHttpServer())
      .post(`/v1/uploads?kind=claims&period=${period}`)
      .set('Authorization', `Bearer ${buyer.apiKey}`)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(202);
    expect(again.body).toMatchObject({ uploadId: id, duplicate: true, status: 'completed' });
  });
});
