import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { createTestApp, enrolledTaxpayer, EnrolledTaxpayer, invoiceBody, IssuanceProbe } from '@app/testing';

interface Issued {
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  amount: string;
  taxAmount: string;
  sellerTaxId: string;
  buyerTaxId: string;
}

/** `[amount, rate]` pairs → credit-note lines. */
const lines = (...pairs: [string, string][]) =>
  pairs.map(([amount, taxRate], i) => ({ description: `退货 ${i + 1}`, amount, taxRate }));
const numberAfter = (invoiceNumber: string, k = 1) => String(Number(invoiceNumber) + k).padStart(8, '0');

/** DESIGN §4: voids (作废) in the month of issue while unclaimed; red-letter credit notes never beyond the remainder. */
describe('voids and credit notes', () => {
  let app: INestApplication;
  let db: DataSource;
  let probe: IssuanceProbe;
  let buyer: EnrolledTaxpayer;
  beforeAll(async () => {
    app = await createTestApp(IssuanceAppModule.forRoot());
    db = app.get(DataSource);
    probe = new IssuanceProbe(db);
    buyer = await enrolledTaxpayer(app, { invoiceCode: null });
  });
  afterAll(() => app.close());

  const as = (who: EnrolledTaxpayer) => ({
    issue: (overrides: Record<string, unknown> = {}) =>
      request(app.getHttpServer())
        .post('/v1/invoices')
        .set('Authorization', `Bearer ${who.apiKey}`)
        .send(invoiceBody(buyer, overrides)),
    get: (inv: Issued) =>
      request(app.getHttpServer())
        .get(`/v1/invoices/${inv.invoiceCode}/${inv.invoiceNumber}`)
        .set('Authorization', `Bearer ${who.apiKey}`),
    void: (inv: Issued, reason = '开票有误') =>
      request(app.getHttpServer())
        .post(`/v1/invoices/${inv.invoiceCode}/${inv.invoiceNumber}/void`)
        .set('Authorization', `Bearer ${who.apiKey}`)
        .send({ reason }),
    credit: (inv: Issued, creditLines: object[], reason = '销货退回') =>
      request(app.getHttpServer())
        .post(`/v1/invoices/${inv.invoiceCode}/${inv.invoiceNumber}/credit-notes`)
        .set('Authorization', `Bearer ${who.apiKey}`)
        .send({ lines: creditLines, reason }),
  });
  /** A seller of its own and one invoice of 1500.00 (1000.00 at 13%, 500.00 at 6%; tax 160.00). */
  const sellerWithInvoice = async (overrides: Record<string, unknown> = {}) => {
    const seller = await enrolledTaxpayer(app);
    const invoice = (await as(seller).issue(overrides).expect(201)).body as Issued;
    return { seller, invoice, api: as(seller) };
  };
  const claim = (inv: Issued, status: 'accepted' | 'rejected') =>
    db.query(
      `INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date, seller_tax_id,
                                      amount, tax_amount, status, reason_code)
       VALUES ($1, to_char(now(), 'YYYY-MM'), $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        inv.buyerTaxId,
        inv.invoiceCode,
        inv.invoiceNumber,
        inv.issueDate,
        inv.sellerTaxId,
        inv.amount,
        inv.taxAmount,
        status,
        status === 'rejected' ? 'SEAL_INVALID' : null,
      ],
    );
  /** Everything a refused correction must leave as it was. */
  const snapshot = async (sellerTaxId: string, inv: Issued) => ({
    invoices: await probe.invoiceCount(sellerTaxId),
    numbers: await probe.nextNumbers(sellerTaxId),
    original: await probe.invoice(inv),
  });

  describe('void', () => {
    it('voids an invoice of this month; the answer and a later read say voided', async () => {
      const { invoice, api } = await sellerWithInvoice();
      const res = await api.void(invoice, '购买方名称开错').expect(200);
      expect(res.body).toMatchObject({
        invoiceCode: invoice.invoiceCode,
        invoiceNumber: invoice.invoiceNumber,
        status: 'voided',
      });
      expect((await api.get(invoice).expect(200)).body.status).toBe('voided');
      expect(await probe.invoice(invoice)).toMatchObject({
        voidedAt: expect.any(Date),
        voidReason: '购买方名称开错',
      });
    });

    it('INVOICE_ALREADY_VOIDED (409) the second time, keeping the first void', async () => {
      const { invoice, api } = await sellerWithInvoice();
      await api.void(invoice, 'first').expect(200);
      const before = await probe.invoice(invoice);
      const res = await api.void(invoice, 'second').expect(409);
      expect(res.body.code).toBe('INVOICE_ALREADY_VOIDED');
      expect(await probe.invoice(invoice)).toEqual(before);
      expect(before.voidReason).toBe('first');
    });

    it('VOID_PERIOD_CLOSED for an invoice of last month', async () => {
      const { invoice, api } = await sellerWithInvoice();
      await db.query(
        `UPDATE issuance.invoices SET issue_date = (date_trunc('month', now()) - interval '1 day')::date
          WHERE invoice_code = $1 AND invoice_number = $2`,
        [invoice.invoiceCode, invoice.invoiceNumber],
      );
      const res = await api.void(invoice).expect(422);
      expect(res.body.code).toBe('VOID_PERIOD_CLOSED');
      expect(await probe.invoice(invoice)).toMatchObject({ voidedAt: null, voidReason: null });
    });

    it('INVOICE_CLAIMED once a buyer claim was accepted', async () => {
      const { invoice, api } = await sellerWithInvoice();
      await claim(invoice, 'accepted');
      const res = await api.void(invoice).expect(422);
      expect(res.body.code).toBe('INVOICE_CLAIMED');
      expect(await probe.invoice(invoice)).toMatchObject({ voidedAt: null, voidReason: null });
    });

    it('is not blocked by a rejected claim', async () => {
      const { invoice, api } = await sellerWithInvoice();
      await claim(invoice, 'rejected');
      expect((await api.void(invoice).expect(200)).body.status).toBe('voided');
    });

    it('INVOICE_NOT_FOUND (404) for another seller, and for the buyer', async () => {
      const { invoice } = await sellerWithInvoice();
      const other = await enrolledTaxpayer(app, { invoiceCode: null });
      for (const who of [other, buyer]) {
        const res = await as(who).void(invoice).expect(404);
        expect(res.body.code).toBe('INVOICE_NOT_FOUND');
      }
      expect(await probe.invoice(invoice)).toMatchObject({ voidedAt: null, voidReason: null });
    });
  });

  describe('credit notes', () => {
    it('issues a negative, sealed credit note with the next number, referencing its original', async () => {
      const { seller, invoice, api } = await sellerWithInvoice();
      const res = await api.credit(invoice, lines(['-200.00', '0.13'])).expect(201);
      expect(res.body).toMatchObject({
        invoiceCode: invoice.invoiceCode,
        invoiceNumber: numberAfter(invoice.invoiceNumber),
        type: 'special',
        sellerTaxId: seller.taxId,
        buyerTaxId: buyer.taxId,
        amount: '-200.00',
        taxAmount: '-26.00',
        total: '-226.00',
        originalInvoiceCode: invoice.invoiceCode,
        originalInvoiceNumber: invoice.invoiceNumber,
        remainingAmount: '0.00',
      });
      expect(res.body.lines).toEqual([
        { description: '退货 1', amount: '-200.00', taxRate: '0.13', taxAmount: '-26.00' },
      ]);
      expect(JSON.parse(res.body.seal.payload)).toMatchObject({ amount: '-200.00', taxAmount: '-26.00' });
      expect(await probe.nextNumbers(seller.taxId)).toEqual([Number(invoice.invoiceNumber) + 2]);
      expect((await api.get(res.body).expect(200)).body).toEqual(res.body);

      const partly = (await api.get(invoice).expect(200)).body;
      expect(partly).toMatchObject({ status: 'partially_credited', remainingAmount: '1300.00' });

      const rest = await api.credit(invoice, lines(['-800.00', '0.13'], ['-500.00', '0.06'])).expect(201);
      expect(rest.body).toMatchObject({
        invoiceNumber: numberAfter(invoice.invoiceNumber, 2),
        amount: '-1300.00',
        taxAmount: '-134.00',
      });
      expect((await api.get(invoice).expect(200)).body).toMatchObject({
        status: 'credited',
        remainingAmount: '0.00',
      });
      expect(await probe.invoice(invoice)).toMatchObject({
        creditedAmount: '1500.00',
        creditedTaxAmount: '160.00',
      });
    });

    it('CREDIT_EXCEEDS_REMAINING beyond the remaining amount or tax; nothing stored, no number taken', async () => {
      const { seller, invoice, api } = await sellerWithInvoice();
      const untouched = await snapshot(seller.taxId, invoice);
      const tooBig = await api.credit(invoice, lines(['-1500.01', '0.13'])).expect(422);
      expect(tooBig.body.code).toBe('CREDIT_EXCEEDS_REMAINING');
      expect(tooBig.body.details).toMatchObject({ remainingAmount: '1500.00', requestedAmount: '1500.01' });
      expect(await snapshot(seller.taxId, invoice)).toEqual(untouched);

      await api.credit(invoice, lines(['-1000.00', '0.13'])).expect(201); // leaves 500.00, tax 30.00
      const before = await snapshot(seller.taxId, invoice);
      for (const attempt of [lines(['-500.01', '0.06']), lines(['-300.00', '0.13'])]) {
        // 500.01 > 500.00 remaining; 300.00 at 13% fits the amount but its tax 39.00 > 30.00
        const res = await api.credit(invoice, attempt).expect(422);
        expect(res.body.code).toBe('CREDIT_EXCEEDS_REMAINING');
      }
      expect(await snapshot(seller.taxId, invoice)).toEqual(before);
      expect(before.original).toMatchObject({ creditedAmount: '1000.00', creditedTaxAmount: '130.00' });

      const exact = await api.credit(invoice, lines(['-500.00', '0.06'])).expect(201);
      expect(exact.body.invoiceNumber).toBe(numberAfter(invoice.invoiceNumber, 2));
      expect((await api.get(invoice).expect(200)).body).toMatchObject({
        status: 'credited',
        remainingAmount: '0.00',
      });
    });

    it('CREDIT_NOTE_LINE_NOT_NEGATIVE for positive lines; nothing stored', async () => {
      const { seller, invoice, api } = await sellerWithInvoice();
      const before = await snapshot(seller.taxId, invoice);
      const res = await api.credit(invoice, lines(['-100.00', '0.13'], ['100.00', '0.06'])).expect(422);
      expect(res.body.code).toBe('CREDIT_NOTE_LINE_NOT_NEGATIVE');
      expect(await snapshot(seller.taxId, invoice)).toEqual(before);
    });

    it('CREDIT_RATE_NOT_ON_ORIGINAL for a rate the original has no line at; nothing stored', async () => {
      const { seller, invoice, api } = await sellerWithInvoice();
      const before = await snapshot(seller.taxId, invoice);
      const res = await api.credit(invoice, lines(['-100.00', '0.09'])).expect(422);
      expect(res.body.code).toBe('CREDIT_RATE_NOT_ON_ORIGINAL');
      expect(await snapshot(seller.taxId, invoice)).toEqual(before);
    });

    it('CANNOT_CREDIT_A_CREDIT_NOTE; nothing stored', async () => {
      const { seller, invoice, api } = await sellerWithInvoice();
      const note = (await api.credit(invoice, lines(['-100.00', '0.13'])).expect(201)).body as Issued;
      const before = await snapshot(seller.taxId, invoice);
      const res = await api.credit(note, lines(['-10.00', '0.13'])).expect(422);
      expect(res.body.code).toBe('CANNOT_CREDIT_A_CREDIT_NOTE');
      expect(await snapshot(seller.taxId, invoice)).toEqual(before);
    });

    it('INVOICE_VOIDED when crediting a voided invoice; nothing stored', async () => {
      const { seller, invoice, api } = await sellerWithInvoice();
      await api.void(invoice).expect(200);
      const before = await snapshot(seller.taxId, invoice);
      const res = await api.credit(invoice, lines(['-100.00', '0.13'])).expect(422);
      expect(res.body.code).toBe('INVOICE_VOIDED');
      expect(await snapshot(seller.taxId, invoice)).toEqual(before);
    });

    it('INVOICE_NOT_FOUND (404) when another seller credits the invoice; nothing stored', async () => {
      const { seller, invoice } = await sellerWithInvoice();
      const other = await enrolledTaxpayer(app);
      const before = await snapshot(seller.taxId, invoice);
      const res = await as(other)
        .credit(invoice, lines(['-100.00', '0.13']))
        .expect(404);
      expect(res.body.code).toBe('INVOICE_NOT_FOUND');
      expect(await snapshot(seller.taxId, invoice)).toEqual(before);
      expect(await probe.invoiceCount(other.taxId)).toBe(0);
      expect(await probe.nextNumbers(other.taxId)).toEqual([]);
    });

    it('INVOICE_HAS_CREDIT_NOTES when voiding a credited invoice; voiding the credit note gives its amount back', async () => {
      const { invoice, api } = await sellerWithInvoice();
      const note = (await api.credit(invoice, lines(['-200.00', '0.13'])).expect(201)).body as Issued;
      const refused = await api.void(invoice).expect(422);
      expect(refused.body.code).toBe('INVOICE_HAS_CREDIT_NOTES');
      expect(await probe.invoice(invoice)).toMatchObject({ voidedAt: null, creditedAmount: '200.00' });

      expect((await api.void(note).expect(200)).body.status).toBe('voided');
      expect((await api.get(invoice).expect(200)).body).toMatchObject({
        status: 'issued',
        remainingAmount: '1500.00',
      });
      expect(await probe.invoice(invoice)).toMatchObject({
        creditedAmount: '0.00',
        creditedTaxAmount: '0.00',
      });
      // With no live credit note left, the original may now be voided.
      expect((await api.void(invoice).expect(200)).body.status).toBe('voided');
    });

    it('lets exactly 3 of 8 parallel credit notes of 300.00 through a 1000.00 invoice, numbered without gaps', async () => {
      const { seller, invoice, api } = await sellerWithInvoice({
        lines: [{ description: '设备', amount: '1000.00', taxRate: '0.13' }],
      });
      expect(invoice).toMatchObject({ amount: '1000.00', taxAmount: '130.00' });
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => api.credit(invoice, lines(['-300.00', '0.13']))),
      );
      const created = responses.filter((r) => r.status === 201);
      const refused = responses.filter((r) => r.status !== 201);
      expect(created).toHaveLength(3);
      expect(refused.map((r) => [r.status, r.body.code])).toEqual(
        Array(5).fill([422, 'CREDIT_EXCEEDS_REMAINING']),
      );

      expect(await probe.invoice(invoice)).toMatchObject({
        creditedAmount: '900.00',
        creditedTaxAmount: '117.00',
      });
      const [sums] = await db.query<{ notes: number; amount: string }[]>(
        `SELECT count(*)::int AS notes, sum(amount)::text AS amount
           FROM issuance.invoices WHERE original_invoice_code = $1 AND original_invoice_number = $2`,
        [invoice.invoiceCode, invoice.invoiceNumber],
      );
      expect(sums).toEqual({ notes: 3, amount: '-900.00' });

      const numbers = created.map((r) => Number(r.body.invoiceNumber)).sort((a, b) => a - b);
      const first = Number(invoice.invoiceNumber);
      expect(numbers).toEqual([first + 1, first + 2, first + 3]);
      expect(await probe.nextNumbers(seller.taxId)).toEqual([first + 4]);
      expect((await api.get(invoice).expect(200)).body).toMatchObject({
        status: 'partially_credited',
        remainingAmount: '100.00',
      });
    });
  });
});
