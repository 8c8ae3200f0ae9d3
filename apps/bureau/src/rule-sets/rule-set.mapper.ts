import type { RuleSet } from '@app/audit-runs';
import type { RuleSetDto } from './dto/rule-set.dto';

export function toRuleSetDto(r: RuleSet): RuleSetDto {
  return {
    version: r.version,
    active: r.active,
    description: r.description,
    parameters: r.parameters,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    activatedBy: r.activatedBy,
    activatedAt: r.activatedAt?.toISOString() ?? null,
  };
}
