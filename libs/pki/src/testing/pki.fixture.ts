// Test-only: one root → issuing CA → device certificate chain, built once per spec file.
import { createIssuingCa, createRootCa, issueDeviceCertificate } from '../certificate-authority';
import type { CaMaterial } from '../certificate-types';
import { generateRsaKeyPair, type RsaKeyPair } from '../key-pair';

export const FIXTURE_NOW = new Date('2025-03-01T08:00:00.123Z');
export const FIXTURE_TAX_ID = '91110108MA01ABCDE8';
export const FIXTURE_TAXPAYER_NAME = '北京金水科技有限公司';

export interface PkiFixture {
  readonly root: CaMaterial;
  readonly issuing: CaMaterial;
  readonly deviceKeys: RsaKeyPair;
  readonly device: { readonly certificatePem: string; readonly serialNumber: string };
}

export function buildPkiFixture(): PkiFixture {
  const root = createRootCa({ commonName: 'Jinshui National Root CA', now: FIXTURE_NOW, validYears: 20 });
  const issuing = createIssuingCa(root, { provinceCode: '11', now: FIXTURE_NOW, validYears: 10 });
  const deviceKeys = generateRsaKeyPair();
  const device = issueDeviceCertificate(issuing, {
    publicKeyPem: deviceKeys.publicKeyPem,
    taxId: FIXTURE_TAX_ID,
    taxpayerName: FIXTURE_TAXPAYER_NAME,
    now: FIXTURE_NOW,
    validYears: 3,
  });
  return { root, issuing, deviceKeys, device };
}
