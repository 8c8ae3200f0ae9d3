import { BusinessRuleError, ValidationError } from '../errors/domain-error';

/**
 * The review of a finding by its bureaus (DESIGN §10): open → investigating → confirmed |
 * cleared. A confirmed or cleared case is closed: what reopens a matter is a new finding
 * from a later run, not an edit of the old conclusion.
 */
export const CASE_STATUSES = ['open', 'investigating', 'confirmed', 'cleared'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

const NEXT: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['investigating'],
  investigating: ['confirmed', 'cleared'],
  confirmed: [],
  cleared: [],
};

export const CASE_COMMENT_MAX = 2000;

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

export function nextCaseStatuses(from: CaseStatus): readonly CaseStatus[] {
  return NEXT[from];
}

/**
 * Checks one transition and its comment (required: every change says why).
 * @throws ValidationError CASE_COMMENT_REQUIRED, CASE_COMMENT_TOO_LONG
 * @throws BusinessRuleError CASE_TRANSITION_INVALID with details `{ from, to, allowed }`
 */
export function assertCaseTransition(from: CaseStatus, to: CaseStatus, comment: string): void {
  if (comment.trim().length === 0) {
    throw new ValidationError('CASE_COMMENT_REQUIRED', 'Say why: a comment is required with every change.', {
      field: 'comment',
    });
  }
  if (comment.length > CASE_COMMENT_MAX) {
    throw new ValidationError(
      'CASE_COMMENT_TOO_LONG',
      `A comment has at most ${CASE_COMMENT_MAX} characters.`,
      {
        field: 'comment',
      },
    );
  }
  const allowed = NEXT[from];
  if (!allowed.includes(to)) {
    const then = allowed.length > 0 ? `it can go to ${allowed.join(' or ')}` : 'it is closed';
    throw new BusinessRuleError(
      'CASE_TRANSITION_INVALID',
      `A case that is ${from} cannot become ${to}: ${then}.`,
      {
        from,
        to,
        allowed,
      },
    );
  }
}
