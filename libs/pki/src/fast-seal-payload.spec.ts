import * as fc from 'fast-check';
import { fastSealPayloadOf } from './fast-seal-payload';
import { sealPayloadOf, type SealFields } from './seal';
import { errorCodeOf } from './testing/error-code';

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const taxId = fc.string({
  unit: fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'),
  minLength: 15,
  maxLength: 20,
});
const date = fc
  .date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const money = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 17n }))
  .map(
    ([negative, cents]) =>
      `${negative && cents > 0n ? '-' : ''}${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`,
  );
const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

/** Fields as the issuance app writes them: every one takes the template path. */
const commonFields: fc.Arbitrary<SealFields> = fc.record({
  invoiceCode: digits(10, 12),
  invoiceNumber: digits(8, 8),
  issueDate: date,
  sellerTaxId: taxId,
  buyerTaxId: taxId,
  amount: money,
  taxAmount: money,
  contentHash: hex,
});

const FREE_TEXT_FIELDS = ['invoiceCode', 'invoiceNumber', 'sellerTaxId', 'buyerTaxId'] as const;
const ALL_FIELDS = [...FREE_TEXT_FIELDS, 'issueDate', 'amount', 'taxAmount', 'contentHash'] as const;

/**
 * Mostly plain characters with a few that JCS escapes or that are outside the plain
 * alphabet, so a too-loose fast path would be caught on the boundary, not only on junk.
 */
const nearlyPlainText = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...'0123456789ABCXYZabcxyz.-') },
    fc.constantFrom(
      '"',
      '\\',
      '\n',
      '\t',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u2028',
      '/',
      ' ',
      '_',
      '+',
      'é',
      '税',
      '😀',
      '\ud800',
      '\udfff',
    ),
  ),
  minLength: 1,
  maxLength: 20,
});
/** Anything at all, including non-strings and empty or "-0.00" text, for fields rejected the same way. */
const anyValue = fc.oneof(
  nearlyPlainText,
  fc.string({ unit: 'binary' }),
  fc.constantFrom('-0.00', ''),
  fc.anything(),
);

/** The payload, or the error code both must throw. */
function outcome(build: (fields: SealFields) => string, fields: SealFields): string {
  const code = errorCodeOf(() => build(fields));
  return code === undefined ? build(fields) : `throws ${code}`;
}

describe('fastSealPayloadOf', () => {
  it('equals sealPayloadOf for the common field shapes', () => {
    fc.assert(
      fc.property(commonFields, (fields) => {
        expect(fastSealPayloadOf(fields)).toBe(sealPayloadOf(fields));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals sealPayloadOf when a free-text field needs escaping or leaves the plain alphabet', () => {
    fc.assert(
      fc.property(
        commonFields,
        fc.constantFrom(...FREE_TEXT_FIELDS),
        nearlyPlainText,
        (fields, name, value) => {
          const awkward = { ...fields, [name]: value };
          expect(fastSealPayloadOf(awkward)).toBe(sealPayloadOf(awkward));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('equals sealPayloadOf, or throws the same code, whatever any fields hold', () => {
    const mutated = fc
      .tuple(
        commonFields,
        fc.subarray([...ALL_FIELDS], { minLength: 1 }),
        fc.array(anyValue, { minLength: 8, maxLength: 8 }),
      )
      .map(([fields, names, values]): SealFields => ({
        ...fields,
        ...Object.fromEntries(names.map((name, i) => [name, values[i]])),
      }));
    fc.assert(
      fc.property(mutated, (fields) => {
        expect(outcome(fastSealPayloadOf, fields)).toBe(outcome(sealPayloadOf, fields));
      }),
      { numRuns: 3000 },
    );
  });

  it.each(['A"B', 'A\\B', '0001\n', '北京', 'x\u0001', '\u2028', 'a/b', 'a b'])(
    'writes %j exactly as JCS does',
    (value) => {
      const fields = { ...FIXED_FIELDS, invoiceCode: value };
      expect(fastSealPayloadOf(fields)).toBe(sealPayloadOf(fields));
      expect(fastSealPayloadOf(fields)).toContain(`"invoiceCode":${JSON.stringify(value)}`);
    },
  );

  it('ignores extra properties, as the signed payload must', () => {
    fc.assert(
      fc.property(commonFields, fc.string(), (fields, extra) => {
        const withExtra = { ...fields, buyerName: extra, v: 2 } as SealFields;
        expect(fastSealPayloadOf(withExtra)).toBe(sealPayloadOf(fields));
      }),
    );
  });

  it('refuses "-0.00" and empty values in every field, like sealPayloadOf', () => {
    fc.assert(
      fc.property(
        commonFields,
        fc.constantFrom(...ALL_FIELDS),
        fc.constantFrom('-0.00', ''),
        (fields, name, value) => {
          const bad = { ...fields, [name]: value };
          expect(errorCodeOf(() => fastSealPayloadOf(bad))).toBe('SEAL_FIELD_INVALID');
        },
      ),
    );
  });
});

const FIXED_FIELDS: SealFields = {
  invoiceCode: '1100251130',
  invoiceNumber: '00000001',
  issueDate: '2025-03-01',
  sellerTaxId: '91110108MA01ABCDE8',
  buyerTaxId: '91310000MA1FL0XX0Y',
  amount: '100.00',
  taxAmount: '13.00',
  contentHash: 'ab'.repeat(32),
};
