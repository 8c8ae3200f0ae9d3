import { X509Certificate } from 'node:crypto';
import * as forge from 'node-forge';
import { assertValidity, selfSigner, signCertificate, signerOf } from './certificate-signer';
import { utf8Attribute } from './distinguished-name';
import { errorCodeOf } from './testing/error-code';
import { buildPkiFixture, FIXTURE_NOW, type PkiFixture } from './testing/pki.fixture';

describe('certificate signer', () => {
  let pki: PkiFixture;
  beforeAll(() => {
    pki = buildPkiFixture();
  });

  it('validates validity input', () => {
    expect(errorCodeOf(() => assertValidity({ now: FIXTURE_NOW, validYears: 1 }))).toBeUndefined();
    expect(errorCodeOf(() => assertValidity({ now: FIXTURE_NOW, validYears: 51 }))).toBe(
      'CERTIFICATE_VALIDITY_INVALID',
    );
    expect(errorCodeOf(() => assertValidity({ now: new Date(NaN), validYears: 1 }))).toBe(
      'CERTIFICATE_VALIDITY_INVALID',
    );
  });

  it('self-signs with AKI equal to the SKI forge computes', () => {
    const subject = [utf8Attribute('commonName', '自签名')];
    const signer = selfSigner(pki.deviceKeys, subject);
    const body = {
      publicKey: forge.pki.publicKeyFromPem(pki.deviceKeys.publicKeyPem),
      subject,
      extensions: [],
    };
    const { certificatePem } = signCertificate(signer, body, { now: FIXTURE_NOW, validYears: 1 });
    const cert = new X509Certificate(certificatePem);
    expect(cert.subject).toBe('CN=自签名');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(forge.util.bytesToHex(signer.keyIdentifier)).toBe(
      forge.pki.certificateFromPem(certificatePem).generateSubjectKeyIdentifier().toHex(),
    );
  });

  it('reads a CA as a signer whose subject re-encodes to the same name', () => {
    const signer = signerOf(pki.issuing, FIXTURE_NOW);
    expect(signer.notAfter?.toISOString()).toBe('2035-03-01T08:00:00.000Z');
    const device = new X509Certificate(pki.device.certificatePem);
    expect(device.checkIssued(new X509Certificate(pki.issuing.certificatePem))).toBe(true);
  });

  it('refuses unusable CA material', () => {
    expect(errorCodeOf(() => signerOf({ ...pki.issuing, privateKeyPem: 'x' }, FIXTURE_NOW))).toBe(
      'CA_MATERIAL_INVALID',
    );
    expect(errorCodeOf(() => signerOf(pki.issuing, new Date('2040-01-01')))).toBe('CA_NOT_VALID');
  });
});
