import { createPublicKey } from 'node:crypto';
import * as forge from 'node-forge';
import { createIssuingCa, createRootCa, issueDeviceCertificate } from './certificate-authority';
import type { CaMaterial } from './certificate-types';
import { certificateInfo, publicKeyOf, verifyCertificateChain } from './chain';
import { errorCodeOf } from './testing/error-code';
import {
  buildPkiFixture,
  FIXTURE_NOW,
  FIXTURE_TAX_ID,
  FIXTURE_TAXPAYER_NAME,
  type PkiFixture,
} from './testing/pki.fixture';

const LATER = new Date('2026-06-30T00:00:00Z');

describe('certificate chain', () => {
  let pki: PkiFixture;
  let device: string;
  let issuing: string;
  let root: string;
  const deviceUnder = (ca: CaMaterial): string =>
    issueDeviceCertificate(ca, {
      publicKeyPem: pki.deviceKeys.publicKeyPem,
      taxId: FIXTURE_TAX_ID,
      taxpayerName: FIXTURE_TAXPAYER_NAME,
      now: FIXTURE_NOW,
      validYears: 3,
    }).certificatePem;

  beforeAll(() => {
    pki = buildPkiFixture();
    device = pki.device.certificatePem;
    issuing = pki.issuing.certificatePem;
    root = pki.root.certificatePem;
  });

  describe('verifyCertificateChain', () => {
    it('accepts device → issuing → root while all are valid', () => {
      expect(verifyCertificateChain(device, [issuing], root, FIXTURE_NOW)).toEqual({ ok: true });
      expect(verifyCertificateChain(device, [issuing], root, LATER)).toEqual({ ok: true });
    });

    it('finds the path among extra intermediates in any order', () => {
      const other = createIssuingCa(pki.root, { provinceCode: '31', now: FIXTURE_NOW, validYears: 10 });
      expect(verifyCertificateChain(device, [other.certificatePem, issuing, root], root, LATER)).toEqual({
        ok: true,
      });
    });

    it('checks validity at the given instant, bounds inclusive', () => {
      const notAfter = new Date('2028-03-01T08:00:00Z');
      const notBefore = new Date('2025-03-01T08:00:00Z'); // FIXTURE_NOW without its milliseconds
      expect(verifyCertificateChain(device, [issuing], root, notBefore)).toEqual({ ok: true });
      expect(verifyCertificateChain(device, [issuing], root, notAfter)).toEqual({ ok: true });
      expect(verifyCertificateChain(device, [issuing], root, new Date(notBefore.getTime() - 1000))).toEqual({
        ok: false,
        reason: 'NOT_YET_VALID',
      });
      expect(verifyCertificateChain(device, [issuing], root, new Date(notAfter.getTime() + 1000))).toEqual({
        ok: false,
        reason: 'EXPIRED',
      });
    });

    it('CHAIN_INVALID without the issuing CA, or against another root', () => {
      expect(verifyCertificateChain(device, [], root, LATER)).toEqual({ ok: false, reason: 'CHAIN_INVALID' });
      const otherRoot = createRootCa({
        commonName: 'Jinshui National Root CA',
        now: FIXTURE_NOW,
        validYears: 20,
      });
      expect(verifyCertificateChain(device, [issuing], otherRoot.certificatePem, LATER)).toEqual({
        ok: false,
        reason: 'CHAIN_INVALID',
      });
      // A look-alike issuing CA (same names, other keys) cannot stand in for the real one.
      const fakeIssuing = createIssuingCa(otherRoot, {
        provinceCode: '11',
        now: FIXTURE_NOW,
        validYears: 10,
      });
      const fakeDevice = deviceUnder(fakeIssuing);
      for (const intermediates of [[issuing], [fakeIssuing.certificatePem]]) {
        expect(verifyCertificateChain(fakeDevice, intermediates, root, LATER)).toEqual({
          ok: false,
          reason: 'CHAIN_INVALID',
        });
      }
      // Structure is judged before dates.
      expect(verifyCertificateChain(device, [], root, new Date('2040-01-01'))).toEqual({
        ok: false,
        reason: 'CHAIN_INVALID',
      });
    });

    it('CHAIN_INVALID when a signature byte is flipped', () => {
      const der = Buffer.from(forge.pem.decode(device)[0].body, 'binary');
      der[der.length - 1] ^= 0x01;
      const tampered = forge.pem.encode({ type: 'CERTIFICATE', body: der.toString('binary') });
      expect(verifyCertificateChain(tampered, [issuing], root, LATER)).toEqual({
        ok: false,
        reason: 'CHAIN_INVALID',
      });
    });

    it('CHAIN_INVALID when the leaf is a CA', () => {
      expect(verifyCertificateChain(issuing, [], root, LATER)).toEqual({
        ok: false,
        reason: 'CHAIN_INVALID',
      });
      expect(verifyCertificateChain(root, [], root, LATER)).toEqual({ ok: false, reason: 'CHAIN_INVALID' });
    });

    it('CHAIN_INVALID when the issuing CA pathLen 0 is exceeded', () => {
      const subCa = createIssuingCa(pki.issuing, { provinceCode: '1101', now: FIXTURE_NOW, validYears: 5 });
      const leaf = deviceUnder(subCa);
      expect(verifyCertificateChain(leaf, [subCa.certificatePem, issuing], root, LATER)).toEqual({
        ok: false,
        reason: 'CHAIN_INVALID',
      });
    });

    it('CHAIN_INVALID when a device certificate is used to sign another', () => {
      const leaf = forge.pki.createCertificate();
      leaf.publicKey = forge.pki.publicKeyFromPem(pki.deviceKeys.publicKeyPem);
      leaf.serialNumber = '01';
      leaf.validity.notBefore = FIXTURE_NOW;
      leaf.validity.notAfter = new Date('2027-01-01');
      leaf.setSubject([{ name: 'commonName', value: 'sub' }]);
      leaf.setIssuer(forge.pki.certificateFromPem(device).subject.attributes);
      leaf.sign(forge.pki.privateKeyFromPem(pki.deviceKeys.privateKeyPem), forge.md.sha256.create());
      const pem = forge.pki.certificateToPem(leaf);
      expect(verifyCertificateChain(pem, [device, issuing], root, LATER)).toEqual({
        ok: false,
        reason: 'CHAIN_INVALID',
      });
    });

    it('CHAIN_INVALID for garbage instead of throwing', () => {
      expect(verifyCertificateChain('nope', [issuing], root, LATER)).toEqual({
        ok: false,
        reason: 'CHAIN_INVALID',
      });
      expect(verifyCertificateChain(device, ['nope'], root, LATER)).toEqual({
        ok: false,
        reason: 'CHAIN_INVALID',
      });
      expect(verifyCertificateChain(device, [issuing], '', LATER)).toEqual({
        ok: false,
        reason: 'CHAIN_INVALID',
      });
    });

    it('VERIFICATION_TIME_INVALID for an invalid date', () => {
      expect(errorCodeOf(() => verifyCertificateChain(device, [issuing], root, new Date('x')))).toBe(
        'VERIFICATION_TIME_INVALID',
      );
    });
  });

  describe('certificateInfo', () => {
    it('reads serial, tax ID, validity and issuer of a device certificate', () => {
      expect(certificateInfo(device)).toEqual({
        serialNumber: pki.device.serialNumber,
        subjectTaxId: FIXTURE_TAX_ID,
        notBefore: new Date('2025-03-01T08:00:00Z'),
        notAfter: new Date('2028-03-01T08:00:00Z'),
        issuerCommonName: 'Jinshui Issuing CA 11',
      });
    });

    it('has no tax ID on a CA certificate', () => {
      expect(certificateInfo(root)).toMatchObject({
        serialNumber: pki.root.serialNumber,
        subjectTaxId: null,
        issuerCommonName: 'Jinshui National Root CA',
      });
    });

    it('CERTIFICATE_INVALID for garbage', () => {
      expect(errorCodeOf(() => certificateInfo('nope'))).toBe('CERTIFICATE_INVALID');
      expect(errorCodeOf(() => certificateInfo(pki.deviceKeys.publicKeyPem))).toBe('CERTIFICATE_INVALID');
    });
  });

  describe('publicKeyOf', () => {
    it('returns the certificate public key', () => {
      const key = publicKeyOf(device);
      expect(key.type).toBe('public');
      expect(key.equals(createPublicKey(pki.deviceKeys.publicKeyPem))).toBe(true);
    });

    it('CERTIFICATE_INVALID for garbage', () => {
      expect(errorCodeOf(() => publicKeyOf('nope'))).toBe('CERTIFICATE_INVALID');
    });
  });
});
