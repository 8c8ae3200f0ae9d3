import type { ApiPropertyOptions } from '@nestjs/swagger';
import { DEFAULT_RULE_SET } from '@app/domain';

type Schema = ApiPropertyOptions & Record<string, unknown>;

/**
 * The OpenAPI schema of a RuleSetParameters value, read off DEFAULT_RULE_SET so that the
 * document cannot drift from the parameters the domain knows: integers, shares (numbers in
 * [0, 1]), money (decimal strings in yuan) and lists, each with its default as example.
 * `complete`: every property is required (a stored rule set), else any subset (a change).
 * Ranges are checked by parseRuleSetParameters and listed in docs/risk-monitoring.md.
 */
function schemaOf(value: unknown, complete: boolean): Schema {
  if (Array.isArray(value)) return { type: 'array', items: { type: 'string' }, example: value };
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? { type: 'integer', example: value }
      : { type: 'number', minimum: 0, maximum: 1, example: value };
  }
  if (typeof value === 'string') {
    return { type: 'string', pattern: '^[0-9]+(\\.[0-9]{1,2})?$', example: value };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return {
    type: 'object',
    properties: Object.fromEntries(entries.map(([k, v]) => [k, schemaOf(v, complete)])),
    additionalProperties: false,
    ...(complete ? { required: entries.map(([k]) => k) } : {}),
  };
}

/** Every parameter, as a rule set holds them (`selfRequired`: `required` lists the properties). */
export const RULE_SET_PARAMETERS_SCHEMA: Schema = { ...schemaOf(DEFAULT_RULE_SET, true), selfRequired: true };

/** A change to some parameters: nested as in a rule set, any subset at any level. */
export const RULE_SET_CHANGES_SCHEMA: Schema = {
  ...schemaOf(DEFAULT_RULE_SET, false),
  example: { capEdge: { minShare: 0.5 }, weights: { CAP_EDGE_ISSUANCE: { perFinding: 30, max: 30 } } },
};
