import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { findInvalidText, ValidationError } from '@app/domain';

/** Query parameters every list route accepts. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

/** The list shape of DESIGN §10. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The key a cursor stands for, or CURSOR_INVALID. A client can forge a cursor, so its
 * values must be ones the list's SQL can take: no text the text rule refuses (a NUL fails
 * the statement), and `isKey` should check each value as strictly as Postgres will read
 * it (see isCursorTimestamp, isCursorBigintId).
 */
export function decodeCursor<K extends Record<string, string | number>>(
  cursor: string,
  isKey: (value: unknown) => value is K,
): K {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (findInvalidText(value) !== null || !isKey(value)) {
    throw new ValidationError('CURSOR_INVALID', 'The cursor is not one this list issued.');
  }
  return value;
}

const CURSOR_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * A timestamp as `utcMicros` writes it into a cursor (`2026-11-27T08:15:30.123456Z`), and
 * a real one: `Date.parse` alone takes `0`, `2026-02-30` or year 275760, which Postgres
 * refuses with an error.
 */
export function isCursorTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !CURSOR_TIMESTAMP.test(value) || value.startsWith('0000')) return false;
  const ms = Date.parse(`${value.slice(0, 23)}Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === value.slice(0, 19);
}

const BIGINT_MAX = 9223372036854775807n;

/** A bigint row id as a decimal string, within Postgres' bigint (19 nines are not). */
export function isCursorBigintId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9]{1,19}$/.test(value) && BigInt(value) <= BIGINT_MAX;
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells whether there
 * is a next page, so no count query is needed.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => Record<string, string | number>,
): Page<Item> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return {
    items: shown.map(toItem),
    nextCursor: more ? encodeCursor(keyOf(shown[shown.length - 1])) : null,
  };
}
