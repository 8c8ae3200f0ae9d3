// The bureau API, called with the officer's bearer token. The token lives in
// sessionStorage: gone with the tab, never shared with other tabs or kept on disk.

const TOKEN_KEY = 'jinshui.token';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.details = (body && body.details) || {};
  }
}

function decodePayload(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = part + '='.repeat((4 - (part.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

export const session = {
  token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  /** The token's claims (bureauCode, role, username, exp) for display; the API checks them. */
  claims() {
    const token = this.token();
    const claims = token ? decodePayload(token) : null;
    if (!claims) return null;
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) return null;
    return claims;
  },
  signIn(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

function url(path, query) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== null && v !== undefined && v !== '') u.searchParams.set(k, String(v));
  }
  return u;
}

function headers(extra = {}) {
  const token = session.token();
  return { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra };
}

async function failure(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: the status alone
  }
  if (res.status === 401 && session.token()) {
    session.signOut();
    location.hash = '#/login';
  }
  return new ApiError(res.status, body);
}

/**
 * @param {string} method
 * @param {string} path
 * @param {{ query?: Record<string, unknown>, body?: unknown, idempotencyKey?: string }} [options]
 */
export async function api(method, path, { query, body, idempotencyKey } = {}) {
  const extra = {};
  if (body !== undefined) extra['Content-Type'] = 'application/json';
  if (idempotencyKey) extra['Idempotency-Key'] = idempotencyKey;
  const res = await fetch(url(path, query), {
    method,
    headers: headers(extra),
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!res.ok) throw await failure(res);
  return res.status === 204 ? null : res.json();
}

export const get = (path, query) => api('GET', path, { query });

/** A file download that needs the bearer header: fetched as a blob, saved through an object URL. */
export async function download(path, query, fallbackName) {
  const res = await fetch(url(path, query), { headers: headers({ Accept: '*/*' }), credentials: 'omit' });
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const objectUrl = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = objectUrl;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
  return name;
}
