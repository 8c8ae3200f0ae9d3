import { DomainError } from '../errors/domain-error';
import { industrySection, parseIndustry } from './industry';

const reason = (value: unknown): string => {
  try {
    parseIndustry(value);
  } catch (err) {
    return ((err as DomainError).details as { reason: string }).reason;
  }
  return 'ok';
};

describe('parseIndustry (GB/T 4754-2017)', () => {
  it.each(['F', 'F51', 'F5174', 'C13', 'C4390', 'A01', 'K70', 'T98'])('accepts %s', (code) => {
    expect(parseIndustry(code)).toBe(code);
  });

  it.each([
    [42, 'NOT_A_STRING'],
    ['', 'FORMAT'],
    ['f', 'FORMAT'],
    ['F5', 'FORMAT'],
    ['F51741', 'FORMAT'],
    ['F 51', 'FORMAT'],
    ['U', 'SECTION'],
    ['Z12', 'SECTION'],
    ['F53', 'DIVISION'],
    ['C12', 'DIVISION'],
    ['A00', 'DIVISION'],
  ])('refuses %p (%s)', (value, expected) => {
    expect(reason(value)).toBe(expected);
  });

  it('names the section', () => {
    expect(industrySection('F5174')).toBe('F');
  });
});
