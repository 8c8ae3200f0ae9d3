import fc from 'fast-check';
import {
  TAX_ID_ALPHABET,
  assertTaxId,
  checkTaxId,
  computeCheckCharacter,
  divisionCodeOfTaxId,
  makeTaxId,
} from './unified-social-credit-code';

// Codes as published on business licences and in annual reports; each was checked to pass.
const PUBLISHED = [
  '91350100M000100Y43',
  '914403001922038216', // Huawei Technologies Co., Ltd.
  '91440300708461136T', // Shenzhen Tencent Computer Systems Co., Ltd.
  '911000001000013428', // Bank of China Limited
  '91100000100003962T', // Industrial and Commercial Bank of China Limited
  '91330100799655058B', // Alibaba (China) Co., Ltd.
  '91310000717866186P',
  '91110108551385082Q',
];

const invalid = (reason: string, field = 'taxId') =>
  expect.objectContaining({ name: 'ValidationError', code: 'TAX_ID_INVALID', details: { field, reason } });

const alphabetChar = fc.constantFrom(...TAX_ID_ALPHABET.split(''));
const body17 = fc.array(alphabetChar, { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));

describe('unified social credit code', () => {
  it.each(PUBLISHED)('accepts the published code %s', (id) => {
    expect(checkTaxId(id)).toEqual({ ok: true });
    expect(computeCheckCharacter(id.slice(0, 17))).toBe(id[17]);
    expect(() => assertTaxId(id, 'taxId')).not.toThrow();
  });

  it('computes the check character by the GB 32100 formula', () => {
    // Σ over "91350100M000100Y4" with weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 is 1640;
    // 1640 mod 31 = 28; 31 − 28 = 3 → '3'.
    expect(computeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(computeCheckCharacter('00000000000000000')).toBe('0');
    expect(makeTaxId('91350100M000100Y4')).toBe('91350100M000100Y43');
  });

  it.each<[unknown, string]>([
    [91440300, 'NOT_A_STRING'],
    [null, 'NOT_A_STRING'],
    [undefined, 'NOT_A_STRING'],
    ['', 'LENGTH'],
    ['91350100M000100Y4', 'LENGTH'],
    ['91350100M000100Y433', 'LENGTH'],
    [' 91350100M000100Y43', 'LENGTH'],
    ['91350100m000100y43', 'FORBIDDEN_CHARACTER'],
    ['91350100I000100Y43', 'FORBIDDEN_CHARACTER'],
    ['91350100O000100Y43', 'FORBIDDEN_CHARACTER'],
    ['91350100S000100Y43', 'FORBIDDEN_CHARACTER'],
    ['91350100V000100Y43', 'FORBIDDEN_CHARACTER'],
    ['91350100Z000100Y43', 'FORBIDDEN_CHARACTER'],
    ['91350100M000100Y4-', 'FORBIDDEN_CHARACTER'],
    ['91350100M000100Y4 ', 'FORBIDDEN_CHARACTER'],
    ['91350100M000100Y44', 'CHECK_CHARACTER'],
    ['91350100M000100Y4A', 'CHECK_CHARACTER'],
    ['91350100M000101Y43', 'CHECK_CHARACTER'],
  ])('rejects %p: %s', (id, reason) => {
    expect(checkTaxId(id)).toEqual({ ok: false, reason });
    expect(() => assertTaxId(id, 'taxId')).toThrow(invalid(reason));
  });

  it('lets an override through a wrong check character, and nothing else', () => {
    const early = '91350100M000100Y44';
    const overrides = new Set([early, '91350100m000100y44', '91350100M000100Y4']);
    expect(checkTaxId(early, overrides)).toEqual({ ok: true });
    expect(() => assertTaxId(early, 'buyerTaxId', overrides)).not.toThrow();
    expect(checkTaxId(early)).toEqual({ ok: false, reason: 'CHECK_CHARACTER' });
    expect(checkTaxId('91350100m000100y44', overrides)).toEqual({ ok: false, reason: 'FORBIDDEN_CHARACTER' });
    expect(checkTaxId('91350100M000100Y4', overrides)).toEqual({ ok: false, reason: 'LENGTH' });
    expect(() => assertTaxId('91350100M000100Y45', 'buyerTaxId', overrides)).toThrow(
      invalid('CHECK_CHARACTER', 'buyerTaxId'),
    );
  });

  it('reads the division code from characters 3–8', () => {
    expect(divisionCodeOfTaxId('91350100M000100Y43')).toBe('350100');
    expect(divisionCodeOfTaxId('914403001922038216')).toBe('440300');
  });

  it('refuses to make an ID from a bad body', () => {
    expect(() => makeTaxId('9135010')).toThrow(invalid('LENGTH', 'first17'));
    expect(() => makeTaxId('91350100O000100Y4')).toThrow(invalid('FORBIDDEN_CHARACTER', 'first17'));
  });

  it('accepts any 17-character body with its computed check character', () => {
    fc.assert(fc.property(body17, (body) => checkTaxId(makeTaxId(body)).ok));
  });

  it('rejects any valid code with one character changed', () => {
    const oneChange = fc.tuple(body17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }));
    fc.assert(
      fc.property(oneChange, ([body, position, shift]) => {
        const id = makeTaxId(body);
        const replaced = TAX_ID_ALPHABET[(TAX_ID_ALPHABET.indexOf(id[position]) + shift) % 31];
        const changed = id.slice(0, position) + replaced + id.slice(position + 1);
        return checkTaxId(changed).ok === false && checkTaxId(changed, new Set([id])).ok === false;
      }),
    );
  });

  it('rejects any valid code with one character made forbidden or lower case', () => {
    const bad = fc.constantFrom('I', 'O', 'S', 'V', 'Z', 'a', 'y', '-', ' ', '０');
    fc.assert(
      fc.property(body17, fc.integer({ min: 0, max: 17 }), bad, (body, position, ch) => {
        const id = makeTaxId(body);
        const changed = id.slice(0, position) + ch + id.slice(position + 1);
        return (
          JSON.stringify(checkTaxId(changed, new Set([changed]))) ===
          '{"ok":false,"reason":"FORBIDDEN_CHARACTER"}'
        );
      }),
    );
  });
});
