import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { createIssuingCa, createRootCa, issueDeviceCertificate } from './certificate-authority';
import type { CaMaterial } from './certificate-types';
import { epochSeconds, openssl, scratchDir } from './testing/openssl';
import {
  buildPkiFixture,
  FIXTURE_NOW,
  FIXTURE_TAX_ID,
  FIXTURE_TAXPAYER_NAME,
  type PkiFixture,
} from './testing/pki.fixture';
import { errorCodeOf } from './testing/error-code';

describe('certificate authority', () => {
  let pki: PkiFixture;
  const dir = scratchDir();
  const text = (name: string): string =>
    openssl(['x509', '-in', name, '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus_space'], dir.path)
      .stdout;

  beforeAll(() => {
    pki = buildPkiFixture();
    dir.write('root.pem', pki.root.certificatePem);
    dir.write('issuing.pem', pki.issuing.certificatePem);
    dir.write('device.pem', pki.device.certificatePem);
  });
  afterAll(() => dir.remove());

  it('makes a self-signed root with CA pathlen 1, critical key usage, SKI = AKI', () => {
    const out = text('root.pem');
    expect(out).toContain('Subject: C=CN, O=Jinshui, CN=Jinshui National Root CA');
    expect(out).toContain('Issuer: C=CN, O=Jinshui, CN=Jinshui National Root CA');
    expect(out).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:1/);
    expect(out).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(out).toContain('sha256WithRSAEncryption');
    expect(out).toContain('Public-Key: (2048 bit)');
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(out)?.[1];
    expect(ski).toBeDefined();
    expect(/Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(out)?.[1]).toBe(ski);
    expect(openssl(['verify', '-CAfile', 'root.pem', 'root.pem'], dir.path).stdout).toContain('root.pem: OK');
  });

  it('makes a provincial issuing CA with pathlen 0 whose AKI is the root SKI', () => {
    const out = text('issuing.pem');
    expect(out).toContain('Subject: C=CN, O=Jinshui, CN=Jinshui Issuing CA 11');
    expect(out).toContain('Issuer: C=CN, O=Jinshui, CN=Jinshui National Root CA');
    expect(out).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    const rootSki = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(text('root.pem'))?.[1];
    expect(/Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(out)?.[1]).toBe(rootSki);
  });

  it('issues a device certificate naming the taxpayer, Chinese name intact as a UTF8String', () => {
    const out = text('device.pem');
    expect(out).toContain(
      `Subject: C=CN, O=${FIXTURE_TAXPAYER_NAME}, CN=${FIXTURE_TAX_ID}, serialNumber=${FIXTURE_TAX_ID}`,
    );
    expect(out).toContain('Issuer: C=CN, O=Jinshui, CN=Jinshui Issuing CA 11');
    expect(out).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(out).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    const asn1 = openssl(['asn1parse', '-in', 'device.pem'], dir.path).stdout;
    expect(asn1).toMatch(new RegExp(`UTF8STRING\\s+:${FIXTURE_TAXPAYER_NAME}`));
    expect(new X509Certificate(pki.device.certificatePem).subject).toContain(`O=${FIXTURE_TAXPAYER_NAME}`);
  });

  it('reports serials as openssl prints them', () => {
    for (const [name, serial] of [
      ['root.pem', pki.root.serialNumber],
      ['issuing.pem', pki.issuing.serialNumber],
      ['device.pem', pki.device.serialNumber],
    ]) {
      expect(serial).toMatch(/^[0-7][0-9A-F]{31}$/);
      expect(openssl(['x509', '-in', name, '-noout', '-serial'], dir.path).stdout.trim()).toBe(
        `serial=${serial}`,
      );
    }
  });

  it('chains device → issuing → root under openssl verify -x509_strict', () => {
    const args = ['verify', '-x509_strict', '-attime', epochSeconds(FIXTURE_NOW), '-CAfile', 'root.pem'];
    const result = openssl([...args, '-untrusted', 'issuing.pem', 'device.pem'], dir.path);
    expect(result.stdout).toContain('device.pem: OK');
  });

  it('starts validity at now (to the second) and never outlives the issuer', () => {
    const device = new X509Certificate(pki.device.certificatePem);
    expect(new Date(device.validFrom).toISOString()).toBe('2025-03-01T08:00:00.000Z');
    expect(new Date(device.validTo).toISOString()).toBe('2028-03-01T08:00:00.000Z');
    const long = issueDeviceCertificate(pki.issuing, {
      publicKeyPem: pki.deviceKeys.publicKeyPem,
      taxId: FIXTURE_TAX_ID,
      taxpayerName: FIXTURE_TAXPAYER_NAME,
      now: FIXTURE_NOW,
      validYears: 30,
    });
    const issuing = new X509Certificate(pki.issuing.certificatePem);
    expect(new X509Certificate(long.certificatePem).validTo).toBe(issuing.validTo);
  });

  it('writes LF-only PEM', () => {
    for (const pem of [pki.root.certificatePem, pki.issuing.certificatePem, pki.device.certificatePem]) {
      expect(pem).not.toContain('\r');
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    }
  });

  describe('errors', () => {
    const device =
      (overrides: object = {}) =>
      () =>
        issueDeviceCertificate(pki.issuing, {
          publicKeyPem: pki.deviceKeys.publicKeyPem,
          taxId: FIXTURE_TAX_ID,
          taxpayerName: FIXTURE_TAXPAYER_NAME,
          now: FIXTURE_NOW,
          validYears: 3,
          ...overrides,
        });

    it('PUBLIC_KEY_INVALID for a non-key or a private key', () => {
      expect(errorCodeOf(device({ publicKeyPem: 'nope' }))).toBe('PUBLIC_KEY_INVALID');
      expect(errorCodeOf(device({ publicKeyPem: pki.deviceKeys.privateKeyPem }))).toBe('PUBLIC_KEY_INVALID');
    });

    it('PUBLIC_KEY_UNSUPPORTED for a small or non-RSA key', () => {
      const pem = (key: ReturnType<typeof generateKeyPairSync>['publicKey']) =>
        key.export({ type: 'spki', format: 'pem' }) as string;
      const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
      expect(errorCodeOf(device({ publicKeyPem: pem(small) }))).toBe('PUBLIC_KEY_UNSUPPORTED');
      expect(errorCodeOf(device({ publicKeyPem: pem(ec) }))).toBe('PUBLIC_KEY_UNSUPPORTED');
    });

    it('CERTIFICATE_SUBJECT_INVALID for a non-printable tax ID or an empty name', () => {
      expect(errorCodeOf(device({ taxId: '9111_0108' }))).toBe('CERTIFICATE_SUBJECT_INVALID');
      expect(errorCodeOf(device({ taxId: '纳税人' }))).toBe('CERTIFICATE_SUBJECT_INVALID');
      expect(errorCodeOf(device({ taxpayerName: '  ' }))).toBe('CERTIFICATE_SUBJECT_INVALID');
      expect(errorCodeOf(device({ taxpayerName: 'bad\ud800' }))).toBe('CERTIFICATE_SUBJECT_INVALID');
      expect(
        errorCodeOf(() =>
          createIssuingCa(pki.root, { provinceCode: '北京', now: FIXTURE_NOW, validYears: 1 }),
        ),
      ).toBe('CERTIFICATE_SUBJECT_INVALID');
    });

    it('CERTIFICATE_VALIDITY_INVALID for bad years or dates', () => {
      expect(errorCodeOf(device({ validYears: 0 }))).toBe('CERTIFICATE_VALIDITY_INVALID');
      expect(errorCodeOf(device({ validYears: 1.5 }))).toBe('CERTIFICATE_VALIDITY_INVALID');
      expect(errorCodeOf(device({ now: new Date('nope') }))).toBe('CERTIFICATE_VALIDITY_INVALID');
    });

    it('CA_MATERIAL_INVALID when the key is not the certificate key, or the issuer is no CA', () => {
      const swapped: CaMaterial = { ...pki.issuing, privateKeyPem: pki.root.privateKeyPem };
      expect(errorCodeOf(() => issueDeviceCertificate(swapped, { ...validDevice() }))).toBe(
        'CA_MATERIAL_INVALID',
      );
      const leafAsCa: CaMaterial = { ...pki.device, privateKeyPem: pki.deviceKeys.privateKeyPem };
      expect(errorCodeOf(() => issueDeviceCertificate(leafAsCa, validDevice()))).toBe('CA_MATERIAL_INVALID');
      expect(
        errorCodeOf(() => issueDeviceCertificate({ ...pki.issuing, certificatePem: 'x' }, validDevice())),
      ).toBe('CA_MATERIAL_INVALID');
    });

    it('CA_NOT_VALID outside the issuer validity', () => {
      const before = new Date('2025-02-28T00:00:00Z');
      const after = new Date('2036-01-01T00:00:00Z');
      expect(errorCodeOf(() => issueDeviceCertificate(pki.issuing, { ...validDevice(), now: before }))).toBe(
        'CA_NOT_VALID',
      );
      expect(errorCodeOf(() => issueDeviceCertificate(pki.issuing, { ...validDevice(), now: after }))).toBe(
        'CA_NOT_VALID',
      );
      expect(
        errorCodeOf(() => createIssuingCa(pki.root, { provinceCode: '31', now: before, validYears: 1 })),
      ).toBe('CA_NOT_VALID');
    });

    it('rejects an empty root common name', () => {
      expect(errorCodeOf(() => createRootCa({ commonName: '', now: FIXTURE_NOW, validYears: 1 }))).toBe(
        'CERTIFICATE_SUBJECT_INVALID',
      );
    });

    function validDevice() {
      return {
        publicKeyPem: pki.deviceKeys.publicKeyPem,
        taxId: FIXTURE_TAX_ID,
        taxpayerName: FIXTURE_TAXPAYER_NAME,
        now: FIXTURE_NOW,
        validYears: 3,
      };
    }
  });
});
