import { ApiError } from '../api.js';
import { h, navigate, s } from '../dom.js';
import { count, currentPeriod } from '../format.js';
import { label, t } from '../i18n.js';

export const CATEGORIES = [
  'FIELD_MISMATCH',
  'OVERSTATED_CLAIM',
  'MISSING_SELLER_COPY',
  'FORGED',
  'DUPLICATE_CLAIM',
  'VOID_CLAIMED',
  'UNCLAIMED',
  'REVOKED_SEAL',
  'UNDER_DECLARED',
  'INPUT_OVERCLAIMED',
  'CAP_EDGE_ISSUANCE',
  'NEW_ENTITY_BURST',
  'GOODS_DIVERGENCE',
  'ABSCONDED_SELLER_INPUT',
  'ABNORMAL_INPUT_SHARE',
  'CIRCULAR_TRADING',
  'AFFILIATED_TRADE',
];
export const CASE_STATUSES = ['open', 'investigating', 'confirmed', 'cleared'];
export const STATES = ['active', 'resolved'];
/** The case's moves, as the API allows them (it answers 422 with details.allowed otherwise). */
export const TRANSITIONS = { open: ['investigating'], investigating: ['confirmed', 'cleared'] };

/**
 * A table: columns [{ title, cell: (row) => node|string, class }], rows, optional row attributes.
 * @param {{ title: string, cell: (row: any) => any, class?: string }[]} columns
 * @param {any[]} rows
 * @param {(row: any) => Record<string, unknown>} [rowAttrs]
 */
export function table(columns, rows, rowAttrs = () => ({})) {
  return h(
    'table',
    { class: 'grid' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((c) => h('th', { class: c.class ?? null }, c.title)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          rowAttrs(row),
          columns.map((c) => h('td', { class: c.class ?? null }, c.cell(row))),
        ),
      ),
    ),
  );
}

/**
 * @param {string} name
 * @param {string[]} values
 * @param {string | undefined} current
 * @param {string} prefix
 * @param {{ allLabel?: string, testid?: string }} [options]
 */
export function select(name, values, current, prefix, { allLabel = t('all'), testid } = {}) {
  return h(
    'select',
    { name, 'data-testid': testid ?? `filter-${name}` },
    h('option', { value: '' }, allLabel),
    values.map((v) => h('option', { value: v, selected: v === current }, prefix ? label(prefix, v) : v)),
  );
}

export function field(text, control) {
  return h('label', { class: 'field' }, h('span', {}, text), control);
}

/** A list's filters (`names`) from the hash's params; the period defaults to the current one. */
export function listFilters(params, names) {
  const filters = {};
  for (const name of names) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  if (!filters.period) filters.period = currentPeriod();
  return filters;
}

/** A filter form's submit handler: navigates to `route` with the form's non-empty `names`. */
export function submitFilters(route, names) {
  return (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    const next = {};
    for (const name of names) {
      const entry = data.get(name);
      const value = typeof entry === 'string' ? entry.trim() : '';
      if (value) next[name] = value;
    }
    navigate(route, next);
  };
}

export function periodInput(value) {
  return h('input', {
    type: 'month',
    name: 'period',
    value,
    required: true,
    pattern: '\\d{4}-\\d{2}',
    'data-testid': 'period',
  });
}

export function statusBadge(status) {
  return h('span', { class: `badge status-${status}`, 'data-testid': 'status' }, label('status', status));
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

export function errorBox(err) {
  const message =
    err instanceof ApiError
      ? `${err.code ?? err.status}: ${err.message}`
      : err instanceof TypeError
        ? t('error.network')
        : String(err?.message ?? err);
  return h('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, `${t('error')} — `, message);
}

/** The band of a risk score, for its colour: high from 60, medium from 25. */
export function scoreBand(score) {
  return score >= 60 ? 'high' : score >= 25 ? 'medium' : 'low';
}

/** A risk score (0–100) as a bar and its number; an SVG, since the CSP allows no inline style. */
export function scoreBar(score) {
  const value = Math.max(0, Math.min(100, Number(score) || 0));
  return h(
    'span',
    { class: `score score-${scoreBand(value)}`, 'data-testid': 'score', 'data-score': value },
    s(
      'svg',
      { class: 'score-bar', viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
      s('rect', { class: 'score-track', x: 0, y: 0, width: 100, height: 8, rx: 2 }),
      s('rect', { class: 'score-fill', x: 0, y: 0, width: value, height: 8, rx: 2 }),
    ),
    h('span', { class: 'score-value' }, String(value)),
  );
}

/**
 * Cursor pages of a list: `load(page)` fetches that page with the cursor kept for it in
 * `paging` ({ cursors, page }), renders its rows into `body` and the previous/next buttons
 * into `pager`. A view that is no longer current when the answer comes changes nothing.
 */
function cursorPager(ctx, paging, body, pager, fetchPage, render) {
  async function load(page) {
    const data = await fetchPage(paging.cursors[page] ?? undefined);
    if (!ctx.isCurrent()) return;
    paging.page = page;
    paging.cursors[page + 1] = data.nextCursor;
    paging.cursors.length = page + 2;
    body.replaceChildren(render(data.items, page));
    const go = (target) => async () => {
      try {
        await load(target);
      } catch (err) {
        body.replaceChildren(errorBox(err));
      }
    };
    const button = (target, disabled, testid, text) =>
      h(
        'button',
        { type: 'button', class: 'secondary', disabled, onclick: go(target), 'data-testid': testid },
        text,
      );
    pager.replaceChildren(
      button(page - 1, page === 0, 'prev', t('findings.prev')),
      h('span', { class: 'muted', 'data-testid': 'page' }, t('findings.page', { n: count(page + 1) })),
      button(page + 1, !data.nextCursor, 'next', t('findings.next')),
    );
  }
  return load;
}

/**
 * A cursor-paged list in a card: its pages restart from the first when `filters` change
 * (`paging` is the view's own, kept across visits so "back" returns to the page left).
 */
export async function pagedList(ctx, paging, filters, testid, fetchPage, render) {
  const key = JSON.stringify(filters);
  if (paging.key !== key) Object.assign(paging, { key, cursors: [null], page: 0 });
  const body = h('div', { 'data-testid': testid });
  const pager = h('div', { class: 'pager' });
  await cursorPager(ctx, paging, body, pager, fetchPage, render)(paging.page);
  return h('section', { class: 'card' }, body, pager);
}

/** A bar chart's SVG frame: its size, the axis under the plot area, and the bars given. */
export function chartFrame({ width, height, pad, inner, className, label: ariaLabel, testid }, bars) {
  return s(
    'svg',
    {
      class: className,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': ariaLabel,
      'data-testid': testid,
    },
    s('line', {
      x1: pad.left,
      x2: width - pad.right,
      y1: pad.top + inner,
      y2: pad.top + inner,
      class: 'axis',
    }),
    bars,
  );
}
