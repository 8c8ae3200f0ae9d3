import { Money, type Decimal } from '@app/domain';
import type { ExpectedFinding } from '@app/economy';
import type { StoredFinding, StoredRollup } from '../factories/audit.probe';

/**
 * Comparing what the audit wrote with the economy's ground truth, and saying what differs
 * in words a reader can act on: per category, the findings it missed (with the scenario
 * that planted them) and the ones it made up (with the audit's details).
 */

const keyOf = (f: { identity: string; taxAtRisk: string }) => `${f.identity} @ ${f.taxAtRisk}`;
const categoryOf = (identity: string) => identity.slice(0, identity.indexOf('|'));

/** '' when the findings are exactly the expected ones (identity, category, tax at risk). */
export function findingDifferences(
  expected: readonly ExpectedFinding[],
  found: readonly StoredFinding[],
): string {
  const wanted = new Set(expected.map(keyOf));
  const got = new Set(found.map(keyOf));
  const missed = expected.filter((f) => !got.has(keyOf(f)));
  const invented = found.filter((f) => !wanted.has(keyOf(f)));
  if (missed.length === 0 && invented.length === 0) return '';
  const categories = [...new Set([...missed, ...invented].map((f) => categoryOf(f.identity)))].sort();
  const out: string[] = [`${missed.length} expected findings missed, ${invented.length} unexpected:`];
  for (const category of categories) {
    const m = missed.filter((f) => categoryOf(f.identity) === category);
    const i = invented.filter((f) => categoryOf(f.identity) === category);
    out.push(`${category}: ${m.length} missed, ${i.length} unexpected`);
    for (const f of m) out.push(`  missed      ${keyOf(f)}    planted by: ${f.origin}`);
    for (const f of i) out.push(`  unexpected  ${keyOf(f)}    details: ${JSON.stringify(f.details)}`);
  }
  return out.join('\n');
}

/** '' when both lists hold the same lines; otherwise the lines only one side has. */
export function lineDifferences(
  what: string,
  expected: readonly string[],
  actual: readonly string[],
): string {
  const want = new Set(expected);
  const got = new Set(actual);
  const missing = [...want].filter((l) => !got.has(l)).sort();
  const extra = [...got].filter((l) => !want.has(l)).sort();
  if (missing.length === 0 && extra.length === 0 && expected.length === actual.length) return '';
  return [
    `${what}: ${missing.length} expected missing, ${extra.length} unexpected`,
    ...missing.map((l) => `  missing     ${l}`),
    ...extra.map((l) => `  unexpected  ${l}`),
  ].join('\n');
}

/**
 * The roll-ups the findings imply (DESIGN §7): each bureau sees a finding when the seller's
 * or the buyer's district bureau is itself or under it, and counts it once even when both
 * are; per bureau and category, the number of findings and their summed tax at risk.
 */
export function expectedRollups(
  findings: readonly ExpectedFinding[],
  bureauOf: ReadonlyMap<string, string>,
  ancestry: ReadonlyMap<string, readonly string[]>,
): StoredRollup[] {
  const totals = new Map<string, { findings: number; tax: Decimal }>();
  const tiersOf = (taxId: string | null): readonly string[] => {
    const bureau = taxId === null ? undefined : bureauOf.get(taxId);
    return bureau ? (ancestry.get(bureau) ?? []) : [];
  };
  for (const f of findings) {
    for (const bureau of new Set([...tiersOf(f.sellerTaxId), ...tiersOf(f.buyerTaxId)])) {
      const key = `${bureau}|${f.category}`;
      const entry = totals.get(key) ?? { findings: 0, tax: new Money(0) };
      totals.set(key, { findings: entry.findings + 1, tax: entry.tax.plus(f.taxAtRisk) });
    }
  }
  return [...totals].map(([key, t]) => {
    const [bureauCode, category] = key.split('|');
    return { bureauCode, category, findings: t.findings, taxAtRisk: t.tax.toFixed(2) };
  });
}

/**
 * Fails with the difference as written. (`expect(difference).toBe('')` would show it as
 * one escaped string; this keeps one finding per line.)
 */
export function expectNoDifference(difference: string): void {
  if (difference !== '') throw new Error(`\n${difference}`);
}

export const rollupLine = (r: StoredRollup) => `${r.bureauCode} ${r.category} ${r.findings} ${r.taxAtRisk}`;
