import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  BUREAUS,
  createTestApp,
  FindingsFactory,
  officerToken,
  RegistryFactory,
  type FindingFixture,
  type TaxpayerFixture,
} from '@app/testing';

/**
 * GET /v1/findings (filters, order, cursor pages), GET /v1/findings/{id} (both sides of
 * the invoice, history, case trail), PATCH /v1/findings/{id} (the case workflow), and the
 * CSV / XLSX exports. Findings are written as the engine leaves them (FindingsFactory), in
 * periods of their own: the database is shared with the other test files.
 */
const PERIOD = '2013-02';
const OTHER_PERIOD = '2013-03';

interface FindingBody {
  id: string;
  period: string;
  category: string;
  status: string;
  state: string;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  sellerTaxId: string | null;
  buyerTaxId: string | null;
  taxAtRisk: string;
  details: Record<string, unknown>;
}

describe('findings review', () => {
  let app: INestApplication;
  let db: DataSource;
  let factory: FindingsFactory;
  let tianhe: TaxpayerFixture;
  let tianhe2: TaxpayerFixture;
  let futian: TaxpayerFixture;
  let dongcheng: TaxpayerFixture;
  let national: string;
  let guangzhou: string;
  let tianheReviewer: string;
  let yuexiuReviewer: string;
  /** Tianhe seller → Dongcheng buyer, with a seller copy and two claims. */
  let mismatch: FindingFixture;
  let small: FindingFixture;
  let forged: FindingFixture;
  let underDeclared: FindingFixture;
  let futianOnly: FindingFixture;

  const server = () => app.getHttpServer();
  const get = (token: string, path: string) =>
    request(server()).get(path).set('Authorization', `Bearer ${token}`);
  const patch = (token: string, id: string, body: object) =>
    request(server()).patch(`/v1/findings/${id}`).set('Authorization', `Bearer ${token}`).send(body);
  const ids = (body: { items: FindingBody[] }) => body.items.map((f) => f.id);

  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    db = app.get(DataSource);
    const registry = new RegistryFactory(db);
    factory = new FindingsFactory(db);
    tianhe = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    tianhe2 = await registry.taxpayer({ bureauCode: BUREAUS.tianhe });
    futian = await registry.taxpayer({ bureauCode: BUREAUS.futian });
    dongcheng = await registry.taxpayer({ bureauCode: BUREAUS.dongcheng });
    mismatch = await factory.finding({
      period: PERIOD,
      seller: tianhe,
      buyer: dongcheng,
      taxAtRisk: '900.00',
      details: { differingFields: ['amount', 'taxAmount'] },
    });
    small = await factory.finding({ period: PERIOD, seller: tianhe, buyer: tianhe2, taxAtRisk: '5.00' });
    forged = await factory.finding({
      period: PERIOD,
      category: 'FORGED',
      seller: tianhe2,
      buyer: dongcheng,
      taxAtRisk: '1300.00',
      details: { forgedBecause: 'NUMBER_NOT_ALLOCATED' },
      state: 'resolved',
    });
    underDeclared = await factory.finding({
      period: PERIOD,
      category: 'UNDER_DECLARED',
      seller: tianhe,
      perTaxpayer: true,
      taxAtRisk: '300.00',
    });
    futianOnly = await factory.finding({ period: PERIOD, seller: futian, buyer: futian, taxAtRisk: '50.00' });
    await factory.finding({ period: OTHER_PERIOD, seller: tianhe, buyer: tianhe2, taxAtRisk: '7.00' });
    await factory.assistRequest(mismatch);

    // Both sides of the mismatched invoice: the offline seller copy and two claims.
    await db.query(
      `INSERT INTO collection.seller_copies (invoice_code, invoice_number, type, seller_tax_id, buyer_tax_id,
              issue_date, amount, tax_amount, content_hash, signature, certificate_serial, status)
       VALUES ($1, $2, 'special', $3, $4, '2013-02-05', 1000, 130, 'h', 's', 'c', 'accepted')`,
      [mismatch.invoiceCode, mismatch.invoiceNumber, tianhe.taxId, dongcheng.taxId],
    );
    for (const [status, reason] of [
      ['accepted', null],
      ['rejected', 'SEAL_MISMATCH'],
    ]) {
      await db.query(
        `INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date, seller_tax_id,
                amount, tax_amount, status, reason_code)
         VALUES ($1, $2, $3, $4, '2013-02-05', $5, 7900, 1027, $6, $7)`,
        [dongcheng.taxId, PERIOD, mismatch.invoiceCode, mismatch.invoiceNumber, tianhe.taxId, status, reason],
      );
    }

    national = await officerToken(app, BUREAUS.national, 'reviewer');
    guangzhou = await officerToken(app, BUREAUS.guangzhou, 'auditor');
    tianheReviewer = await officerToken(app, BUREAUS.tianhe, 'reviewer');
    yuexiuReviewer = await officerToken(app, BUREAUS.yuexiu, 'reviewer');
  });

  afterAll(() => app.close());

  describe('GET /v1/findings', () => {
    it('lists the subtree’s findings of a period, highest tax at risk first, in the DESIGN §10 shape', async () => {
      const res = await get(tianheReviewer, `/v1/findings?period=${PERIOD}`).expect(200);
      expect(ids(res.body)).toEqual([forged.id, mismatch.id, underDeclared.id, small.id]);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items[1]).toMatchObject({
        id: mismatch.id,
        period: PERIOD,
        category: 'FIELD_MISMATCH',
        status: 'open',
        state: 'active',
        invoiceCode: mismatch.invoiceCode,
        invoiceNumber: mismatch.invoiceNumber,
        sellerTaxId: tianhe.taxId,
        buyerTaxId: dongcheng.taxId,
        taxAtRisk: '900.00',
        details: { differingFields: ['amount', 'taxAmount'] },
      });
      expect(res.body.items[2]).toMatchObject({
        category: 'UNDER_DECLARED',
        invoiceCode: null,
        buyerTaxId: null,
      });
    });

    it('filters by category, taxpayer (either side), state, status, minimum tax at risk and bureau', async () => {
      const q = (query: string) => get(national, `/v1/findings?period=${PERIOD}&${query}`).expect(200);
      expect(ids((await q('category=FORGED,UNDER_DECLARED')).body)).toEqual([forged.id, underDeclared.id]);
      expect(ids((await q(`taxId=${dongcheng.taxId}`)).body)).toEqual([forged.id, mismatch.id]);
      expect(ids((await q('state=resolved')).body)).toEqual([forged.id]);
      expect(ids((await q('minTaxAtRisk=300')).body)).toEqual([forged.id, mismatch.id, underDeclared.id]);
      expect(ids((await q(`bureauCode=${BUREAUS.futian}`)).body)).toEqual([futianOnly.id]);
      expect(ids((await q(`bureauCode=${BUREAUS.beijing}&category=FIELD_MISMATCH`)).body)).toEqual([
        mismatch.id,
      ]);
      expect(ids((await q('status=investigating,confirmed,cleared')).body)).not.toContain(small.id);
    });

    it('filters by the run that saw them', async () => {
      const runId = await factory.run(PERIOD);
      const [{ partition, identity }] = await db.query<{ partition: number; identity: string }[]>(
        `SELECT partition, identity FROM audit.findings WHERE id = $1`,
        [small.id],
      );
      await db.query(
        `INSERT INTO audit.run_findings (run_id, partition, identity, category, tax_at_risk, details)
         VALUES ($1, $2, $3, 'FIELD_MISMATCH', 5, '{}')`,
        [runId, partition, identity],
      );
      const res = await get(national, `/v1/findings?runId=${runId}`).expect(200);
      expect(ids(res.body)).toEqual([small.id]);
    });

    it('walks every finding exactly once through cursor pages', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const path: string = `/v1/findings?period=${PERIOD}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await get(national, path).expect(200);
        seen.push(...ids(res.body));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual([forged.id, mismatch.id, underDeclared.id, futianOnly.id, small.id]);
      expect(pages).toBe(3);
    });

    it.each([
      ['period=2013-13', 'PERIOD_INVALID'],
      ['category=FIELD_MISMATCH,NOPE', 'FINDING_CATEGORY_INVALID'],
      ['bureauCode=12345', 'BUREAU_CODE_INVALID'],
      ['taxId=91440106MA59XXXX0X', 'TAX_ID_INVALID'],
      ['runId=not-a-uuid', 'AUDIT_RUN_ID_INVALID'],
      ['status=closed', 'CASE_STATUS_INVALID'],
      ['state=gone', 'FINDING_STATE_INVALID'],
      ['minTaxAtRisk=1.234', 'MONEY_INVALID'],
      ['cursor=bm9wZQ', 'CURSOR_INVALID'],
      ['limit=501', 'VALIDATION_FAILED'],
      ['colour=red', 'UNKNOWN_FIELD'],
    ])('refuses %s with 400 %s', async (query, code) => {
      const res = await get(national, `/v1/findings?${query}`).expect(400);
      expect(res.body).toMatchObject({ code, message: expect.any(String) });
    });

    it('answers a bureau filter outside the subtree as not found, and asks for a login', async () => {
      const res = await get(tianheReviewer, `/v1/findings?bureauCode=${BUREAUS.yuexiu}`).expect(404);
      expect(res.body.code).toBe('BUREAU_NOT_FOUND');
      await request(server()).get('/v1/findings').expect(401);
    });
  });

  describe('GET /v1/findings/{id}', () => {
    it('shows both sides of the invoice, the differing fields, the history and the assist request', async () => {
      const res = await get(tianheReviewer, `/v1/findings/${mismatch.id}`).expect(200);
      expect(res.body).toMatchObject({
        id: mismatch.id,
        details: { differingFields: ['amount', 'taxAmount'] },
        sellerCopies: [
          { source: 'offline', amount: '1000.00', taxAmount: '130.00', buyerTaxId: dongcheng.taxId },
        ],
        claims: [
          {
            buyerTaxId: dongcheng.taxId,
            amount: '7900.00',
            taxAmount: '1027.00',
            status: 'accepted',
            reasonCode: null,
          },
          { status: 'rejected', reasonCode: 'SEAL_MISMATCH' },
        ],
        history: [{ event: 'appeared', taxAtRisk: '900.00' }],
        caseTrail: [],
        assistRequest: { fromBureauCode: BUREAUS.dongcheng, toBureauCode: BUREAUS.tianhe, conclusion: null },
      });
    });

    it('is not found outside the subtree, and a bad id is a 400', async () => {
      expect((await get(yuexiuReviewer, `/v1/findings/${mismatch.id}`).expect(404)).body.code).toBe(
        'FINDING_NOT_FOUND',
      );
      expect((await get(tianheReviewer, `/v1/findings/${futianOnly.id}`).expect(404)).body.code).toBe(
        'FINDING_NOT_FOUND',
      );
      expect((await get(tianheReviewer, '/v1/findings/999999999999').expect(404)).body.code).toBe(
        'FINDING_NOT_FOUND',
      );
      expect((await get(tianheReviewer, '/v1/findings/12abc').expect(400)).body.code).toBe(
        'FINDING_ID_INVALID',
      );
    });
  });

  describe('PATCH /v1/findings/{id}: the case workflow', () => {
    const trail = async (id: string) =>
      (await get(national, `/v1/findings/${id}`).expect(200)).body.caseTrail as {
        fromStatus: string;
        toStatus: string;
        comment: string;
        actor: string;
        actorBureauCode: string;
      }[];

    it('moves open → investigating → confirmed, keeping who, when and why', async () => {
      const first = await patch(tianheReviewer, small.id, {
        status: 'investigating',
        comment: '调取记账联',
      }).expect(200);
      expect(first.body).toMatchObject({ id: small.id, status: 'investigating' });
      const second = await patch(guangzhou, small.id, {
        status: 'confirmed',
        comment: '  金额不符，已确认 ',
      }).expect(200);
      expect(second.body.status).toBe('confirmed');
      const steps = await trail(small.id);
      expect(steps).toEqual([
        expect.objectContaining({
          fromStatus: 'open',
          toStatus: 'investigating',
          comment: '调取记账联',
          actorBureauCode: BUREAUS.tianhe,
        }),
        expect.objectContaining({
          fromStatus: 'investigating',
          toStatus: 'confirmed',
          comment: '金额不符，已确认',
          actorBureauCode: BUREAUS.guangzhou,
        }),
      ]);
      const listed = await get(national, `/v1/findings?period=${PERIOD}&status=confirmed`).expect(200);
      expect(ids(listed.body)).toEqual([small.id]);
    });

    it('refuses invalid transitions with 422 and changes nothing', async () => {
      const skip = await patch(tianheReviewer, mismatch.id, {
        status: 'confirmed',
        comment: 'too fast',
      }).expect(422);
      expect(skip.body).toMatchObject({
        code: 'CASE_TRANSITION_INVALID',
        details: { from: 'open', to: 'confirmed', allowed: ['investigating'] },
      });
      await patch(tianheReviewer, mismatch.id, { status: 'investigating', comment: 'start' }).expect(200);
      await patch(tianheReviewer, mismatch.id, { status: 'cleared', comment: 'explained' }).expect(200);
      const reopen = await patch(tianheReviewer, mismatch.id, {
        status: 'investigating',
        comment: 'again',
      }).expect(422);
      expect(reopen.body.details.allowed).toEqual([]);
      expect((await trail(mismatch.id)).map((s) => s.toStatus)).toEqual(['investigating', 'cleared']);
    });

    it('two officers moving the same case at once: exactly one wins', async () => {
      const results = await Promise.all([
        patch(tianheReviewer, underDeclared.id, { status: 'investigating', comment: 'a' }),
        patch(guangzhou, underDeclared.id, { status: 'investigating', comment: 'b' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
      expect(await trail(underDeclared.id)).toHaveLength(1);
    });

    it.each([
      ['a blank comment', { status: 'investigating', comment: '   ' }, 400, 'CASE_COMMENT_REQUIRED'],
      ['no comment', { status: 'investigating' }, 400, 'VALIDATION_FAILED'],
      [
        'a 2,001-character comment',
        { status: 'investigating', comment: '长'.repeat(2001) },
        400,
        'VALIDATION_FAILED',
      ],
      ['a move back to open', { status: 'open', comment: 'back' }, 400, 'VALIDATION_FAILED'],
      ['an unknown field', { status: 'investigating', comment: 'ok', extra: 1 }, 400, 'UNKNOWN_FIELD'],
    ])('refuses %s and writes nothing', async (_label, body, status, code) => {
      const res = await patch(tianheReviewer, forged.id, body).expect(status);
      expect(res.body.code).toBe(code);
      expect(await trail(forged.id)).toEqual([]);
      const [{ n }] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM review.cases WHERE finding_id = $1`,
        [forged.id],
      );
      expect(n).toBe(0);
    });

    it('is not found outside the subtree, and nothing is written', async () => {
      const res = await patch(yuexiuReviewer, forged.id, {
        status: 'investigating',
        comment: 'mine?',
      }).expect(404);
      expect(res.body.code).toBe('FINDING_NOT_FOUND');
      expect(await trail(forged.id)).toEqual([]);
    });
  });

  describe('GET /v1/findings/export', () => {
    it('streams the filtered list as CSV, every row, quoted where needed', async () => {
      const res = await get(tianheReviewer, `/v1/findings/export?period=${PERIOD}&format=csv`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
        })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="findings-${PERIOD}.csv"`);
      const lines = (res.body as string)
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0].split(',').slice(0, 4)).toEqual(['id', 'period', 'category', 'status']);
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([
        forged.id,
        mismatch.id,
        underDeclared.id,
        small.id,
      ]);
      expect(lines[2]).toContain('amount;taxAmount');
      // JSON details contain commas and quotes: one quoted field.
      expect(lines[2]).toContain('"{""differingFields"":[""amount"",""taxAmount""]}"');
    });

    it('streams XLSX that a spreadsheet reader opens, with the same rows', async () => {
      const res = await get(
        national,
        `/v1/findings/export?period=${PERIOD}&format=xlsx&category=FORGED,FIELD_MISMATCH`,
      )
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.read(Readable.from([res.body as Buffer]));
      const sheet = workbook.getWorksheet('findings')!;
      const rows: string[][] = [];
      sheet.eachRow((row) => rows.push((row.values as string[]).slice(1)));
      expect(rows[0].slice(0, 3)).toEqual(['id', 'period', 'category']);
      expect(rows.slice(1).map((r) => [r[0], r[11]])).toEqual([
        [forged.id, '1300.00'],
        [mismatch.id, '900.00'],
        [futianOnly.id, '50.00'],
        [small.id, '5.00'],
      ]);
    });

    it('refuses bad filters before sending anything', async () => {
      expect((await get(national, '/v1/findings/export?period=2013').expect(400)).body.code).toBe(
        'PERIOD_INVALID',
      );
      expect((await get(national, '/v1/findings/export?format=pdf').expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      expect(
        (await get(tianheReviewer, `/v1/findings/export?bureauCode=${BUREAUS.futian}`).expect(404)).body.code,
      ).toBe('BUREAU_NOT_FOUND');
    });
  });
});
