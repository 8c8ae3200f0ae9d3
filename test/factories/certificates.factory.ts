import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  certificateInfo,
  createIssuingCa,
  createRootCa,
  generateRsaKeyPair,
  issueDeviceCertificate,
  type CaMaterial,
} from '@app/pki';

/** When the test CAs start; device certificates may be issued any time after. */
export const TEST_CA_NOW = new Date('2024-01-01T00:00:00Z');

/** Two-digit codes that are no GB/T 2260 province, so the test CA never takes a real one's place. */
const UNUSED_PROVINCES = ['90', '91', '92', '93', '94', '95', '96', '97', '98', '99'];

export interface TestIssuingCa {
  readonly root: CaMaterial;
  readonly issuing: CaMaterial;
}

/**
 * A real root → issuing CA chain (in memory), with only the issuing CA stored in
 * pki.authorities, under a made-up province code: the table allows one root and one CA
 * per province, and those belong to the issuance app. Its key is not stored (tests never
 * sign with a stored CA key), so the ciphertext is a placeholder.
 */
export async function createTestIssuingCa(db: DataSource): Promise<TestIssuingCa> {
  const root = createRootCa({ commonName: 'Jinshui Test Root CA', now: TEST_CA_NOW, validYears: 20 });
  for (let attempt = 0; attempt < 20; attempt++) {
    const province = UNUSED_PROVINCES[randomInt(UNUSED_PROVINCES.length)];
    const issuing = createIssuingCa(root, { provinceCode: province, now: TEST_CA_NOW, validYears: 10 });
    const rows: unknown[] = await db.query(
      `INSERT INTO pki.authorities (serial_number, kind, province_code, certificate_pem, private_key_ciphertext, key_version)
       VALUES ($1, 'issuing', $2, $3, 'test-placeholder-not-a-key', 1)
       ON CONFLICT (province_code) DO NOTHING
       RETURNING serial_number`,
      [issuing.serialNumber, province, issuing.certificatePem],
    );
    if (rows.length === 1) return { root, issuing };
  }
  throw new Error('no free test province code for an issuing CA');
}

export interface TestDeviceCertificate {
  readonly serialNumber: string;
  readonly certificatePem: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * Issues a real device certificate for `taxId` (a fresh key pair whose private half is
 * thrown away, as if the enterprise had sent a CSR) and stores it in pki.certificates with
 * key_source 'csr'. `createdAt` orders a taxpayer's certificates.
 */
export async function insertDeviceCertificate(
  db: DataSource,
  ca: TestIssuingCa,
  options: { taxId: string; notBefore?: Date; createdAt?: Date },
): Promise<TestDeviceCertificate> {
  const issued = issueDeviceCertificate(ca.issuing, {
    publicKeyPem: generateRsaKeyPair().publicKeyPem,
    taxId: options.taxId,
    taxpayerName: '广州示例贸易有限公司',
    now: options.notBefore ?? new Date('2025-01-01T00:00:00Z'),
    validYears: 3,
  });
  const info = certificateInfo(issued.certificatePem);
  await db.query(
    `INSERT INTO pki.certificates
       (serial_number, tax_id, issuer_serial, certificate_pem, key_source, not_before, not_after, created_at)
     VALUES ($1, $2, $3, $4, 'csr', $5, $6, $7)`,
    [
      issued.serialNumber,
      options.taxId,
      ca.issuing.serialNumber,
      issued.certificatePem,
      info.notBefore,
      info.notAfter,
      options.createdAt ?? new Date(),
    ],
  );
  return { ...issued, notBefore: info.notBefore, notAfter: info.notAfter };
}
