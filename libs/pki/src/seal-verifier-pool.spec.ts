import { availableParallelism } from 'node:os';
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { generateRsaKeyPair, type RsaKeyPair } from './key-pair';
import { sealPayloadOf, signSeal, verifySeal, type SealFields } from './seal';
import { prepareSealChunk, verifySealBatchInline, type SealCheck } from './seal-batch';
import { SealVerifierPool } from './seal-verifier-pool';
import { fastSealPayloadOf } from './fast-seal-payload';
import { createSealKeyCache } from './seal-verifier.worker.js';
import { buildPkiFixture } from './testing/pki.fixture';

function fieldsOf(n: number, overrides: Partial<SealFields> = {}): SealFields {
  return {
    invoiceCode: '1100251130',
    invoiceNumber: String(n).padStart(8, '0'),
    issueDate: '2025-03-01',
    sellerTaxId: '91110108MA01ABCDE8',
    buyerTaxId: '91310000MA1FL0XX0Y',
    amount: `${100 + n}.50`,
    taxAmount: '13.07',
    contentHash: (n % 16).toString(16).repeat(64),
    ...overrides,
  };
}

interface Signer {
  readonly pem: string;
  readonly sign: (fields: SealFields) => string;
}

function signerOf(keys: RsaKeyPair, pem = keys.publicKeyPem): Signer {
  const privateKey = createPrivateKey(keys.privateKeyPem);
  return { pem, sign: (fields) => signSeal(sealPayloadOf(fields), privateKey) };
}

/** One row of each kind, cycling: what verification must answer for it. */
type Case = (n: number, signers: readonly Signer[]) => { check: SealCheck; valid: boolean };

const CASES: Record<string, Case> = {
  good: (n, s) => ({ check: rowOf(s[n % 3], fieldsOf(n)), valid: true }),
  goodByCertificate: (n, s) => ({ check: rowOf(s[3], fieldsOf(n)), valid: true }),
  goodNeedingEscapes: (n, s) => ({
    check: rowOf(s[n % 3], fieldsOf(n, { buyerTaxId: `买方"${n}"\n` })),
    valid: true,
  }),
  tamperedAmount: (n, s) => {
    const row = rowOf(s[n % 3], fieldsOf(n));
    return { check: { ...row, fields: { ...row.fields, amount: `${101 + n}.50` } }, valid: false };
  },
  otherInvoicesSignature: (n, s) => {
    const row = rowOf(s[n % 3], fieldsOf(n));
    return { check: { ...row, signature: s[n % 3].sign(fieldsOf(n + 1)) }, valid: false };
  },
  garbageBase64: (n, s) => ({
    check: { ...rowOf(s[0], fieldsOf(n)), signature: '!!not base64!!' },
    valid: false,
  }),
  randomBytesSignature: (n, s) => ({
    check: { ...rowOf(s[0], fieldsOf(n)), signature: randomBytes(256).toString('base64') },
    valid: false,
  }),
  nonCanonicalBase64: (n, s) => {
    const row = rowOf(s[1], fieldsOf(n));
    return { check: { ...row, signature: `${row.signature}\n` }, valid: false };
  },
  wrongKey: (n, s) => ({ check: { ...rowOf(s[0], fieldsOf(n)), publicKeyPem: s[1].pem }, valid: false }),
  malformedFields: (n, s) => {
    const row = rowOf(s[2], fieldsOf(n));
    return { check: { ...row, fields: { ...row.fields, issueDate: '2025-3-1' } }, valid: false };
  },
  unreadablePem: (n, s) => ({
    check: { ...rowOf(s[0], fieldsOf(n)), publicKeyPem: 'not a pem' },
    valid: false,
  }),
  nonRsaKey: (n, s) => ({
    check: { ...rowOf(s[0], fieldsOf(n)), publicKeyPem: EC_PUBLIC_KEY_PEM },
    valid: false,
  }),
};

const EC_PUBLIC_KEY_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

function rowOf(signer: Signer, fields: SealFields): SealCheck {
  return { fields, signature: signer.sign(fields), publicKeyPem: signer.pem };
}

function mixedBatch(size: number, signers: readonly Signer[]): { checks: SealCheck[]; expected: boolean[] } {
  const kinds = Object.values(CASES);
  const rows = Array.from({ length: size }, (_, n) => kinds[n % kinds.length](n, signers));
  return { checks: rows.map((row) => row.check), expected: rows.map((row) => row.valid) };
}

