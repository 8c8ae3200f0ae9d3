import type { AuditRun, Backtest, RuleSet } from '@app/audit-runs';
import { FINDING_CATEGORIES, formatMoney, GOLDEN_TAX_TERMS, Money } from '@app/domain';
import type { FindingRow } from '@app/review';

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/**
 * Terminal columns `text` takes: CJK ideographs, Hangul, kana and fullwidth forms take two
 * (the Golden Tax terms, 不符 …), everything else one.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Plain text columns, two spaces apart, no trailing blanks: readable in a terminal and
 * easy to cut with awk. Every row has one cell per column.
 */
export function formatTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((col, i) =>
    Math.max(displayWidth(col.header), ...rows.map((r) => displayWidth(r[i]))),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => pad(cell, widths[i], columns[i].align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].map((l) => `${l}\n`).join('');
}

/** Money from the database (numeric as text) with exactly two decimals. */
const money = (value: string): string => formatMoney(new Money(value));

/** `bureau 14401060000`, `3 taxpayers`, `the whole country`. */
export function scopeText(run: Pick<AuditRun, 'bureauCode' | 'taxIds'>): string {
  if (run.taxIds) return `${run.taxIds.length} taxpayer${run.taxIds.length === 1 ? '' : 's'}`;
  return run.bureauCode ? `bureau ${run.bureauCode}` : 'the whole country';
}

function seconds(from: Date, to: Date): string {
  return `${((to.getTime() - from.getTime()) / 1000).toFixed(1)} s`;
}

/** Categories in the rules' order, then any this CLI does not know yet, sorted. */
function inRulesOrder(categories: string[]): string[] {
  const known = FINDING_CATEGORIES as readonly string[];
  return [
    ...known.filter((c) => categories.includes(c)),
    ...categories.filter((c) => !known.includes(c)).sort(),
  ];
}

const termOf = (category: string): string => (GOLDEN_TAX_TERMS as Record<string, string>)[category] ?? '';

/**
 * A completed run: one row per category with findings (in the rules' order, then any
 * category this CLI does not know yet), the total, and the matched claims.
 */
export function renderRunSummary(run: AuditRun): string {
  const counts = run.counts ?? {};
  const taxAtRisk = run.taxAtRisk ?? {};
  const categories = inRulesOrder(Object.keys(counts).filter((c) => c !== 'MATCHED'));
  let findings = 0;
  let total = new Money(0);
  const rows = categories.map((category) => {
    const n = counts[category] ?? 0;
    const tax = taxAtRisk[category] ?? '0';
    findings += n;
    total = total.plus(tax);
    return [category, termOf(category), String(n), money(tax)];
  });
  rows.push(['total', '', String(findings), formatMoney(total)]);
  rows.push(['MATCHED', GOLDEN_TAX_TERMS.MATCHED, String(counts.MATCHED ?? 0), '']);
  const took = run.finishedAt ? ` in ${seconds(run.createdAt, run.finishedAt)}` : '';
  const trial = run.publishes ? '' : ' (trial: findings not published)';
  const title = `audit run ${run.id} completed${took}: period ${run.period}, ${scopeText(run)}${trial}\n`;
  const columns: Column[] = [
    { header: 'category' },
    { header: 'term' },
    { header: 'findings', align: 'right' },
    { header: 'tax at risk', align: 'right' },
  ];
  return title + formatTable(columns, rows);
}

function backtestRows(backtest: Backtest): string[][] {
  const total = {
    candidate: 0,
    candidateTax: new Money(0),
    baseline: 0,
    baselineTax: new Money(0),
    appear: 0,
    disappear: 0,
  };
  const rows = inRulesOrder(Object.keys(backtest.categories)).map((category) => {
    const c = backtest.categories[category];
    total.candidate += c.candidate.findings;
    total.candidateTax = total.candidateTax.plus(c.candidate.taxAtRisk);
    total.baseline += c.baseline.findings;
    total.baselineTax = total.baselineTax.plus(c.baseline.taxAtRisk);
    total.appear += c.appear;
    total.disappear += c.disappear;
    return [
      category,
      termOf(category),
      String(c.candidate.findings),
      money(c.candidate.taxAtRisk),
      String(c.baseline.findings),
      money(c.baseline.taxAtRisk),
      String(c.appear),
      String(c.disappear),
    ];
  });
  rows.push([
    'total',
    '',
    String(total.candidate),
    formatMoney(total.candidateTax),
    String(total.baseline),
    formatMoney(total.baselineTax),
    String(total.appear),
    String(total.disappear),
  ]);
  return rows;
}

