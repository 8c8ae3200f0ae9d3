import {
  assertBureauCode,
  assertTaxId,
  CASE_STATUSES,
  type CaseStatus,
  FINDING_CATEGORIES,
  type FindingCategory,
  formatMoney,
  isUuid,
  parseMoney,
  parsePeriod,
  type CodeOfKind,
  ValidationError,
} from '@app/domain';
import { isCursorBigintId } from '@app/platform';

/** The findings list's filters as they arrive (query string, CLI flags). */
export interface FindingQuery {
  period?: string;
  category?: string;
  bureauCode?: string;
  taxId?: string;
  runId?: string;
  status?: string;
  state?: string;
  minTaxAtRisk?: string;
}

/** Checked filters. Lists allow several categories / statuses, comma-separated. */
export interface FindingFilter {
  period?: string;
  categories?: FindingCategory[];
  /** Only findings routed to this bureau's subtree (checked against the caller's first). */
  bureauCode?: string;
  taxId?: string;
  runId?: string;
  statuses?: CaseStatus[];
  state?: 'active' | 'resolved';
  minTaxAtRisk?: string;
}

/** The sort key of the lists (tax at risk, highest first, then id), for keyset cursors. */
export interface FindingCursor {
  taxAtRisk: string;
  id: string;
  [key: string]: string;
}

export const isFindingCursor = (v: unknown): v is FindingCursor => {
  const c = v as Partial<FindingCursor> | null;
  return (
    isCursorBigintId(c?.id) &&
    typeof c.taxAtRisk === 'string' &&
    /^-?[0-9]{1,16}\.[0-9]{2}$/.test(c.taxAtRisk)
  );
};

function listOf<T extends string>(
  raw: string,
  allowed: readonly T[],
  code: CodeOfKind<'invalid'>,
  field: string,
): T[] {
  const values = raw.split(',').map((v) => v.trim());
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length > 0 || values.length === 0) {
    throw new ValidationError(
      code,
      `${field} must be one or more of ${allowed.join(', ')} (comma-separated).`,
      {
        field,
        invalid: bad,
      },
    );
  }
  return [...new Set(values)] as T[];
}

/**
 * Validates the filters with stable codes: PERIOD_INVALID, FINDING_CATEGORY_INVALID,
 * BUREAU_CODE_INVALID, TAX_ID_INVALID, AUDIT_RUN_ID_INVALID, CASE_STATUS_INVALID,
 * FINDING_STATE_INVALID, MONEY_INVALID. Jurisdiction is the caller's business (it needs
 * the registry).
 */
export function parseFindingQuery(q: FindingQuery): FindingFilter {
  const filter: FindingFilter = {};
  if (q.period !== undefined) filter.period = parsePeriod(q.period, 'period');
  if (q.category !== undefined) {
    filter.categories = listOf(q.category, FINDING_CATEGORIES, 'FINDING_CATEGORY_INVALID', 'category');
  }
  if (q.bureauCode !== undefined) filter.bureauCode = assertBureauCode(q.bureauCode, 'bureauCode');
  if (q.taxId !== undefined) {
    assertTaxId(q.taxId, 'taxId');
    filter.taxId = q.taxId;
  }
  if (q.runId !== undefined) {
    const runId = q.runId.toLowerCase();
    if (!isUuid(runId))
      throw new ValidationError('AUDIT_RUN_ID_INVALID', 'runId must be a UUID.', { field: 'runId' });
    filter.runId = runId;
  }
  if (q.status !== undefined)
    filter.statuses = listOf(q.status, CASE_STATUSES, 'CASE_STATUS_INVALID', 'status');
  if (q.state !== undefined) {
    if (q.state !== 'active' && q.state !== 'resolved') {
      throw new ValidationError('FINDING_STATE_INVALID', 'state must be active or resolved.', {
        field: 'state',
      });
    }
    filter.state = q.state;
  }
  if (q.minTaxAtRisk !== undefined) {
    filter.minTaxAtRisk = formatMoney(parseMoney(q.minTaxAtRisk, { field: 'minTaxAtRisk' }));
  }
  return filter;
}
