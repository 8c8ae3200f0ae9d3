// Ad-hoc audit runs: start one (period, optional bureau) and follow its progress by
// polling GET /v1/audits/{runId}; the recent runs of your subtree below.
import { api, get } from '../api.js';
import { h, href } from '../dom.js';
import { count, currentPeriod, when } from '../format.js';
import { label, t } from '../i18n.js';
import { errorBox, field, periodInput, section, table } from './common.js';

const POLL_MS = 1000;
const DONE = new Set(['completed', 'failed']);

function runPanel(run) {
  const percent = Math.max(0, Math.min(100, Number(run.progress?.percent ?? 0)));
  const counts = Object.entries(run.counts ?? {}).filter(([, n]) => Number(n) > 0);
  return h(
    'div',
    { class: 'run', 'data-testid': 'run', 'data-status': run.status },
    h(
      'div',
      {},
      h('span', { class: 'mono' }, run.runId),
      ' · ',
      run.period,
      ' · ',
      h('strong', { 'data-testid': 'run-status' }, label('runStatus', run.status)),
    ),
    h('progress', { max: 100, value: percent, 'data-testid': 'run-progress' }, `${percent}%`),
    h('span', { class: 'muted' }, ` ${percent}%`),
    run.error ? h('div', { class: 'form-error' }, run.error) : null,
    counts.length
      ? h(
          'div',
          {},
          t('audit.counts'),
          ': ',
          counts.map(([c, n]) => `${label('cat', c)} ${count(n)}`).join(' · '),
          ' ',
          h('a', { href: href('/findings', { period: run.period, runId: run.runId }) }, t('nav.findings')),
        )
      : null,
  );
}

export async function auditView(ctx) {
  const canStart = ['auditor', 'admin'].includes(ctx.claims.role);
  const progress = h('div', { 'data-testid': 'run-holder' });

  async function follow(runId) {
    while (ctx.isCurrent()) {
      let run;
      try {
        run = await get(`/v1/audits/${encodeURIComponent(runId)}`);
      } catch (err) {
        progress.replaceChildren(errorBox(err));
        return;
      }
      if (!ctx.isCurrent()) return;
      progress.replaceChildren(runPanel(run));
      if (DONE.has(run.status)) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  const period = periodInput(ctx.params.get('period') || currentPeriod());
  const bureau = h('input', {
    name: 'bureauCode',
    inputmode: 'numeric',
    maxlength: 11,
    size: 12,
    'data-testid': 'audit-bureau',
  });
  const start = canStart
    ? h(
        'form',
        {
          class: 'filters',
          'data-testid': 'audit-form',
          onsubmit: async (e) => {
            e.preventDefault();
            const body = { period: period.value };
            if (bureau.value.trim()) body.bureauCode = bureau.value.trim();
            try {
              const run = await api('POST', '/v1/audits', { body, idempotencyKey: crypto.randomUUID() });
              progress.replaceChildren(runPanel(run));
              void follow(run.runId);
            } catch (err) {
              progress.replaceChildren(errorBox(err));
            }
          },
        },
        field(t('period'), period),
        field(t('audit.bureauOptional'), bureau),
        h('button', { type: 'submit', 'data-testid': 'audit-start' }, t('audit.start')),
      )
    : h('div', { class: 'muted' }, t('audit.notAllowed'));

  const recent = await get('/v1/audits', { limit: 10 });
  const runs = recent.items.length
    ? table(
        [
          { title: t('run'), cell: (r) => r.runId, class: 'mono small' },
          { title: t('period'), cell: (r) => r.period },
          {
            title: t('bureau'),
            cell: (r) => r.scope?.bureauCode ?? (r.scope?.taxIds ? `${r.scope.taxIds.length} ×` : '—'),
            class: 'mono',
          },
          { title: t('status'), cell: (r) => label('runStatus', r.status) },
          { title: t('audit.progress'), cell: (r) => `${r.progress?.percent ?? 0}%`, class: 'num' },
          { title: t('at'), cell: (r) => when(r.createdAt) },
          {
            title: '',
            cell: (r) =>
              h(
                'button',
                { type: 'button', class: 'secondary', onclick: () => void follow(r.runId) },
                t('audit.follow'),
              ),
          },
        ],
        recent.items,
      )
    : h('div', { class: 'muted' }, '—');

  return h(
    'div',
    { class: 'page', 'data-testid': 'audit' },
    section(t('audit.title'), start, progress),
    section(t('audit.recent'), runs),
  );
}
