import { findForbiddenCharacter } from '@app/domain';
import { BulkFileError } from './bulk-file.error';
import { BulkRow, BulkRowErrorCode, MAX_FIELD_LENGTH } from './bulk-row';
import { BulkRowParser } from './bulk-row-parser';
import { duplicateKeyOf, hasRepeatedKey } from './json-line-scan';

export interface NdjsonRowParserOptions {
  /** snake_case columns; each line's keys are their camelCase (`invoice_code` → `invoiceCode`). */
  readonly columns: readonly string[];
}

const CR = 13;
const BLANK = /^[ \t\r]*$/;

interface Rejection {
  readonly error: BulkRowErrorCode;
  readonly detail: string;
}

/**
 * Streams an NDJSON upload (UTF-8, optional BOM, `\n` or `\r\n`) into
 * {@link BulkRowBatch}es; see {@link BulkRowParser} for the stream contract.
 * - Each non-blank line yields exactly one row; blank lines are no rows, so `rowNumber` is
 *   the line number as long as the file has no blank lines.
 * - A line must be a JSON object whose keys are camelCased columns, each at most once, and
 *   whose values are strings or null; `fields` follow column order, with `''` for a missing
 *   key or null. Any other line is a rejected row, and parsing goes on with the next line.
 * - A body without any non-blank line fails with `BulkFileError` `FILE_EMPTY`.
 */
export class NdjsonRowParser extends BulkRowParser {
  /** The camelCase keys, in column order. */
  private readonly keys: readonly string[];
  private readonly indexOfKey: ReadonlyMap<string, number>;
  /** Longer lines cannot be valid (every value at most MAX_FIELD_LENGTH even as `\uXXXX`). */
  private readonly maxLineLength: number;
  /** The start of a line whose end has not arrived yet. */
  private tail = '';
  /** The current line already exceeds maxLineLength: drop it up to its end. */
  private skipping = false;
  private rowNumber = 0;

  constructor(options: NdjsonRowParserOptions) {
    super();
    if (options.columns.length === 0) throw new RangeError('NdjsonRowParser needs at least one column');
    const keys = options.columns.map(camelCaseOf);
    this.keys = keys;
    this.indexOfKey = new Map(keys.map((key, index) => [key, index]));
    this.maxLineLength = keys.reduce((sum, key) => sum + 6 * (key.length + MAX_FIELD_LENGTH) + 16, 64);
  }

  protected override finish(): void {
    if (this.skipping) this.rejectTooLong();
    else if (this.tail !== '') this.line(this.tail);
    if (this.rowNumber === 0) throw new BulkFileError('FILE_EMPTY', 'The NDJSON file has no rows.');
  }

  protected override scan(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (this.skipping) {
        this.skipping = false;
        this.rejectTooLong();
      } else if (this.tail !== '') {
        const line = this.tail + text.slice(start, nl);
        this.tail = '';
        this.line(line);
      } else {
        this.line(text.slice(start, nl));
      }
      start = nl + 1;
    }
    if (start === text.length || this.skipping) return;
    this.tail += text.slice(start);
    if (this.tail.length > this.maxLineLength) {
      this.tail = '';
      this.skipping = true;
    }
  }

  private line(text: string): void {
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && BLANK.test(text))) return;
    const end = text.charCodeAt(text.length - 1) === CR ? text.length - 1 : text.length;
    this.add(this.parse(++this.rowNumber, end === text.length ? text : text.slice(0, end)));
  }

  private parse(rowNumber: number, line: string): BulkRow {
    if (line.length > this.maxLineLength) {
      return { rowNumber, error: 'ROW_TOO_LONG', detail: this.tooLongDetail() };
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { rowNumber, error: 'NDJSON_MALFORMED', detail: 'the line is not valid JSON' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { rowNumber, error: 'NDJSON_MALFORMED', detail: 'the line is not a JSON object' };
    }
    const fields = this.fieldsOf(value as Record<string, unknown>, line);
    return Array.isArray(fields) ? { rowNumber, fields } : { rowNumber, ...fields };
  }

  /** The fields of a parsed line in column order, or why there are none. */
  private fieldsOf(object: Record<string, unknown>, line: string): string[] | Rejection {
    const fields = new Array<string>(this.keys.length).fill('');
    let strings = 0;
    let compactLength = 1; // of the object written without spaces or escapes: `{` …
    for (const key in object) {
      strings++;
      const index = this.indexOfKey.get(key);
      if (index === undefined)
        return { error: 'NDJSON_UNKNOWN_FIELD', detail: `unknown field ${quoted(key)}` };
      const field = object[key];
      if (typeof field === 'string') {
        if (field.length > MAX_FIELD_LENGTH)
          return { error: 'FIELD_TOO_LONG', detail: `${key} is longer than ${MAX_FIELD_LENGTH} characters` };
        fields[index] = field;
        strings++;
        compactLength += key.length + field.length + 6; // … `"key":"field",` …
      } else if (field === null) {
        compactLength += key.length + 8; // … `"key":null,` …
      } else {
        return {
          error: 'NDJSON_FIELD_NOT_STRING',
          detail: `${key} must be a string or null, not ${jsonTypeOf(field)}`,
        };
      }
    }
    if (hasRepeatedKey(line, Math.max(compactLength, 2), strings)) {
      return { error: 'NDJSON_DUPLICATE_KEY', detail: `duplicate field ${quoted(duplicateKeyOf(line))}` };
    }
    // A refused character is either in the line as it is (C1 controls and format characters
    // are legal inside JSON strings) or made by an escape (\u0000, a lone \ud800).
    if (line.includes('\\') || findForbiddenCharacter(line) !== null) {
      for (let index = 0; index < fields.length; index++) {
        const bad = findForbiddenCharacter(fields[index]);
        if (bad) return { error: 'TEXT_INVALID', detail: `${this.keys[index]} contains ${bad.codePoint}` };
      }
    }
    return fields;
  }

  private rejectTooLong(): void {
    this.add({ rowNumber: ++this.rowNumber, error: 'ROW_TOO_LONG', detail: this.tooLongDetail() });
  }

  private tooLongDetail(): string {
    return `the line is longer than ${this.maxLineLength} characters`;
  }
}

function camelCaseOf(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function jsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A user-supplied key for a detail message: JSON-quoted, cut to a readable length. */
function quoted(key: string): string {
  return JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key);
}
