import { DEFAULT_RULE_SET, type RuleSetParameters } from '../risk/rule-set';
import { BusinessRuleError, ValidationError } from '../errors/domain-error';
import { assertBureauCode } from '../identifiers/bureau-code';
import {
  comparePeriods,
  DEFAULT_TIME_ZONE,
  parsePeriod,
  periodOf,
  previousPeriod,
  todayIn,
  type IsoDate,
  type TaxPeriod,
} from '../periods/tax-period';

/** What one audit run covers: a period, and the whole country, a bureau subtree or some taxpayers. */
export interface AuditScope {
  period: TaxPeriod;
  bureauCode?: string;
  taxIds?: string[];
}

/** A list scope names at most this many taxpayers; larger scopes are a bureau subtree. */
export const AUDIT_SCOPE_MAX_TAX_IDS = 1000;

/**
 * Validates a requested scope. The period may not lie after `today`'s period (nothing
 * can have been issued in it); a list of taxpayers is deduplicated and sorted, so that
 * two requests for the same set describe the same scope.
 */
export function parseAuditScope(
  input: { period: unknown; bureauCode?: unknown; taxIds?: unknown },
  today: IsoDate,
): AuditScope {
  const period = parsePeriod(input.period, 'period');
  if (comparePeriods(period, periodOf(today)) > 0) {
    throw new BusinessRuleError('AUDIT_PERIOD_IN_FUTURE', `Period ${period} has not begun`, { period });
  }
  const hasBureau = input.bureauCode !== undefined && input.bureauCode !== null;
  const hasTaxIds = input.taxIds !== undefined && input.taxIds !== null;
  if (hasBureau && hasTaxIds) {
    throw new ValidationError('AUDIT_SCOPE_AMBIGUOUS', 'Give a bureauCode or taxIds, not both', {
      fields: ['bureauCode', 'taxIds'],
    });
  }
  if (hasBureau) return { period, bureauCode: assertBureauCode(input.bureauCode) };
  if (!hasTaxIds) return { period };
  if (
    !Array.isArray(input.taxIds) ||
    input.taxIds.length === 0 ||
    input.taxIds.length > AUDIT_SCOPE_MAX_TAX_IDS
  ) {
    throw new ValidationError(
      'AUDIT_SCOPE_INVALID',
      `taxIds must be a list of 1 to ${AUDIT_SCOPE_MAX_TAX_IDS} taxpayer IDs`,
      { field: 'taxIds' },
    );
  }
  // Shape only, not the check character: an ID on the override list is legal.
  const taxIds = [...new Set(input.taxIds as unknown[])].map((id, i) => {
    if (typeof id !== 'string' || !/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(id)) {
      throw new ValidationError('TAX_ID_INVALID', `taxIds[${i}] is not an 18-character taxpayer ID`, {
        field: `taxIds[${i}]`,
      });
    }
    return id;
  });
  return { period, taxIds: taxIds.sort() };
}

/** The periods a nightly run covers at instant `now`: the current one and the one before. */
export function nightlyPeriods(now: Date, timeZone: string = DEFAULT_TIME_ZONE): [TaxPeriod, TaxPeriod] {
  const current = periodOf(todayIn(timeZone, now));
  return [current, previousPeriod(current)];
}

/**
 * The database guard's key for one night and one period: a second trigger of the same
 * night (a doubled repeatable job, a manual re-trigger) finds the key taken and does nothing.
 */
export function nightlyTriggerKey(
  now: Date,
  period: TaxPeriod,
  timeZone: string = DEFAULT_TIME_ZONE,
): string {
  return `nightly:${todayIn(timeZone, now)}:${period}`;
}

/**
 * Rule parameters of a run: its rule set's (libs/domain/src/risk/rule-set.ts), recorded
 * with it so that a re-run judges by the same numbers.
 */
export type AuditParameters = RuleSetParameters;

export const DEFAULT_AUDIT_PARAMETERS: AuditParameters = DEFAULT_RULE_SET;
