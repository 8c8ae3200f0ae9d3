import { assertBureauCode, bureauCovers, bureauLevelOf, bureauScopePrefix } from './bureau-code';

describe('bureau codes', () => {
  it.each([
    ['10000000000', 'national', '1'],
    ['14400000000', 'province', '144'],
    ['14401000000', 'city', '14401'],
    ['14419000000', 'city', '14419'],
    ['14401060000', 'district', '1440106'],
  ])('%s is %s with prefix %s', (code, level, prefix) => {
    expect(bureauLevelOf(code)).toBe(level);
    expect(bureauScopePrefix(code)).toBe(prefix);
  });

  it('covers its own subtree only', () => {
    expect(bureauCovers('10000000000', '14401060000')).toBe(true);
    expect(bureauCovers('14400000000', '14401060000')).toBe(true);
    expect(bureauCovers('14401000000', '14401060000')).toBe(true);
    expect(bureauCovers('14401060000', '14401060000')).toBe(true);
    expect(bureauCovers('14401060000', '14401000000')).toBe(false);
    expect(bureauCovers('14403000000', '14401060000')).toBe(false);
    expect(bureauCovers('11100000000', '14401060000')).toBe(false);
  });

  it.each(['1440106000', '24401060000', '14401061234', 14401060000, null])('rejects %p', (code) => {
    expect(() => assertBureauCode(code)).toThrow(expect.objectContaining({ code: 'BUREAU_CODE_INVALID' }));
  });
});
