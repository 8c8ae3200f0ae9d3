import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  ADMIN,
  BUREAUS,
  createTestApp,
  enrolledTaxpayer,
  EnrolledTaxpayer,
  invoiceBody,
  IssuanceProbe,
  login,
  newTaxId,
} from '@app/testing';

/**
 * The 500s of issue 15 found on input, one by one (the fuzz test in hostile-input.e2e-spec.ts
 * looks for the ones nobody has found yet): deep JSON, NUL, lone surrogates and bidi
 * controls in bodies, queries and paths, malformed percent-encodings, undecodable bodies.
 * Each is now a 400 with a stable code, and nothing is written.
 */
describe('hostile text and structure on every app', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let bureau: INestApplication;
  let audit: INestApplication;
  let db: DataSource;
  let probe: IssuanceProbe;
  let seller: EnrolledTaxpayer;
  let buyer: EnrolledTaxpayer;
  let admin: string;

  beforeAll(async () => {
    [issuance, collection, bureau, audit] = await Promise.all([
      createTestApp(IssuanceAppModule.forRoot()),
      createTestApp(CollectionAppModule.forRoot()),
      createTestApp(BureauAppModule.forRoot()),
      createTestApp(AuditAppModule.forRoot()),
    ]);
    db = issuance.get(DataSource);
    probe = new IssuanceProbe(db);
    [seller, buyer] = await Promise.all([enrolledTaxpayer(issuance), enrolledTaxpayer(issuance)]);
    admin = await login(bureau, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await Promise.all([issuance, collection, bureau, audit].map((app) => app.close()));
  });

  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const postRaw = (app: INestApplication, path: string, raw: string, auth?: string) => {
    const req = request(app.getHttpServer()).post(path).set('Content-Type', 'application/json');
    return (auth ? req.set('Authorization', auth) : req).send(raw);
  };
  const issue = (body: object) =>
    request(issuance.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
  const asAdmin = (req: request.Test) => req.set('Authorization', `Bearer ${admin}`);

  describe('JSON nested too deep: 400 JSON_TOO_DEEP before anything recursive runs', () => {
    it.each([1_400, 100_000, 500_000])('%i levels on the public login and enrollment', async (depth) => {
      for (const [app, path] of [
        [bureau, '/v1/auth/login'],
        [issuance, '/v1/enrollment'],
      ] as const) {
        const res = await postRaw(app, path, `{"username":${nested(depth)}}`).expect(400);
        expect(res.body).toEqual({
          code: 'JSON_TOO_DEEP',
          message: expect.any(String),
          details: { maxDepth: 64 },
        });
      }
    });

    it('on an idempotent route of each app, leaving no key in flight', async () => {
      const key = `deep-${randomUUID()}`;
      const apps = [
        [issuance, '/v1/invoices', `Bearer ${seller.apiKey}`],
        [collection, '/v1/claims', `Bearer ${buyer.apiKey}`],
        [bureau, '/v1/audits', `Bearer ${admin}`],
      ] as const;
      for (const [app, path, auth] of apps) {
        const res = await postRaw(app, path, `{"lines":${nested(1_400)}}`, auth)
          .set('Idempotency-Key', key)
          .expect(400);
        expect(res.body.code).toBe('JSON_TOO_DEEP');
      }
      const [{ n }] = await db.query<{ n: number }[]>(
        `SELECT (SELECT count(*) FROM issuance.idempotency_keys WHERE key = $1)
              + (SELECT count(*) FROM collection.idempotency_keys WHERE key = $1)
              + (SELECT count(*) FROM registry.idempotency_keys WHERE key = $1) AS n`,
        [key],
      );
      expect(Number(n)).toBe(0);
    });

    it('accepts 64 levels (and then validates), refuses 65', async () => {
      const body = (depth: number) =>
        JSON.stringify(invoiceBody(buyer)).replace(/}$/, `,"x":${nested(depth - 1)}}`);
      const at64 = await postRaw(issuance, '/v1/invoices', body(64), `Bearer ${seller.apiKey}`).expect(400);
      expect(at64.body.code).toBe('UNKNOWN_FIELD');
      const at65 = await postRaw(issuance, '/v1/invoices', body(65), `Bearer ${seller.apiKey}`).expect(400);
      expect(at65.body.code).toBe('JSON_TOO_DEEP');
    });
  });

  describe('text with NUL, lone surrogates or bidi controls: 400 TEXT_INVALID naming the field', () => {
    it.each([
      ['NUL in buyerName', { buyerName: 'ACME\u0000' }, 'buyerName', 'U+0000'],
      ['a lone surrogate in buyerName', { buyerName: '\ud800' }, 'buyerName', 'U+D800'],
      ['NUL in remarks', { remarks: 'a\u0000' }, 'remarks', 'U+0000'],
      ['a lone surrogate in remarks', { remarks: 'x\udc00' }, 'remarks', 'U+DC00'],
      [
        'NUL in a line description',
        { lines: [{ description: '办公\u0000用品', amount: '100.00', taxRate: '0.13' }] },
        'lines[0].description',
        'U+0000',
      ],
      [
        'a lone surrogate in a line description',
        { lines: [{ description: '\ud83d', amount: '100.00', taxRate: '0.13' }] },
        'lines[0].description',
        'U+D83D',
      ],
      ['a right-to-left override in buyerName', { buyerName: 'abc\u202efed' }, 'buyerName', 'U+202E'],
    ])('POST /v1/invoices with %s: no number consumed', async (_what, overrides, field, codePoint) => {
      const before = await probe.invoiceCount(seller.taxId);
      const res = await issue(invoiceBody(buyer, overrides)).expect(400);
      expect(res.body).toMatchObject({ code: 'TEXT_INVALID', details: { field, codePoint } });
      expect(await probe.invoiceCount(seller.taxId)).toBe(before);
    });

    it('still accepts tabs, line breaks, Chinese and emoji', async () => {
      await issue(invoiceBody(buyer, { remarks: '第一行\n第二行\t😀', buyerName: buyer.name })).expect(201);
    });

    it('NUL in a login username', async () => {
      const res = await request(bureau.getHttpServer())
        .post('/v1/auth/login')
        .send({ username: 'admin\u0000', password: 'x' })
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'TEXT_INVALID',
        details: { field: 'username', codePoint: 'U+0000' },
      });
    });

    it.each([
      ['NUL', 'ACME\u0000 Ltd', 'U+0000'],
      ['a lone surrogate', 'ACME \ud800', 'U+D800'],
      ['a right-to-left override', 'ACME \u202eLtd', 'U+202E'],
      ['a first-strong isolate', '\u2068ACME', 'U+2068'],
      ['a zero-width space', 'AC\u200bME', 'U+200B'],
    ])('%s in a taxpayer name: nothing registered', async (_what, name, codePoint) => {
      const taxId = newTaxId();
      const res = await asAdmin(request(bureau.getHttpServer()).post('/v1/taxpayers'))
        .send({ taxId, name, bureauCode: BUREAUS.tianhe, kind: 'general', maxAmountVersion: 3 })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'TEXT_INVALID', details: { field: 'name', codePoint } });
      const [{ n }] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM registry.taxpayers WHERE tax_id = $1`,
        [taxId],
      );
      expect(n).toBe(0);
    });

    it('NUL in a tax-ID override reason', async () => {
      const res = await asAdmin(request(bureau.getHttpServer()).post('/v1/tax-id-overrides'))
        .send({ taxId: newTaxId(), reason: 'issued early\u0000' })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'TEXT_INVALID', details: { field: 'reason' } });
    });

    it('NUL in a certificate revocation reason: not revoked', async () => {
      const res = await asAdmin(
        request(bureau.getHttpServer()).post(`/v1/certificates/${seller.serialNumber}/revoke`),
      )
        .send({ reason: 'stolen\u0000' })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'TEXT_INVALID', details: { field: 'reason' } });
      const rows: unknown[] = await db.query(`SELECT 1 FROM pki.revocations WHERE serial_number = $1`, [
        seller.serialNumber,
      ]);
      expect(rows).toHaveLength(0);
    });

    it('a refused character in an object key', async () => {
      const res = await issue({ ...invoiceBody(buyer), 'remarks\u202e': 'x' }).expect(400);
      expect(res.body).toMatchObject({ code: 'TEXT_INVALID', details: { codePoint: 'U+202E' } });
    });

    it('in a query parameter: query.<name>', async () => {
      const res = await asAdmin(request(bureau.getHttpServer()).get('/v1/findings?taxId=%00')).expect(400);
      expect(res.body).toMatchObject({
        code: 'TEXT_INVALID',
        details: { field: 'query.taxId', codePoint: 'U+0000' },
      });
      const bidi = await request(issuance.getHttpServer())
        .get('/v1/verify?invoiceCode=%E2%80%AE&invoiceNumber=1')
        .expect(400);
      expect(bidi.body).toMatchObject({ code: 'TEXT_INVALID', details: { field: 'query.invoiceCode' } });
    });

    it('in a path parameter: path.<name>', async () => {
      const res = await asAdmin(request(bureau.getHttpServer()).get('/v1/taxpayers/%00')).expect(400);
      expect(res.body).toMatchObject({
        code: 'TEXT_INVALID',
        details: { field: 'path.taxId', codePoint: 'U+0000' },
      });
      const upload = await request(collection.getHttpServer())
        .get('/v1/uploads/%E2%81%A6x')
        .set('Authorization', `Bearer ${buyer.apiKey}`)
        .expect(400);
      expect(upload.body).toMatchObject({
        code: 'TEXT_INVALID',
        details: { field: 'path.id', codePoint: 'U+2066' },
      });
    });
  });

  describe('forged list cursors: 400 CURSOR_INVALID, not a failed statement', () => {
    const cursor = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const uuid = randomUUID();
    it.each([
      ['/v1/taxpayers', { taxId: 'x\u0000' }],
      [
        '/v1/taxpayers/{taxId}/certificates',
        { serialNumber: 'x\u0000', createdAt: '2026-01-01T00:00:00.000000Z' },
      ],
      ['/v1/taxpayers/{taxId}/certificates', { serialNumber: 'x', createdAt: '0' }],
      ['/v1/taxpayers/{taxId}/certificates', { serialNumber: 'x', createdAt: '+275760-09-13' }],
      ['/v1/taxpayers/{taxId}/number-ranges', { id: '9999999999999999999' }],
      ['/v1/audits', { id: uuid, createdAt: '1' }],
      ['/v1/assist-requests', { id: uuid, dueAt: '2026-02-30' }],
      ['/v1/findings', { id: '9999999999999999999', taxAtRisk: '1.00' }],
    ])('GET %s with the cursor %j', async (path, key) => {
      const url = `${path.replace('{taxId}', seller.taxId)}?cursor=${cursor(key)}`;
      const res = await asAdmin(request(bureau.getHttpServer()).get(url)).expect(400);
      expect(res.body.code).toBe('CURSOR_INVALID');
    });
  });

  it('documents the errors every route can give in each app’s OpenAPI document', async () => {
    for (const app of [issuance, collection, bureau]) {
      const doc = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
      for (const [path, item] of Object.entries<Record<string, { responses: Record<string, unknown> }>>(
        doc.paths,
      )) {
        for (const op of Object.values(item)) {
          expect({ path, description: op.responses['400'] }).toMatchObject({
            description: { description: expect.stringContaining('TEXT_INVALID') },
          });
          // /metrics reads no store (test/platform/openapi-errors.e2e-spec.ts checks the rest).
          if (path !== '/metrics') expect(op.responses['503']).toBeDefined();
        }
      }
      // terminus' 503, answered in the error model (SERVICE_UNAVAILABLE with each store's status).
      expect(doc.paths['/health'].get.responses['503'].description).toBe('SERVICE_UNAVAILABLE');
      expect(doc.components.schemas.ErrorBody.required).toEqual(['code', 'message']);
    }
  });

  describe('URLs and bodies that cannot be decoded', () => {
    it.each([
      [() => bureau, '/v1/taxpayers/%E0%A4%A', 'path'],
      [() => bureau, '/v1/taxpayers/%FF', 'path'],
      [() => issuance, '/v1/invoices/%ED%A0%80/00000001', 'path'],
      [() => issuance, '/v1/verify?invoiceCode=%E0%A4%A&invoiceNumber=1', 'query'],
      [() => collection, '/v1/uploads?kind=claims&period=%', 'query'],
      [() => audit, '/health?%FF=1', 'query'],
    ])('a malformed percent-encoding (%#): 400 URL_ENCODING_INVALID', async (app, url, part) => {
      const res = await asAdmin(request(app().getHttpServer()).get(url)).expect(400);
      expect(res.body).toMatchObject({ code: 'URL_ENCODING_INVALID', details: { part } });
    });

    it('a request head over 16 KiB: 431 HEADERS_TOO_LARGE in the error model, not a bare status line', async () => {
      const res = await request(bureau.getHttpServer())
        .get('/v1/taxpayers')
        .set('Authorization', `Bearer ${'x'.repeat(20_000)}`)
        .expect(431);
      expect(res.body).toEqual({ code: 'HEADERS_TOO_LARGE', message: expect.any(String) });
    });

    it('a request line that is not HTTP: 400 MALFORMED_REQUEST in the error model', async () => {
      const server = audit.getHttpServer() as Server;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () =>
            socket.write('GET /health HTTP/1.1\r\nHo st: x\r\n\r\n'),
          );
          let text = '';
          socket.on('data', (chunk) => (text += chunk.toString()));
          socket.on('end', () => resolve(text));
          socket.on('error', reject);
        });
        expect(answer).toMatch(/^HTTP\/1\.1 400 /);
        expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
          code: 'MALFORMED_REQUEST',
          message: expect.any(String),
        });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('a gzip Content-Encoding whose data does not inflate: 400 BODY_UNREADABLE', async () => {
      const res = await request(bureau.getHttpServer())
        .post('/v1/auth/login')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send('not gzip at all')
        .expect(400);
      expect(res.body).toEqual({ code: 'BODY_UNREADABLE', message: expect.any(String) });
    });

    it('a gzip body that does inflate is read as usual', async () => {
      const res = await request(bureau.getHttpServer())
        .post('/v1/auth/login')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize((body: unknown) => body as string) // the gzip bytes as they are
        .send(gzipSync(JSON.stringify({ username: 'nobody-here', password: 'wrong-password' })))
        .expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    });
  });
});
