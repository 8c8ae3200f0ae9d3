/**
 * Longest field accepted, in UTF-16 code units (as `String.length` counts). Longer fields
 * reject their row with `FIELD_TOO_LONG` and are never held in memory whole.
 */
export const MAX_FIELD_LENGTH = 4096;

/** Why one row of an upload was rejected while parsing; the file goes on after it. */
export type BulkRowErrorCode =
  /** CSV: the record does not have exactly one field per column (an empty line has none). */
  | 'CSV_COLUMN_COUNT'
  /** CSV: the input ends inside a quoted field. Always the last row. */
  | 'CSV_UNTERMINATED_QUOTE'
  /** CSV: a quote inside an unquoted field, or characters after a closing quote. */
  | 'CSV_QUOTE_INVALID'
  /** A field is longer than {@link MAX_FIELD_LENGTH}. */
  | 'FIELD_TOO_LONG'
  /**
   * A field breaks the text rule of every API (`findForbiddenCharacter` in @app/domain): a
   * control character other than tab and line breaks (U+0000 cannot even be stored), a
   * lone surrogate (NDJSON `\ud800`), or an invisible format character such as U+202E.
   */
  | 'TEXT_INVALID'
  /** NDJSON: a line longer than any valid row could be (memory guard). */
  | 'ROW_TOO_LONG'
  /** NDJSON: the line is not JSON, or not a JSON object. */
  | 'NDJSON_MALFORMED'
  /** NDJSON: a key that is not the camelCase of a column. */
  | 'NDJSON_UNKNOWN_FIELD'
  /** NDJSON: a value that is neither a string nor null (money is a decimal string). */
  | 'NDJSON_FIELD_NOT_STRING'
  /** NDJSON: a key appears twice in one object. */
  | 'NDJSON_DUPLICATE_KEY';

/** A row read completely: one string per column, in column order. */
export interface BulkParsedRow {
  /** 1-based: CSV counts records after the header; NDJSON counts non-blank lines. */
  readonly rowNumber: number;
  readonly fields: readonly string[];
  readonly error?: undefined;
}

/** A row that could not be read; `detail` is a short English explanation for people. */
export interface BulkRejectedRow {
  readonly rowNumber: number;
  readonly error: BulkRowErrorCode;
  readonly detail: string;
  readonly fields?: undefined;
}

/** Every row of an upload comes out as exactly one of these; test `row.error === undefined`. */
export type BulkRow = BulkParsedRow | BulkRejectedRow;

/**
 * What the parsers push (objectMode): rows in input order, numbered 1, 2, 3, … without
 * gaps, so the last row number is the row count. Batches are never empty and hold at most
 * {@link MAX_BATCH_ROWS} rows.
 */
export interface BulkRowBatch {
  readonly rows: readonly BulkRow[];
}

/** Upper bound on `BulkRowBatch.rows.length`. */
export const MAX_BATCH_ROWS = 4096;
