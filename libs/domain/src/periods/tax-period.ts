import { BusinessRuleError, ValidationError } from '../errors/domain-error';

/** A calendar date 'YYYY-MM-DD' that has passed {@link parseDate}. */
export type IsoDate = string;
/** A tax period (one calendar month) 'YYYY-MM' that has passed {@link parsePeriod}. */
export type TaxPeriod = string;

/** Tax dates are the calendar dates of the State Taxation Administration's zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** Last day of the month on which the previous period may still be filed and issued into. */
export const FILING_WINDOW_LAST_DAY = 15;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD_PATTERN = /^(\d{4})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Computed rather than asked of `Date`, which maps years 0–99 to 1900–1999.
/** Days in a month of the Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Parses a real calendar date 'YYYY-MM-DD' (year 0001–9999). 2026-02-30 and 2025-02-29
 * are rejected, not rolled over as `Date` would.
 * @throws ValidationError `DATE_INVALID` with details `{ field, reason }`,
 *   reason `NOT_A_STRING` | `FORMAT` | `CALENDAR`.
 */
export function parseDate(input: unknown, field: string): IsoDate {
  if (typeof input !== 'string') {
    throw new ValidationError('DATE_INVALID', `${field} must be a date string 'YYYY-MM-DD'`, {
      field,
      reason: 'NOT_A_STRING',
    });
  }
  const m = DATE_PATTERN.exec(input);
  if (!m) {
    throw new ValidationError('DATE_INVALID', `${field} must be a date 'YYYY-MM-DD'`, {
      field,
      reason: 'FORMAT',
    });
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new ValidationError('DATE_INVALID', `${field} is not a calendar date: ${input}`, {
      field,
      reason: 'CALENDAR',
    });
  }
  return input;
}

/**
 * Parses a tax period 'YYYY-MM' (month 01–12).
 * @throws ValidationError `PERIOD_INVALID` with details `{ field, reason }`,
 *   reason `NOT_A_STRING` | `FORMAT` | `CALENDAR`.
 */
export function parsePeriod(input: unknown, field: string): TaxPeriod {
  if (typeof input !== 'string') {
    throw new ValidationError('PERIOD_INVALID', `${field} must be a period string 'YYYY-MM'`, {
      field,
      reason: 'NOT_A_STRING',
    });
  }
  const m = PERIOD_PATTERN.exec(input);
  if (!m) {
    throw new ValidationError('PERIOD_INVALID', `${field} must be a period 'YYYY-MM'`, {
      field,
      reason: 'FORMAT',
    });
  }
  const [year, month] = [Number(m[1]), Number(m[2])];
  if (year < 1 || month < 1 || month > 12) {
    throw new ValidationError('PERIOD_INVALID', `${field} is not a calendar month: ${input}`, {
      field,
      reason: 'CALENDAR',
    });
  }
  return input;
}

function splitPeriod(period: TaxPeriod): [number, number] {
  const p = parsePeriod(period, 'period');
  return [Number(p.slice(0, 4)), Number(p.slice(5, 7))];
}

/** The tax period a date falls in: '2026-03-14' → '2026-03'. */
export function periodOf(date: IsoDate): TaxPeriod {
  return parseDate(date, 'date').slice(0, 7);
}

/** '2026-01' → '2025-12'. */
export function previousPeriod(period: TaxPeriod): TaxPeriod {
  const [y, m] = splitPeriod(period);
  return m === 1 ? `${pad(y - 1, 4)}-12` : `${pad(y, 4)}-${pad(m - 1, 2)}`;
}

/** '2025-12' → '2026-01'. */
export function nextPeriod(period: TaxPeriod): TaxPeriod {
  const [y, m] = splitPeriod(period);
  return m === 12 ? `${pad(y + 1, 4)}-01` : `${pad(y, 4)}-${pad(m + 1, 2)}`;
}

