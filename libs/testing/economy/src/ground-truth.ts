import {
  findingIdentity,
  INFORMATIONAL_CATEGORIES,
  type FindingCategory,
  type FindingIdentityParts,
  type TaxPeriod,
} from '@app/domain';
import { formatCents, type Cents } from './cents';
import { provinceOf } from './economy-districts';

/** What audit.runs.counts holds: findings per category, and MATCHED claims. */
export type CountedCategory = FindingCategory | 'MATCHED';

/** A finding the audit must make, named as the audit names it (findingIdentity). */
export interface ExpectedFinding extends FindingIdentityParts {
  identity: string;
  /** Decimal string, as audit.findings.tax_at_risk reads back as text. */
  taxAtRisk: string;
  /** The scenario or trade pattern that planted it, so a failing test says what was missed. */
  origin: string;
}

/** 协查: the buyer's district bureau asks the seller's. */
export interface ExpectedAssistRequest {
  identity: string;
  fromBureauCode: string;
  toBureauCode: string;
}

/** What a full (national) audit of the economy's period must find. */
export interface GroundTruth {
  period: TaxPeriod;
  declarationTolerance: string;
  /** As audit.runs.counts: categories with at least one finding, and MATCHED (always present). */
  counts: Partial<Record<CountedCategory, number>>;
  /** As audit.runs.tax_at_risk: the sum per category with at least one finding. */
  taxAtRisk: Partial<Record<FindingCategory, string>>;
  assistRequestCount: number;
  /** Every expected finding; null when the economy was planned without recording them. */
  findings: ExpectedFinding[] | null;
  assistRequests: ExpectedAssistRequest[] | null;
}

/** Where findings are declared: the truth itself, or something that passes them on to it. */
export interface FindingSink {
  finding(parts: FindingIdentityParts, taxAtRisk: Cents, origin: string): void;
  matched(claims?: number): void;
}

/**
 * Collects the ground truth as the planted faults declare it. Findings are declared once
 * per identity (the audit collapses duplicates of an identity to one): declaring one twice
 * is a bug in a scenario and throws. Assist requests follow from each finding by the
 * routing rule: not informational, both parties registered, in different provinces.
 */
export class TruthRecorder implements FindingSink {
  private readonly counts = new Map<CountedCategory, number>();
  private readonly risk = new Map<FindingCategory, Cents>();
  private readonly findings: ExpectedFinding[] | null;
  private readonly identities: Set<string> | null;
  private readonly assists: ExpectedAssistRequest[] | null;
  private assistCount = 0;
  private matchedClaims = 0;

  constructor(
    private readonly period: TaxPeriod,
    private readonly tolerance: string,
    /** Bureau of every registered taxpayer. */
    private readonly bureaus: ReadonlyMap<string, string>,
    record: boolean,
  ) {
    this.findings = record ? [] : null;
    this.identities = record ? new Set() : null;
    this.assists = record ? [] : null;
  }

  finding(parts: FindingIdentityParts, taxAtRisk: Cents, origin: string): void {
    const identity = findingIdentity(parts);
    if (this.identities) {
      if (this.identities.has(identity)) throw new Error(`${origin}: finding ${identity} declared twice`);
      this.identities.add(identity);
    }
    this.counts.set(parts.category, (this.counts.get(parts.category) ?? 0) + 1);
    this.risk.set(parts.category, (this.risk.get(parts.category) ?? 0) + taxAtRisk);
    this.findings?.push({ ...parts, identity, taxAtRisk: formatCents(taxAtRisk), origin });
    const assist = this.assistFor(parts);
    if (assist) {
      this.assistCount++;
      this.assists?.push({ identity, ...assist });
    }
  }

  /** Claims that are accepted, have a seller copy and no category (相符). */
  matched(claims = 1): void {
    this.matchedClaims += claims;
  }

  result(): GroundTruth {
    const counts: Partial<Record<CountedCategory, number>> = Object.fromEntries(this.counts);
    counts.MATCHED = this.matchedClaims;
    const taxAtRisk: Partial<Record<FindingCategory, string>> = {};
    for (const [category, cents] of this.risk) taxAtRisk[category] = formatCents(cents);
    return {
      period: this.period,
      declarationTolerance: this.tolerance,
      counts,
      taxAtRisk,
      assistRequestCount: this.assistCount,
      findings: this.findings,
      assistRequests: this.assists,
    };
  }

  private assistFor(parts: FindingIdentityParts): Omit<ExpectedAssistRequest, 'identity'> | null {
    if (INFORMATIONAL_CATEGORIES.includes(parts.category)) return null;
    const seller = parts.sellerTaxId === null ? undefined : this.bureaus.get(parts.sellerTaxId);
    const buyer = parts.buyerTaxId === null ? undefined : this.bureaus.get(parts.buyerTaxId);
    if (!seller || !buyer || provinceOf(seller) === provinceOf(buyer)) return null;
    return { fromBureauCode: buyer, toBureauCode: seller };
  }
}
