import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  createTestApp,
  enrolledTaxpayer,
  EnrolledTaxpayer,
  invoiceBody,
  newTaxId,
  withWrongCheckCharacter,
} from '@app/testing';

/**
 * Every refused issue request: a stable code, no number consumed, nothing stored.
 * (Numbering, corrections, enrollment and revocation refusals have their own files.)
 */
describe('issuing: bad input', () => {
  let app: INestApplication;
  let db: DataSource;
  let seller: EnrolledTaxpayer;
  let smallScale: EnrolledTaxpayer;
  let buyer: EnrolledTaxpayer;
  beforeAll(async () => {
    app = await createTestApp(IssuanceAppModule.forRoot());
    db = app.get(DataSource);
    [seller, smallScale, buyer] = await Promise.all([
      enrolledTaxpayer(app),
      enrolledTaxpayer(app, { kind: 'small_scale' }),
      enrolledTaxpayer(app, { invoiceCode: null }),
    ]);
  });
  afterAll(() => app.close());

  const state = async (taxId: string) => {
    const [row] = await db.query<{ invoices: number; next: number | null }[]>(
      `SELECT (SELECT count(*)::int FROM issuance.invoices WHERE seller_tax_id = $1) AS invoices,
              (SELECT max(c.next_number) FROM issuance.number_counters c
                 JOIN registry.number_ranges r ON r.id = c.range_id WHERE r.tax_id = $1) AS next`,
      [taxId],
    );
    return row;
  };
  const line = (amount: string, taxRate = '0.13', extra: object = {}) => ({
    description: '商品',
    amount,
    taxRate,
    ...extra,
  });
  const lastYear = `${new Date().getUTCFullYear() - 1}-01-15`;
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

  const cases: [string, () => object, number, string][] = [
    [
      'totals that do not add up',
      () => invoiceBody(buyer, { amount: '1600.00' }),
      422,
      'INVOICE_TOTAL_MISMATCH',
    ],
    [
      'a tax total that is not the sum of line taxes',
      () => invoiceBody(buyer, { taxAmount: '161.00' }),
      422,
      'INVOICE_TOTAL_MISMATCH',
    ],
    [
      'a line tax off by more than 0.06',
      () => invoiceBody(buyer, { lines: [line('1000.00', '0.13', { taxAmount: '130.07' })] }),
      422,
      'LINE_TAX_OUT_OF_TOLERANCE',
    ],
    [
      'an invoice tax off by more than 1.27 (each line within 0.06)',
      () =>
        invoiceBody(buyer, {
          lines: Array.from({ length: 22 }, () => line('100.00', '0.13', { taxAmount: '13.06' })),
        }),
      422,
      'INVOICE_TAX_OUT_OF_TOLERANCE',
    ],
    [
      'a rate not in force on the issue date (16%)',
      () => invoiceBody(buyer, { lines: [line('100.00', '0.16')] }),
      422,
      'TAX_RATE_NOT_IN_FORCE',
    ],
    [
      'an unknown rate',
      () => invoiceBody(buyer, { lines: [line('100.00', '0.14')] }),
      400,
      'TAX_RATE_INVALID',
    ],
    [
      'an issue date in the future',
      () => invoiceBody(buyer, { issueDate: tomorrow }),
      422,
      'ISSUE_DATE_IN_FUTURE',
    ],
    [
      'an issue date in a closed period',
      () => invoiceBody(buyer, { issueDate: lastYear }),
      422,
      'PERIOD_CLOSED',
    ],
    ['an impossible date', () => invoiceBody(buyer, { issueDate: '2026-02-30' }), 400, 'DATE_INVALID'],
    [
      'a buyer ID with a bad check character',
      () => invoiceBody({ taxId: withWrongCheckCharacter(buyer.taxId), name: 'x' }),
      400,
      'TAX_ID_INVALID',
    ],
    [
      'a buyer ID with a forbidden letter',
      () => invoiceBody({ taxId: `${buyer.taxId.slice(0, 17)}O`, name: 'x' }),
      400,
      'TAX_ID_INVALID',
    ],
    [
      'a special invoice to an unregistered buyer',
      () => invoiceBody({ taxId: newTaxId(), name: '未登记' }),
      422,
      'BUYER_NOT_REGISTERED',
    ],
    [
      'an invoice to the seller itself',
      () => invoiceBody({ taxId: seller.taxId, name: 'self' }),
      422,
      'BUYER_IS_SELLER',
    ],
    ['zero lines', () => invoiceBody(buyer, { lines: [] }), 400, 'INVOICE_LINES_REQUIRED'],
    [
      '101 lines',
      () => invoiceBody(buyer, { lines: Array.from({ length: 101 }, () => line('1.00')) }),
      400,
      'INVOICE_TOO_MANY_LINES',
    ],
    [
      'money as a JSON number',
      () => invoiceBody(buyer, { lines: [{ description: 'x', amount: 100, taxRate: '0.13' }] }),
      400,
      'MONEY_INVALID',
    ],
    [
      'money with three decimals',
      () => invoiceBody(buyer, { lines: [line('100.001')] }),
      400,
      'MONEY_INVALID',
    ],
    ['money in exponent form', () => invoiceBody(buyer, { lines: [line('1e3')] }), 400, 'MONEY_INVALID'],
    [
      'a negative amount on a blue invoice',
      () => invoiceBody(buyer, { lines: [line('-100.00')] }),
      400,
      'MONEY_INVALID',
    ],
    [
      'quantity times unit price not the amount',
      () => invoiceBody(buyer, { lines: [line('100.00', '0.13', { quantity: '3', unitPrice: '30' })] }),
      422,
      'LINE_AMOUNT_MISMATCH',
    ],
    ['an unknown field', () => invoiceBody(buyer, { discount: '1.00' }), 400, 'UNKNOWN_FIELD'],
    ['an unknown invoice type', () => invoiceBody(buyer, { type: 'gift' }), 400, 'VALIDATION_FAILED'],
  ];

  it.each(cases)('refuses %s', async (_what, body, status, code) => {
    const before = await state(seller.taxId);
    const res = await request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .send(body())
      .expect(status);
    expect(res.body.code).toBe(code);
    expect(typeof res.body.message).toBe('string');
    expect(await state(seller.taxId)).toEqual(before);
  });

  it('refuses duplicate JSON keys (the amount said twice)', async () => {
    const before = await state(seller.taxId);
    const raw = JSON.stringify(invoiceBody(buyer, { lines: [line('100.00')] })).replace(
      '"amount":"100.00"',
      '"amount":"100.00","amount":"9999.00"',
    );
    const res = await request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .set('Content-Type', 'application/json')
      .send(raw)
      .expect(400);
    expect(res.body).toMatchObject({ code: 'DUPLICATE_JSON_KEY', details: { key: 'amount' } });
    expect(await state(seller.taxId)).toEqual(before);
  });

  it('refuses a small-scale seller using a general rate, and accepts 3%', async () => {
    const before = await state(smallScale.taxId);
    const res = await request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${smallScale.apiKey}`)
      .send(invoiceBody(buyer, { lines: [line('100.00', '0.13')] }))
      .expect(422);
    expect(res.body.code).toBe('TAX_RATE_NOT_ALLOWED');
    expect(await state(smallScale.taxId)).toEqual(before);
    await request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${smallScale.apiKey}`)
      .send(invoiceBody(buyer, { lines: [line('100.00', '0.03')] }))
      .expect(201);
  });

  it('acts only for the API key’s own taxpayer: another seller’s invoice cannot be voided or credited', async () => {
    const issued = await request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .send(invoiceBody(buyer))
      .expect(201);
    const path = `/v1/invoices/${issued.body.invoiceCode}/${issued.body.invoiceNumber}`;
    for (const [suffix, body] of [
      ['/void', { reason: 'not mine' }],
      ['/credit-notes', { lines: [line('-100.00')], reason: 'not mine' }],
    ] as const) {
      const res = await request(app.getHttpServer())
        .post(path + suffix)
        .set('Authorization', `Bearer ${smallScale.apiKey}`)
        .send(body)
        .expect(404);
      expect(res.body.code).toBe('INVOICE_NOT_FOUND');
    }
    const got = await request(app.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .expect(200);
    expect(got.body).toMatchObject({ status: 'issued', remainingAmount: '1500.00' });
  });
});