/**
 * A completed back-test (a dry run): per category, the findings and tax at risk of the
 * candidate version next to those of the baseline, and how many findings would appear and
 * disappear if the candidate were activated. A run whose audit workers recorded no
 * comparison says so rather than printing an empty table.
 */
export function renderBacktest(run: AuditRun): string {
  const took = run.finishedAt ? ` in ${seconds(run.createdAt, run.finishedAt)}` : '';
  const candidate = run.backtest?.candidateVersion ?? run.ruleVersion;
  const baseline = run.backtest?.baselineVersion ?? run.baselineRuleVersion;
  const title =
    `back-test ${run.id} completed${took}: rule set ${candidate} against ${baseline ?? '?'} (active), ` +
    `period ${run.period}, ${scopeText(run)}; nothing published\n`;
  if (!run.backtest)
    return `${title}no comparison was recorded: the audit workers that ran it predate back-tests\n`;
  const columns: Column[] = [
    { header: 'category' },
    { header: 'term' },
    { header: `findings v${candidate}`, align: 'right' },
    { header: `tax at risk v${candidate}`, align: 'right' },
    { header: `findings v${baseline}`, align: 'right' },
    { header: `tax at risk v${baseline}`, align: 'right' },
    { header: 'appear', align: 'right' },
    { header: 'disappear', align: 'right' },
  ];
  return title + formatTable(columns, backtestRows(run.backtest));
}

const RULE_SET_COLUMNS: Column[] = [
  { header: 'version', align: 'right' },
  { header: 'active' },
  { header: 'created (UTC)' },
  { header: 'activated (UTC)' },
  { header: 'description' },
];

/** `2026-11-27 14:45` (UTC): when a version was made or last activated. */
const minute = (at: Date | null): string => (at ? `${at.toISOString().slice(0, 16).replace('T', ' ')}` : '-');

/** Rule set versions, newest first; the active one marked. Descriptions on one line. */
export function renderRuleSets(ruleSets: RuleSet[]): string {
  const rows = ruleSets.map((r) => [
    String(r.version),
    r.active ? 'active' : '',
    minute(r.createdAt),
    minute(r.activatedAt),
    (r.description ?? '').replace(/\s+/g, ' ').trim(),
  ]);
  return formatTable(RULE_SET_COLUMNS, rows);
}

const FINDING_COLUMNS: Column[] = [
  { header: 'id', align: 'right' },
  { header: 'category' },
  { header: 'status' },
  { header: 'state' },
  { header: 'invoice' },
  { header: 'seller' },
  { header: 'buyer' },
  { header: 'tax at risk', align: 'right' },
];

/**
 * A page of findings (highest tax at risk first) and a footer: how many are shown, their
 * tax at risk, and whether more match (`more`: the reader found a row past the limit).
 */
export function renderFindingsTable(rows: FindingRow[], more: boolean): string {
  if (rows.length === 0) return 'no findings match\n';
  const cells = rows.map((f) => [
    f.id,
    f.category,
    f.status,
    f.state,
    f.invoiceCode !== null && f.invoiceNumber !== null ? `${f.invoiceCode}-${f.invoiceNumber}` : '-',
    f.sellerTaxId ?? '-',
    f.buyerTaxId ?? '-',
    money(f.taxAtRisk),
  ]);
  const total = rows.reduce((sum, f) => sum.plus(f.taxAtRisk), new Money(0));
  const shown = `${rows.length} finding${rows.length === 1 ? '' : 's'}, tax at risk ${formatMoney(total)}`;
  const footer = more
    ? `first ${shown}; more match: raise --limit, narrow the filters, or export them all with --format csv\n`
    : `${shown}\n`;
  return formatTable(FINDING_COLUMNS, cells) + footer;
}
