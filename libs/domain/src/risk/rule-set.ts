import { FINDING_CATEGORIES, type FindingCategory } from '../audit/audit-categories';
import { ValidationError } from '../errors/domain-error';
import { formatMoney, isMoneyString, Money } from '../money/money';
import { CONTACT_ROLES, type ContactRole } from '../taxpayers/controlling-parties';
import { INDUSTRY_SECTIONS } from './industry';

/** How many points one finding of a category adds to its subject's score, and the most all of them add. */
export interface CategoryWeight {
  perFinding: number;
  max: number;
}

/**
 * Every threshold and weight the audit judges by (rule sets, audit.rule_sets). A run
 * records the parameters it used, so its findings are reproducible from the run alone.
 * Money is a decimal string in yuan; shares are numbers in [0, 1].
 */
export interface RuleSetParameters {
  /** 票表比对 tolerance in yuan: differences up to it are not findings. */
  declarationTolerance: string;
  /** Days an assist request (协查) is given before it is overdue. */
  assistDueDays: number;
  capEdge: { minInvoices: number; minShare: number; capFraction: number; listed: number };
  newEntityBurst: { maxAgeDays: number; minAmount: string; minRangeUsedShare: number };
  goodsDivergence: {
    industrySections: string[];
    minSales: string;
    minDivergentShare: number;
    lookbackPeriods: number;
    maxUnknownShare: number;
  };
  abscondedSeller: { windowDays: number };
  abnormalInputShare: { minShare: number; minTax: string; categories: FindingCategory[] };
  circularTrading: {
    /** The period and the windowPeriods − 1 before it. */
    windowPeriods: number;
    /** Each edge of a ring (a seller's special invoices to one buyer in the window) carries at least this. */
    minEdgeAmount: string;
    minMembers: number;
    maxMembers: number;
    minEdgeRatio: number;
    maxValueAdded: number;
    /** Invoices listed per edge in a finding's details (the largest). */
    listed: number;
  };
  affiliatedTrade: {
    /** Hops from each of seller and buyer to the party they share (1 to 3). */
    maxHops: number;
    /** A shareholder is a hop from its share up. */
    minShare: number;
    /** Contacts that count as a shared party when equal. */
    contacts: ContactRole[];
    /**
     * A party more taxpayers than this reach (a registered agent's address, a bookkeeping
     * firm's phone, a nominee director) relates none of them: it says nothing about control,
     * and its pairs grow with the square of its taxpayers.
     */
    maxTaxpayersPerParty: number;
    /** The pair's special invoices of the period total at least this. */
    minAmount: string;
    /** Invoices and trails listed in a finding's details. */
    listed: number;
  };
  /** Risk score weights per category (see riskScore). */
  weights: Record<FindingCategory, CategoryWeight>;
}

