/**
 * SQL for a timestamptz column as RFC 3339 in UTC to the microsecond, as Postgres keeps it.
 * A JavaScript Date keeps milliseconds: a keyset cursor or a watermark cut to them would
 * skip or repeat rows stamped within the same millisecond.
 */
export const utcMicros = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
