import { DEFAULT_RULE_SET } from './rule-set';
import { riskScore } from './risk-score';

const w = DEFAULT_RULE_SET.weights;

describe('riskScore', () => {
  it('is 0 without findings, and for categories of weight 0', () => {
    expect(riskScore({}, w)).toEqual({ score: 0, parts: [] });
    expect(riskScore({ UNCLAIMED: 40 }, w)).toEqual({
      score: 0,
      parts: [{ category: 'UNCLAIMED', findings: 40, points: 0 }],
    });
  });

  it('adds points per finding up to each category maximum, largest part first', () => {
    const s = riskScore({ FIELD_MISMATCH: 2, ABSCONDED_SELLER_INPUT: 7 }, w);
    expect(s.parts).toEqual([
      { category: 'ABSCONDED_SELLER_INPUT', findings: 7, points: 40 },
      { category: 'FIELD_MISMATCH', findings: 2, points: 10 },
    ]);
    expect(s.score).toBe(50);
  });

  it('caps the sum at 100', () => {
    const s = riskScore({ FORGED: 3, ABNORMAL_INPUT_SHARE: 1, OVERSTATED_CLAIM: 1 }, w);
    expect(s.parts.map((p) => p.points)).toEqual([60, 40, 20]);
    expect(s.score).toBe(100);
  });

  it('follows the weights it is given', () => {
    const weights = { ...w, CAP_EDGE_ISSUANCE: { perFinding: 70, max: 70 } };
    expect(riskScore({ CAP_EDGE_ISSUANCE: 1 }, weights).score).toBe(70);
  });
});
