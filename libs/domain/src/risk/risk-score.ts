import type { FindingCategory } from '../audit/audit-categories';
import type { CategoryWeight } from './rule-set';

export interface ScorePart {
  category: FindingCategory;
  findings: number;
  points: number;
}

export interface RiskScore {
  score: number;
  parts: ScorePart[];
}

/**
 * A taxpayer's risk score in a period, 0–100, from the active findings it is the subject
 * of (FINDING_SUBJECTS): each category adds `perFinding` points a finding, at most `max`,
 * and the sum is capped at 100. Additive on purpose: an officer reads the score as the sum
 * of its parts. Parts are listed largest first (ties by category), categories without a
 * finding left out. The finaliser computes the same in SQL (apps/audit/src/risk/scores.sql);
 * a test holds the two together.
 */
export function riskScore(
  findings: Partial<Record<FindingCategory, number>>,
  weights: Record<FindingCategory, CategoryWeight>,
): RiskScore {
  const parts: ScorePart[] = [];
  for (const [category, count] of Object.entries(findings) as [FindingCategory, number][]) {
    if (!count) continue;
    const w = weights[category];
    parts.push({ category, findings: count, points: Math.min(w.max, w.perFinding * count) });
  }
  parts.sort((a, b) => b.points - a.points || a.category.localeCompare(b.category));
  const score = Math.min(
    100,
    parts.reduce((sum, p) => sum + p.points, 0),
  );
  return { score, parts };
}
