import { createPrivateKey } from 'node:crypto';
import { generateRsaKeyPair } from './key-pair';
import { sealOfflineCopy } from './offline-copy';
import { contentHashOf, sealPayloadOf, verifySeal } from './seal';

describe('sealOfflineCopy', () => {
  const keys = generateRsaKeyPair();
  const document = {
    type: 'special' as const,
    invoiceCode: '4400231130',
    invoiceNumber: '00000001',
    issueDate: '2026-11-05',
    sellerTaxId: '91440106MA59XXXX0K',
    buyerTaxId: '91110101MA01XXXX1L',
    amount: '1000.00',
    taxAmount: '130.00',
    lines: [{ description: '货物', amount: '1000.00', taxRate: '0.13', taxAmount: '130.00' }],
  };
  const payloadOf = (copy: { contentHash: string }) =>
    sealPayloadOf({ ...document, contentHash: copy.contentHash });

  it('hashes the whole document and seals its key fields with the device key', () => {
    const copy = sealOfflineCopy(document, createPrivateKey(keys.privateKeyPem), 'ABC123');
    expect(copy).toMatchObject({ invoiceNumber: '00000001', amount: '1000.00', certificateSerial: 'ABC123' });
    expect(copy.contentHash).toBe(contentHashOf(document));
    expect(verifySeal(payloadOf(copy), copy.signature, keys.publicKeyPem)).toBe(true);
  });

  it('signs other fields than it claims when asked (a copy whose seal does not match)', () => {
    const copy = sealOfflineCopy(document, createPrivateKey(keys.privateKeyPem), 'ABC123', {
      amount: '100.00',
    });
    expect(copy.amount).toBe('1000.00');
    expect(verifySeal(payloadOf(copy), copy.signature, keys.publicKeyPem)).toBe(false);
  });
});
