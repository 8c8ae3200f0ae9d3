import { DomainError } from '../errors/domain-error';
import { assertCaseTransition, CASE_STATUSES, type CaseStatus, nextCaseStatuses } from './case-workflow';

const codeOf = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (err) {
    return (err as DomainError).code;
  }
};

describe('case workflow', () => {
  const allowed: [CaseStatus, CaseStatus][] = [
    ['open', 'investigating'],
    ['investigating', 'confirmed'],
    ['investigating', 'cleared'],
  ];

  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(codeOf(() => assertCaseTransition(from, to, 'why'))).toBeUndefined();
  });

  it('refuses every other transition, including staying put and reopening', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        if (allowed.some(([f, t]) => f === from && t === to)) continue;
        expect([from, to, codeOf(() => assertCaseTransition(from, to, 'why'))]).toEqual([
          from,
          to,
          'CASE_TRANSITION_INVALID',
        ]);
      }
    }
  });

  it('requires a comment that says something, within the limit', () => {
    expect(codeOf(() => assertCaseTransition('open', 'investigating', '  '))).toBe('CASE_COMMENT_REQUIRED');
    expect(codeOf(() => assertCaseTransition('open', 'investigating', 'x'.repeat(2001)))).toBe(
      'CASE_COMMENT_TOO_LONG',
    );
  });

  it('closed cases go nowhere', () => {
    expect(nextCaseStatuses('confirmed')).toEqual([]);
    expect(nextCaseStatuses('cleared')).toEqual([]);
  });
});
