import { GOLDEN_TAX_TERMS, isFindingCategory, type FindingCategory } from '@app/domain';
import type { Comparison } from './ledger';

/** Terminal rendering of the demo's results: plain text tables that line up with Chinese names. */

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    width +=
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6)
        ? 2
        : 1;
  }
  return width;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/** A table with a header rule; columns whose every body cell is numeric are right-aligned. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, c) =>
    Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[c] ?? ''))),
  );
  const numeric = headers.map(
    (_, c) => cells.length > 0 && cells.every((r) => /^-?[\d,.]+%?$|^-$/.test(r[c] ?? '')),
  );
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => pad(cell, widths[c], numeric[c]))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** '[#####.....]  50%' */
export function progressBar(percent: number, width = 30): string {
  const p = Math.max(0, Math.min(100, Math.round(percent)));
  const filled = Math.round((p / 100) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(p).padStart(3)}%`;
}

/** The Golden Tax name of a category (GOLDEN_TAX_TERMS), or '' for one the audit does not name. */
export const termOf = (category: string): string =>
  isFindingCategory(category) ? GOLDEN_TAX_TERMS[category] : '';

export function renderComparison(comparison: Comparison): string {
  const rows = comparison.rows.map((r) => [
    r.category,
    termOf(r.category),
    r.expected,
    r.found,
    r.missed,
    r.false,
  ]);
  const total = comparison.rows.reduce(
    (t, r) => ({ e: t.e + r.expected, f: t.f + r.found, m: t.m + r.missed, x: t.x + r.false }),
    { e: 0, f: 0, m: 0, x: 0 },
  );
  rows.push(['total', '', total.e, total.f, total.m, total.x]);
  return renderTable(['category', 'term', 'expected', 'found', 'missed', 'false'], rows);
}

export interface SummaryRow {
  code: string;
  name: string;
  level: string;
  counts: Record<string, number>;
  totalFindings: number;
  totalTaxAtRisk: string;
}

/** Four-letter column heads of the summaries, one per category. */
const ABBREVIATIONS: Record<FindingCategory, string> = {
  FIELD_MISMATCH: 'MISM',
  OVERSTATED_CLAIM: 'OVER',
  MISSING_SELLER_COPY: 'MISS',
  FORGED: 'FORG',
  DUPLICATE_CLAIM: 'DUPL',
  VOID_CLAIMED: 'VOID',
  UNCLAIMED: 'UNCL',
  REVOKED_SEAL: 'REVK',
  UNDER_DECLARED: 'UNDR',
  INPUT_OVERCLAIMED: 'INPT',
  CAP_EDGE_ISSUANCE: 'CAPE',
  NEW_ENTITY_BURST: 'NEWB',
  GOODS_DIVERGENCE: 'DIVG',
  ABSCONDED_SELLER_INPUT: 'ABSC',
  ABNORMAL_INPUT_SHARE: 'ABNS',
  CIRCULAR_TRADING: 'RING',
  AFFILIATED_TRADE: 'AFFL',
};

/** Bureau rows of GET /v1/reports/summary, with a column per category that has findings anywhere. */
export function renderSummary(rows: readonly SummaryRow[], categories: readonly string[]): string {
  const shown = categories.filter((c) => rows.some((r) => (r.counts[c] ?? 0) > 0));
  return renderTable(
    [
      'code',
      'name',
      ...shown.map((c) => (isFindingCategory(c) ? ABBREVIATIONS[c] : c)),
      'findings',
      'tax at risk',
    ],
    rows.map((r) => [
      r.code,
      r.name,
      ...shown.map((c) => r.counts[c] ?? 0),
      r.totalFindings,
      r.totalTaxAtRisk,
    ]),
  );
}

const legend = Object.entries(ABBREVIATIONS).map(([category, abbreviation]) => `${abbreviation} ${category}`);
/** The column heads explained, five to a line. */
export const CATEGORY_LEGEND = Array.from({ length: Math.ceil(legend.length / 5) }, (_, k) =>
  legend.slice(k * 5, k * 5 + 5).join(' · '),
).join('\n');
