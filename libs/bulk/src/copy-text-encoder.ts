import { Transform, TransformCallback } from 'node:stream';
import { BulkRow, BulkRowBatch } from './bulk-row';

/** One column value for `COPY … FROM STDIN` (text format); `null` is SQL NULL. */
export type CopyValue = string | number | null;

const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const ESCAPABLE = /[\\\t\n\r\0]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One line of PostgreSQL COPY text format, with its trailing `\n`: values separated by tabs,
 * `\N` for null, and `\`, tab, newline and carriage return backslash-escaped. Throws on what
 * COPY cannot carry (U+0000, a non-finite number), which is a caller's bug: the parsers
 * reject rows containing U+0000 before they get here.
 */
export function encodeCopyRow(values: readonly CopyValue[]): string {
  let line = '';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) line += '\t';
    line += encodeCopyValue(values[index]);
  }
  return `${line}\n`;
}

function encodeCopyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`COPY value must be a finite number, got ${value}`);
    return String(value);
  }
  if (typeof value !== 'string') throw new TypeError(`COPY value must be a string, number or null`);
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPABLE, escapeCharacter) : value;
}

function escapeCharacter(character: string): string {
  const escaped = ESCAPES[character];
  if (escaped === undefined) throw new RangeError('COPY text cannot carry U+0000');
  return escaped;
}

export interface CopyTextEncoderOptions {
  /**
   * The COPY columns of one row, in the order of the COPY column list, or null to leave the
   * row out. It sees rejected rows too, so they can be staged with their error code.
   */
  readonly toValues: (row: BulkRow) => readonly CopyValue[] | null;
  /** Characters gathered before a chunk is pushed; default 64 KiB. */
  readonly chunkSize?: number;
}

/**
 * Turns parser output ({@link BulkRowBatch}es, objectMode) into COPY text chunks of about
 * `chunkSize` characters for a `pg-copy-streams` `from(...)` stream:
 * `pipeline(body, new CsvRowParser(...), new CopyTextEncoder(...), client.query(from(sql)))`.
 */
export class CopyTextEncoder extends Transform {
  private readonly toValues: CopyTextEncoderOptions['toValues'];
  private readonly chunkSize: number;
  private pending = '';

  constructor(options: CopyTextEncoderOptions) {
    super({ writableObjectMode: true });
    this.toValues = options.toValues;
    this.chunkSize = options.chunkSize ?? 64 * 1024;
  }

  override _transform(batch: BulkRowBatch, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      for (const row of batch.rows) {
        const values = this.toValues(row);
        if (values === null) continue;
        this.pending += encodeCopyRow(values);
        if (this.pending.length >= this.chunkSize) {
          this.push(this.pending);
          this.pending = '';
        }
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.pending !== '') this.push(this.pending);
    this.pending = '';
    callback();
  }
}
