/**
 * The injections ledger: every piece of wrongdoing the demo committed, with the finding
 * the cross-audit should raise for it, and the comparison of those expectations with what
 * the audit found. A finding is identified as the audit identifies it: category, invoice
 * key, seller, buyer (per-taxpayer categories have no invoice key and one side only).
 */
import { FINDING_CATEGORIES, type FindingCategory } from '@app/domain';

/** What the demo injects and compares: every finding category of the audit (DESIGN §7). */
export const AUDITED_CATEGORIES = FINDING_CATEGORIES;
export type AuditedCategory = FindingCategory;

export interface FindingKey {
  category: string;
  period: string;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  sellerTaxId: string | null;
  buyerTaxId: string | null;
}

export interface Injection extends FindingKey {
  /** What the demo did, in a few words. */
  how: string;
}

export function keyOf(f: FindingKey): string {
  return [
    f.period,
    f.category,
    f.invoiceCode ?? '',
    f.invoiceNumber ?? '',
    f.sellerTaxId ?? '',
    f.buyerTaxId ?? '',
  ].join('|');
}

export class InjectionLedger {
  private readonly entries = new Map<string, Injection>();

  /** Records an expected finding; the same finding expected twice is one finding. */
  expect(injection: Injection): void {
    this.entries.set(keyOf(injection), injection);
  }

  all(): Injection[] {
    return [...this.entries.values()];
  }

  count(): number {
    return this.entries.size;
  }
}

export interface ComparisonRow {
  category: string;
  expected: number;
  found: number;
  missed: number;
  false: number;
}

export interface Comparison {
  rows: ComparisonRow[];
  /** Expected findings the audit did not raise. */
  missed: FindingKey[];
  /** Findings the audit raised that nothing injected explains. */
  falseFindings: FindingKey[];
  perfect: boolean;
}

/**
 * Compares the ledger with the audit's findings (only those touching the demo's own
 * taxpayers should be passed in). One row per category in `categories` order, plus any
 * other category the audit raised.
 */
export function compareFindings(
  expected: readonly FindingKey[],
  found: readonly FindingKey[],
  categories: readonly string[] = AUDITED_CATEGORIES,
): Comparison {
  const expectedKeys = new Map(expected.map((e) => [keyOf(e), e]));
  const foundKeys = new Map(found.map((f) => [keyOf(f), f]));
  const order = [...categories];
  for (const f of [...expected, ...found]) if (!order.includes(f.category)) order.push(f.category);
  const rows = new Map<string, ComparisonRow>(
    order.map((category) => [category, { category, expected: 0, found: 0, missed: 0, false: 0 }]),
  );
  const missed: FindingKey[] = [];
  const falseFindings: FindingKey[] = [];
  for (const [key, e] of expectedKeys) {
    const row = rows.get(e.category)!;
    row.expected++;
    if (foundKeys.has(key)) row.found++;
    else {
      row.missed++;
      missed.push(e);
    }
  }
  for (const [key, f] of foundKeys) {
    if (!expectedKeys.has(key)) {
      rows.get(f.category)!.false++;
      falseFindings.push(f);
    }
  }
  return {
    rows: [...rows.values()],
    missed,
    falseFindings,
    perfect: missed.length === 0 && falseFindings.length === 0,
  };
}
