import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import {
  createTestApp,
  enrolledTaxpayer,
  GUANGDONG_CODES,
  invoiceBody,
  IssuanceProbe,
  newTaxId,
  opensslCsr,
  RegistryFactory,
  TaxpayerFixture,
  withBrokenSignature,
} from '@app/testing';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n?/g;
const NOTHING = { certificates: 0, apiKeys: 0, enrollments: 0 };
const ONE_ENROLLMENT = { certificates: 1, apiKeys: 1, enrollments: 1 };

/** DESIGN §5, §8, §10: the one-time token becomes a device certificate and an API key. */
describe('enrollment (POST /v1/enrollment)', () => {
  let app: INestApplication;
  let db: DataSource;
  let registry: RegistryFactory;
  let probe: IssuanceProbe;
  beforeAll(async () => {
    app = await createTestApp(IssuanceAppModule.forRoot());
    db = app.get(DataSource);
    registry = new RegistryFactory(db);
    probe = new IssuanceProbe(db);
  });
  afterAll(() => app.close());

  const enroll = (body: object) => request(app.getHttpServer()).post('/v1/enrollment').send(body);
  const tokenOf = (t: TaxpayerFixture) => ({ taxId: t.taxId, enrollmentToken: t.enrollmentToken });
  const certificateRow = async (taxId: string) => {
    const rows: {
      serial: string;
      keySource: string;
      ciphertext: string | null;
      keyVersion: number | null;
    }[] = await db.query(
      `SELECT serial_number AS serial, key_source AS "keySource", private_key_ciphertext AS ciphertext,
              key_version AS "keyVersion"
         FROM pki.certificates WHERE tax_id = $1`,
      [taxId],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  /** The token still opens an enrollment: proof that a refused attempt consumed nothing. */
  const expectTokenStillUsable = async (t: TaxpayerFixture) => {
    await enroll(tokenOf(t)).expect(201);
    expect(await probe.enrollmentFootprint(t.taxId)).toEqual(ONE_ENROLLMENT);
  };

  it('without a CSR: makes the key pair, keeps it encrypted, and returns a one-time API key', async () => {
    const taxpayer = await registry.taxpayer();
    const res = await enroll(tokenOf(taxpayer)).expect(201);
    expect(res.body).toEqual({
      apiKey: expect.stringMatching(/^jsk_[A-Za-z0-9_-]{43}$/),
      certificate: expect.stringMatching(/^-----BEGIN CERTIFICATE-----\n/),
      chain: expect.stringMatching(/^-----BEGIN CERTIFICATE-----\n/),
      serialNumber: expect.any(String),
      keySource: 'service',
      earliestIssueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), // its value: test/validity
    });
    const { apiKey, certificate, chain, serialNumber } = res.body as Record<string, string>;
    const device = new X509Certificate(certificate);
    expect(device.subject).toContain(taxpayer.taxId);
    expect(chain.match(PEM_CERTIFICATE)).toHaveLength(2); // issuing CA, then root
    expect(device.checkIssued(new X509Certificate(chain.match(PEM_CERTIFICATE)![0]))).toBe(true);
    expect(await probe.enrollmentFootprint(taxpayer.taxId)).toEqual(ONE_ENROLLMENT);

    // The API key is stored only as its SHA-256; no stored row carries the key itself.
    const keys: { hash: Buffer }[] = await db.query(
      `SELECT key_hash AS hash FROM issuance.api_keys WHERE tax_id = $1`,
      [taxpayer.taxId],
    );
    expect(keys).toEqual([{ hash: createHash('sha256').update(apiKey).digest() }]);
    const [leaks] = await db.query<{ n: number }[]>(
      `SELECT (SELECT count(*) FROM issuance.api_keys k WHERE strpos(row_to_json(k)::text, $1) > 0)::int
            + (SELECT count(*) FROM issuance.enrollments e WHERE strpos(row_to_json(e)::text, $1) > 0)::int
            + (SELECT count(*) FROM pki.certificates c WHERE strpos(row_to_json(c)::text, $1) > 0)::int AS n`,
      [apiKey.slice(4)],
    );
    expect(leaks.n).toBe(0);

    // The private key is kept sealed (AES-256-GCM under master key version 1), never as a PEM.
    const stored = await certificateRow(taxpayer.taxId);
    expect(stored).toMatchObject({ serial: serialNumber, keySource: 'service', keyVersion: 1 });
    expect(stored.ciphertext).toEqual(expect.any(String));
    expect(stored.ciphertext).not.toMatch(/BEGIN|PRIVATE KEY/);
    expect(() => createPrivateKey(stored.ciphertext!)).toThrow();

    // The key authenticates: an unknown invoice is a 404 for it, not a 401.
    const probeRead = await request(app.getHttpServer())
      .get(`/v1/invoices/${GUANGDONG_CODES.v3}/99999999`)
      .set('Authorization', `Bearer ${apiKey}`)
      .expect(404);
    expect(probeRead.body.code).toBe('INVOICE_NOT_FOUND');
  });

  it('with an openssl CSR: certifies the enterprise key, stores no private key, and cannot seal online', async () => {
    const taxpayer = await registry.taxpayer();
    const csr = opensslCsr(`/CN=${taxpayer.taxId}`);
    const res = await enroll({ ...tokenOf(taxpayer), csr: csr.csrPem }).expect(201);
    expect(res.body.keySource).toBe('csr');
    expect(res.body.apiKey).toMatch(/^jsk_[A-Za-z0-9_-]{43}$/);
    const device = new X509Certificate(res.body.certificate as string);
    expect(device.publicKey.export({ type: 'spki', format: 'pem' })).toBe(csr.publicKeyPem);
    expect(await certificateRow(taxpayer.taxId)).toEqual({
      serial: res.body.serialNumber,
      keySource: 'csr',
      ciphertext: null,
      keyVersion: null,
    });

    await registry.numberRange(taxpayer.taxId, GUANGDONG_CODES.v3, 10);
    const buyer = await enrolledTaxpayer(app, { invoiceCode: null });
    const refused = await request(app.getHttpServer())
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${res.body.apiKey}`)
      .send(invoiceBody(buyer))
      .expect(422);
    expect(refused.body.code).toBe('NO_SERVICE_HELD_KEY');
    expect(await probe.invoiceCount(taxpayer.taxId)).toBe(0);
    expect(await probe.nextNumbers(taxpayer.taxId)).toEqual([]);
  });

  it('CSR_SUBJECT_MISMATCH for a CSR naming another taxpayer; stores nothing, keeps the token', async () => {
    const taxpayer = await registry.taxpayer();
    const csr = opensslCsr(`/CN=${newTaxId()}`);
    const res = await enroll({ ...tokenOf(taxpayer), csr: csr.csrPem }).expect(422);
    expect(res.body.code).toBe('CSR_SUBJECT_MISMATCH');
    expect(await probe.enrollmentFootprint(taxpayer.taxId)).toEqual(NOTHING);
    await expectTokenStillUsable(taxpayer);
  });

  it('CSR_SIGNATURE_INVALID for a CSR whose signature bytes were altered; stores nothing', async () => {
    const taxpayer = await registry.taxpayer();
    const broken = withBrokenSignature(opensslCsr(`/CN=${taxpayer.taxId}`).csrPem);
    const res = await enroll({ ...tokenOf(taxpayer), csr: broken }).expect(400);
    expect(res.body.code).toBe('CSR_SIGNATURE_INVALID');
    expect(await probe.enrollmentFootprint(taxpayer.taxId)).toEqual(NOTHING);
    await expectTokenStillUsable(taxpayer);
  });

  it('CSR_INVALID for a CSR that is not one; stores nothing', async () => {
    const taxpayer = await registry.taxpayer();
    const garbage = `-----BEGIN CERTIFICATE REQUEST-----\n${randomBytes(120).toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    for (const csr of ['not a csr', garbage]) {
      const res = await enroll({ ...tokenOf(taxpayer), csr }).expect(400);
      expect(res.body.code).toBe('CSR_INVALID');
    }
    expect(await probe.enrollmentFootprint(taxpayer.taxId)).toEqual(NOTHING);
    await expectTokenStillUsable(taxpayer);
  });

  it('ENROLLMENT_TOKEN_INVALID for a wrong token, or a tax ID nobody registered; stores nothing', async () => {
    const taxpayer = await registry.taxpayer();
    const res = await enroll({
      taxId: taxpayer.taxId,
      enrollmentToken: randomBytes(32).toString('base64url'),
    }).expect(401);
    expect(res.body.code).toBe('ENROLLMENT_TOKEN_INVALID');
    expect(await probe.enrollmentFootprint(taxpayer.taxId)).toEqual(NOTHING);
    const unregistered = newTaxId();
    const unknown = await enroll({ taxId: unregistered, enrollmentToken: taxpayer.enrollmentToken }).expect(
      401,
    );
    expect(unknown.body.code).toBe('ENROLLMENT_TOKEN_INVALID');
    expect(await probe.enrollmentFootprint(unregistered)).toEqual(NOTHING);
    await expectTokenStillUsable(taxpayer);
  });

  it('ENROLLMENT_TOKEN_INVALID when the token was already used; the first enrollment stays the only one', async () => {
    const taxpayer = await registry.taxpayer();
    const first = await enroll(tokenOf(taxpayer)).expect(201);
    const again = await enroll(tokenOf(taxpayer)).expect(401);
    expect(again.body.code).toBe('ENROLLMENT_TOKEN_INVALID');
    expect(await probe.enrollmentFootprint(taxpayer.taxId)).toEqual(ONE_ENROLLMENT);
    expect((await certificateRow(taxpayer.taxId)).serial).toBe(first.body.serialNumber);
  });

  it('lets exactly one of two parallel enrollments with one token succeed', async () => {
    const taxpayer = await registry.taxpayer();
    const responses = await Promise.all([enroll(tokenOf(taxpayer)), enroll(tokenOf(taxpayer))]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 401]);
    const winner = responses.find((r) => r.status === 201)!;
    const loser = responses.find((r) => r.status === 401)!;
    expect(loser.body.code).toBe('ENROLLMENT_TOKEN_INVALID');
    expect(await probe.enrollmentFootprint(taxpayer.taxId)).toEqual(ONE_ENROLLMENT);
    expect((await certificateRow(taxpayer.taxId)).serial).toBe(winner.body.serialNumber);
    const [key] = await db.query<{ hash: Buffer }[]>(
      `SELECT key_hash AS hash FROM issuance.api_keys WHERE tax_id = $1`,
      [taxpayer.taxId],
    );
    expect(key.hash).toEqual(
      createHash('sha256')
        .update(winner.body.apiKey as string)
        .digest(),
    );
  });

  it('ENROLLMENT_TOKEN_EXPIRED for a token past its expiry; stores nothing', async () => {
    const taxpayer = await registry.taxpayer();
    await db.query(
      `UPDATE registry.taxpayers SET enrollment_token_expires_at = now() - interval '1 minute' WHERE tax_id = $1`,
      [taxpayer.taxId],
    );
    const res = await enroll(tokenOf(taxpayer)).expect(401);
    expect(res.body.code).toBe('ENROLLMENT_TOKEN_EXPIRED');
    expect(await probe.enrollmentFootprint(taxpayer.taxId)).toEqual(NOTHING);
  });

  it('publishes the CA chain (PEM) under which openssl verifies a device certificate', async () => {
    const seller = await enrolledTaxpayer(app, { invoiceCode: null });
    const res = await request(app.getHttpServer())
      .get('/v1/pki/chain')
      .expect(200)
      .expect('content-type', /pem/);
    const pems = res.text.match(PEM_CERTIFICATE) ?? [];
    expect(pems.length).toBeGreaterThanOrEqual(2);
    expect(res.text.replace(PEM_CERTIFICATE, '').trim()).toBe('');
    pems.forEach((pem) => expect(() => new X509Certificate(pem)).not.toThrow());
    const published = new Set(pems.map((p) => new X509Certificate(p).fingerprint256));
    for (const ca of seller.chain.match(PEM_CERTIFICATE)!) {
      expect(published.has(new X509Certificate(ca).fingerprint256)).toBe(true);
    }

    const dir = mkdtempSync(join(tmpdir(), 'jinshui-chain-'));
    try {
      writeFileSync(join(dir, 'chain.pem'), res.text);
      writeFileSync(join(dir, 'device.pem'), seller.certificate);
      const out = execFileSync('openssl', ['verify', '-CAfile', 'chain.pem', 'device.pem'], {
        cwd: dir,
        stdio: 'pipe',
      });
      expect(out.toString().trim()).toBe('device.pem: OK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
