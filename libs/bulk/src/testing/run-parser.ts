import { Transform } from 'node:stream';
import { BulkRow, BulkRowBatch } from '../bulk-row';

export interface ParserOutput {
  readonly rows: BulkRow[];
  /** The size of each batch the rows came in. */
  readonly batches: number[];
  /** The stream error, if the stream failed. */
  readonly error?: Error;
}

/** Writes `chunks` one by one into a fresh parser and collects everything it emits. */
export function runParser(parser: Transform, chunks: readonly (Buffer | string)[]): Promise<ParserOutput> {
  return new Promise((resolve) => {
    const rows: BulkRow[] = [];
    const batches: number[] = [];
    parser.on('data', (batch: BulkRowBatch) => {
      batches.push(batch.rows.length);
      rows.push(...batch.rows);
    });
    parser.once('error', (error) => resolve({ rows, batches, error }));
    parser.once('end', () => resolve({ rows, batches }));
    for (const chunk of chunks) parser.write(chunk);
    parser.end();
  });
}

/** `bytes` cut at `at` and everywhere in between: [0, at0), [at0, at1), …, [atN, end). */
export function cutAt(bytes: Buffer, ...at: number[]): Buffer[] {
  const bounds = [0, ...at, bytes.length];
  return bounds.slice(1).map((end, index) => bytes.subarray(bounds[index], end));
}

/** Every single byte as its own chunk. */
export function byteByByte(bytes: Buffer): Buffer[] {
  return Array.from(bytes, (_byte, index) => bytes.subarray(index, index + 1));
}

/**
 * `build(pad)` for the first pad (0–63) whose text has a surrogate pair across the end of the
 * parsers' first 64 Ki-character slice, so a test can prove slices are rejoined correctly.
 */
export function withPairAcrossFirstSlice(build: (pad: number) => string): string {
  for (let pad = 0; pad < 64; pad++) {
    const text = build(pad);
    if (/[\uD800-\uDBFF]/.test(text[64 * 1024 - 1])) return text;
  }
  throw new Error('no padding puts a surrogate pair across the first slice');
}
