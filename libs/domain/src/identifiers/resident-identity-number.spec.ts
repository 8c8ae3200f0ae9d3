import fc from 'fast-check';
import {
  assertResidentId,
  checkResidentId,
  makeResidentId,
  maskResidentId,
  residentIdCheckCharacter,
} from './resident-identity-number';

const invalid = (reason: string, field = 'idNumber') =>
  expect.objectContaining({ name: 'ValidationError', code: 'ID_NUMBER_INVALID', details: { field, reason } });

/** 17 digits with a valid birth date between 1900 and 2099. */
const body17 = fc
  .tuple(
    fc.integer({ min: 110000, max: 659999 }),
    fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(
    ([area, born, seq]) =>
      `${area}${born.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`,
  );

describe('resident identity number (GB 11643)', () => {
  it.each(['11010519491231002X', '440524188001010014'])('accepts the standard’s example %s', (id) => {
    expect(checkResidentId(id)).toEqual({ ok: true });
    expect(() => assertResidentId(id, 'idNumber')).not.toThrow();
  });

  it('weighs the digits by 2^(18-i) mod 11 and maps the sum mod 11 to 1 0 X 9 8 7 6 5 4 3 2', () => {
    // Σ over 11010519491231002 = 167; 167 mod 11 = 2 → 'X'
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    // Σ over 44052418800101001 = 195; 195 mod 11 = 8 → '4'
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
  });

  it.each([
    [undefined, 'NOT_A_STRING'],
    [110105194912310020, 'NOT_A_STRING'],
    ['11010519491231002', 'LENGTH'],
    ['11010519491231002XX', 'LENGTH'],
    ['11010519491231002x', 'FORMAT'],
    ['1101051949123100AX', 'FORMAT'],
    ['110105194902300021', 'BIRTH_DATE'], // 30 February
    ['110105179912310021', 'BIRTH_DATE'], // before 1800
    ['110105194913310021', 'BIRTH_DATE'], // month 13
    ['110105194912310021', 'CHECK_CHARACTER'],
  ])('refuses %p: %s', (id, reason) => {
    expect(() => assertResidentId(id, 'idNumber')).toThrow(invalid(reason));
  });

  it('never repeats the number in its message', () => {
    try {
      assertResidentId('110105194912310021', 'legalRepresentative.idNumber');
      throw new Error('accepted');
    } catch (err) {
      expect((err as Error).message).not.toContain('110105194912310021');
      expect(err).toEqual(invalid('CHECK_CHARACTER', 'legalRepresentative.idNumber'));
    }
  });

  it('accepts every body with its own check character, and refuses every other', () => {
    fc.assert(
      fc.property(body17, fc.constantFrom(...'0123456789X'.split('')), (body, other) => {
        const id = makeResidentId(body);
        expect(checkResidentId(id)).toEqual({ ok: true });
        if (other !== id[17])
          expect(checkResidentId(body + other)).toEqual({ ok: false, reason: 'CHECK_CHARACTER' });
      }),
    );
  });

  it('catches any single changed digit of the body', () => {
    fc.assert(
      fc.property(
        body17,
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (body, at, shift) => {
          const id = makeResidentId(body);
          const changed = id.slice(0, at) + String((Number(id[at]) + shift) % 10) + id.slice(at + 1, 17);
          // every weight is non-zero mod 11, a prime: the sum moves, and so does the check
          expect(residentIdCheckCharacter(changed)).not.toBe(id[17]);
        },
      ),
    );
  });

  it('shows the last four characters only', () => {
    expect(maskResidentId('11010519491231002X')).toBe('**************002X');
  });
});
