// One taxpayer for a period: identity (industry, status), its status history, the risk score
// with its parts, the findings naming it (each leading to the finding page) and a 12-period
// chart of what it issued and claimed (inline SVG).
import { ApiError, get } from '../api.js';
import { h, href, navigate, s } from '../dom.js';
import { count, currentPeriod, day, money, when } from '../format.js';
import { label, t } from '../i18n.js';
import { chartFrame, errorBox, field, periodInput, scoreBar, section, statusBadge, table } from './common.js';
import { graphSection } from './graph.js';
import { lastRankingHash } from './risk.js';

function notFound() {
  return h(
    'div',
    { class: 'page' },
    h('div', { class: 'notice', role: 'alert', 'data-testid': 'not-found' }, t('taxpayer.notFound')),
    h('a', { href: lastRankingHash() ?? '#/risk' }, t('taxpayer.back')),
  );
}

/** The status history, or the error to show in its place (the rest of the page stands). */
async function statusHistory(taxId) {
  try {
    return await get(`/v1/taxpayers/${encodeURIComponent(taxId)}/status-history`);
  } catch (err) {
    return { error: err };
  }
}

function industryText(industry) {
  if (!industry) return '—';
  const section = label('industry', industry[0]);
  return section === industry[0] ? industry : `${industry} · ${section}`;
}

function identity(r) {
  return section(
    t('taxpayer.identity'),
    h(
      'dl',
      { class: 'kv', 'data-testid': 'identity' },
      h('dt', {}, t('taxId')),
      h('dd', { class: 'mono' }, r.taxId),
      h('dt', {}, t('bureau')),
      h('dd', { class: 'mono' }, r.bureauCode),
      h('dt', {}, t('taxpayer.status')),
      h('dd', { 'data-testid': 'taxpayer-status' }, label('tpStatus', r.status)),
      h('dt', {}, t('taxpayer.industry')),
      h('dd', { 'data-testid': 'industry' }, industryText(r.industry)),
      h('dt', {}, t('taxpayer.registeredAt')),
      h('dd', {}, day(r.registeredAt)),
    ),
  );
}

function history(result) {
  if (result.error) return section(t('taxpayer.statusHistory'), errorBox(result.error));
  const items = result.items ?? [];
  return section(
    t('taxpayer.statusHistory'),
    items.length
      ? h(
          'div',
          { 'data-testid': 'status-history' },
          table(
            [
              { title: t('at'), cell: (c) => when(c.changedAt) },
              {
                title: t('taxpayer.change'),
                cell: (c) => `${label('tpStatus', c.from)} → ${label('tpStatus', c.to)}`,
              },
              { title: t('taxpayer.reason'), cell: (c) => c.reason ?? '—' },
              { title: t('actor'), cell: (c) => c.changedByUsername ?? c.changedBy ?? '—' },
            ],
            items,
          ),
        )
      : h('div', { class: 'muted', 'data-testid': 'status-history' }, t('taxpayer.noStatusHistory')),
  );
}

function score(r) {
  const facts = h(
    'dl',
    { class: 'kv' },
    h('dt', {}, t('taxAtRisk')),
    h('dd', { class: 'money' }, money(r.taxAtRisk)),
    h('dt', {}, t('taxpayer.ruleSet')),
    h('dd', {}, r.ruleSetVersion ?? '—'),
    h('dt', {}, t('taxpayer.computedAt')),
    h('dd', {}, when(r.computedAt)),
  );
  const parts = r.parts.length
    ? h(
        'div',
        { 'data-testid': 'parts' },
        table(
          [
            { title: t('category'), cell: (p) => label('cat', p.category) },
            { title: t('findings'), cell: (p) => count(p.findings), class: 'num' },
            { title: t('taxpayer.points'), cell: (p) => `+${p.points}`, class: 'num' },
          ],
          r.parts,
          (p) => ({ 'data-category': p.category }),
        ),
      )
    : h('div', { class: 'muted', 'data-testid': 'parts' }, t('taxpayer.noScore'));
  return section(
    t('taxpayer.score'),
    h(
      'div',
      { class: 'score-big', 'data-testid': 'taxpayer-score' },
      scoreBar(r.score),
      h('span', { class: 'muted' }, '/ 100'),
    ),
    parts,
    facts,
    h('p', { class: 'muted small' }, t('risk.rule')),
  );
}

function findings(r) {
  const rows = r.findings.length
    ? table(
        [
          {
            title: t('taxAtRisk'),
            cell: (f) => h('a', { href: `#/findings/${encodeURIComponent(f.id)}` }, money(f.taxAtRisk)),
            class: 'num',
          },
          { title: t('category'), cell: (f) => label('cat', f.category) },
          { title: t('state'), cell: (f) => label('state', f.state) },
          { title: t('status'), cell: (f) => statusBadge(f.status) },
          {
            title: t('invoice'),
            cell: (f) => (f.invoiceCode ? `${f.invoiceCode} / ${f.invoiceNumber}` : '—'),
            class: 'mono',
          },
          { title: t('seller'), cell: (f) => f.sellerTaxId ?? '—', class: 'mono' },
          { title: t('buyer'), cell: (f) => f.buyerTaxId ?? '—', class: 'mono' },
        ],
        r.findings,
        (f) => ({
          class: `clickable${f.state === 'resolved' ? ' resolved' : ''}`,
          'data-finding': f.id,
          onclick: (e) => e.target.closest('a') || navigate(`/findings/${encodeURIComponent(f.id)}`),
        }),
      )
    : h('div', { class: 'muted' }, t('findings.empty'));
  return section(
    t('taxpayer.findings'),
    h('div', { 'data-testid': 'taxpayer-findings' }, rows),
    r.findingsTruncated
      ? h('div', { class: 'muted' }, t('taxpayer.findingsTruncated', { n: r.findings.length }))
      : null,
    h('a', { href: href('/findings', { period: r.period, taxId: r.taxId }) }, t('taxpayer.allFindings')),
  );
}

