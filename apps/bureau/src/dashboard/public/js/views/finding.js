// One finding: seller side vs buyer side(s) with the differing fields marked, history
// across runs, the case trail, and buttons for the moves the case allows (comment required).
import { api, ApiError, get } from '../api.js';
import { h, href } from '../dom.js';
import { money, when } from '../format.js';
import { label, t } from '../i18n.js';
import { errorBox, section, statusBadge, table, TRANSITIONS } from './common.js';
import { lastListHash } from './findings.js';
import { affiliationSection, graphSection, ringGraph } from './graph.js';

const COMPARED = ['sellerTaxId', 'buyerTaxId', 'issueDate', 'amount', 'taxAmount'];
const MONEY_FIELDS = new Set(['amount', 'taxAmount', 'creditedTaxAmount']);
// (a ring's members and edges are drawn: graphSection)
const SHOWN_ELSEWHERE = new Set(['differingFields', 'sellerCopy', 'claim', 'cycle', 'edges']);
// (an affiliated trade's trails are drawn and listed, its invoices are the trade edge's:
// affiliationSection; other categories' details may have invoices of their own)
const AFFILIATION_SHOWN = new Set(['trails', 'invoices']);

function fieldValue(side, name) {
  if (!side) return '—';
  const value = side[name];
  if (value === null || value === undefined || value === '') return '—';
  return MONEY_FIELDS.has(name) ? money(value) : String(value);
}

function comparison(f) {
  const differing = new Set(
    Array.isArray(f.details?.differingFields) ? f.details.differingFields.map(String) : [],
  );
  // The live records first; the engine's snapshot in details when there are none.
  const seller = f.sellerCopies?.[0] ?? f.details?.sellerCopy ?? null;
  // The engine's claim snapshot has no buyer: the claimant is the finding's buyer.
  const buyers = f.claims?.length
    ? f.claims
    : f.details?.claim
      ? [{ buyerTaxId: f.buyerTaxId, ...f.details.claim }]
      : [];
  const buyerColumns = buyers.length ? buyers : [null];
  const head = h(
    'tr',
    {},
    h('th', {}, t('finding.field')),
    h('th', { class: 'side-seller' }, t('finding.sellerSide'), seller?.source ? ` (${seller.source})` : ''),
    buyerColumns.map((c, i) =>
      h(
        'th',
        { class: 'side-buyer' },
        t('finding.buyerSide'),
        buyerColumns.length > 1 ? ` ${i + 1}` : '',
        c?.period ? ` · ${c.period}` : '',
      ),
    ),
  );
  const rows = COMPARED.map((name) => {
    const diff = differing.has(name);
    return h(
      'tr',
      { class: diff ? 'diff' : null, 'data-field': name, 'data-differs': diff ? 'true' : 'false' },
      h(
        'th',
        {},
        label('field', name),
        diff ? h('span', { class: 'diff-mark', title: t('finding.differing') }, ' ≠') : null,
      ),
      h('td', { class: 'mono' }, seller ? fieldValue(seller, name) : t('finding.noSellerCopy')),
      buyerColumns.map((c) => h('td', { class: 'mono' }, c ? fieldValue(c, name) : t('finding.noClaim'))),
    );
  });
  const extraRows = [
    ['status', seller?.status, buyerColumns.map((c) => c?.status)],
    ['type', seller?.type, buyerColumns.map(() => null)],
  ]
    .filter(([, a, b]) => a || b.some(Boolean))
    .map(([name, a, b]) =>
      h(
        'tr',
        {},
        h('th', {}, label('field', name)),
        h('td', {}, a ? label('record', a) : '—'),
        b.map((v) => h('td', {}, v ? label('record', v) : '—')),
      ),
    );
  return h(
    'div',
    {},
    differing.size
      ? h(
          'p',
          { 'data-testid': 'differing' },
          t('finding.differing'),
          ': ',
          [...differing].map((n) => label('field', n)).join(', '),
        )
      : null,
    h(
      'table',
      { class: 'grid compare', 'data-testid': 'compare' },
      h('thead', {}, head),
      h('tbody', {}, rows, extraRows),
    ),
  );
}

function otherDetails(details, shown = new Set()) {
  const entries = Object.entries(details ?? {}).filter(([k]) => !SHOWN_ELSEWHERE.has(k) && !shown.has(k));
  if (!entries.length) return null;
  return section(
    t('finding.details'),
    h(
      'dl',
      { class: 'kv' },
      entries.map(([k, v]) => [
        h('dt', {}, k),
        h('dd', { class: 'mono' }, typeof v === 'string' ? v : JSON.stringify(v)),
      ]),
    ),
  );
}

function caseTrail(trail) {
  if (!trail?.length) return h('div', { class: 'muted', 'data-testid': 'case-trail' }, t('finding.noTrail'));
  return h(
    'ol',
    { class: 'trail', 'data-testid': 'case-trail' },
    trail.map((e) =>
      h(
        'li',
        {},
        h(
          'div',
          {},
          statusBadge(e.fromStatus),
          ' → ',
          statusBadge(e.toStatus),
          ' ',
          h('span', { class: 'muted' }, when(e.at)),
        ),
        h('div', { class: 'comment' }, e.comment),
        h('div', { class: 'muted' }, `${e.actor} · ${e.actorBureauCode}`),
      ),
    ),
  );
}

