import { BusinessRuleError, ValidationError } from './domain-error';
import { ERROR_CODES_BY_CONTEXT, isCodeOfKind, isErrorCode, kindsOf } from './error-codes';

describe('error codes', () => {
  const lists = Object.entries(ERROR_CODES_BY_CONTEXT);

  it.each(lists)('%s: sorted, unique, SCREAMING_SNAKE_CASE', (_context, list) => {
    const codes = Object.keys(list);
    expect(codes).toEqual([...new Set(codes)].sort());
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  });

  it('gives each code one context', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [context, codes] of lists) {
      for (const code of Object.keys(codes)) {
        if (seen.has(code)) twice.push(`${code}: ${seen.get(code)} and ${context}`);
        seen.set(code, context);
      }
    }
    expect(twice).toEqual([]);
  });

  it('tells a listed code from any other text', () => {
    expect(isErrorCode('MONEY_INVALID')).toBe(true);
    expect(isErrorCode('NO_SUCH_CODE')).toBe(false);
    expect(isErrorCode('constructor')).toBe(false);
  });

  it('gives each code its kind, and OFFICER_DISABLED two (a token 401, a login 403)', () => {
    expect(kindsOf('MONEY_INVALID')).toEqual(['invalid']);
    expect(kindsOf('INVOICE_TOTAL_MISMATCH')).toEqual(['rule']);
    expect([...kindsOf('OFFICER_DISABLED')].sort()).toEqual(['forbidden', 'unauthenticated']);
    expect(isCodeOfKind('MONEY_INVALID', 'invalid')).toBe(true);
    expect(isCodeOfKind('INVOICE_TOTAL_MISMATCH', 'invalid')).toBe(false);
    expect(isCodeOfKind('NO_SUCH_CODE', 'invalid')).toBe(false);
  });

  it('lets an error class take only the codes of its kind, so a code has the status listed', () => {
    // @ts-expect-error INVOICE_TOTAL_MISMATCH is a broken rule (422), not malformed input (400)
    expect(new ValidationError('INVOICE_TOTAL_MISMATCH', 'x').kind).toBe('invalid');
    expect(new BusinessRuleError('INVOICE_TOTAL_MISMATCH', 'x').kind).toBe('rule');
  });
});
