import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  canonicalJsonOf,
  checkCodeOf,
  contentHashOf,
  sealDocument,
  sealPayloadOf,
  signSeal,
  signSealWithForge,
  verifySeal,
  type SealFields,
} from './seal';
import { publicKeyOf } from './chain';
import { epochSeconds, openssl, scratchDir } from './testing/openssl';
import { buildPkiFixture, FIXTURE_NOW, FIXTURE_TAX_ID, type PkiFixture } from './testing/pki.fixture';
import { errorCodeOf } from './testing/error-code';

const INVOICE = {
  type: 'special',
  invoiceCode: '1100251130',
  invoiceNumber: '00000001',
  issueDate: '2025-03-01',
  sellerTaxId: FIXTURE_TAX_ID,
  buyerTaxId: '91310000MA1FL0XX0Y',
  buyerName: '上海买方有限公司',
  amount: '100.00',
  taxAmount: '13.00',
  lines: [{ description: '软件服务', amount: '100.00', taxRate: '0.13', taxAmount: '13.00' }],
};

function fieldsOf(invoice: typeof INVOICE): SealFields {
  const { invoiceCode, invoiceNumber, issueDate, sellerTaxId, buyerTaxId, amount, taxAmount } = invoice;
  return {
    invoiceCode,
    invoiceNumber,
    issueDate,
    sellerTaxId,
    buyerTaxId,
    amount,
    taxAmount,
    contentHash: contentHashOf(invoice),
  };
}

