// Risk ranking: the taxpayers of the officer's subtree scored for a period, highest score
// first (ties by tax at risk) as the API ranks them, server-side cursor pages (50 rows; a stack
// of cursors for "previous"), each row leading to the taxpayer page.
import { get } from '../api.js';
import { h, href, navigate } from '../dom.js';
import { count, money } from '../format.js';
import { label, t } from '../i18n.js';
import { field, listFilters, pagedList, periodInput, scoreBar, submitFilters, table } from './common.js';

const FILTERS = ['period', 'bureauCode'];
const PAGE_SIZE = 50;

/** The ranking the officer came from (filters included), for the taxpayer page's "back" link. */
let lastRanking = null;
export function lastRankingHash() {
  return lastRanking;
}

/** The pages seen of the current filter: cursors[i] fetches page i (cursors[0] = none). */
const paging = { key: null, cursors: [null], page: 0 };

function filterForm(filters) {
  return h(
    'form',
    {
      class: 'filters',
      'data-testid': 'risk-filters',
      onsubmit: submitFilters('/risk', FILTERS),
    },
    field(t('period'), periodInput(filters.period)),
    field(
      t('bureau'),
      h('input', {
        name: 'bureauCode',
        value: filters.bureauCode ?? '',
        inputmode: 'numeric',
        maxlength: 11,
        size: 12,
        'data-testid': 'filter-bureauCode',
      }),
    ),
    h('button', { type: 'submit', 'data-testid': 'apply' }, t('apply')),
    h('a', { class: 'button secondary', href: href('/risk', { period: filters.period }) }, t('reset')),
  );
}

/** The categories of a row as chips, the count beside each (largest first). */
export function categoryChips(categories) {
  const entries = Object.entries(categories ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!entries.length) return '—';
  return h(
    'span',
    { class: 'chips' },
    entries.map(([category, n]) =>
      h('span', { class: 'chip', 'data-category': category }, label('cat', category), h('b', {}, ` ×${n}`)),
    ),
  );
}

function rankingTable(items, firstRank, period) {
  if (!items.length) return h('div', { class: 'muted', 'data-testid': 'risk-empty' }, t('risk.empty'));
  const rows = items.map((item, i) => ({ ...item, rank: firstRank + i }));
  const taxpayerHref = (r) => href(`/taxpayers/${encodeURIComponent(r.taxId)}`, { period });
  return table(
    [
      { title: t('risk.rank'), cell: (r) => count(r.rank), class: 'num' },
      {
        title: t('risk.taxpayer'),
        cell: (r) =>
          h('div', {}, h('a', { href: taxpayerHref(r) }, r.name), h('div', { class: 'mono muted' }, r.taxId)),
      },
      { title: t('bureau'), cell: (r) => r.bureauCode, class: 'mono' },
      { title: t('risk.score'), cell: (r) => scoreBar(r.score) },
      { title: t('risk.categories'), cell: (r) => categoryChips(r.categories) },
      { title: t('taxAtRisk'), cell: (r) => money(r.taxAtRisk), class: 'num' },
      {
        title: '',
        cell: (r) => h('a', { href: taxpayerHref(r), 'data-testid': 'open-taxpayer' }, t('risk.open')),
      },
    ],
    rows,
    (r) => ({
      class: 'clickable',
      'data-taxid': r.taxId,
      onclick: (e) =>
        e.target.closest('a') || navigate(`/taxpayers/${encodeURIComponent(r.taxId)}`, { period }),
    }),
  );
}

export async function riskView(ctx) {
  const filters = listFilters(ctx.params, FILTERS);
  lastRanking = location.hash;
  const results = await pagedList(
    ctx,
    paging,
    filters,
    'risk-results',
    (cursor) => get('/v1/risk/taxpayers', { ...filters, limit: PAGE_SIZE, cursor }),
    (items, page) => rankingTable(items, page * PAGE_SIZE + 1, filters.period),
  );

  return h(
    'div',
    { class: 'page', 'data-testid': 'risk' },
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('risk.title')),
      h('span', { class: 'muted' }, t('risk.sorted')),
    ),
    h('section', { class: 'card' }, filterForm(filters), h('div', { class: 'muted' }, t('risk.rule'))),
    results,
  );
}