/** First day of the period: '2024-02' → '2024-02-01'. */
export function periodStart(period: TaxPeriod): IsoDate {
  splitPeriod(period);
  return `${period}-01`;
}

/** Last day of the period, leap years included: '2024-02' → '2024-02-29'. */
export function periodEnd(period: TaxPeriod): IsoDate {
  const [y, m] = splitPeriod(period);
  return `${period}-${pad(daysInMonth(y, m), 2)}`;
}

/** -1, 0 or 1; 'YYYY-MM' sorts lexically, once validated. */
export function comparePeriods(a: TaxPeriod, b: TaxPeriod): -1 | 0 | 1 {
  splitPeriod(a);
  splitPeriod(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when both dates are in the same calendar month (the void window). */
export function isSameCalendarMonth(a: IsoDate, b: IsoDate): boolean {
  return periodOf(a) === periodOf(b);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Answers by zone and UTC second. Every request asks for today, and formatToParts cost
 * 1.3 % of the issuing app's CPU (bench/issuance profile, 2026-12-07). A second is exact:
 * tz offsets are whole seconds, so a local day never changes inside one. More than one
 * answer per zone: an invoice also asks for the dates its certificate's validity begins
 * and ends on (`issueDateWindow`), which evicted a cache of one answer per zone every time
 * (1.3 % again in the next profile). Cleared when full: the hot entries come back at once.
 */
const answers = new Map<string, IsoDate>();
const MAX_ANSWERS = 1024;

/**
 * The calendar date at instant `now` in `timeZone` ('YYYY-MM-DD'). Between 00:00 and
 * 08:00 in Beijing the UTC date is still yesterday, which is why tax dates never come
 * from `toISOString()`.
 * @throws ValidationError `TIME_ZONE_INVALID` for an unknown IANA zone.
 */
export function todayIn(timeZone: string = DEFAULT_TIME_ZONE, now: Date = new Date()): IsoDate {
  const key = `${Math.floor(now.getTime() / 1000)} ${timeZone}`;
  const known = answers.get(key);
  if (known !== undefined) return known;
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      throw new ValidationError('TIME_ZONE_INVALID', `Unknown time zone: ${timeZone}`, { timeZone });
    }
    formatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(now).map((p) => [p.type, p.value]));
  const date = `${pad(Number(parts.year), 4)}-${parts.month}-${parts.day}`;
  if (answers.size >= MAX_ANSWERS) answers.clear();
  answers.set(key, date);
  return date;
}

/**
 * A period is open for issuance while it is today's period, or the previous one up to
 * and including day {@link FILING_WINDOW_LAST_DAY} (the monthly filing window; the real
 * deadline moves for public holidays, which this model ignores).
 */
export function isPeriodOpenForIssuance(period: TaxPeriod, today: IsoDate): boolean {
  const current = periodOf(today);
  if (period === current) return true;
  const day = Number(today.slice(8, 10));
  return period === previousPeriod(current) && day <= FILING_WINDOW_LAST_DAY;
}

/**
 * An invoice may be dated today or back into a period that is still open, never ahead.
 * @throws BusinessRuleError `ISSUE_DATE_IN_FUTURE` or `PERIOD_CLOSED`.
 */
export function assertIssueDate(issueDate: IsoDate, today: IsoDate): void {
  parseDate(issueDate, 'issueDate');
  parseDate(today, 'today');
  if (issueDate > today) {
    throw new BusinessRuleError('ISSUE_DATE_IN_FUTURE', `Issue date ${issueDate} is after today (${today})`, {
      issueDate,
      today,
    });
  }
  const period = periodOf(issueDate);
  if (!isPeriodOpenForIssuance(period, today)) {
    throw new BusinessRuleError(
      'PERIOD_CLOSED',
      `Tax period ${period} is closed for issuance on ${today}; only the current period, or the previous one until day ${FILING_WINDOW_LAST_DAY}, is open`,
      { issueDate, period, today },
    );
  }
}
