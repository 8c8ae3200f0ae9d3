// Overview: totals per category, a 12-period trend (inline SVG) and the bureaus (then
// taxpayers) below, each row drilling down one tier; the bureau and period are in the hash.
import { get } from '../api.js';
import { h, href, navigate, s } from '../dom.js';
import { count, currentPeriod, money } from '../format.js';
import { label, t } from '../i18n.js';
import { CATEGORIES, chartFrame, field, periodInput, section, table } from './common.js';

function breadcrumbs(bureau, ownCode, period) {
  // Only the officer's own bureau and below: anything above is outside the subtree.
  const chain = [...(bureau.ancestors ?? []), bureau];
  const start = Math.max(
    0,
    chain.findIndex((b) => b.code === ownCode),
  );
  return h(
    'nav',
    { class: 'crumbs', 'data-testid': 'breadcrumbs' },
    chain
      .slice(start)
      .map((b, i, list) =>
        i === list.length - 1
          ? h('span', { class: 'crumb current', 'data-code': b.code }, b.name)
          : [
              h(
                'a',
                { class: 'crumb', href: href('/overview', { period, bureau: b.code }), 'data-code': b.code },
                b.name,
              ),
              ' › ',
            ],
      ),
  );
}

function totalsCards(totals, bureauCode, period) {
  const present = CATEGORIES.filter((c) => Number(totals?.counts?.[c] ?? 0) > 0);
  const cards = present.map((c) =>
    h(
      'a',
      { class: 'stat', href: href('/findings', { period, bureauCode, category: c }), 'data-category': c },
      h('div', { class: 'stat-label' }, label('cat', c)),
      h('div', { class: 'stat-value' }, count(totals.counts[c])),
      h('div', { class: 'stat-money' }, money(totals.taxAtRisk?.[c] ?? '0.00')),
    ),
  );
  return h(
    'div',
    { class: 'stats', 'data-testid': 'totals' },
    h(
      'div',
      { class: 'stat total' },
      h('div', { class: 'stat-label' }, t('total')),
      h('div', { class: 'stat-value', 'data-testid': 'total-findings' }, count(totals?.totalFindings ?? 0)),
      h('div', { class: 'stat-money', 'data-testid': 'total-tax' }, money(totals?.totalTaxAtRisk ?? '0.00')),
    ),
    cards.length ? cards : h('div', { class: 'muted' }, t('overview.noFindings')),
  );
}

/** Bars of tax at risk per period, the number of findings above each bar. */
function trendChart(items) {
  const width = 720;
  const height = 200;
  const pad = { top: 22, bottom: 28, left: 8, right: 8 };
  const values = items.map((i) => Number(i.totalTaxAtRisk ?? 0));
  const max = Math.max(1, ...values);
  const slot = (width - pad.left - pad.right) / Math.max(1, items.length);
  const barWidth = Math.max(4, slot * 0.6);
  const inner = height - pad.top - pad.bottom;
  const bars = items.map((item, i) => {
    const barHeight = (values[i] / max) * inner;
    const x = pad.left + i * slot + (slot - barWidth) / 2;
    const y = pad.top + inner - barHeight;
    return s(
      'g',
      { class: 'bar', 'data-period': item.period },
      s('title', {}, `${item.period}: ${count(item.totalFindings)} · ${money(item.totalTaxAtRisk)}`),
      s('rect', {
        x: x.toFixed(1),
        y: y.toFixed(1),
        width: barWidth.toFixed(1),
        height: Math.max(0, barHeight).toFixed(1),
        rx: 2,
      }),
      s(
        'text',
        {
          x: (x + barWidth / 2).toFixed(1),
          y: (y - 6).toFixed(1),
          class: 'bar-count',
          'text-anchor': 'middle',
        },
        count(item.totalFindings),
      ),
      s(
        'text',
        { x: (x + barWidth / 2).toFixed(1), y: height - 10, class: 'bar-label', 'text-anchor': 'middle' },
        item.period.slice(2),
      ),
    );
  });
  return chartFrame(
    { width, height, pad, inner, className: 'trend', label: t('overview.trend'), testid: 'trend' },
    bars,
  );
}

function childrenTable(summary, period) {
  const taxpayers = summary.items.some((i) => i.level === 'taxpayer');
  const open = (row) =>
    row.level === 'taxpayer'
      ? navigate('/findings', { period, taxId: row.code, bureauCode: summary.bureau.code })
      : navigate('/overview', { period, bureau: row.code });
  const rows = table(
    [
      {
        title: t('name'),
        cell: (r) =>
          h(
            'a',
            {
              href:
                r.level === 'taxpayer'
                  ? href('/findings', { period, taxId: r.code, bureauCode: summary.bureau.code })
                  : href('/overview', { period, bureau: r.code }),
            },
            r.name,
          ),
      },
      { title: taxpayers ? t('taxId') : t('code'), cell: (r) => r.code, class: 'mono' },
      { title: t('level'), cell: (r) => label('level', r.level) },
      { title: t('findings'), cell: (r) => count(r.totalFindings), class: 'num' },
      { title: t('taxAtRisk'), cell: (r) => money(r.totalTaxAtRisk), class: 'num' },
    ],
    summary.items,
    (r) => ({
      class: 'clickable',
      'data-code': r.code,
      'data-level': r.level,
      onclick: (e) => e.target.closest('a') || open(r),
    }),
  );
  return section(
    taxpayers ? t('overview.taxpayers') : t('overview.children'),
    summary.items.length ? rows : h('div', { class: 'muted' }, t('overview.noFindings')),
    summary.truncated
      ? h('div', { class: 'muted' }, t('overview.truncated', { n: summary.items.length }))
      : null,
  );
}

export async function overviewView(ctx) {
  const period = ctx.params.get('period') || currentPeriod();
  const bureauCode = ctx.params.get('bureau') || ctx.claims.bureauCode;
  const [bureau, summary, trend] = await Promise.all([
    get(`/v1/bureaus/${encodeURIComponent(bureauCode)}`),
    get('/v1/reports/summary', { period, bureauCode }),
    get('/v1/reports/trend', { period, bureauCode, periods: 12 }),
  ]);
  const picker = periodInput(period);
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        navigate('/overview', { period: picker.value, bureau: bureauCode });
      },
    },
    field(t('period'), picker),
    h('button', { type: 'submit', 'data-testid': 'apply' }, t('apply')),
  );
  picker.addEventListener(
    'change',
    () => picker.value && navigate('/overview', { period: picker.value, bureau: bureauCode }),
  );
  return h(
    'div',
    { class: 'page', 'data-testid': 'overview', 'data-bureau': bureauCode },
    h('div', { class: 'page-head' }, h('h1', {}, t('overview.title'), ' · ', bureau.name), form),
    breadcrumbs(bureau, ctx.claims.bureauCode, period),
    section(t('overview.totals'), totalsCards(summary.totals, bureauCode, period)),
    section(t('overview.trend'), trendChart(trend.items ?? [])),
    childrenTable(summary, period),
  );
}