/** The defaults (rule set version 1, seeded by migration 16). */
export const DEFAULT_RULE_SET: RuleSetParameters = {
  declarationTolerance: '10.00',
  assistDueDays: 30,
  capEdge: { minInvoices: 10, minShare: 0.6, capFraction: 0.95, listed: 20 },
  newEntityBurst: { maxAgeDays: 90, minAmount: '5000000.00', minRangeUsedShare: 0.8 },
  goodsDivergence: {
    industrySections: ['F'],
    minSales: '1000000.00',
    minDivergentShare: 0.8,
    lookbackPeriods: 2,
    maxUnknownShare: 0.5,
  },
  abscondedSeller: { windowDays: 180 },
  abnormalInputShare: {
    minShare: 0.7,
    minTax: '50000.00',
    // CIRCULAR_TRADING can be listed (its claimed ring input then counts); not by default until
    // the economy's ground truth can count it (ADR 0025)
    categories: ['FORGED', 'REVOKED_SEAL', 'ABSCONDED_SELLER_INPUT'],
  },
  circularTrading: {
    windowPeriods: 2,
    minEdgeAmount: '100000.00',
    minMembers: 2,
    maxMembers: 6,
    minEdgeRatio: 0.5,
    maxValueAdded: 0.05,
    listed: 20,
  },
  affiliatedTrade: {
    maxHops: 2,
    minShare: 0.25,
    contacts: ['address', 'phone', 'bank_account'],
    maxTaxpayersPerParty: 50,
    minAmount: '0.00',
    listed: 20,
  },
  weights: {
    FIELD_MISMATCH: { perFinding: 5, max: 20 },
    OVERSTATED_CLAIM: { perFinding: 20, max: 40 },
    MISSING_SELLER_COPY: { perFinding: 5, max: 20 },
    FORGED: { perFinding: 30, max: 60 },
    DUPLICATE_CLAIM: { perFinding: 10, max: 30 },
    VOID_CLAIMED: { perFinding: 15, max: 30 },
    UNCLAIMED: { perFinding: 0, max: 0 },
    REVOKED_SEAL: { perFinding: 25, max: 50 },
    UNDER_DECLARED: { perFinding: 30, max: 30 },
    INPUT_OVERCLAIMED: { perFinding: 30, max: 30 },
    CAP_EDGE_ISSUANCE: { perFinding: 25, max: 25 },
    NEW_ENTITY_BURST: { perFinding: 25, max: 25 },
    GOODS_DIVERGENCE: { perFinding: 30, max: 30 },
    ABSCONDED_SELLER_INPUT: { perFinding: 10, max: 40 },
    ABNORMAL_INPUT_SHARE: { perFinding: 40, max: 40 },
    CIRCULAR_TRADING: { perFinding: 40, max: 40 },
    // legal between independent prices: a reason to look, not proof
    AFFILIATED_TRADE: { perFinding: 15, max: 30 },
  },
};

type Leaf =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'share' }
  | { kind: 'money'; min: string; max: string }
  | { kind: 'list'; of: readonly string[]; minItems: number };

const int = (min: number, max: number): Leaf => ({ kind: 'int', min, max });
const share: Leaf = { kind: 'share' };
const money = (min: string, max: string): Leaf => ({ kind: 'money', min, max });
const weight = { perFinding: int(0, 100), max: int(0, 100) };

interface Schema {
  [key: string]: Leaf | Schema;
}

/** The shape and range of every parameter; anything else is unknown. */
const SCHEMA: Schema = {
  declarationTolerance: money('0', '1000000'),
  assistDueDays: int(1, 365),
  capEdge: { minInvoices: int(1, 100000), minShare: share, capFraction: share, listed: int(1, 100) },
  newEntityBurst: {
    maxAgeDays: int(1, 3650),
    minAmount: money('0', '10000000000'),
    minRangeUsedShare: share,
  },
  goodsDivergence: {
    industrySections: { kind: 'list', of: INDUSTRY_SECTIONS, minItems: 0 },
    minSales: money('0', '10000000000'),
    minDivergentShare: share,
    lookbackPeriods: int(0, 11),
    maxUnknownShare: share,
  },
  abscondedSeller: { windowDays: int(1, 3650) },
  abnormalInputShare: {
    minShare: share,
    minTax: money('0', '10000000000'),
    categories: { kind: 'list', of: FINDING_CATEGORIES, minItems: 1 },
  },
  circularTrading: {
    windowPeriods: int(1, 12),
    // below ¥10,000 an edge is ordinary trade, and the graph searched would be the economy's
    minEdgeAmount: money('10000', '10000000000'),
    // the search's cost grows with the ring's size: 8 is past any published ring
    minMembers: int(2, 8),
    maxMembers: int(2, 8),
    minEdgeRatio: share,
    maxValueAdded: share,
    listed: int(1, 100),
  },
  affiliatedTrade: {
    // each hop multiplies the taxpayers reached; past 3 everyone is someone's affiliate
    maxHops: int(1, 3),
    minShare: share,
    contacts: { kind: 'list', of: CONTACT_ROLES, minItems: 0 },
    maxTaxpayersPerParty: int(2, 1000),
    minAmount: money('0', '10000000000'),
    listed: int(1, 100),
  },
  weights: Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, weight])),
};

