import { type TaxPeriod, previousPeriod } from '@app/domain';

/** The earliest period there is; the calendar of tax periods stops there. */
const FIRST_PERIOD = '0001-01';

/**
 * The `count` periods ending at `last`, oldest first: ('2026-02', 3) → 2025-12, 2026-01,
 * 2026-02. Shorter only where the calendar starts (year 1) before `count` periods.
 */
export function periodsEnding(last: TaxPeriod, count: number): TaxPeriod[] {
  const periods = [last];
  while (periods.length < count && periods[0] !== FIRST_PERIOD) {
    periods.unshift(previousPeriod(periods[0]));
  }
  return periods;
}
