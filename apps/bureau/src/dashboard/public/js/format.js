import { lang } from './i18n.js';

const BEIJING = 'Asia/Shanghai';

/** This month by the tax calendar (Beijing time), YYYY-MM. */
export function currentPeriod(now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: BEIJING, year: 'numeric', month: '2-digit' })
    .formatToParts(now)
    .reduce((acc, p) => ({ ...acc, [p.type]: p.value }), /** @type {Record<string, string>} */ ({}));
  return `${parts.year}-${parts.month}`;
}

/** Yuan from the API's exact decimal string, with thousands separators (no float rounding). */
export function money(value) {
  if (value === null || value === undefined || value === '') return '—';
  const str = String(value);
  const negative = str.startsWith('-');
  const [int, frac = ''] = (negative ? str.slice(1) : str).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${grouped}${frac ? `.${frac}` : ''}`;
}

export function count(n) {
  return new Intl.NumberFormat(lang() === 'zh' ? 'zh-CN' : 'en-GB').format(Number(n ?? 0));
}

/** A timestamp in Beijing time. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: BEIJING, hour12: false });
}

export function day(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleDateString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: BEIJING });
}
