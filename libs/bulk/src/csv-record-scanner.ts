import { BulkRowErrorCode, MAX_FIELD_LENGTH } from './bulk-row';

/**
 * Receives each complete record. `fieldCount` is how many fields the record has, 0 for an
 * empty line; `fields` holds at least the first `min(fieldCount, maxKeptFields)` of them.
 * When `error` is set the fields may be incomplete and must not be used.
 */
export type CsvRecordSink = (
  fields: string[],
  fieldCount: number,
  error: BulkRowErrorCode | undefined,
  detail: string,
) => void;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Where the scanner stands inside the current record. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Just read a `"` inside a quoted field: a closing quote, or the first half of `""`. */
const QUOTE_IN_QUOTED = 3;
/** Read `"` then `\r`: only `\n` may follow. */
const CR_AFTER_QUOTE = 4;
type State =
  typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_IN_QUOTED | typeof CR_AFTER_QUOTE;

/**
 * Splits RFC 4180 text, fed in pieces cut anywhere, into records. A record that starts in
 * the current piece, ends in it and has no quote goes through `indexOf` + `split` (the fast
 * path that carries real uploads); everything else goes through a resumable state machine
 * that copies runs with `slice`, never character by character. Memory stays flat: a field
 * stops growing past {@link MAX_FIELD_LENGTH} and only `maxKeptFields` fields are kept.
 * Line ends are `\n` or `\r\n`; a lone `\r` is data.
 */
export class CsvRecordScanner {
  private state: State = FIELD_START;
  private fields: string[] = [];
  private fieldCount = 0;
  private field = '';
  private fieldOverflow = false;
  private recordQuoted = false;
  private error: BulkRowErrorCode | undefined;
  private detail = '';

  constructor(
    private readonly maxKeptFields: number,
    private readonly sink: CsvRecordSink,
  ) {}

  scan(text: string): void {
    const n = text.length;
    let quote = text.indexOf('"');
    let i = 0;
    while (i < n) {
      if (this.state === FIELD_START && this.fieldCount === 0) {
        const nl = text.indexOf('\n', i);
        if (quote !== -1 && quote < i) quote = text.indexOf('"', i);
        if (nl !== -1 && (quote === -1 || quote > nl)) {
          this.emitLine(text, i, nl);
          i = nl + 1;
          continue;
        }
      }
      i = this.step(text, i);
    }
  }

  /** Ends the input: completes a last record that has no line end. */
  end(): void {
    switch (this.state) {
      case FIELD_START:
        if (this.fieldCount > 0) this.endField(false);
        break;
      case UNQUOTED:
        this.endField(true);
        break;
      case QUOTED:
        this.error = 'CSV_UNTERMINATED_QUOTE';
        this.detail = 'a quoted field is still open at the end of the file';
        break;
      case QUOTE_IN_QUOTED:
      case CR_AFTER_QUOTE:
        this.endField(false);
        break;
    }
    if (this.fieldCount > 0 || this.error !== undefined) this.endRecord();
  }

  /** A whole unquoted line `text[start, nl)`. */
  private emitLine(text: string, start: number, nl: number): void {
    const end = nl > start && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    if (end === start) return this.sink([], 0, undefined, '');
    const line = text.slice(start, end);
    const fields = line.split(',');
    if (line.length > MAX_FIELD_LENGTH) {
      const index = fields.findIndex((field) => field.length > MAX_FIELD_LENGTH);
      if (index !== -1) return this.sink(fields, fields.length, 'FIELD_TOO_LONG', tooLong(index));
    }
    this.sink(fields, fields.length, undefined, '');
  }

  /** Consumes `text` from `i` to the end of the current record (returns the index after it) or of the text. */
  private step(text: string, i: number): number {
    const n = text.length;
    while (i < n) {
      switch (this.state) {
        case FIELD_START:
          if (text.charCodeAt(i) === QUOTE) {
            this.state = QUOTED;
            this.recordQuoted = true;
            i++;
          } else {
            this.state = UNQUOTED;
          }
          break;
        case UNQUOTED: {
          const start = i;
          let c = 0;
          while (i < n && (c = text.charCodeAt(i)) !== COMMA && c !== LF && c !== QUOTE) i++;
          this.append(text, start, i);
          if (i === n) return n;
          i++;
          if (c === QUOTE) {
            this.fail(
              'CSV_QUOTE_INVALID',
              'a quote inside an unquoted field (quote the field, double the quote)',
            );
          } else if (c === COMMA) {
            this.endField(false);
            this.state = FIELD_START;
          } else {
            this.endField(true);
            return this.endRecord(i);
          }
          break;
        }
        case QUOTED: {
          const q = text.indexOf('"', i);
          if (q === -1) {
            this.append(text, i, n);
            return n;
          }
          this.append(text, i, q);
          this.state = QUOTE_IN_QUOTED;
          i = q + 1;
          break;
        }
        case QUOTE_IN_QUOTED: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            this.append(text, i, i + 1);
            this.state = QUOTED;
          } else if (c === COMMA) {
            this.endField(false);
            this.state = FIELD_START;
          } else if (c === LF) {
            this.endField(false);
            return this.endRecord(i + 1);
          } else if (c === CR) {
            this.state = CR_AFTER_QUOTE;
          } else {
            this.afterClosingQuote();
            break;
          }
          i++;
          break;
        }
        case CR_AFTER_QUOTE:
          if (text.charCodeAt(i) === LF) {
            this.endField(false);
            return this.endRecord(i + 1);
          }
          this.afterClosingQuote();
          break;
      }
    }
    return n;
  }

  /** Data after a closing quote: the row is rejected; read on as unquoted to find its end. */
  private afterClosingQuote(): void {
    this.fail('CSV_QUOTE_INVALID', 'characters after a closing quote');
    this.state = UNQUOTED;
  }

  private append(text: string, start: number, end: number): void {
    if (this.fieldOverflow || start === end) return;
    // One character of slack for the `\r` of a `\r\n` that endField strips.
    if (this.field.length + (end - start) > MAX_FIELD_LENGTH + 1) {
      this.fieldOverflow = true;
      this.field = '';
      return;
    }
    this.field = this.field === '' ? text.slice(start, end) : this.field + text.slice(start, end);
  }

  private endField(stripCr: boolean): void {
    let field = this.field;
    if (stripCr && field.charCodeAt(field.length - 1) === CR) field = field.slice(0, -1);
    if (this.fieldOverflow || field.length > MAX_FIELD_LENGTH) {
      this.fail('FIELD_TOO_LONG', tooLong(this.fieldCount));
    }
    if (this.fieldCount < this.maxKeptFields) this.fields.push(field);
    this.fieldCount++;
    this.field = '';
    this.fieldOverflow = false;
  }

  private endRecord(next = 0): number {
    const empty =
      this.fieldCount === 1 && this.fields[0] === '' && !this.recordQuoted && this.error === undefined;
    if (empty) this.sink([], 0, undefined, '');
    else this.sink(this.fields, this.fieldCount, this.error, this.detail);
    this.state = FIELD_START;
    this.fields = [];
    this.fieldCount = 0;
    this.recordQuoted = false;
    this.error = undefined;
    this.detail = '';
    return next;
  }

  private fail(code: BulkRowErrorCode, detail: string): void {
    if (this.error !== undefined) return;
    this.error = code;
    this.detail = detail;
  }
}

function tooLong(fieldIndex: number): string {
  return `field ${fieldIndex + 1} is longer than ${MAX_FIELD_LENGTH} characters`;
}
