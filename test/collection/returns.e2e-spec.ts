import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { nextPeriod, periodOf, previousPeriod, todayIn } from '@app/domain';
import { CollectionProbe, createTestApp, enrolledTaxpayer, EnrolledTaxpayer } from '@app/testing';

// Each test boots parties, issues invoices and may wait for a bulk job: more than jest's 5 s default.
jest.setTimeout(60_000);

/** DESIGN §6/§10: one VAT return per taxpayer and ended period; a correction is a new version. */
describe('VAT returns (POST /v1/returns, GET /v1/returns/{period})', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let probe: CollectionProbe;
  const current = periodOf(todayIn('Asia/Shanghai'));
  const lastMonth = previousPeriod(current);

  beforeAll(async () => {
    issuance = await createTestApp(IssuanceAppModule.forRoot());
    collection = await createTestApp(CollectionAppModule.forRoot());
    probe = new CollectionProbe(collection.get(DataSource));
  });
  afterAll(async () => {
    await collection.close();
    await issuance.close();
  });

  const taxpayer = () => enrolledTaxpayer(issuance, { invoiceCode: null });
  const body = (overrides: Record<string, unknown> = {}) => ({
    period: lastMonth,
    specialSales: '100000.00',
    specialOutputTax: '13000.00',
    otherSales: '20000.00',
    otherOutputTax: '2600.00',
    inputTax: '9000.00',
    ...overrides,
  });
  const file = (as: EnrolledTaxpayer, payload: object) =>
    request(collection.getHttpServer())
      .post('/v1/returns')
      .set('Authorization', `Bearer ${as.apiKey}`)
      .send(payload);
  const history = (as: EnrolledTaxpayer, period: string) =>
    request(collection.getHttpServer())
      .get(`/v1/returns/${period}`)
      .set('Authorization', `Bearer ${as.apiKey}`);

  it('files last month as version 1, refuses a second filing, and takes a correction as version 2', async () => {
    const t = await taxpayer();
    const first = await file(t, body()).expect(201);
    expect(first.body).toMatchObject({
      taxId: t.taxId,
      period: lastMonth,
      version: 1,
      supersedes: null,
      specialSales: '100000.00',
      specialOutputTax: '13000.00',
      otherSales: '20000.00',
      otherOutputTax: '2600.00',
      inputTax: '9000.00',
    });

    const again = await file(t, body({ inputTax: '1.00' })).expect(409);
    expect(again.body).toMatchObject({ code: 'RETURN_ALREADY_FILED', details: { version: 1 } });
    expect(await probe.returnsOf(t.taxId)).toHaveLength(1);

    const correction = await file(t, body({ inputTax: '8500.50', correction: true })).expect(201);
    expect(correction.body).toMatchObject({
      period: lastMonth,
      version: 2,
      supersedes: 1,
      inputTax: '8500.50',
    });

    const h = await history(t, lastMonth).expect(200);
    expect(h.body.current).toMatchObject({ version: 2, supersedes: 1, inputTax: '8500.50' });
    expect(
      h.body.versions.map((v: { version: number; inputTax: string }) => [v.version, v.inputTax]),
    ).toEqual([
      [2, '8500.50'],
      [1, '9000.00'],
    ]);
    expect(await probe.returnsOf(t.taxId)).toEqual([
      expect.objectContaining({ period: lastMonth, version: 1, inputTax: '9000.00', source: 'api' }),
      expect.objectContaining({ period: lastMonth, version: 2, inputTax: '8500.50', source: 'api' }),
    ]);
  });

  it('normalises money to two decimals ("1" → "1.00")', async () => {
    const t = await taxpayer();
    const res = await file(t, body({ specialSales: '1', specialOutputTax: '0.1', inputTax: '0' })).expect(
      201,
    );
    expect(res.body).toMatchObject({ specialSales: '1.00', specialOutputTax: '0.10', inputTax: '0.00' });
  });

  it('refuses a correction when nothing was filed: 422 NOTHING_TO_CORRECT, nothing stored', async () => {
    const t = await taxpayer();
    const res = await file(t, body({ correction: true })).expect(422);
    expect(res.body.code).toBe('NOTHING_TO_CORRECT');
    expect(await probe.returnsOf(t.taxId)).toEqual([]);
  });

  it.each([
    ['the current month', () => current],
    ['next month', () => nextPeriod(current)],
  ])('refuses %s: 422 PERIOD_NOT_ENDED, nothing stored', async (_, period) => {
    const t = await taxpayer();
    const res = await file(t, body({ period: period() })).expect(422);
    expect(res.body.code).toBe('PERIOD_NOT_ENDED');
    expect(await probe.returnsOf(t.taxId)).toEqual([]);
  });

  it.each([
    ['a JSON number', 100000],
    ['three decimals', '100.001'],
    ['a negative amount', '-1.00'],
    ['exponent form', '1e5'],
    ['an empty string', ''],
    ['NaN', 'NaN'],
    ['a thousands separator', '100,000.00'],
  ])('refuses money as %s: 400 MONEY_INVALID, nothing stored', async (_, value) => {
    const t = await taxpayer();
    const res = await file(t, body({ specialSales: value })).expect(400);
    expect(res.body.code).toBe('MONEY_INVALID');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'specialSales' })]);
    expect(await probe.returnsOf(t.taxId)).toEqual([]);
  });

  it('refuses a negative correction amount too, leaving the filed return alone', async () => {
    const t = await taxpayer();
    await file(t, body()).expect(201);
    const res = await file(t, body({ inputTax: '-9000.00', correction: true })).expect(400);
    expect(res.body.code).toBe('MONEY_INVALID');
    expect(await probe.returnsOf(t.taxId)).toEqual([expect.objectContaining({ version: 1 })]);
  });

  it.each(['2026-13', '2026-00', '2026-1', '202611', '2026/11', '', 'last month'])(
    'refuses period %j: 400 PERIOD_INVALID, nothing stored',
    async (period) => {
      const t = await taxpayer();
      const res = await file(t, body({ period })).expect(400);
      expect(res.body.code).toBe('PERIOD_INVALID');
      expect(await probe.returnsOf(t.taxId)).toEqual([]);
    },
  );

  it('refuses a period that is not a string with 400 naming the field, and stores nothing', async () => {
    const t = await taxpayer();
    const res = await file(t, body({ period: 202611 })).expect(400);
    // The DTO's @IsString answers before parsePeriod could say PERIOD_INVALID.
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'period' })]);
    expect(await probe.returnsOf(t.taxId)).toEqual([]);
  });

  it('refuses unknown fields with 400 UNKNOWN_FIELD, nothing stored', async () => {
    const t = await taxpayer();
    const res = await file(t, body({ outputTax: '1.00' })).expect(400);
    expect(res.body.code).toBe('UNKNOWN_FIELD');
    expect(await probe.returnsOf(t.taxId)).toEqual([]);
  });

  it('GET answers 404 RETURN_NOT_FOUND for a period never filed, and another taxpayer never sees yours', async () => {
    const [t, other] = await Promise.all([taxpayer(), taxpayer()]);
    await file(t, body()).expect(201);
    expect((await history(t, previousPeriod(lastMonth)).expect(404)).body.code).toBe('RETURN_NOT_FOUND');
    expect((await history(other, lastMonth).expect(404)).body.code).toBe('RETURN_NOT_FOUND');
    expect((await history(t, '2026-13').expect(400)).body.code).toBe('PERIOD_INVALID');
  });

  it('replays the first answer for the same Idempotency-Key and body, storing one version', async () => {
    const t = await taxpayer();
    const key = `returns-${t.taxId}`;
    const first = await file(t, body()).set('Idempotency-Key', key).expect(201);
    const replay = await file(t, body()).set('Idempotency-Key', key).expect(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const other = await file(t, body({ inputTax: '1.00' }))
      .set('Idempotency-Key', key)
      .expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await probe.returnsOf(t.taxId)).toHaveLength(1);
  });

  it('refuses requests without an API key (401)', async () => {
    const res = await request(collection.getHttpServer()).post('/v1/returns').send(body()).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});
