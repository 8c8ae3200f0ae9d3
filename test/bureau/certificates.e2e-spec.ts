import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import {
  ADMIN,
  BUREAUS,
  createTestApp,
  createTestIssuingCa,
  insertDeviceCertificate,
  login,
  officerToken,
  registerTaxpayer,
  TestDeviceCertificate,
  TestIssuingCa,
} from '@app/testing';

describe('device certificates and their revocation', () => {
  let app: INestApplication;
  let db: DataSource;
  let ca: TestIssuingCa;
  let national: string;
  let tianheAdmin: string;
  let tianheAdminId: string;
  beforeAll(async () => {
    app = await createTestApp(BureauAppModule.forRoot());
    db = app.get(DataSource);
    ca = await createTestIssuingCa(db);
    national = await login(app, ADMIN.username, ADMIN.password);
    tianheAdmin = await officerToken(app, BUREAUS.tianhe, 'admin');
    tianheAdminId = (await http().get('/v1/users/me').set('Authorization', `Bearer ${tianheAdmin}`)).body.id;
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());
  const revoke = (token: string, serial: string, body: object) =>
    http().post(`/v1/certificates/${serial}/revoke`).set('Authorization', `Bearer ${token}`).send(body);
  const revocations = (serial: string): Promise<{ reason: string; revokedAt: Date; revokedBy: string }[]> =>
    db.query(
      `SELECT reason, revoked_at AS "revokedAt", revoked_by AS "revokedBy" FROM pki.revocations
        WHERE serial_number = $1`,
      [serial],
    );
  /** A Tianhe taxpayer (unless told otherwise) with one device certificate valid from 2025-01-01. */
  const certifiedTaxpayer = async (bureauCode: string = BUREAUS.tianhe) => {
    const { taxId } = await registerTaxpayer(app, national, { bureauCode });
    const cert = await insertDeviceCertificate(db, ca, {
      taxId,
      notBefore: new Date('2025-01-01T00:00:00Z'),
    });
    return { taxId, cert };
  };

  describe('revoke', () => {
    it('revokes now by default and records who did it', async () => {
      const { taxId, cert } = await certifiedTaxpayer();
      const before = Date.now();
      const res = await revoke(tianheAdmin, cert.serialNumber, { reason: 'Device reported stolen' }).expect(
        200,
      );
      expect(res.body).toEqual({
        serialNumber: cert.serialNumber,
        taxId,
        revokedAt: expect.any(String),
        reason: 'Device reported stolen',
      });
      const at = Date.parse(res.body.revokedAt);
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(Date.now());
      const [row] = await revocations(cert.serialNumber);
      expect(row).toEqual({
        reason: 'Device reported stolen',
        revokedAt: new Date(at),
        revokedBy: tianheAdminId,
      });
    });

    it('takes an explicit revocation time with an offset, and a serial in lowercase', async () => {
      const { taxId, cert } = await certifiedTaxpayer();
      const res = await revoke(tianheAdmin, cert.serialNumber.toLowerCase(), {
        reason: 'Key compromised',
        revokedAt: '2025-06-01T08:00:00+08:00',
      }).expect(200);
      expect(res.body).toEqual({
        serialNumber: cert.serialNumber,
        taxId,
        revokedAt: '2025-06-01T00:00:00.000Z',
        reason: 'Key compromised',
      });
      expect((await revocations(cert.serialNumber))[0].revokedAt).toEqual(new Date('2025-06-01T00:00:00Z'));
    });

    it('accepts the very first instant of validity', async () => {
      const { cert } = await certifiedTaxpayer();
      await revoke(tianheAdmin, cert.serialNumber, {
        reason: 'r',
        revokedAt: cert.notBefore.toISOString(),
      }).expect(200);
    });

    describe('refuses with a stable code and writes nothing', () => {
      it.each([
        [
          'a time in the future',
          () => new Date(Date.now() + 3600_000).toISOString(),
          422,
          'REVOCATION_IN_FUTURE',
        ],
        [
          'a time before the certificate was valid',
          () => '2024-12-31T23:59:59Z',
          422,
          'REVOCATION_BEFORE_VALIDITY',
        ],
        ['a date without a time', () => '2025-06-01', 400, 'VALIDATION_FAILED'],
        ['a time without an offset', () => '2025-06-01T08:00:00', 400, 'VALIDATION_FAILED'],
        ['an impossible date', () => '2025-02-30T08:00:00Z', 400, 'VALIDATION_FAILED'],
        ['not a time at all', () => 'yesterday', 400, 'VALIDATION_FAILED'],
      ])('%s', async (_what, revokedAt, status, code) => {
        const { cert } = await certifiedTaxpayer();
        const res = await revoke(tianheAdmin, cert.serialNumber, {
          reason: 'r',
          revokedAt: revokedAt(),
        }).expect(status);
        expect(res.body.code).toBe(code);
        expect(await revocations(cert.serialNumber)).toEqual([]);
      });

      it.each([
        ['an empty reason', { reason: '' }, 'VALIDATION_FAILED'],
        ['a reason of 501 characters', { reason: 'x'.repeat(501) }, 'VALIDATION_FAILED'],
        ['no reason', {}, 'VALIDATION_FAILED'],
        ['an unknown field', { reason: 'r', crl: true }, 'UNKNOWN_FIELD'],
      ])('%s', async (_what, body, code) => {
        const { cert } = await certifiedTaxpayer();
        expect((await revoke(tianheAdmin, cert.serialNumber, body).expect(400)).body.code).toBe(code);
        expect(await revocations(cert.serialNumber)).toEqual([]);
      });

      it('a reason of exactly 500 characters is fine', async () => {
        const { cert } = await certifiedTaxpayer();
        await revoke(tianheAdmin, cert.serialNumber, { reason: 'x'.repeat(500) }).expect(200);
      });

      it('an unknown serial', async () => {
        const res = await revoke(tianheAdmin, '7F000000000000000000000000000001', { reason: 'r' }).expect(
          404,
        );
        expect(res.body.code).toBe('CERTIFICATE_NOT_FOUND');
      });

      it('a certificate already revoked', async () => {
        const { cert } = await certifiedTaxpayer();
        await revoke(tianheAdmin, cert.serialNumber, {
          reason: 'first',
          revokedAt: '2025-03-01T00:00:00Z',
        }).expect(200);
        const res = await revoke(national, cert.serialNumber, { reason: 'second' }).expect(409);
        expect(res.body).toMatchObject({
          code: 'CERTIFICATE_ALREADY_REVOKED',
          details: { serialNumber: cert.serialNumber },
        });
        expect(await revocations(cert.serialNumber)).toEqual([
          { reason: 'first', revokedAt: new Date('2025-03-01T00:00:00Z'), revokedBy: tianheAdminId },
        ]);
      });

      it('concurrent revocations of one certificate: exactly one wins', async () => {
        const { cert } = await certifiedTaxpayer();
        const results = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            revoke(tianheAdmin, cert.serialNumber, { reason: `attempt ${i}` }),
          ),
        );
        expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
        expect(await revocations(cert.serialNumber)).toHaveLength(1);
      });

      it('an officer without the admin role', async () => {
        const { cert } = await certifiedTaxpayer();
        const reviewer = await officerToken(app, BUREAUS.tianhe, 'reviewer');
        expect((await revoke(reviewer, cert.serialNumber, { reason: 'r' }).expect(403)).body.code).toBe(
          'ROLE_FORBIDDEN',
        );
        expect(await revocations(cert.serialNumber)).toEqual([]);
      });
    });

    it('answers 404 for a certificate of a sibling district, and serves the city officer', async () => {
      const { cert } = await certifiedTaxpayer(BUREAUS.yuexiu);
      const res = await revoke(tianheAdmin, cert.serialNumber, { reason: 'r' }).expect(404);
      expect(res.body.code).toBe('CERTIFICATE_NOT_FOUND');
      expect(await revocations(cert.serialNumber)).toEqual([]);
      const shenzhen = await officerToken(app, BUREAUS.shenzhen, 'admin');
      await revoke(shenzhen, cert.serialNumber, { reason: 'r' }).expect(404);
      const guangzhou = await officerToken(app, BUREAUS.guangzhou, 'admin');
      await revoke(guangzhou, cert.serialNumber, { reason: 'by the city' }).expect(200);
      expect(await revocations(cert.serialNumber)).toHaveLength(1);
    });
  });

  describe('list', () => {
    const list = (token: string, taxId: string, query: object = {}) =>
      http().get(`/v1/taxpayers/${taxId}/certificates`).query(query).set('Authorization', `Bearer ${token}`);

    it("lists a taxpayer's certificates newest first, with any revocation", async () => {
      const { taxId } = await registerTaxpayer(app, national);
      const created = ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z'];
      const certs: TestDeviceCertificate[] = [];
      for (const at of created) {
        certs.push(
          await insertDeviceCertificate(db, ca, { taxId, notBefore: new Date(at), createdAt: new Date(at) }),
        );
      }
      await revoke(tianheAdmin, certs[1].serialNumber, {
        reason: 'Replaced',
        revokedAt: '2025-03-01T00:00:00Z',
      }).expect(200);
      const reviewer = await officerToken(app, BUREAUS.tianhe, 'reviewer');
      const res = await list(reviewer, taxId).expect(200);
      expect(res.body).toEqual({
        items: [2, 1, 0].map((i) => ({
          serialNumber: certs[i].serialNumber,
          keySource: 'csr',
          notBefore: certs[i].notBefore.toISOString(),
          notAfter: certs[i].notAfter.toISOString(),
          createdAt: new Date(created[i]).toISOString(),
          revokedAt: i === 1 ? '2025-03-01T00:00:00.000Z' : null,
          revocationReason: i === 1 ? 'Replaced' : null,
        })),
        nextCursor: null,
      });

      const first = await list(reviewer, taxId, { limit: 2 }).expect(200);
      expect(first.body.items.map((c: { serialNumber: string }) => c.serialNumber)).toEqual([
        certs[2].serialNumber,
        certs[1].serialNumber,
      ]);
      const second = await list(reviewer, taxId, { limit: 2, cursor: first.body.nextCursor }).expect(200);
      expect(second.body.items.map((c: { serialNumber: string }) => c.serialNumber)).toEqual([
        certs[0].serialNumber,
      ]);
      expect(second.body.nextCursor).toBeNull();
    });

    it('answers an empty list for a taxpayer without certificates, 404 outside the subtree', async () => {
      const { taxId } = await registerTaxpayer(app, national);
      expect((await list(tianheAdmin, taxId).expect(200)).body).toEqual({ items: [], nextCursor: null });
      const yuexiu = await officerToken(app, BUREAUS.yuexiu, 'admin');
      expect((await list(yuexiu, taxId).expect(404)).body.code).toBe('TAXPAYER_NOT_FOUND');
      const province = await officerToken(app, BUREAUS.guangdong, 'auditor');
      await list(province, taxId).expect(200);
      expect((await list(national, taxId, { cursor: 'nope' }).expect(400)).body.code).toBe('CURSOR_INVALID');
    });
  });
});
