import { DomainError, BusinessRuleError, ValidationError } from '@app/domain';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyDeviceCsr } from './csr';
import { generateRsaKeyPair, type RsaKeyPair } from './key-pair';
import { openssl, scratchDir } from './testing/openssl';

const TAX_ID = '91110108MA01ABCDE8';
const OTHER_TAX_ID = '91310000MA1FL0XX0Y';

function failureOf(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function derToPem(der: Buffer, label = 'CERTIFICATE REQUEST'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

describe('verifyDeviceCsr (CSRs from the openssl CLI)', () => {
  const dir = scratchDir();
  let keys: RsaKeyPair;

  /** `openssl req -new` for the shared key (or `extra` options like -newkey), returns the CSR PEM. */
  function csr(subject: string, extra: string[] = ['-key', 'key.pem']): string {
    const out = `csr-${Math.random().toString(36).slice(2)}.pem`;
    const result = openssl(['req', '-new', '-utf8', '-subj', subject, ...extra, '-out', out], dir.path);
    if (result.status !== 0) throw new Error(result.stderr);
    return readFileSync(join(dir.path, out), 'utf8');
  }

  beforeAll(() => {
    keys = generateRsaKeyPair();
    dir.write('key.pem', keys.privateKeyPem);
  });
  afterAll(() => dir.remove());

  it('accepts a CSR for the taxpayer and returns its public key as SPKI', () => {
    const { publicKeyPem } = verifyDeviceCsr(csr(`/C=CN/O=北京金水科技有限公司/CN=${TAX_ID}`), TAX_ID);
    expect(publicKeyPem).toBe(keys.publicKeyPem);
    expect(createPublicKey(publicKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('reads the tax ID from the serialNumber attribute when there is one', () => {
    expect(() => verifyDeviceCsr(csr(`/C=CN/CN=北京金水/serialNumber=${TAX_ID}`), TAX_ID)).not.toThrow();
    const wrong = csr(`/C=CN/CN=${TAX_ID}/serialNumber=${OTHER_TAX_ID}`);
    expect(failureOf(() => verifyDeviceCsr(wrong, TAX_ID)).code).toBe('CSR_SUBJECT_MISMATCH');
  });

  it('accepts SHA-512 signatures', () => {
    expect(() => verifyDeviceCsr(csr(`/CN=${TAX_ID}`, ['-key', 'key.pem', '-sha512']), TAX_ID)).not.toThrow();
  });

  it('CSR_SUBJECT_MISMATCH for a CSR made for another taxpayer, or naming none', () => {
    const error = failureOf(() => verifyDeviceCsr(csr(`/C=CN/CN=${OTHER_TAX_ID}`), TAX_ID));
    expect(error).toBeInstanceOf(BusinessRuleError);
    expect(error.code).toBe('CSR_SUBJECT_MISMATCH');
    expect(failureOf(() => verifyDeviceCsr(csr('/C=CN/O=Acme'), TAX_ID)).code).toBe('CSR_SUBJECT_MISMATCH');
  });

  it('CSR_SIGNATURE_INVALID when the signature bytes are corrupted', () => {
    const der = pemToDer(csr(`/CN=${TAX_ID}`));
    der[der.length - 1] ^= 0x01; // the signature BIT STRING is the last field
    const error = failureOf(() => verifyDeviceCsr(derToPem(der), TAX_ID));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('CSR_SIGNATURE_INVALID');
  });

  it('CSR_SIGNATURE_INVALID when the signed subject is altered (no proof of possession)', () => {
    const der = pemToDer(csr(`/CN=${OTHER_TAX_ID}`));
    const at = der.indexOf(OTHER_TAX_ID);
    der.write(TAX_ID, at, 'latin1'); // same length: structure intact, signature now over other bytes
    expect(failureOf(() => verifyDeviceCsr(derToPem(der), TAX_ID)).code).toBe('CSR_SIGNATURE_INVALID');
  });

  it('CSR_SIGNATURE_INVALID for a SHA-1 signature', () => {
    const sha1 = csr(`/CN=${TAX_ID}`, ['-key', 'key.pem', '-sha1']);
    expect(failureOf(() => verifyDeviceCsr(sha1, TAX_ID)).code).toBe('CSR_SIGNATURE_INVALID');
  });

  it('CSR_KEY_UNSUPPORTED for RSA-1024 and EC keys', () => {
    const small = csr(`/CN=${TAX_ID}`, ['-newkey', 'rsa:1024', '-nodes', '-keyout', 'small.pem']);
    const ec = csr(`/CN=${TAX_ID}`, [
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ec.pem',
    ]);
    for (const request of [small, ec]) {
      const error = failureOf(() => verifyDeviceCsr(request, TAX_ID));
      expect(error).toBeInstanceOf(BusinessRuleError);
      expect(error.code).toBe('CSR_KEY_UNSUPPORTED');
    }
  });

  it('CSR_INVALID for garbage, truncated DER, trailing bytes and other PEM types', () => {
    const der = pemToDer(csr(`/CN=${TAX_ID}`));
    const cases = [
      '',
      'not a csr',
      derToPem(der.subarray(0, der.length - 10)),
      derToPem(Buffer.concat([der, Buffer.from([0])])),
      derToPem(der, 'CERTIFICATE'),
      keys.publicKeyPem,
      derToPem(Buffer.from('30030201', 'hex')),
    ];
    for (const pem of cases) {
      const error = failureOf(() => verifyDeviceCsr(pem, TAX_ID));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.code).toBe('CSR_INVALID');
    }
  });
});
