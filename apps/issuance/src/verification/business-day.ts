/** China's business day: UTC+8 all year round (no daylight saving time). */
const BEIJING_OFFSET_MS = 8 * 3600_000;

export interface BusinessDay {
  /** The Beijing calendar day, YYYY-MM-DD. */
  day: string;
  /** Seconds from `now` to the next Beijing midnight, at least 1. */
  secondsLeft: number;
}

/** The Beijing calendar day of `now` and what remains of it (the public check quota's day). */
export function beijingDayOf(now: Date): BusinessDay {
  const local = new Date(now.getTime() + BEIJING_OFFSET_MS);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  return {
    day: local.toISOString().slice(0, 10),
    secondsLeft: Math.max(1, Math.ceil((midnight - local.getTime()) / 1000)),
  };
}