function caseActions(f, rerender) {
  const allowed = TRANSITIONS[f.status] ?? [];
  if (!allowed.length)
    return section(
      t('finding.action'),
      h('div', { class: 'muted', 'data-testid': 'case-closed' }, t('finding.closed')),
    );
  const comment = h('textarea', {
    name: 'comment',
    rows: 3,
    maxlength: 2000,
    required: true,
    'data-testid': 'case-comment',
  });
  const message = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'case-message' });
  const buttons = allowed.map((to) =>
    h(
      'button',
      {
        type: 'button',
        class: `move move-${to}`,
        'data-testid': `move-${to}`,
        onclick: async () => {
          message.textContent = '';
          if (!comment.value.trim()) {
            message.textContent = t('finding.commentRequired');
            comment.focus();
            return;
          }
          for (const b of buttons) b.disabled = true;
          try {
            const updated = await api('PATCH', `/v1/findings/${encodeURIComponent(f.id)}`, {
              body: { status: to, comment: comment.value.trim() },
            });
            rerender(updated);
          } catch (err) {
            const list =
              err instanceof ApiError && Array.isArray(err.details?.allowed) ? err.details.allowed : null;
            message.replaceChildren(
              errorBox(err),
              list
                ? h(
                    'div',
                    {},
                    t('finding.allowed', {
                      list: list.map((s) => label('status', s)).join(', ') || t('none'),
                    }),
                  )
                : '',
            );
            for (const b of buttons) b.disabled = false;
          }
        },
      },
      t('finding.moveTo', { status: label('status', to) }),
    ),
  );
  return section(
    t('finding.action'),
    h('label', { class: 'field wide' }, h('span', {}, t('finding.comment')), comment),
    h('div', { class: 'actions' }, buttons),
    message,
  );
}

function assist(a) {
  if (!a) return null;
  return section(
    t('finding.assist'),
    h(
      'dl',
      { class: 'kv' },
      h('dt', {}, t('assists.from')),
      h('dd', { class: 'mono' }, a.fromBureauCode),
      h('dt', {}, t('assists.to')),
      h('dd', { class: 'mono' }, a.toBureauCode),
      h('dt', {}, t('assists.due')),
      h('dd', {}, when(a.dueAt)),
      h('dt', {}, t('assists.conclusion')),
      h('dd', {}, a.conclusion ? label('conclusion', a.conclusion) : '—'),
    ),
  );
}

function page(f, rerender) {
  const affiliated = f.category === 'AFFILIATED_TRADE' && Array.isArray(f.details?.trails);
  const facts = h(
    'dl',
    { class: 'kv' },
    h('dt', {}, t('category')),
    h('dd', { 'data-testid': 'category' }, label('cat', f.category)),
    h('dt', {}, t('taxAtRisk')),
    h('dd', { class: 'money' }, money(f.taxAtRisk)),
    h('dt', {}, t('status')),
    h('dd', {}, statusBadge(f.status)),
    h('dt', {}, t('state')),
    h('dd', {}, label('state', f.state)),
    h('dt', {}, t('period')),
    h('dd', {}, f.period),
    h('dt', {}, t('invoice')),
    h('dd', { class: 'mono' }, f.invoiceCode ? `${f.invoiceCode} / ${f.invoiceNumber}` : '—'),
    h('dt', {}, t('seller')),
    h('dd', { class: 'mono' }, `${f.sellerTaxId ?? '—'} · ${f.sellerBureauCode ?? '—'}`),
    h('dt', {}, t('buyer')),
    h('dd', { class: 'mono' }, `${f.buyerTaxId ?? '—'} · ${f.buyerBureauCode ?? '—'}`),
    h('dt', {}, t('firstSeen')),
    h('dd', {}, when(f.firstSeenAt)),
    h('dt', {}, t('lastSeen')),
    h('dd', {}, when(f.lastSeenAt)),
  );
  const history = f.history?.length
    ? table(
        [
          { title: t('event'), cell: (e) => label('event', e.event) },
          { title: t('taxAtRisk'), cell: (e) => money(e.taxAtRisk), class: 'num' },
          { title: t('run'), cell: (e) => e.runId, class: 'mono small' },
          { title: t('at'), cell: (e) => when(e.at) },
        ],
        f.history,
      )
    : h('div', { class: 'muted' }, '—');
  return h(
    'div',
    { class: 'page', 'data-testid': 'finding', 'data-finding': f.id },
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('finding.title', { id: f.id }), ' ', statusBadge(f.status)),
      h(
        'a',
        { href: lastListHash() ?? href('/findings', { period: f.period }), 'data-testid': 'back' },
        t('finding.back'),
      ),
    ),
    h('div', { class: 'columns' }, section(t('finding.compare'), comparison(f)), section('', facts)),
    f.category === 'CIRCULAR_TRADING' && f.details?.cycle
      ? graphSection(t('graph.ringTitle'), ringGraph(f.details))
      : null,
    affiliated ? affiliationSection(f) : null,
    otherDetails(f.details, affiliated ? AFFILIATION_SHOWN : undefined),
    h(
      'div',
      { class: 'columns' },
      section(t('finding.caseTrail'), caseTrail(f.caseTrail)),
      caseActions(f, rerender),
    ),
    section(t('finding.history'), history),
    assist(f.assistRequest),
  );
}

export async function findingView(_ctx, id) {
  let finding;
  try {
    finding = await get(`/v1/findings/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.code === 'FINDING_ID_INVALID')) {
      return h(
        'div',
        { class: 'page' },
        h('div', { class: 'notice', role: 'alert', 'data-testid': 'not-found' }, t('finding.notFound')),
        h('a', { href: '#/findings' }, t('finding.back')),
      );
    }
    throw err;
  }
  const holder = h('div', {});
  const rerender = (f) => holder.replaceChildren(page(f, rerender));
  rerender(finding);
  return holder;
}
