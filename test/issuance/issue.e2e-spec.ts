import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { canonicalize } from 'json-canonicalize';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { createTestApp, enrolledTaxpayer, EnrolledTaxpayer, invoiceBody } from '@app/testing';

describe('issuing a sealed invoice', () => {
  let app: INestApplication;
  let seller: EnrolledTaxpayer;
  let buyer: EnrolledTaxpayer;
  beforeAll(async () => {
    app = await createTestApp(IssuanceAppModule.forRoot());
    [seller, buyer] = await Promise.all([
      enrolledTaxpayer(app),
      enrolledTaxpayer(app, { invoiceCode: null }),
    ]);
  });
  afterAll(() => app.close());

  const issue = (body: object, apiKey = seller.apiKey) =>
    request(app.getHttpServer()).post('/v1/invoices').set('Authorization', `Bearer ${apiKey}`).send(body);

  it('computes the tax exactly, numbers the invoice and seals it', async () => {
    const res = await issue(invoiceBody(buyer)).expect(201);
    expect(res.body).toMatchObject({
      type: 'special',
      sellerTaxId: seller.taxId,
      buyerTaxId: buyer.taxId,
      amount: '1500.00',
      taxAmount: '160.00',
      total: '1660.00',
      status: 'issued',
      remainingAmount: '1500.00',
    });
    expect(res.body.invoiceCode).toBe('4400261133');
    expect(res.body.invoiceNumber).toMatch(/^\d{8}$/);
    expect(res.body.lines[0]).toEqual({
      description: '办公用品',
      quantity: '10',
      unitPrice: '100',
      amount: '1000.00',
      taxRate: '0.13',
      taxAmount: '130.00',
    });
    const { seal, status: _s, remainingAmount: _r, ...document } = res.body;
    expect(seal.certificateSerial).toBe(seller.serialNumber);
    expect(seal.checkCode).toMatch(/^\d{20}$/);
    expect(seal.contentHash).toBe(createHash('sha256').update(canonicalize(document)).digest('hex'));
    expect(JSON.parse(seal.payload)).toEqual({
      v: 1,
      invoiceCode: res.body.invoiceCode,
      invoiceNumber: res.body.invoiceNumber,
      issueDate: res.body.issueDate,
      sellerTaxId: seller.taxId,
      buyerTaxId: buyer.taxId,
      amount: '1500.00',
      taxAmount: '160.00',
      contentHash: seal.contentHash,
    });
  });

  it('produces a seal that the openssl command line accepts, under a chain openssl accepts', async () => {
    const res = await issue(invoiceBody(buyer)).expect(201);
    const chain = await request(app.getHttpServer())
      .get('/v1/pki/chain')
      .expect(200)
      .expect('content-type', /pem/);
    const dir = mkdtempSync(join(tmpdir(), 'jinshui-seal-'));
    const file = (name: string, data: string | Buffer) => {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    };
    const device = file('device.pem', seller.certificate);
    const chainPem = file('chain.pem', chain.text);
    const pub = file('device.pub', execFileSync('openssl', ['x509', '-in', device, '-pubkey', '-noout']));
    const payload = file('payload.txt', res.body.seal.payload);
    const sig = file('seal.sig', Buffer.from(res.body.seal.signature, 'base64'));

    expect(execFileSync('openssl', ['verify', '-CAfile', chainPem, device]).toString()).toContain(': OK');
    expect(
      execFileSync('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', sig, payload]).toString(),
    ).toContain('Verified OK');
    const tampered = file('tampered.txt', res.body.seal.payload.replace('"1500.00"', '"150.00"'));
    expect(() =>
      execFileSync('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', sig, tampered], {
        stdio: 'pipe',
      }),
    ).toThrow();
    const subject = execFileSync('openssl', [
      'x509',
      '-in',
      device,
      '-noout',
      '-subject',
      '-nameopt',
      'utf8',
    ]).toString();
    expect(subject).toContain(seller.taxId);
  });

  it('lets the seller and the buyer read it, and nobody else', async () => {
    const res = await issue(invoiceBody(buyer)).expect(201);
    const path = `/v1/invoices/${res.body.invoiceCode}/${res.body.invoiceNumber}`;
    const other = await enrolledTaxpayer(app, { invoiceCode: null });
    for (const reader of [seller, buyer]) {
      const got = await request(app.getHttpServer())
        .get(path)
        .set('Authorization', `Bearer ${reader.apiKey}`)
        .expect(200);
      expect(got.body).toEqual(res.body);
    }
    const denied = await request(app.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${other.apiKey}`)
      .expect(404);
    expect(denied.body.code).toBe('INVOICE_NOT_FOUND');
    const anonymous = await request(app.getHttpServer()).get(path).expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const forged = await request(app.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer jsk_${'A'.repeat(43)}`)
      .expect(401);
    expect(forged.body.code).toBe('API_KEY_INVALID');
  });
});