/** Issued and claimed amounts per period, side by side; the amounts in each bar's tooltip. */
function trendChart(items) {
  const width = 720;
  const height = 220;
  const pad = { top: 12, bottom: 28, left: 8, right: 8 };
  const max = Math.max(1, ...items.flatMap((i) => [Number(i.issuedAmount), Number(i.claimedAmount)]));
  const slot = (width - pad.left - pad.right) / Math.max(1, items.length);
  const barWidth = Math.max(3, slot * 0.32);
  const inner = height - pad.top - pad.bottom;
  const bar = (kind, value, x, tip) => {
    const barHeight = (Number(value) / max) * inner;
    return s(
      'rect',
      {
        class: kind,
        x: x.toFixed(1),
        y: (pad.top + inner - barHeight).toFixed(1),
        width: barWidth.toFixed(1),
        height: Math.max(0, barHeight).toFixed(1),
        rx: 1.5,
      },
      s('title', {}, tip),
    );
  };
  const groups = items.map((item, i) => {
    const x = pad.left + i * slot + slot / 2 - barWidth;
    return s(
      'g',
      { class: 'period', 'data-period': item.period },
      bar(
        'issued',
        item.issuedAmount,
        x,
        `${item.period} ${t('taxpayer.issued')}: ${money(item.issuedAmount)} (${money(item.issuedTax)})`,
      ),
      bar(
        'claimed',
        item.claimedAmount,
        x + barWidth,
        `${item.period} ${t('taxpayer.claimed')}: ${money(item.claimedAmount)} (${money(item.claimedTax)})`,
      ),
      s(
        'text',
        { x: (x + barWidth).toFixed(1), y: height - 10, class: 'bar-label', 'text-anchor': 'middle' },
        item.period.slice(2),
      ),
    );
  });
  const chart = chartFrame(
    {
      width,
      height,
      pad,
      inner,
      className: 'trend pair',
      label: t('taxpayer.trend'),
      testid: 'taxpayer-trend',
    },
    groups,
  );
  const legend = h(
    'div',
    { class: 'legend' },
    h('span', { class: 'key issued' }, t('taxpayer.issued')),
    h('span', { class: 'key claimed' }, t('taxpayer.claimed')),
    h('span', { class: 'muted small' }, t('taxpayer.trendNote')),
  );
  return section(t('taxpayer.trend'), chart, legend);
}

/** The invoice-flow graph around it, two hops of ¥100,000 or more: drawn once it has loaded. */
function tradeGraph(taxId, period) {
  const holder = h('div', { 'data-testid': 'trade-graph-holder' }, section(t('graph.title'), t('loading')));
  get(`/v1/taxpayers/${encodeURIComponent(taxId)}/graph`, { period, depth: 2, minAmount: '100000' })
    .then((g) =>
      holder.replaceChildren(graphSection(t('graph.title'), g, g.truncated ? t('graph.truncated') : null)),
    )
    .catch((err) => holder.replaceChildren(section(t('graph.title'), errorBox(err))));
  return holder;
}

export async function taxpayerView(ctx, taxId) {
  const period = ctx.params.get('period') || currentPeriod();
  const pendingHistory = statusHistory(taxId); // never rejects
  let risk;
  try {
    risk = await get(`/v1/taxpayers/${encodeURIComponent(taxId)}/risk`, { period });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return notFound();
    throw err;
  }
  const changes = await pendingHistory;
  const picker = periodInput(period);
  const open = () =>
    picker.value && navigate(`/taxpayers/${encodeURIComponent(taxId)}`, { period: picker.value });
  picker.addEventListener('change', open);
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        open();
      },
    },
    field(t('period'), picker),
    h('button', { type: 'submit', 'data-testid': 'apply' }, t('apply')),
  );
  return h(
    'div',
    { class: 'page', 'data-testid': 'taxpayer', 'data-taxid': risk.taxId },
    h(
      'div',
      { class: 'page-head' },
      h(
        'h1',
        {},
        risk.name,
        ' ',
        h('span', { class: `badge tp-${risk.status}` }, label('tpStatus', risk.status)),
      ),
      form,
      h(
        'a',
        { href: lastRankingHash() ?? href('/risk', { period }), 'data-testid': 'back' },
        t('taxpayer.back'),
      ),
    ),
    h(
      'div',
      { class: 'columns' },
      score(risk),
      h('div', { class: 'stack' }, identity(risk), history(changes)),
    ),
    trendChart(risk.trend),
    findings(risk),
    tradeGraph(taxId, period),
  );
}
