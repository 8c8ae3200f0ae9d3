import { findingIdentity, type FindingIdentityParts } from '@app/domain';
import { formatCents, type Cents } from './cents';
import type { RiskFinding } from './risk-ledger';
import type { DeclaredFinding } from './scenarios/scenario-book';

/** A declared risk finding with where it came from. */
export interface RiskTruth {
  parts: FindingIdentityParts;
  taxAtRisk: Cents;
  origin: string;
}

/**
 * The risk stage's part of the ground truth: what the risk scenarios declared, after
 * checking it against what the rows make ({@link RiskLedger}). Every declared finding must
 * be made, with the declared tax; nothing else may be — the background trade is built to
 * stay clear of every rule — except ABNORMAL_INPUT_SHARE of a buyer outside the risk
 * scenarios: that one follows from the matching's findings it rests on (in a small
 * economy a few forged claims can be most of a buyer's input), so it is derived for every
 * buyer, as 票表比对 is from the returns — and CIRCULAR_TRADING among the traders, whose
 * trade makes a few rings by chance (pairs that invoice each other nearly the same sums:
 * 互开; ADR 0025). A disagreement is a bug in the economy: it throws.
 */
export function reconcileRisk(
  evaluated: readonly RiskFinding[],
  declared: readonly DeclaredFinding[],
  actors: ReadonlySet<string>,
): RiskTruth[] {
  const wanted = new Map(declared.map((d) => [findingIdentity(d.parts), d]));
  const problems: string[] = [];
  const truth: RiskTruth[] = [];
  for (const f of evaluated) {
    const identity = findingIdentity(f.parts);
    const d = wanted.get(identity);
    wanted.delete(identity);
    if (d && d.taxAtRisk !== f.taxAtRisk) {
      problems.push(
        `${d.origin}: ${identity} declared at ${formatCents(d.taxAtRisk)}, its rows make ${formatCents(f.taxAtRisk)}`,
      );
    } else if (d) {
      truth.push({ ...d });
    } else if (f.parts.category === 'ABNORMAL_INPUT_SHARE' && !actors.has(f.parts.buyerTaxId ?? '')) {
      truth.push({ ...f, origin: 'abnormal input of a buyer of the trade and the fault scenarios' });
    } else if (f.parts.category === 'CIRCULAR_TRADING' && !actors.has(f.parts.sellerTaxId ?? '')) {
      // A ring the background trade makes by chance, which the rule must find like any other.
      truth.push({ ...f, origin: 'a ring the background trade makes by chance' });
    } else {
      problems.push(`nobody planted ${identity} (${formatCents(f.taxAtRisk)}), yet the rows make it`);
    }
  }
  for (const [identity, d] of wanted)
    problems.push(`${d.origin}: declared ${identity}, its rows do not make it`);
  if (problems.length > 0)
    throw new Error(`economy: the risk findings disagree with the rows:\n  ${problems.join('\n  ')}`);
  return truth;
}