describe('seal', () => {
  let pki: PkiFixture;
  let privateKey: KeyObject;
  let payload: string;
  let signature: string;

  beforeAll(() => {
    pki = buildPkiFixture();
    privateKey = createPrivateKey(pki.deviceKeys.privateKeyPem);
    payload = sealPayloadOf(fieldsOf(INVOICE));
    signature = signSeal(payload, privateKey);
  });

  describe('sealDocument', () => {
    it('hashes the whole document and signs its key fields with that hash, as the steps do one by one', () => {
      const sealed = sealDocument(INVOICE, privateKey);
      expect(sealed).toEqual({ contentHash: contentHashOf(INVOICE), payload, signature });
    });

    it('hashes another form of the document when given one, and signs what signedAs says instead', () => {
      const hashed = { ...INVOICE, remarks: 'stored form' };
      const sealed = sealDocument(INVOICE, privateKey, hashed, { amount: '1.00' });
      expect(sealed.contentHash).toBe(contentHashOf(hashed));
      expect(sealed.payload).toBe(
        sealPayloadOf({ ...fieldsOf(INVOICE), contentHash: contentHashOf(hashed), amount: '1.00' }),
      );
      expect(verifySeal(sealed.payload, sealed.signature, pki.deviceKeys.publicKeyPem)).toBe(true);
    });
  });

  describe('JCS payload', () => {
    it('is the sorted, whitespace-free JSON of v:1 plus the eight fields, amounts kept as strings', () => {
      const hash = contentHashOf(INVOICE);
      expect(payload).toBe(
        '{"amount":"100.00","buyerTaxId":"91310000MA1FL0XX0Y",' +
          `"contentHash":"${hash}","invoiceCode":"1100251130","invoiceNumber":"00000001",` +
          `"issueDate":"2025-03-01","sellerTaxId":"${FIXTURE_TAX_ID}","taxAmount":"13.00","v":1}`,
      );
      expect(JSON.parse(payload)).toMatchObject({ amount: '100.00', taxAmount: '13.00', v: 1 });
    });

    it('never signs properties beyond the eight fields', () => {
      const extra = { ...fieldsOf(INVOICE), buyerName: 'x', v: 2 } as SealFields;
      expect(sealPayloadOf(extra)).toBe(payload);
    });

    it.each([
      ['amount', 100],
      ['amount', '100'],
      ['amount', '100.0'],
      ['amount', '1e2'],
      ['amount', '-0.00'],
      ['amount', '0100.00'],
      ['taxAmount', '13.000'],
      ['issueDate', '2025/03/01'],
      ['contentHash', 'ABC'],
      ['invoiceCode', ''],
      ['buyerTaxId', undefined],
    ])('SEAL_FIELD_INVALID for %s = %j', (field, value) => {
      const fields = { ...fieldsOf(INVOICE), [field]: value };
      expect(errorCodeOf(() => sealPayloadOf(fields))).toBe('SEAL_FIELD_INVALID');
    });

    it('accepts negative amounts (credit notes)', () => {
      const credit = { ...fieldsOf(INVOICE), amount: '-100.00', taxAmount: '-13.00' };
      expect(sealPayloadOf(credit)).toContain('"amount":"-100.00"');
    });

    it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
      // Read the canonical text: JSON.parse + Object.values would move the "1" key first.
      const input = {
        '\u20ac': 'Euro Sign',
        '\r': 'Carriage Return',
        '\ufb33': 'Hebrew Letter Dalet With Dagesh',
        '1': 'One',
        '\ud83d\ude00': 'Emoji: Grinning Face',
        '\u0080': 'Control',
        '\u00f6': 'Latin Small Letter O With Diaeresis',
      };
      const values = [...canonicalJsonOf(input).matchAll(/:"([^"]+)"/g)].map((m) => m[1]);
      expect(values).toEqual([
        'Carriage Return',
        'One',
        'Control',
        'Latin Small Letter O With Diaeresis',
        'Euro Sign',
        'Emoji: Grinning Face', // U+1F600 sorts before U+FB33 by its surrogate 0xD83D
        'Hebrew Letter Dalet With Dagesh',
      ]);
    });

    it('writes numbers in ECMAScript form and strings as JSON.stringify does (RFC 8785 §3.2.2)', () => {
      const value = {
        // The RFC's own literal; that it is not exactly representable is the point.
        // eslint-disable-next-line no-loss-of-precision
        numbers: [333333333.33333329, 1e30, 4.5, 0.002, 1e-27, -0],
        literals: [null, true, false],
      };
      expect(canonicalJsonOf(value)).toBe(
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27,0]}',
      );
      expect(canonicalJsonOf({ s: '\u20ac$\u000f\nA\'B"\\\\"/' })).toBe(
        '{"s":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
      );
    });

    it('hashes what a JSON client sees: undefined dropped, key order and toJSON irrelevant', () => {
      const shuffled = {
        ...INVOICE,
        remarks: undefined,
        lines: INVOICE.lines.map((l) => ({ ...l })).reverse(),
      };
      const reordered = Object.fromEntries(Object.entries(shuffled).reverse());
      expect(contentHashOf(reordered)).toBe(contentHashOf(INVOICE));
      const withToJson = { toJSON: () => ({ b: 1, a: 2 }) };
      expect(canonicalJsonOf({ x: withToJson })).toBe('{"x":{"a":2,"b":1}}');
      expect(contentHashOf(INVOICE)).toMatch(/^[0-9a-f]{64}$/);
      expect(contentHashOf({ ...INVOICE, amount: '100.01' })).not.toBe(contentHashOf(INVOICE));
    });

    it('CANONICAL_JSON_INVALID for values without a JSON form', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(errorCodeOf(() => contentHashOf(cyclic))).toBe('CANONICAL_JSON_INVALID');
      expect(errorCodeOf(() => contentHashOf({ n: 1n }))).toBe('CANONICAL_JSON_INVALID');
      expect(errorCodeOf(() => canonicalJsonOf(undefined))).toBe('CANONICAL_JSON_INVALID');
    });
  });

  describe('signature', () => {
    it('verifies with the key, the public key PEM and the certificate', () => {
      expect(verifySeal(payload, signature, pki.device.certificatePem)).toBe(true);
      expect(verifySeal(payload, signature, pki.deviceKeys.publicKeyPem)).toBe(true);
      expect(verifySeal(payload, signature, publicKeyOf(pki.device.certificatePem))).toBe(true);
    });

    it('fails on a changed payload, another key or garbage, without throwing', () => {
      const tampered = payload.replace('"100.00"', '"900.00"');
      expect(verifySeal(tampered, signature, pki.device.certificatePem)).toBe(false);
      expect(verifySeal(payload, signature, pki.issuing.certificatePem)).toBe(false);
      expect(verifySeal(payload, 'not base64!', pki.device.certificatePem)).toBe(false);
      expect(verifySeal(payload, `${signature}\n`, pki.device.certificatePem)).toBe(false);
      expect(verifySeal(payload, signature.slice(4), pki.device.certificatePem)).toBe(false);
      expect(verifySeal(payload, signature, 'garbage')).toBe(false);
      expect(
        verifySeal(payload, signature, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'),
      ).toBe(false);
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
      expect(verifySeal(payload, signature, ec)).toBe(false);
      expect(verifySeal(payload, '', pki.device.certificatePem)).toBe(false);
    });

    it('node:crypto and node-forge produce the identical PKCS#1 v1.5 signature', () => {
      expect(signSealWithForge(payload, pki.deviceKeys.privateKeyPem)).toBe(signature);
    });

    it('SEAL_KEY_UNSUPPORTED for a public or non-RSA key', () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      expect(errorCodeOf(() => signSeal(payload, createPublicKey(pki.deviceKeys.publicKeyPem)))).toBe(
        'SEAL_KEY_UNSUPPORTED',
      );
      expect(errorCodeOf(() => signSeal(payload, ec))).toBe('SEAL_KEY_UNSUPPORTED');
    });
  });

  describe('check code', () => {
    it('is 20 digits: SHA-256 of the signature bytes, big-endian, mod 10^20', () => {
      const code = checkCodeOf(signature);
      expect(code).toMatch(/^[0-9]{20}$/);
      expect(checkCodeOf(signature)).toBe(code);
      // Independent derivation through openssl's digest of the same bytes.
      const dir = scratchDir();
      try {
        dir.write('sig.bin', Buffer.from(signature, 'base64'));
        const hex =
          /= ([0-9a-f]{64})/.exec(openssl(['dgst', '-sha256', 'sig.bin'], dir.path).stdout)?.[1] ?? '';
        expect(code).toBe((BigInt(`0x${hex}`) % 10n ** 20n).toString().padStart(20, '0'));
      } finally {
        dir.remove();
      }
    });

    it('matches fixed vectors, zero-padded to 20 digits', () => {
      // SHA-256(0x00) = 6e340b9c…afa01d; SHA-256(0x14) = 83891d7f…52d879, whose value mod 10^20 has 19 digits.
      expect(checkCodeOf('AA==')).toBe('36310663216789168157');
      expect(checkCodeOf('FA==')).toBe('02856263689962707065');
    });

    it('SEAL_SIGNATURE_INVALID for empty or non-canonical base64', () => {
      expect(errorCodeOf(() => checkCodeOf(''))).toBe('SEAL_SIGNATURE_INVALID');
      expect(errorCodeOf(() => checkCodeOf('abc'))).toBe('SEAL_SIGNATURE_INVALID');
      expect(errorCodeOf(() => checkCodeOf(`${signature} `))).toBe('SEAL_SIGNATURE_INVALID');
    });
  });

  describe('interop with the openssl CLI', () => {
    const dir = scratchDir();
    afterAll(() => dir.remove());

    beforeAll(() => {
      dir.write('payload.txt', payload);
      dir.write('tampered.txt', payload.replace('"13.00"', '"1.30"'));
      dir.write('sig.bin', Buffer.from(signature, 'base64'));
      dir.write('device.pem', pki.device.certificatePem);
      dir.write('issuing.pem', pki.issuing.certificatePem);
      dir.write('root.pem', pki.root.certificatePem);
      const pubkey = openssl(['x509', '-in', 'device.pem', '-pubkey', '-noout'], dir.path);
      dir.write('pub.pem', pubkey.stdout);
    });

    it('openssl dgst -sha256 -verify accepts the seal over the canonical bytes', () => {
      const result = openssl(
        ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'payload.txt'],
        dir.path,
      );
      expect(result.stdout.trim()).toBe('Verified OK');
      expect(result.status).toBe(0);
    });

    it('openssl dgst rejects a tampered payload', () => {
      const result = openssl(
        ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'tampered.txt'],
        dir.path,
      );
      expect(result.stdout.trim()).toBe('Verification failure');
      expect(result.status).not.toBe(0);
    });

    it('openssl verify accepts the device certificate against root + issuing CA', () => {
      const at = epochSeconds(FIXTURE_NOW);
      const result = openssl(
        ['verify', '-attime', at, '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'device.pem'],
        dir.path,
      );
      expect(result.stdout).toContain('device.pem: OK');
    });

    it('openssl verify refuses the device certificate without the issuing CA', () => {
      const result = openssl(['verify', '-CAfile', 'root.pem', 'device.pem'], dir.path);
      expect(result.stdout).not.toContain(': OK');
      expect(result.status).not.toBe(0);
    });
  });
});
