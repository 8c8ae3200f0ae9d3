import { generateKeyPairSync } from 'node:crypto';
import * as forge from 'node-forge';
import {
  attributeText,
  attributeTexts,
  isPrintableString,
  isUtf8Text,
  printableAttribute,
  rewritableName,
  utf8Attribute,
} from './distinguished-name';

// Present in node-forge, missing from @types/node-forge.
const forgePki = forge.pki as unknown as {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
  RDNAttributesAsArray(rdn: forge.asn1.Asn1): forge.pki.CertificateField[];
};

// Any RSA public key will do: only the subject of the TBS structure is looked at.
const PUBLIC_KEY = forge.pki.publicKeyFromPem(
  generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
    type: 'spki',
    format: 'pem',
  }) as string,
);

/** Writes a name the way a certificate does, then parses it back as forge would from DER. */
function roundTrip(attributes: forge.pki.CertificateField[]): forge.pki.CertificateField[] {
  const cert = forge.pki.createCertificate();
  cert.publicKey = PUBLIC_KEY;
  cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  cert.setSubject(attributes);
  const der = forge.asn1.toDer(forgePki.getTBSCertificate(cert));
  return forgePki.RDNAttributesAsArray((forge.asn1.fromDer(der).value as forge.asn1.Asn1[])[5]);
}

describe('distinguished names', () => {
  const NAME = '北京金水科技有限公司';

  it('writes UTF8String values once and reads them back as text', () => {
    const parsed = roundTrip([
      printableAttribute('countryName', 'CN'),
      utf8Attribute('organizationName', NAME),
    ]);
    expect(parsed[1].valueTagClass).toBe(forge.asn1.Type.UTF8);
    expect(parsed[1].value).toBe(Buffer.from(NAME, 'utf8').toString('binary')); // raw bytes, as forge keeps them
    expect(attributeText(parsed[1])).toBe(NAME);
    expect(attributeTexts(parsed, 'organizationName')).toEqual([NAME]);
    expect(attributeTexts(parsed, 'commonName')).toEqual([]);
  });

  it('rewrites a parsed name without encoding it twice', () => {
    const parsed = roundTrip([utf8Attribute('organizationName', NAME)]);
    expect(attributeText(roundTrip(rewritableName(parsed))[0])).toBe(NAME);
    // The trap this guards against: forge re-encodes the already-encoded bytes.
    expect(() => attributeText(roundTrip(parsed)[0])).not.toThrow();
    expect(attributeText(roundTrip(parsed)[0])).not.toBe(NAME);
  });

  it('reads BMPString values', () => {
    const bytes = Buffer.from('税', 'utf16le').swap16().toString('binary');
    expect(attributeText({ type: '2.5.4.10', value: bytes, valueTagClass: 30 as forge.asn1.Class })).toBe(
      '税',
    );
  });

  it('knows PrintableString and well-formed text', () => {
    expect(isPrintableString('91110108MA01ABCDE8')).toBe(true);
    expect(isPrintableString('a_b')).toBe(false);
    expect(isPrintableString('税')).toBe(false);
    expect(isPrintableString('')).toBe(false);
    expect(isUtf8Text(NAME)).toBe(true);
    expect(isUtf8Text('lone \ud800')).toBe(false);
    expect(isUtf8Text('tab\there')).toBe(false);
  });
});
