import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BulkRow, BulkRowBatch } from './bulk-row';
import { CopyTextEncoder, CopyValue, encodeCopyRow } from './copy-text-encoder';
import { CsvRowParser } from './csv-row-parser';

describe('encodeCopyRow', () => {
  it('joins values with tabs, ends the line, and writes null as \\N', () => {
    expect(encodeCopyRow(['a', null, '', 42, -1.5, '中文'])).toBe('a\t\\N\t\t42\t-1.5\t中文\n');
    expect(encodeCopyRow([])).toBe('\n');
  });

  it('escapes backslash, tab, newline and carriage return', () => {
    expect(encodeCopyRow(['a\\b', 'c\td', 'e\nf\r\n', '\\N', '\\.'])).toBe(
      'a\\\\b\tc\\td\te\\nf\\r\\n\t\\\\N\t\\\\.\n',
    );
  });

  it.each([
    ['U+0000', ['a\u0000b']],
    ['NaN', [Number.NaN]],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['undefined', [undefined as unknown as CopyValue]],
  ])('throws on %s, which COPY text cannot carry', (_case, values) => {
    expect(() => encodeCopyRow(values)).toThrow();
  });
});

describe('CopyTextEncoder', () => {
  const batch = (...rows: BulkRow[]): BulkRowBatch => ({ rows });

  async function encode(batches: BulkRowBatch[], encoder: CopyTextEncoder) {
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    });
    await pipeline(Readable.from(batches), encoder, sink);
    return chunks;
  }

  it('maps every row, rejected ones included, and leaves out rows mapped to null', async () => {
    const encoder = new CopyTextEncoder({
      toValues: (row) =>
        row.error === undefined ? [row.rowNumber, ...row.fields, null] : [row.rowNumber, null, row.error],
    });
    const chunks = await encode(
      [
        batch(
          { rowNumber: 1, fields: ['a\tb', 'c'] },
          { rowNumber: 2, error: 'CSV_COLUMN_COUNT', detail: 'x' },
        ),
        batch({ rowNumber: 3, fields: ['d', 'e'] }),
      ],
      encoder,
    );
    expect(chunks.join('')).toBe('1\ta\\tb\tc\t\\N\n2\t\\N\tCSV_COLUMN_COUNT\n3\td\te\t\\N\n');
    const skipping = new CopyTextEncoder({
      toValues: (row) => (row.rowNumber === 2 ? null : [row.rowNumber]),
    });
    expect(
      (await encode([batch(...[1, 2, 3].map((n) => ({ rowNumber: n, fields: [] })))], skipping)).join(''),
    ).toBe('1\n3\n');
  });

  it('pushes chunks of about chunkSize characters', async () => {
    const rows = Array.from({ length: 1000 }, (_, index) => ({
      rowNumber: index + 1,
      fields: ['x'.repeat(95)],
    }));
    const chunks = await encode(
      [batch(...rows)],
      new CopyTextEncoder({ toValues: (row) => row.fields ?? null, chunkSize: 4096 }),
    );
    expect(chunks.join('')).toBe(`${'x'.repeat(95)}\n`.repeat(1000));
    expect(chunks.length).toBe(Math.ceil(96_000 / (96 * 43)));
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(4096);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(4096 + 96);
  });

  it('fails the stream when the mapper throws', async () => {
    const encoder = new CopyTextEncoder({
      toValues: () => {
        throw new Error('mapper bug');
      },
    });
    await expect(encode([batch({ rowNumber: 1, fields: [] })], encoder)).rejects.toThrow('mapper bug');
  });

  it('turns a CSV upload into COPY text in one pipeline', async () => {
    const csv = 'a,b\r\n"x\ty",\\\n1\n"q\r\nr",\n';
    const encoder = new CopyTextEncoder({
      toValues: (row) =>
        row.error === undefined ? [row.rowNumber, ...row.fields] : [row.rowNumber, null, null],
    });
    const chunks: string[] = [];
    await pipeline(
      Readable.from([Buffer.from(csv)]),
      new CsvRowParser({ columns: ['a', 'b'] }),
      encoder,
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk.toString());
          callback();
        },
      }),
    );
    expect(chunks.join('')).toBe('1\tx\\ty\t\\\\\n2\t\\N\t\\N\n3\tq\\r\\nr\t\n');
  });
});
