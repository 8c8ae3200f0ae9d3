import { findForbiddenCharacter } from '@app/domain';
import { BulkFileError } from './bulk-file.error';
import { BulkRow, BulkRowErrorCode } from './bulk-row';
import { BulkRowParser } from './bulk-row-parser';
import { CsvRecordScanner } from './csv-record-scanner';

export interface CsvRowParserOptions {
  /** The exact header expected, in order, e.g. `['invoice_code', 'invoice_number', …]`. */
  readonly columns: readonly string[];
}

/**
 * Streams an RFC 4180 CSV upload (UTF-8, optional BOM, `\n` or `\r\n`) into
 * {@link BulkRowBatch}es; see {@link BulkRowParser} for the stream contract.
 * - The first non-empty record must equal `columns` (names trimmed, order significant),
 *   else the stream fails with `BulkFileError` `CSV_HEADER_INVALID` before any row.
 *   No header at all fails with `FILE_EMPTY` at the end; a header alone yields no rows.
 * - Every later record yields exactly one row, numbered 1, 2, … by record (a quoted line
 *   break does not start a record, so Excel's row number is `rowNumber + 1`). It has
 *   `fields` when it has one field per column and no fault, else an `error` code. An empty
 *   line among the data is a `CSV_COLUMN_COUNT` row; empty lines at the end are ignored.
 * - Fields are neither trimmed nor otherwise changed; validating them is the caller's job.
 */
export class CsvRowParser extends BulkRowParser {
  private readonly columns: readonly string[];
  private readonly scanner: CsvRecordScanner;
  private headerRead = false;
  private rowNumber = 0;
  /** Empty lines seen since the last record: rows if data follows, ignored at the end. */
  private pendingEmptyLines = 0;
  /** A refused character occurred somewhere in the text so far: rows are checked field by field. */
  private suspectSeen = false;

  constructor(options: CsvRowParserOptions) {
    super();
    if (options.columns.length === 0) throw new RangeError('CsvRowParser needs at least one column');
    this.columns = [...options.columns];
    this.scanner = new CsvRecordScanner(this.columns.length + 1, (fields, count, error, detail) =>
      this.onRecord(fields, count, error, detail),
    );
  }

  protected override scan(text: string): void {
    if (!this.suspectSeen && findForbiddenCharacter(text) !== null) this.suspectSeen = true;
    this.scanner.scan(text);
  }

  protected override finish(): void {
    this.scanner.end();
    if (!this.headerRead) throw new BulkFileError('FILE_EMPTY', 'The CSV file is empty: it has no header.');
  }

  private onRecord(
    fields: string[],
    count: number,
    error: BulkRowErrorCode | undefined,
    detail: string,
  ): void {
    if (!this.headerRead) {
      if (count > 0) this.readHeader(fields, count, error);
    } else if (count === 0) {
      this.pendingEmptyLines++;
    } else {
      for (; this.pendingEmptyLines > 0; this.pendingEmptyLines--) this.add(this.emptyLineRow());
      this.add(this.rowOf(++this.rowNumber, fields, count, error, detail));
    }
  }

  private rowOf(
    rowNumber: number,
    fields: string[],
    count: number,
    error: BulkRowErrorCode | undefined,
    detail: string,
  ): BulkRow {
    if (error !== undefined) return { rowNumber, error, detail };
    if (count !== this.columns.length)
      return { rowNumber, error: 'CSV_COLUMN_COUNT', detail: this.countDetail(count) };
    for (let index = 0; this.suspectSeen && index < fields.length; index++) {
      const bad = findForbiddenCharacter(fields[index]);
      if (bad)
        return { rowNumber, error: 'TEXT_INVALID', detail: `field ${index + 1} contains ${bad.codePoint}` };
    }
    return { rowNumber, fields };
  }

  private readHeader(fields: string[], count: number, error: BulkRowErrorCode | undefined): void {
    const got = fields.slice(0, Math.min(count, this.columns.length + 1)).map((name) => name.trim());
    const matches = count === this.columns.length && got.every((name, index) => name === this.columns[index]);
    if (error !== undefined || !matches) {
      throw new BulkFileError('CSV_HEADER_INVALID', `The CSV header must be: ${this.columns.join(',')}`, {
        expected: this.columns,
        got,
      });
    }
    this.headerRead = true;
  }

  private emptyLineRow(): BulkRow {
    const rowNumber = ++this.rowNumber;
    if (this.columns.length === 1) return { rowNumber, fields: [''] };
    return { rowNumber, error: 'CSV_COLUMN_COUNT', detail: this.countDetail(0) };
  }

  private countDetail(count: number): string {
    return `expected ${this.columns.length} fields, got ${count === 0 ? 'an empty line' : count}`;
  }
}
