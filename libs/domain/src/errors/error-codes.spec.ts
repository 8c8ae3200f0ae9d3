import { ERROR_CODES_BY_CONTEXT, isErrorCode } from './error-codes';

describe('error codes', () => {
  const lists = Object.entries(ERROR_CODES_BY_CONTEXT);

  it.each(lists)('%s: sorted, unique, SCREAMING_SNAKE_CASE', (_context, codes) => {
    expect([...codes]).toEqual([...new Set(codes)].sort());
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  });

  it('gives each code one context', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [context, codes] of lists) {
      for (const code of codes) {
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
});
