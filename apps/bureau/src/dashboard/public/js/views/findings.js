// Findings: the API's filters in the hash, server-side cursor pages (50 rows; a stack of
// cursors for "previous"), highest tax at risk first as the API sorts, CSV/XLSX exports.
import { download, get } from '../api.js';
import { h, href, navigate } from '../dom.js';
import { money, when } from '../format.js';
import { label, t } from '../i18n.js';
import {
  CASE_STATUSES,
  CATEGORIES,
  errorBox,
  field,
  listFilters,
  pagedList,
  periodInput,
  select,
  statusBadge,
  submitFilters,
  table,
} from './common.js';

const FILTERS = ['period', 'category', 'status', 'state', 'bureauCode', 'taxId', 'minTaxAtRisk'];
const PAGE_SIZE = 50;

/** The list the officer came from (filters included), for the finding page's "back" link. */
let lastList = null;
export function lastListHash() {
  return lastList;
}

/** The pages seen of the current filter: cursors[i] fetches page i (cursors[0] = none). */
const paging = { key: null, cursors: [null], page: 0 };

function filterForm(filters) {
  const text = (name, extra = {}) =>
    h('input', { name, value: filters[name] ?? '', 'data-testid': `filter-${name}`, ...extra });
  return h(
    'form',
    {
      class: 'filters',
      'data-testid': 'findings-filters',
      onsubmit: submitFilters('/findings', FILTERS),
    },
    field(t('period'), periodInput(filters.period)),
    field(t('category'), select('category', CATEGORIES, filters.category, 'cat')),
    field(t('status'), select('status', CASE_STATUSES, filters.status, 'status')),
    field(t('state'), select('state', ['active', 'resolved'], filters.state, 'state')),
    field(t('bureau'), text('bureauCode', { inputmode: 'numeric', maxlength: 11, size: 12 })),
    field(t('taxId'), text('taxId', { maxlength: 20, size: 20 })),
    field(t('minTaxAtRisk'), text('minTaxAtRisk', { inputmode: 'decimal', size: 10 })),
    h('button', { type: 'submit', 'data-testid': 'apply' }, t('apply')),
    h('a', { class: 'button secondary', href: href('/findings', { period: filters.period }) }, t('reset')),
  );
}

function exportButtons(filters) {
  const status = h('span', { class: 'muted', 'data-testid': 'export-status' });
  const button = (format) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-testid': `export-${format}`,
        onclick: async (e) => {
          const b = e.currentTarget;
          b.disabled = true;
          status.textContent = t('export.busy');
          try {
            const name = await download(
              '/v1/findings/export',
              { ...filters, format },
              `findings-${filters.period}.${format}`,
            );
            status.textContent = name;
          } catch (err) {
            status.replaceChildren(errorBox(err));
          } finally {
            b.disabled = false;
          }
        },
      },
      t(`export.${format}`),
    );
  return h('div', { class: 'exports' }, button('csv'), button('xlsx'), status);
}

function resultsTable(items) {
  if (!items.length)
    return h('div', { class: 'muted', 'data-testid': 'findings-empty' }, t('findings.empty'));
  return table(
    [
      {
        title: t('taxAtRisk'),
        cell: (f) => h('a', { href: `#/findings/${encodeURIComponent(f.id)}` }, money(f.taxAtRisk)),
        class: 'num',
      },
      { title: t('category'), cell: (f) => label('cat', f.category) },
      { title: t('status'), cell: (f) => statusBadge(f.status) },
      { title: t('state'), cell: (f) => label('state', f.state) },
      {
        title: t('invoice'),
        cell: (f) => (f.invoiceCode ? `${f.invoiceCode} / ${f.invoiceNumber}` : '—'),
        class: 'mono',
      },
      { title: t('seller'), cell: (f) => f.sellerTaxId ?? '—', class: 'mono' },
      { title: t('buyer'), cell: (f) => f.buyerTaxId ?? '—', class: 'mono' },
      { title: t('period'), cell: (f) => f.period },
      { title: t('lastSeen'), cell: (f) => when(f.lastSeenAt) },
    ],
    items,
    (f) => ({
      class: 'clickable',
      'data-finding': f.id,
      onclick: (e) => e.target.closest('a') || navigate(`/findings/${encodeURIComponent(f.id)}`),
    }),
  );
}

export async function findingsView(ctx) {
  const filters = listFilters(ctx.params, FILTERS);
  lastList = location.hash;
  const results = await pagedList(
    ctx,
    paging,
    filters,
    'findings-results',
    (cursor) => get('/v1/findings', { ...filters, limit: PAGE_SIZE, cursor }),
    (items) => resultsTable(items),
  );

  return h(
    'div',
    { class: 'page', 'data-testid': 'findings' },
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('findings.title')),
      h('span', { class: 'muted' }, t('findings.sorted')),
    ),
    h('section', { class: 'card' }, filterForm(filters), exportButtons(filters)),
    results,
  );
}
