// The dashboard's shell: a hash router (#/overview, #/findings, #/findings/:id, #/risk,
// #/taxpayers/:taxId, #/assists, #/audit, #/login), the header with the officer's bureau and
// role, the language switch.
import { api, ApiError, get, session } from './api.js';
import { h, navigate } from './dom.js';
import { label, lang, setLang, t } from './i18n.js';
import { overviewView } from './views/overview.js';
import { findingsView } from './views/findings.js';
import { findingView } from './views/finding.js';
import { riskView } from './views/risk.js';
import { taxpayerView } from './views/taxpayer.js';
import { assistsView } from './views/assists.js';
import { auditView } from './views/audit.js';
import { errorBox } from './views/common.js';

/** @type {[RegExp, (ctx: any, ...args: string[]) => Promise<Node>][]} */
const ROUTES = [
  [/^\/overview$/, overviewView],
  [/^\/findings$/, findingsView],
  [/^\/findings\/([^/]+)$/, findingView],
  [/^\/risk$/, riskView],
  [/^\/taxpayers\/([^/]+)$/, taxpayerView],
  [/^\/assists$/, assistsView],
  [/^\/audit$/, auditView],
];

/** [target, label, other paths it stays highlighted on] */
/** @type {[target: string, key: string, also: string[]][]} */
const NAV = [
  ['/overview', 'nav.overview', []],
  ['/findings', 'nav.findings', []],
  ['/risk', 'nav.risk', ['/taxpayers']],
  ['/assists', 'nav.assists', []],
  ['/audit', 'nav.audit', []],
];

/** The officer's own bureau (for the header), fetched once per login. */
let ownBureau = null;
/** Increases on every navigation: a slow answer for a page already left is dropped. */
let generation = 0;

export function currentGeneration() {
  return generation;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/overview';
  const [path, query = ''] = raw.split('?');
  return { path: path || '/overview', params: new URLSearchParams(query) };
}

function renderHeader(path) {
  const top = document.getElementById('top');
  const claims = session.claims();
  const langButton = h(
    'button',
    {
      type: 'button',
      class: 'link',
      'data-testid': 'lang-switch',
      onclick: () => {
        setLang(lang() === 'zh' ? 'en' : 'zh');
        void render();
      },
    },
    t('switchTo'),
  );
  if (!claims) {
    top.replaceChildren(
      h('div', { class: 'brand' }, t('appTitle')),
      h('div', { class: 'spacer' }),
      langButton,
    );
    return;
  }
  const nav = h(
    'nav',
    {},
    NAV.map(([target, key, also]) =>
      h(
        'a',
        {
          href: `#${target}`,
          class: [target, ...also].some((p) => path.startsWith(p)) ? 'active' : null,
          'data-testid': `nav-${target.slice(1)}`,
        },
        t(key),
      ),
    ),
  );
  const who = h(
    'div',
    { class: 'who', 'data-testid': 'officer' },
    h(
      'span',
      { class: 'bureau-name', 'data-testid': 'officer-bureau' },
      ownBureau?.name ?? claims.bureauCode,
    ),
    h('span', { class: 'badge', 'data-testid': 'officer-role' }, label('role', claims.role)),
    h('span', { class: 'muted' }, claims.username ?? ''),
  );
  const logout = h(
    'button',
    {
      type: 'button',
      class: 'link',
      'data-testid': 'logout',
      onclick: () => {
        session.signOut();
        ownBureau = null;
        navigate('/login');
      },
    },
    t('logout'),
  );
  top.replaceChildren(
    h('div', { class: 'brand' }, t('appTitle')),
    nav,
    h('div', { class: 'spacer' }),
    who,
    langButton,
    logout,
  );
}

function loginView() {
  const username = h('input', {
    name: 'username',
    autocomplete: 'username',
    required: true,
    'data-testid': 'login-username',
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'data-testid': 'login-password',
  });
  const message = h('div', { class: 'form-error', role: 'alert' });
  const button = h('button', { type: 'submit', 'data-testid': 'login-submit' }, t('login.submit'));
  const form = h(
    'form',
    {
      class: 'card login',
      'data-testid': 'login-form',
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = '';
        button.disabled = true;
        try {
          const { accessToken } = await api('POST', '/v1/auth/login', {
            body: { username: username.value, password: password.value },
          });
          session.signIn(accessToken);
          ownBureau = null;
          const back = sessionStorage.getItem('jinshui.after-login');
          sessionStorage.removeItem('jinshui.after-login');
          if (back && back !== '#/login') location.hash = back;
          else navigate('/overview');
        } catch (err) {
          message.textContent =
            err instanceof ApiError && err.status === 401 ? t('login.failed') : errorBox(err).textContent;
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', {}, t('login.title')),
    h('label', {}, t('login.username'), username),
    h('label', {}, t('login.password'), password),
    message,
    button,
  );
  return form;
}

async function render() {
  const mine = ++generation;
  const { path, params } = parseHash();
  const main = document.getElementById('main');
  const claims = session.claims();
  if (!claims && path !== '/login') {
    sessionStorage.setItem('jinshui.after-login', location.hash);
    navigate('/login');
    return;
  }
  if (claims && !ownBureau) {
    try {
      ownBureau = await get(`/v1/bureaus/${encodeURIComponent(claims.bureauCode)}`);
    } catch {
      ownBureau = { code: claims.bureauCode, name: claims.bureauCode };
    }
    if (mine !== generation) return;
  }
  renderHeader(path);
  if (path === '/login') {
    main.replaceChildren(loginView());
    return;
  }
  main.replaceChildren(h('div', { class: 'loading' }, t('loading')));
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  if (!route) {
    navigate('/overview');
    return;
  }
  const [pattern, view] = route;
  const args = path.match(pattern).slice(1).map(decodeURIComponent);
  const ctx = { params, claims, ownBureau, isCurrent: () => mine === generation };
  try {
    const node = await view(ctx, ...args);
    if (mine === generation) main.replaceChildren(node);
  } catch (err) {
    if (mine === generation) main.replaceChildren(errorBox(err));
  }
}

setLang(lang());
window.addEventListener('hashchange', () => void render());
void render();
