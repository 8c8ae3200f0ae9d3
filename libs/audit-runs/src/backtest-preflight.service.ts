import { Injectable } from '@nestjs/common';
import { type AuditScope, BusinessRuleError } from '@app/domain';
import { AuditInputRepository } from './audit-input.repository';
import { ruleSetNotFound, RuleSetsRepository } from './rule-sets.repository';

/**
 * What a back-test (a dry run) must pass before it is recorded, whether asked for over HTTP
 * or from the CLI: the candidate version exists, and the period has something to judge in
 * the scope, so that a typo or an empty period is answered at once instead of by a run
 * that completes with nothing to compare.
 */
@Injectable()
export class BacktestPreflightService {
  constructor(
    private readonly ruleSets: RuleSetsRepository,
    private readonly input: AuditInputRepository,
  ) {}

  /**
   * `scope` is resolved (in the caller's jurisdiction); `ruleSetVersion` undefined: the active version.
   * @throws NotFoundError RULE_SET_NOT_FOUND; BusinessRuleError AUDIT_PERIOD_NO_DATA.
   */
  async check(scope: AuditScope, ruleSetVersion: number | undefined): Promise<void> {
    if (ruleSetVersion !== undefined && !(await this.ruleSets.find(ruleSetVersion))) {
      throw ruleSetNotFound(ruleSetVersion);
    }
    if (!(await this.input.hasInput(scope))) {
      throw new BusinessRuleError(
        'AUDIT_PERIOD_NO_DATA',
        `Nothing to back-test: no invoice, seller copy or claim of period ${scope.period} in this scope.`,
        { period: scope.period },
      );
    }
  }
}