const isLeaf = (s: Leaf | Schema): s is Leaf => typeof (s as Leaf).kind === 'string';
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(parameter: string, message: string, details: Record<string, unknown> = {}): never {
  throw new ValidationError('RULE_SET_PARAMETER_INVALID', `${parameter} ${message}`, {
    parameter,
    ...details,
  });
}

function outOfRange(parameter: string, value: unknown, min: unknown, max: unknown): never {
  throw new ValidationError(
    'RULE_SET_PARAMETER_OUT_OF_RANGE',
    `${parameter} must be between ${String(min)} and ${String(max)}`,
    { parameter, value, min, max },
  );
}

function parseLeaf(leaf: Leaf, value: unknown, parameter: string): unknown {
  switch (leaf.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value))
        return invalid(parameter, 'must be an integer');
      if (value < leaf.min || value > leaf.max) return outOfRange(parameter, value, leaf.min, leaf.max);
      return value;
    case 'share':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return invalid(parameter, 'must be a number between 0 and 1');
      }
      if (value < 0 || value > 1) return outOfRange(parameter, value, 0, 1);
      return value;
    case 'money': {
      if (!isMoneyString(value))
        return invalid(parameter, 'must be an amount in yuan as a string, e.g. "5000000.00"');
      const amount = new Money(value);
      if (amount.lt(leaf.min) || amount.gt(leaf.max)) return outOfRange(parameter, value, leaf.min, leaf.max);
      return formatMoney(amount);
    }
    case 'list': {
      if (!Array.isArray(value)) return invalid(parameter, `must be an array of ${leaf.of.join(', ')}`);
      if (value.length < leaf.minItems) return outOfRange(parameter, value, leaf.minItems, leaf.of.length);
      value.forEach((item, i) => {
        if (typeof item !== 'string' || !leaf.of.includes(item)) {
          invalid(`${parameter}[${i}]`, `must be one of ${leaf.of.join(', ')}`);
        }
      });
      return [...new Set(value as string[])];
    }
  }
}

function merge(
  schema: Schema,
  base: Record<string, unknown>,
  input: unknown,
  path: string,
): Record<string, unknown> {
  if (!isObject(input)) return invalid(path || 'parameters', 'must be an object');
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(input)) {
    const parameter = path ? `${path}.${key}` : key;
    const sub = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (!sub) {
      throw new ValidationError('RULE_SET_PARAMETER_UNKNOWN', `${parameter} is not a rule-set parameter`, {
        parameter,
      });
    }
    out[key] = isLeaf(sub)
      ? parseLeaf(sub, value, parameter)
      : merge(sub, base[key] as Record<string, unknown>, value, parameter);
  }
  return out;
}

/**
 * A rule set's parameters: `input` (any subset, nested as in {@link RuleSetParameters})
 * laid over `base`, every value checked against its type and range.
 * @throws ValidationError `RULE_SET_PARAMETER_UNKNOWN` | `RULE_SET_PARAMETER_INVALID` |
 *   `RULE_SET_PARAMETER_OUT_OF_RANGE`, details `{ parameter, … }`.
 */
export function parseRuleSetParameters(
  input: unknown,
  base: RuleSetParameters = DEFAULT_RULE_SET,
): RuleSetParameters {
  const parameters = merge(
    SCHEMA,
    base as unknown as Record<string, unknown>,
    input,
    '',
  ) as unknown as RuleSetParameters;
  const { minMembers, maxMembers } = parameters.circularTrading;
  if (minMembers > maxMembers) outOfRange('circularTrading.minMembers', minMembers, 2, maxMembers);
  return parameters;
}

/**
 * The parameters a run recorded, completed with the defaults for what it did not record
 * (runs from before rule sets recorded only the tolerance and the assist due days).
 */
export function completeRuleSetParameters(recorded: Partial<RuleSetParameters>): RuleSetParameters {
  return {
    ...DEFAULT_RULE_SET,
    ...recorded,
    weights: { ...DEFAULT_RULE_SET.weights, ...recorded.weights },
  };
}
