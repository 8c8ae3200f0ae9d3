// Assist requests (协查): inbox / outbox tabs, status filter, due dates with an overdue
// mark, cursor pages, and a reply form on the open requests of the inbox.
import { api, get } from '../api.js';
import { h, href, navigate } from '../dom.js';
import { count, day, money } from '../format.js';
import { label, t } from '../i18n.js';
import { errorBox, field, select, table } from './common.js';

const PAGE_SIZE = 50;

function replyForm(request, reload) {
  const conclusion = h(
    'select',
    { name: 'conclusion', 'data-testid': 'reply-conclusion' },
    ['genuine', 'false', 'undetermined'].map((c) => h('option', { value: c }, label('conclusion', c))),
  );
  const note = h('input', {
    name: 'evidenceNote',
    required: true,
    maxlength: 4000,
    size: 24,
    'data-testid': 'reply-note',
    placeholder: t('assists.evidence'),
  });
  const message = h('span', { class: 'form-error' });
  return h(
    'form',
    {
      class: 'inline',
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          await api('POST', `/v1/assist-requests/${encodeURIComponent(request.id)}/reply`, {
            body: { conclusion: conclusion.value, evidenceNote: note.value.trim() },
            idempotencyKey: `reply-${request.id}`,
          });
          await reload();
        } catch (err) {
          message.replaceChildren(errorBox(err));
        }
      },
    },
    conclusion,
    note,
    h('button', { type: 'submit' }, t('assists.send')),
    message,
  );
}

export async function assistsView(ctx) {
  const box = ctx.params.get('box') === 'outbox' ? 'outbox' : 'inbox';
  const status = ['open', 'answered', 'overdue'].includes(ctx.params.get('status'))
    ? ctx.params.get('status')
    : '';
  const cursors = [null];
  let page = 0;
  const body = h('div', { 'data-testid': 'assists-results' });
  const pager = h('div', { class: 'pager' });

  async function load(target) {
    const data = await get('/v1/assist-requests', {
      box,
      status,
      limit: PAGE_SIZE,
      cursor: cursors[target] ?? undefined,
    });
    if (!ctx.isCurrent()) return;
    page = target;
    cursors[page + 1] = data.nextCursor;
    cursors.length = page + 2;
    body.replaceChildren(
      data.items.length
        ? table(
            [
              {
                title: t('assists.due'),
                cell: (r) => [
                  day(r.dueAt),
                  r.overdue
                    ? h('span', { class: 'badge overdue', 'data-testid': 'overdue' }, t('assists.overdue'))
                    : null,
                ],
              },
              { title: t('assists.statusFilter'), cell: (r) => label('assists.status', r.status) },
              { title: t('period'), cell: (r) => r.period },
              {
                title: t('category'),
                cell: (r) =>
                  h(
                    'a',
                    { href: `#/findings/${encodeURIComponent(r.findingId)}` },
                    label('cat', r.finding?.category),
                  ),
              },
              { title: t('taxAtRisk'), cell: (r) => money(r.finding?.taxAtRisk), class: 'num' },
              { title: t('assists.from'), cell: (r) => r.fromBureauCode, class: 'mono' },
              { title: t('assists.to'), cell: (r) => r.toBureauCode, class: 'mono' },
              {
                title: t('assists.assigned'),
                cell: (r) => [r.assignedBureauCode, r.escalationLevel ? ` (+${r.escalationLevel})` : ''],
                class: 'mono',
              },
              {
                title: t('assists.reply'),
                cell: (r) =>
                  r.reply
                    ? `${label('conclusion', r.reply.conclusion)} · ${r.reply.evidenceNote}`
                    : box === 'inbox'
                      ? replyForm(r, () => load(page))
                      : '—',
              },
            ],
            data.items,
            (r) => ({ class: r.overdue ? 'overdue-row' : null, 'data-assist': r.id }),
          )
        : h('div', { class: 'muted' }, t('assists.empty')),
    );
    const go = (n) => () => load(n).catch((err) => body.replaceChildren(errorBox(err)));
    pager.replaceChildren(
      h(
        'button',
        { type: 'button', class: 'secondary', disabled: page === 0, onclick: go(page - 1) },
        t('findings.prev'),
      ),
      h('span', { class: 'muted' }, t('findings.page', { n: count(page + 1) })),
      h(
        'button',
        { type: 'button', class: 'secondary', disabled: !data.nextCursor, onclick: go(page + 1) },
        t('findings.next'),
      ),
    );
  }
  await load(0);

  const tab = (name) =>
    h(
      'a',
      {
        href: href('/assists', { box: name, status }),
        class: box === name ? 'tab active' : 'tab',
        'data-testid': `tab-${name}`,
      },
      t(`assists.${name}`),
    );
  const statusSelect = select('status', ['open', 'answered', 'overdue'], status, 'assists.status');
  statusSelect.addEventListener('change', () => navigate('/assists', { box, status: statusSelect.value }));
  return h(
    'div',
    { class: 'page', 'data-testid': 'assists' },
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('assists.title')),
      h('div', { class: 'tabs' }, tab('inbox'), tab('outbox')),
    ),
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'filters' }, field(t('assists.statusFilter'), statusSelect)),
      body,
      pager,
    ),
  );
}
