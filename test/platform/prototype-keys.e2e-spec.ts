import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { createTestApp, enrolledTaxpayer, EnrolledTaxpayer, invoiceBody } from '@app/testing';

/**
 * `__proto__`, `constructor` and `prototype` as JSON keys. `JSON.parse` makes them own
 * properties, and Nest's ValidationPipe deletes them without a word before it validates: a
 * body carrying one was issued as if the key were not there, where any other unknown key is
 * refused. They are refused where the body is parsed, on every route.
 */
describe('JSON keys that name prototypes', () => {
  let issuance: INestApplication;
  let seller: EnrolledTaxpayer;
  let buyer: EnrolledTaxpayer;

  beforeAll(async () => {
    issuance = await createTestApp(IssuanceAppModule.forRoot());
    [seller, buyer] = await Promise.all([enrolledTaxpayer(issuance), enrolledTaxpayer(issuance)]);
  });
  afterAll(() => issuance.close());

  const invoicesOfSeller = async (): Promise<number> => {
    const [row] = await issuance
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM issuance.invoices WHERE seller_tax_id = $1`, [
        seller.taxId,
      ]);
    return row.n;
  };

  /** A valid invoice body as JSON text, with `extra` spliced into the object at `where`. */
  const bodyWith = (where: 'top' | 'line', extra: string): string => {
    const json = JSON.stringify(invoiceBody(buyer));
    return where === 'top'
      ? json.replace(/^\{/, `{${extra},`)
      : json.replace('"lines":[{', `"lines":[{${extra},`);
  };

  it.each([
    ['top', '"__proto__":{"amount":"1.00"}', '__proto__'],
    ['line', '"__proto__":{"amount":"1.00"}', '__proto__'],
    ['top', '"constructor":{"prototype":{"x":1}}', 'constructor'],
    ['line', '"prototype":"x"', 'prototype'],
    ['top', '"\\u005f_proto__":{}', '__proto__'],
  ] as const)(
    'refuses %s-level %s with 400 PROTOTYPE_JSON_KEY and issues nothing',
    async (where, extra, key) => {
      const before = await invoicesOfSeller();
      const res = await request(issuance.getHttpServer())
        .post('/v1/invoices')
        .set('Authorization', `Bearer ${seller.apiKey}`)
        .set('Content-Type', 'application/json')
        .send(bodyWith(where, extra));
      expect({ status: res.status, code: res.body.code, details: res.body.details }).toEqual({
        status: 400,
        code: 'PROTOTYPE_JSON_KEY',
        details: { key },
      });
      expect(await invoicesOfSeller()).toBe(before);
    },
  );

  it('still issues the same body without the key', async () => {
    const res = await request(issuance.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(invoiceBody(buyer)));
    expect(res.status).toBe(201);
  });
});
