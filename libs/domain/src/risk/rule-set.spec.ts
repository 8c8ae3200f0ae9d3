import { DomainError } from '../errors/domain-error';
import { completeRuleSetParameters, DEFAULT_RULE_SET, parseRuleSetParameters } from './rule-set';

const refusal = (input: unknown): { code: string; details: unknown } => {
  try {
    parseRuleSetParameters(input);
  } catch (err) {
    return { code: (err as DomainError).code, details: (err as DomainError).details };
  }
  throw new Error('accepted');
};

describe('parseRuleSetParameters', () => {
  it('lays a partial input over the base and leaves the rest', () => {
    const p = parseRuleSetParameters({
      capEdge: { minShare: 0.5 },
      newEntityBurst: { minAmount: '3000000' },
    });
    expect(p.capEdge).toEqual({ ...DEFAULT_RULE_SET.capEdge, minShare: 0.5 });
    expect(p.newEntityBurst.minAmount).toBe('3000000.00');
    expect(p.goodsDivergence).toEqual(DEFAULT_RULE_SET.goodsDivergence);
    expect(DEFAULT_RULE_SET.capEdge.minShare).toBe(0.6);
  });

  it('accepts the defaults as input', () => {
    expect(parseRuleSetParameters(DEFAULT_RULE_SET)).toEqual(DEFAULT_RULE_SET);
  });

  it('accepts a weight of a category and the bounds of each range', () => {
    const p = parseRuleSetParameters({
      weights: { FORGED: { perFinding: 0, max: 100 } },
      capEdge: { capFraction: 1 },
    });
    expect(p.weights.FORGED).toEqual({ perFinding: 0, max: 100 });
    expect(p.weights.OVERSTATED_CLAIM).toEqual(DEFAULT_RULE_SET.weights.OVERSTATED_CLAIM);
    expect(p.capEdge.capFraction).toBe(1);
  });

  it.each([
    [{ capEdge: { minShares: 0.5 } }, 'RULE_SET_PARAMETER_UNKNOWN', 'capEdge.minShares'],
    [{ nope: 1 }, 'RULE_SET_PARAMETER_UNKNOWN', 'nope'],
    [{ weights: { MATCHED: { perFinding: 1, max: 1 } } }, 'RULE_SET_PARAMETER_UNKNOWN', 'weights.MATCHED'],
    [{ capEdge: { minShare: '0.5' } }, 'RULE_SET_PARAMETER_INVALID', 'capEdge.minShare'],
    [{ capEdge: { minInvoices: 2.5 } }, 'RULE_SET_PARAMETER_INVALID', 'capEdge.minInvoices'],
    [{ capEdge: 3 }, 'RULE_SET_PARAMETER_INVALID', 'capEdge'],
    [{ newEntityBurst: { minAmount: 5000000 } }, 'RULE_SET_PARAMETER_INVALID', 'newEntityBurst.minAmount'],
    [
      { goodsDivergence: { industrySections: ['F', 'Z'] } },
      'RULE_SET_PARAMETER_INVALID',
      'goodsDivergence.industrySections[1]',
    ],
    [
      { abnormalInputShare: { categories: 'FORGED' } },
      'RULE_SET_PARAMETER_INVALID',
      'abnormalInputShare.categories',
    ],
    [{ capEdge: { minShare: 1.2 } }, 'RULE_SET_PARAMETER_OUT_OF_RANGE', 'capEdge.minShare'],
    [{ capEdge: { minShare: -0.1 } }, 'RULE_SET_PARAMETER_OUT_OF_RANGE', 'capEdge.minShare'],
    [{ assistDueDays: 0 }, 'RULE_SET_PARAMETER_OUT_OF_RANGE', 'assistDueDays'],
    [
      { weights: { FORGED: { perFinding: 101 } } },
      'RULE_SET_PARAMETER_OUT_OF_RANGE',
      'weights.FORGED.perFinding',
    ],
    [
      { abnormalInputShare: { categories: [] } },
      'RULE_SET_PARAMETER_OUT_OF_RANGE',
      'abnormalInputShare.categories',
    ],
    [{ declarationTolerance: '-1.00' }, 'RULE_SET_PARAMETER_OUT_OF_RANGE', 'declarationTolerance'],
    [
      { circularTrading: { minEdgeAmount: '9999.99' } },
      'RULE_SET_PARAMETER_OUT_OF_RANGE',
      'circularTrading.minEdgeAmount',
    ],
    [{ circularTrading: { maxMembers: 9 } }, 'RULE_SET_PARAMETER_OUT_OF_RANGE', 'circularTrading.maxMembers'],
    [
      { circularTrading: { windowPeriods: 0 } },
      'RULE_SET_PARAMETER_OUT_OF_RANGE',
      'circularTrading.windowPeriods',
    ],
    [
      { circularTrading: { minMembers: 4, maxMembers: 3 } },
      'RULE_SET_PARAMETER_OUT_OF_RANGE',
      'circularTrading.minMembers',
    ],
    [{ affiliatedTrade: { maxHops: 4 } }, 'RULE_SET_PARAMETER_OUT_OF_RANGE', 'affiliatedTrade.maxHops'],
    [
      { affiliatedTrade: { maxTaxpayersPerParty: 1 } },
      'RULE_SET_PARAMETER_OUT_OF_RANGE',
      'affiliatedTrade.maxTaxpayersPerParty',
    ],
    [
      { affiliatedTrade: { contacts: ['email'] } },
      'RULE_SET_PARAMETER_INVALID',
      'affiliatedTrade.contacts[0]',
    ],
    [{ affiliatedTrade: { minShare: 1.5 } }, 'RULE_SET_PARAMETER_OUT_OF_RANGE', 'affiliatedTrade.minShare'],
    [[], 'RULE_SET_PARAMETER_INVALID', 'parameters'],
  ])('refuses %j with %s', (input, code, parameter) => {
    const r = refusal(input);
    expect(r.code).toBe(code);
    expect(r.details).toMatchObject({ parameter });
  });

  it('does not let __proto__ or inherited names through', () => {
    expect(refusal(JSON.parse('{"__proto__": {"x": 1}}')).code).toBe('RULE_SET_PARAMETER_UNKNOWN');
    expect(refusal({ toString: 1 }).code).toBe('RULE_SET_PARAMETER_UNKNOWN');
  });
});

describe('completeRuleSetParameters', () => {
  it('fills what an old run did not record', () => {
    const p = completeRuleSetParameters({ declarationTolerance: '5.00', assistDueDays: 10 });
    expect(p.declarationTolerance).toBe('5.00');
    expect(p.capEdge).toEqual(DEFAULT_RULE_SET.capEdge);
    expect(p.weights.FORGED).toEqual(DEFAULT_RULE_SET.weights.FORGED);
  });

  it('gives a rule set from before CIRCULAR_TRADING its defaults and weight', () => {
    const { circularTrading, ...older } = DEFAULT_RULE_SET;
    const { CIRCULAR_TRADING, ...olderWeights } = DEFAULT_RULE_SET.weights;
    const p = completeRuleSetParameters({
      ...older,
      weights: olderWeights as typeof DEFAULT_RULE_SET.weights,
    });
    expect(p.circularTrading).toEqual(circularTrading);
    expect(p.weights.CIRCULAR_TRADING).toEqual(CIRCULAR_TRADING);
  });
});
