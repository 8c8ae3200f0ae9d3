import {
  nextPeriod,
  parsePeriod,
  periodEnd,
  previousPeriod,
  VAT_RATE_TABLE_START,
  type IsoDate,
  type TaxPeriod,
} from '@app/domain';

/**
 * The periods an economy touches: the audited one, the one before (earlier claims of the
 * same invoices), the one after (credit notes and claims that come later), and three
 * back in all (purchases the goods rule looks back on, and one just beyond).
 */
export interface EconomyCalendar {
  period: TaxPeriod;
  previous: TaxPeriod;
  next: TaxPeriod;
  /** The three periods before the audited one, nearest first: previous, then two more. */
  lookback: readonly [TaxPeriod, TaxPeriod, TaxPeriod];
}

export function calendarOf(period: unknown): EconomyCalendar {
  const p = parsePeriod(period, 'period');
  const previous = previousPeriod(p);
  const lookback = [previous, previousPeriod(previous), previousPeriod(previousPeriod(previous))] as const;
  if (`${lookback[2]}-01` < VAT_RATE_TABLE_START) {
    throw new RangeError(`period ${p}: the VAT rate table starts ${VAT_RATE_TABLE_START}`);
  }
  return { period: p, previous, next: nextPeriod(p), lookback };
}

export function daysIn(period: TaxPeriod): number {
  return Number(periodEnd(period).slice(8, 10));
}

/** Day `day` (1-based) of the period. */
export function dateIn(period: TaxPeriod, day: number): IsoDate {
  if (day < 1 || day > daysIn(period)) throw new RangeError(`${period} has no day ${day}`);
  return `${period}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A Beijing wall-clock instant as Postgres reads it ('2018-06-05 10:30:00+08'). The
 * audit compares offline issue dates with revocations on the Beijing calendar, so the
 * economy states its instants in Beijing time too.
 */
export function beijing(date: IsoDate, hours: number, minutes = 0, seconds = 0): string {
  const hh = String(hours).padStart(2, '0');
  const mm = String(minutes).padStart(2, '0');
  const ss = String(seconds).padStart(2, '0');
  return `${date} ${hh}:${mm}:${ss}+08`;
}

/** Milliseconds since the epoch of an instant as the economy writes it ('… +08' or ISO). */
export function instantOf(instant: string): number {
  return Date.parse(instant.replace(' ', 'T').replace(/\+08$/, '+08:00'));
}

/** `a`, or `hours` after `b` when that is later: for a row that cannot predate its taxpayer. */
export function laterInstant(a: string, b: string, hours: number): string {
  const later = instantOf(b) + hours * 3_600_000;
  return instantOf(a) >= later ? a : new Date(later).toISOString();
}
