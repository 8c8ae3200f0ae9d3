import * as forge from 'node-forge';
import { extensionOf, isCaCertificate } from './certificate-extension';
import { buildPkiFixture, type PkiFixture } from './testing/pki.fixture';

describe('certificate extensions', () => {
  let pki: PkiFixture;
  beforeAll(() => {
    pki = buildPkiFixture();
  });

  it('reads basicConstraints and the subject key identifier', () => {
    const issuing = forge.pki.certificateFromPem(pki.issuing.certificatePem);
    expect(extensionOf(issuing, 'basicConstraints')).toMatchObject({ cA: true, pathLenConstraint: 0 });
    expect(extensionOf(issuing, 'subjectKeyIdentifier')?.subjectKeyIdentifier).toMatch(/^[0-9a-f]{40}$/);
    expect(isCaCertificate(issuing)).toBe(true);
    expect(isCaCertificate(forge.pki.certificateFromPem(pki.device.certificatePem))).toBe(false);
  });

  it('returns null for a missing extension', () => {
    const bare = forge.pki.createCertificate();
    expect(extensionOf(bare, 'basicConstraints')).toBeNull();
    expect(isCaCertificate(bare)).toBe(false);
  });
});