/** verifySeal row by row: the answers the batch verifiers must reproduce. */
function oneByOne(checks: readonly SealCheck[]): boolean[] {
  return checks.map(({ fields, signature, publicKeyPem }) => {
    try {
      return verifySeal(sealPayloadOf(fields), signature, publicKeyPem);
    } catch {
      return false;
    }
  });
}

describe('batch seal verification', () => {
  let signers: Signer[];
  let batch: { checks: SealCheck[]; expected: boolean[] };

  beforeAll(() => {
    const pki = buildPkiFixture();
    const keys = [generateRsaKeyPair(), generateRsaKeyPair(), generateRsaKeyPair()];
    signers = [...keys.map((pair) => signerOf(pair)), signerOf(pki.deviceKeys, pki.device.certificatePem)];
    batch = mixedBatch(300, signers);
  });

  it('builds a batch whose expected answers agree with verifySeal, with valid and invalid rows', () => {
    expect(oneByOne(batch.checks)).toEqual(batch.expected);
    expect(batch.expected.filter(Boolean)).toHaveLength(75);
  });

  describe('verifySealBatchInline', () => {
    it('answers every row in order', () => {
      expect(verifySealBatchInline(batch.checks)).toEqual(batch.expected);
    });

    it('answers [] for an empty batch', () => {
      expect(verifySealBatchInline([])).toEqual([]);
    });

    it('treats rows with missing parts as invalid instead of throwing', () => {
      const [good] = batch.checks;
      const broken = [
        { ...good, fields: undefined },
        { ...good, signature: undefined },
        { ...good, publicKeyPem: undefined },
      ] as unknown as SealCheck[];
      expect(verifySealBatchInline([...broken, good])).toEqual([false, false, false, true]);
    });
  });

  describe('key cache', () => {
    it('answers the same once full and evicted', () => {
      const keyFor = createSealKeyCache(2);
      const pems = [...signers.map((signer) => signer.pem), 'not a pem', signers[0].pem];
      const firstPass = pems.map((pem) => keyFor(pem) !== null);
      expect(pems.map((pem) => keyFor(pem) !== null)).toEqual(firstPass);
      expect(firstPass).toEqual([true, true, true, true, false, true]);
    });
  });

  describe('SealVerifierPool', () => {
    let pool: SealVerifierPool;

    beforeAll(() => {
      pool = new SealVerifierPool({ size: 2 });
    });

    afterAll(async () => {
      await pool.close();
    });

    it('answers every row in order, as inline does', async () => {
      expect(await pool.verifyBatch(batch.checks)).toEqual(batch.expected);
    });

    it('answers [] for an empty batch', async () => {
      expect(await pool.verifyBatch([])).toEqual([]);
    });

    it('reassembles a batch split over both workers in many chunks, and concurrent batches independently', async () => {
      const big = Array.from({ length: 17 }, () => batch.checks).flat(); // 5100 rows: 3 chunks
      const reversed = [...batch.checks].reverse();
      const single = [batch.checks[0]];
      const results = await Promise.all([
        pool.verifyBatch(big),
        pool.verifyBatch(reversed),
        pool.verifyBatch(single),
      ]);
      expect(results).toEqual([
        Array.from({ length: 17 }, () => batch.expected).flat(),
        [...batch.expected].reverse(),
        [true],
      ]);
    });

    it('defaults to one worker per available CPU', async () => {
      const defaultPool = new SealVerifierPool();
      expect(defaultPool.size).toBe(Math.max(1, availableParallelism()));
      await defaultPool.close();
    });

    it('refuses a size that is not a positive integer', () => {
      expect(() => new SealVerifierPool({ size: 0 })).toThrow(RangeError);
      expect(() => new SealVerifierPool({ size: 1.5 })).toThrow(RangeError);
    });
  });

  describe('SealVerifierPool closing', () => {
    it('rejects batches pending at close and every batch after it with SEAL_VERIFIER_CLOSED', async () => {
      const pool = new SealVerifierPool({ size: 2 });
      const pending = expect(pool.verifyBatch(batch.checks)).rejects.toMatchObject({
        code: 'SEAL_VERIFIER_CLOSED',
      });
      await pool.close();
      await pending;
      await expect(pool.verifyBatch(batch.checks)).rejects.toMatchObject({
        code: 'SEAL_VERIFIER_CLOSED',
        message: 'seal verifier pool is closed',
      });
      await expect(pool.close()).resolves.toBeUndefined();
    });
  });

  describe('SealVerifierPool worker crash', () => {
    let pool: SealVerifierPool;

    beforeAll(() => {
      pool = new SealVerifierPool({ size: 2, testHooks: true });
    });

    afterAll(async () => {
      await pool.close();
    });

    it('rejects the batch in flight with SEAL_VERIFIER_CRASHED, then serves the next batch with a fresh worker', async () => {
      pool.crashWorkerForTest();
      await expect(pool.verifyBatch(batch.checks)).rejects.toMatchObject({
        name: 'PkiError',
        code: 'SEAL_VERIFIER_CRASHED',
      });
      expect(await pool.verifyBatch(batch.checks)).toEqual(batch.expected);
      pool.crashWorkerForTest(); // the replacement can fail and be replaced too
      await expect(pool.verifyBatch(batch.checks)).rejects.toMatchObject({ code: 'SEAL_VERIFIER_CRASHED' });
      expect(await pool.verifyBatch(batch.checks)).toEqual(batch.expected);
    });

    it('has no crash hook unless built with testHooks', async () => {
      const plain = new SealVerifierPool({ size: 1 });
      expect(() => plain.crashWorkerForTest()).toThrow('testHooks');
      await plain.close();
    });
  });
});

