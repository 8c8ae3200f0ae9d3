import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  ADMIN,
  BUREAUS,
  createTestApp,
  login,
  newInvoiceCode,
  newNumberBlock,
  newTaxId,
  officerToken,
  registerTaxpayer,
  setTaxpayerStatus,
} from '@app/testing';

describe('number ranges (领购)', () => {
  let app: INestApplication;
  let db: DataSource;
  let national: string;
  let tianheAdmin: string;
  let tianheAdminId: string;
  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    db = app.get(DataSource);
    national = await login(app, ADMIN.username, ADMIN.password);
    tianheAdmin = await officerToken(app, BUREAUS.tianhe, 'admin');
    const me = await http().get('/v1/users/me').set('Authorization', `Bearer ${tianheAdmin}`).expect(200);
    tianheAdminId = me.body.id;
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());
  const allocate = (token: string, taxId: string, body: object) =>
    http().post(`/v1/taxpayers/${taxId}/number-ranges`).set('Authorization', `Bearer ${token}`).send(body);
  const list = (token: string, taxId: string) =>
    http().get(`/v1/taxpayers/${taxId}/number-ranges`).set('Authorization', `Bearer ${token}`);
  const rangesOfCode = async (code: string) =>
    Number(
      (await db.query(`SELECT count(*) AS n FROM registry.number_ranges WHERE invoice_code = $1`, [code]))[0]
        .n,
    );
  const rangesOfTaxpayer = async (taxId: string) =>
    Number(
      (await db.query(`SELECT count(*) AS n FROM registry.number_ranges WHERE tax_id = $1`, [taxId]))[0].n,
    );

  it('allocates a range of a code of the taxpayer region and shows it', async () => {
    const { taxId } = await registerTaxpayer(app, national);
    const code = newInvoiceCode('4401', 3);
    const n = newNumberBlock();
    const res = await allocate(tianheAdmin, taxId, {
      invoiceCode: code,
      startNumber: n(1),
      endNumber: n(1000),
    }).expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9]+$/),
      taxId,
      invoiceCode: code,
      startNumber: n(1),
      endNumber: n(1000),
      amountVersion: 3,
      allocatedAt: expect.any(String),
    });
    expect(Math.abs(Date.parse(res.body.allocatedAt) - Date.now())).toBeLessThan(60_000);
    const [row] = await db.query(
      `SELECT tax_id, invoice_code, start_number, end_number, amount_version, allocated_by
         FROM registry.number_ranges WHERE id = $1`,
      [res.body.id],
    );
    expect(row).toEqual({
      tax_id: taxId,
      invoice_code: code,
      start_number: Number(n(1)),
      end_number: Number(n(1000)),
      amount_version: 3,
      allocated_by: tianheAdminId,
    });
  });

  it('lists ranges in allocation order with the next number and what remains', async () => {
    const { taxId } = await registerTaxpayer(app, national);
    const code = newInvoiceCode('4400', 2);
    const n = newNumberBlock();
    const a = (await allocate(national, taxId, { invoiceCode: code, startNumber: n(201), endNumber: n(300) }))
      .body;
    const b = (await allocate(national, taxId, { invoiceCode: code, startNumber: n(1), endNumber: n(100) }))
      .body;
    const c = (await allocate(national, taxId, { invoiceCode: code, startNumber: n(101), endNumber: n(105) }))
      .body;
    // Issuance has taken 10 numbers of the first range and all of the third; none of the second.
    await db.query(`INSERT INTO issuance.number_counters (range_id, next_number) VALUES ($1, $2), ($3, $4)`, [
      a.id,
      Number(n(211)),
      c.id,
      Number(n(106)),
    ]);
    const res = await list(tianheAdmin, taxId).expect(200);
    expect(res.body).toEqual({
      items: [
        { ...without(a, 'taxId'), nextNumber: n(211), remaining: 90 },
        { ...without(b, 'taxId'), nextNumber: n(1), remaining: 100 },
        { ...without(c, 'taxId'), nextNumber: null, remaining: 0 },
      ],
      nextCursor: null,
    });
    const empty = await registerTaxpayer(app, national);
    expect((await list(tianheAdmin, empty.taxId).expect(200)).body).toEqual({ items: [], nextCursor: null });
  });

  it('pages the list by cursor', async () => {
    const { taxId } = await registerTaxpayer(app, national);
    const code = newInvoiceCode();
    const n = newNumberBlock();
    for (let i = 0; i < 3; i++) {
      await allocate(national, taxId, {
        invoiceCode: code,
        startNumber: n(i * 10 + 1),
        endNumber: n(i * 10 + 10),
      }).expect(201);
    }
    const first = await list(national, taxId).query({ limit: 2 }).expect(200);
    expect(first.body.items.map((r: { startNumber: string }) => r.startNumber)).toEqual([n(1), n(11)]);
    const second = await list(national, taxId).query({ limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect(second.body).toMatchObject({ items: [{ startNumber: n(21) }], nextCursor: null });
  });

  describe('refuses with a stable code and writes nothing', () => {
    let taxId: string;
    let n: (offset: number) => string;
    beforeAll(async () => {
      taxId = (await registerTaxpayer(app, national, { maxAmountVersion: 3 })).taxId;
      n = newNumberBlock();
    });
    const valid = () => ({ invoiceCode: newInvoiceCode('4401', 3), startNumber: n(1), endNumber: n(100) });

    it.each([
      ['a 9-digit code', { invoiceCode: '440126113' }, 400, 'INVOICE_CODE_INVALID'],
      ['a code with a letter', { invoiceCode: '44012611A3' }, 400, 'INVOICE_CODE_INVALID'],
      ['amount version 5', { invoiceCode: '4401261135' }, 400, 'INVOICE_CODE_INVALID'],
      ['amount version 0', { invoiceCode: '4401261130' }, 400, 'INVOICE_CODE_INVALID'],
      ['a code as a JSON number', { invoiceCode: 4401261133 }, 400, 'INVOICE_CODE_INVALID'],
      ['a missing code', { invoiceCode: undefined }, 400, 'INVOICE_CODE_INVALID'],
      ['a short number', { startNumber: '1' }, 400, 'INVOICE_NUMBER_INVALID'],
      ['a 9-digit number', { endNumber: '000000100' }, 400, 'INVOICE_NUMBER_INVALID'],
      ['a number as a JSON number', { startNumber: 1 }, 400, 'INVOICE_NUMBER_INVALID'],
      ['number 00000000', { startNumber: '00000000' }, 400, 'INVOICE_NUMBER_INVALID'],
      ['a missing end', { endNumber: undefined }, 400, 'INVOICE_NUMBER_INVALID'],
      ['start after end', { startNumber: '00000101', endNumber: '00000100' }, 400, 'NUMBER_RANGE_INVALID'],
      ['a Shenzhen code', { invoiceCode: '4403261133' }, 422, 'INVOICE_CODE_REGION_MISMATCH'],
      ['a Beijing code', { invoiceCode: '1100261133' }, 422, 'INVOICE_CODE_REGION_MISMATCH'],
      [
        'another province, same city digits',
        { invoiceCode: '4501261133' },
        422,
        'INVOICE_CODE_REGION_MISMATCH',
      ],
      ['amount version above the maximum', { invoiceCode: '4401261134' }, 422, 'AMOUNT_VERSION_NOT_ALLOWED'],
      ['an unknown field', { vip: true }, 400, 'UNKNOWN_FIELD'],
    ])('%s', async (_what, overrides, status, code) => {
      const body = { ...valid(), ...overrides };
      const res = await allocate(tianheAdmin, taxId, body).expect(status);
      expect(res.body.code).toBe(code);
      expect(typeof res.body.message).toBe('string');
      expect(await rangesOfTaxpayer(taxId)).toBe(0);
      if (typeof body.invoiceCode === 'string') expect(await rangesOfCode(body.invoiceCode)).toBe(0);
    });

    it('a taxpayer that does not exist', async () => {
      const ghost = newTaxId();
      const res = await allocate(tianheAdmin, ghost, valid()).expect(404);
      expect(res.body.code).toBe('TAXPAYER_NOT_FOUND');
      expect(await rangesOfTaxpayer(ghost)).toBe(0);
    });

    it.each(['abnormal', 'deregistered'] as const)('a taxpayer that is %s', async (status) => {
      const other = await registerTaxpayer(app, national);
      await setTaxpayerStatus(app, national, other.taxId, status);
      const res = await allocate(tianheAdmin, other.taxId, valid()).expect(422);
      expect(res.body).toMatchObject({ code: 'TAXPAYER_NOT_NORMAL', details: { status } });
      expect(await rangesOfTaxpayer(other.taxId)).toBe(0);
    });

    it('an officer without the admin role', async () => {
      const reviewer = await officerToken(app, BUREAUS.tianhe, 'reviewer');
      const res = await allocate(reviewer, taxId, valid()).expect(403);
      expect(res.body.code).toBe('ROLE_FORBIDDEN');
      expect(await rangesOfTaxpayer(taxId)).toBe(0);
    });
  });

  describe('overlap', () => {
    it('refuses any overlap with a range of the same code, also of another taxpayer', async () => {
      const seller = (await registerTaxpayer(app, national)).taxId;
      const neighbour = (await registerTaxpayer(app, national, { bureauCode: BUREAUS.yuexiu })).taxId;
      const code = newInvoiceCode('4401', 3);
      const n = newNumberBlock();
      await allocate(national, seller, { invoiceCode: code, startNumber: n(100), endNumber: n(200) }).expect(
        201,
      );
      const overlapping: [string, string, string][] = [
        [seller, n(100), n(200)], // the same range
        [seller, n(50), n(100)], // touches the first number
        [seller, n(200), n(300)], // touches the last number
        [seller, n(120), n(130)], // inside
        [seller, n(1), n(999)], // around
        [neighbour, n(150), n(250)], // another taxpayer of the same region
        [neighbour, n(200), n(200)],
      ];
      for (const [taxId, startNumber, endNumber] of overlapping) {
        const res = await allocate(national, taxId, { invoiceCode: code, startNumber, endNumber }).expect(
          409,
        );
        expect(res.body).toMatchObject({
          code: 'NUMBER_RANGE_OVERLAP',
          details: { invoiceCode: code, startNumber, endNumber },
        });
      }
      expect(await rangesOfCode(code)).toBe(1);
      expect(await rangesOfTaxpayer(neighbour)).toBe(0);
    });

    it('allows ranges that touch without overlapping, and the same numbers under another code', async () => {
      const { taxId } = await registerTaxpayer(app, national);
      const code = newInvoiceCode('4400', 3);
      const n = newNumberBlock();
      await allocate(national, taxId, { invoiceCode: code, startNumber: n(1), endNumber: n(100) }).expect(
        201,
      );
      await allocate(national, taxId, { invoiceCode: code, startNumber: n(101), endNumber: n(200) }).expect(
        201,
      );
      await allocate(national, taxId, { invoiceCode: code, startNumber: n(201), endNumber: n(201) }).expect(
        201,
      );
      const otherCode = newInvoiceCode('4401', 3);
      await allocate(national, taxId, {
        invoiceCode: otherCode,
        startNumber: n(1),
        endNumber: n(100),
      }).expect(201);
      expect(await rangesOfCode(code)).toBe(3);
      expect(await rangesOfCode(otherCode)).toBe(1);
    });

    it('lets exactly one of 10 concurrent overlapping allocations win', async () => {
      const sellers: string[] = [];
      for (let i = 0; i < 5; i++) sellers.push((await registerTaxpayer(app, national)).taxId);
      const code = newInvoiceCode('4401', 3);
      const n = newNumberBlock();
      // Every pair of these ranges overlaps (k+1 .. k+100 for k = 0..9), two per taxpayer.
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          allocate(tianheAdmin, sellers[k % 5], {
            invoiceCode: code,
            startNumber: n(k + 1),
            endNumber: n(k + 100),
          }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array<number>(9).fill(409)]);
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.code === 'NUMBER_RANGE_OVERLAP'),
      ).toBe(true);
      expect(await rangesOfCode(code)).toBe(1);
    });
  });

  describe('jurisdiction', () => {
    it('answers 404 for a taxpayer of a sibling district, and serves the province officer', async () => {
      const yuexiu = (await registerTaxpayer(app, national, { bureauCode: BUREAUS.yuexiu })).taxId;
      const code = newInvoiceCode('4401', 3);
      const n = newNumberBlock();
      const body = { invoiceCode: code, startNumber: n(1), endNumber: n(10) };

      const denied = await allocate(tianheAdmin, yuexiu, body).expect(404);
      expect(denied.body.code).toBe('TAXPAYER_NOT_FOUND');
      expect((await list(tianheAdmin, yuexiu).expect(404)).body.code).toBe('TAXPAYER_NOT_FOUND');
      expect(await rangesOfTaxpayer(yuexiu)).toBe(0);

      const province = await officerToken(app, BUREAUS.guangdong, 'admin');
      await allocate(province, yuexiu, body).expect(201);
      const listed = await list(province, yuexiu).expect(200);
      expect(listed.body.items).toHaveLength(1);
      const reviewer = await officerToken(app, BUREAUS.guangzhou, 'reviewer');
      expect((await list(reviewer, yuexiu).expect(200)).body.items).toHaveLength(1);
      const shenzhen = await officerToken(app, BUREAUS.shenzhen, 'admin');
      await list(shenzhen, yuexiu).expect(404);
    });
  });
});

function without<T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}