// Throughput, printed and never asserted (timings depend on the machine). Takes ~15 s, so
// it runs only on request: PKI_SEAL_BENCH=1 npx jest --selectProjects unit --testPathPatterns seal-verifier-pool
const describeBench = process.env.PKI_SEAL_BENCH === '1' ? describe : describe.skip;

describeBench('batch seal verification throughput (200,000 checks, 3 keys)', () => {
  const ROWS = 200_000;
  let checks: SealCheck[];

  beforeAll(() => {
    const signers = [generateRsaKeyPair(), generateRsaKeyPair(), generateRsaKeyPair()].map((pair) =>
      signerOf(pair),
    );
    const distinct = Array.from({ length: 1000 }, (_, n) => rowOf(signers[n % 3], fieldsOf(n)));
    // Every row is a full check; repeating rows only spares us signing 200,000 seals.
    checks = Array.from({ length: ROWS }, (_, i) => distinct[i % distinct.length]);
  }, 60_000);

  function report(label: string, rows: number, started: bigint): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `${label}: ${Math.round(rows / seconds).toLocaleString('en')} rows/s (${seconds.toFixed(2)} s)`,
    );
  }

  it('main-thread work alone', () => {
    let started = process.hrtime.bigint();
    checks.forEach((check) => sealPayloadOf(check.fields));
    report('sealPayloadOf (generic JCS)', ROWS, started);
    started = process.hrtime.bigint();
    checks.forEach((check) => fastSealPayloadOf(check.fields));
    report('fastSealPayloadOf', ROWS, started);
    started = process.hrtime.bigint();
    for (let i = 0; i < ROWS; i += 2048) prepareSealChunk(checks, i, Math.min(ROWS, i + 2048));
    report('prepareSealChunk (main-thread share of a pooled check)', ROWS, started);
  });

  it('inline vs a pool of 2', async () => {
    let started = process.hrtime.bigint();
    expect(verifySealBatchInline(checks).every(Boolean)).toBe(true);
    report('verifySealBatchInline, one batch', ROWS, started);

    const pool = new SealVerifierPool({ size: 2 });
    await pool.verifyBatch(checks.slice(0, 100)); // workers started and warm
    started = process.hrtime.bigint();
    expect((await pool.verifyBatch(checks)).every(Boolean)).toBe(true);
    report('SealVerifierPool(2), one batch', ROWS, started);

    started = process.hrtime.bigint();
    for (let i = 0; i < ROWS; i += 10_000) await pool.verifyBatch(checks.slice(i, i + 10_000));
    report('SealVerifierPool(2), batches of 10,000 one after another', ROWS, started);
    await pool.close();
  }, 120_000);
});
