import fc from 'fast-check';
import { BulkFileError } from './bulk-file.error';
import { BulkRowBatch, MAX_BATCH_ROWS, MAX_FIELD_LENGTH } from './bulk-row';
import { CsvRowParser } from './csv-row-parser';
import { byteByByte, cutAt, runParser, withPairAcrossFirstSlice } from './testing/run-parser';

const COLUMNS = [
  'invoice_code',
  'invoice_number',
  'issue_date',
  'seller_tax_id',
  'amount',
  'tax_amount',
  'signature',
  'content_hash',
];
const HEADER = COLUMNS.join(',');
const ROW = [
  '1100223130',
  '10000001',
  '2024-03-15',
  '91310000MA1FL8XQ3K',
  '1000.00',
  '130.00',
  'c2ln',
  'ab12',
];
const LINE = ROW.join(',');

function parse(input: string | Buffer | readonly (string | Buffer)[], columns: readonly string[] = COLUMNS) {
  const chunks = Array.isArray(input) ? input : [input as string | Buffer];
  return runParser(new CsvRowParser({ columns }), chunks);
}

function row(n: number, fields = ROW) {
  return { rowNumber: n, fields };
}

describe('CsvRowParser', () => {
  it('yields each data row with its 1-based number and its fields in column order', async () => {
    const other = ['3100224130', '20000002', '2024-03-16', '91110000600037341L', '5.10', '0.66', '', ''];
    const { rows, error } = await parse(`${HEADER}\n${LINE}\n${other.join(',')}\n`);
    expect(error).toBeUndefined();
    expect(rows).toEqual([row(1), row(2, other)]);
  });

  it('strips a UTF-8 BOM and accepts CRLF, LF and a mix of both', async () => {
    const { rows, error } = await parse(`\uFEFF${HEADER}\r\n${LINE}\r\n${LINE}\n${LINE}\r\n`);
    expect(error).toBeUndefined();
    expect(rows).toEqual([row(1), row(2), row(3)]);
  });

  it('reads quoted fields with doubled quotes, commas and line breaks, numbering records rather than lines', async () => {
    const quoted = '"say ""hi"", then\r\nleave",x,"a\nb",,"","中文",7,8';
    const { rows } = await parse(
      `${HEADER}\n${LINE}\n${quoted}\n${LINE}\r\n"multi\n\n\nline",2,3,4,5,6,7,8\n${LINE}`,
    );
    expect(rows).toEqual([
      row(1),
      row(2, ['say "hi", then\r\nleave', 'x', 'a\nb', '', '', '中文', '7', '8']),
      row(3),
      row(4, ['multi\n\n\nline', '2', '3', '4', '5', '6', '7', '8']),
      row(5),
    ]);
  });

  it('keeps a lone carriage return and surrounding spaces as data', async () => {
    const { rows } = await parse(`${HEADER}\n a\rb ,2,3,4,5,6,7,8 \r\n`);
    expect(rows).toEqual([row(1, [' a\rb ', '2', '3', '4', '5', '6', '7', '8 '])]);
  });

  it('reads a last line without a line end, and a quoted one', async () => {
    expect((await parse(`${HEADER}\n${LINE}`)).rows).toEqual([row(1)]);
    expect((await parse(`${HEADER}\r\n${LINE}\r`)).rows).toEqual([row(1)]);
    expect((await parse(`${HEADER}\n1,2,3,4,5,6,7,"8"`)).rows).toEqual([
      row(1, ['1', '2', '3', '4', '5', '6', '7', '8']),
    ]);
    expect((await parse(`${HEADER}\n1,2,3,4,5,6,7,`)).rows).toEqual([
      row(1, ['1', '2', '3', '4', '5', '6', '7', '']),
    ]);
  });

  it('ignores empty lines at the end', async () => {
    const { rows, error } = await parse(`${HEADER}\n${LINE}\n\n\r\n\n`);
    expect(error).toBeUndefined();
    expect(rows).toEqual([row(1)]);
  });

  it('reports an empty line inside the data as a row and numbers the rows after it', async () => {
    const { rows } = await parse(`${HEADER}\n${LINE}\n\n\r\n${LINE}\n`);
    const empty = { error: 'CSV_COLUMN_COUNT', detail: 'expected 8 fields, got an empty line' };
    expect(rows).toEqual([row(1), { rowNumber: 2, ...empty }, { rowNumber: 3, ...empty }, row(4)]);
  });

  it('skips empty lines before the header', async () => {
    expect((await parse(`\n\r\n${HEADER}\n${LINE}\n`)).rows).toEqual([row(1)]);
  });

  it('rejects rows with missing or extra fields and goes on', async () => {
    const { rows } = await parse(`${HEADER}\n1,2,3,4,5,6,7\n${LINE},9\n${LINE}\n,\n`);
    expect(rows).toEqual([
      { rowNumber: 1, error: 'CSV_COLUMN_COUNT', detail: 'expected 8 fields, got 7' },
      { rowNumber: 2, error: 'CSV_COLUMN_COUNT', detail: 'expected 8 fields, got 9' },
      row(3),
      { rowNumber: 4, error: 'CSV_COLUMN_COUNT', detail: 'expected 8 fields, got 2' },
    ]);
  });

  it('rejects a truncated last line: too few fields, or a quote never closed', async () => {
    expect((await parse(`${HEADER}\n${LINE}\n1,2,3`)).rows).toEqual([
      row(1),
      { rowNumber: 2, error: 'CSV_COLUMN_COUNT', detail: 'expected 8 fields, got 3' },
    ]);
    const unterminated = { rowNumber: 2, error: 'CSV_UNTERMINATED_QUOTE', detail: expect.any(String) };
    expect((await parse(`${HEADER}\n${LINE}\n1,2,3,4,5,6,7,"abc`)).rows).toEqual([row(1), unterminated]);
    expect((await parse(`${HEADER}\n${LINE}\n1,"abc\n${LINE}\n${LINE}\n`)).rows).toEqual([
      row(1),
      unterminated,
    ]);
  });

  it('rejects a stray quote and characters after a closing quote, then goes on', async () => {
    const { rows } = await parse(
      `${HEADER}\n1,2,ab"c,4,5,6,7,8\n1,"2"x,3,4,5,6,7,8\n1,"2"\r3,4,5,6,7,8\n${LINE}\n`,
    );
    expect(rows.map((r) => [r.rowNumber, r.error])).toEqual([
      [1, 'CSV_QUOTE_INVALID'],
      [2, 'CSV_QUOTE_INVALID'],
      [3, 'CSV_QUOTE_INVALID'],
      [4, undefined],
    ]);
  });

  describe('field length', () => {
    const exact = 'x'.repeat(MAX_FIELD_LENGTH);
    const over = `${exact}x`;
    const tooLong = {
      rowNumber: 1,
      error: 'FIELD_TOO_LONG',
      detail: `field 7 is longer than ${MAX_FIELD_LENGTH} characters`,
    };

    it('accepts a field of exactly the maximum, quoted or not, whole or cut', async () => {
      const line = `1,2,3,4,5,6,${exact},"${exact}"\r\n`;
      const expected = [row(1, ['1', '2', '3', '4', '5', '6', exact, exact])];
      expect((await parse(`${HEADER}\n${line}`)).rows).toEqual(expected);
      const bytes = Buffer.from(`${HEADER}\n${line}`);
      expect((await parse(cutAt(bytes, bytes.length - 1))).rows).toEqual(expected);
      expect((await parse(cutAt(bytes, bytes.length - 2))).rows).toEqual(expected);
      expect((await parse(cutAt(bytes, 200, 3000, bytes.length - 3000))).rows).toEqual(expected);
    });

    it.each([
      ['unquoted', `1,2,3,4,5,6,${over},8`],
      ['quoted', `1,2,3,4,5,6,"${over}",8`],
      ['quoted with escapes', `1,2,3,4,5,6,"${'""'.repeat(MAX_FIELD_LENGTH + 1)}",8`],
    ])('rejects a longer %s field and goes on', async (_kind, line) => {
      const bytes = Buffer.from(`${HEADER}\n${line}\n${LINE}\n`);
      const expected = [tooLong, row(2)];
      expect((await parse(bytes)).rows).toEqual(expected);
      expect((await parse(cutAt(bytes, 100, 1000, 5000))).rows).toEqual(expected);
    });
  });

  it('rejects a row containing U+0000, which PostgreSQL text cannot store', async () => {
    const { rows } = await parse(`${HEADER}\n1,2,3\u0000,4,5,6,7,8\n${LINE}\n`);
    expect(rows).toEqual([
      { rowNumber: 1, error: 'TEXT_INVALID', detail: 'field 3 contains U+0000' },
      row(2),
    ]);
  });

  it.each([
    ['a right-to-left override', '\u202e', 'U+202E'],
    ['a zero-width space', '\u200b', 'U+200B'],
    ['a C1 control', '\u0085', 'U+0085'],
    ['an escape character', '\u001b', 'U+001B'],
  ])('rejects a row containing %s with TEXT_INVALID, like every API', async (_what, ch, codePoint) => {
    const { rows } = await parse(`${HEADER}\n${LINE}\n1,2,3,4,5,6,"x${ch}",8\n${LINE}\n`);
    expect(rows).toEqual([
      row(1),
      { rowNumber: 2, error: 'TEXT_INVALID', detail: `field 7 contains ${codePoint}` },
      row(3),
    ]);
  });

  describe('header', () => {
    it('accepts names with surrounding whitespace or quotes', async () => {
      const header = COLUMNS.map((name, index) => (index % 2 === 0 ? ` ${name}\t` : `"${name}"`)).join(',');
      expect(await parse(`${header}\n${LINE}\n`)).toEqual({ rows: [row(1)], batches: [1] });
    });

    it('accepts a header alone: no rows, no error', async () => {
      expect(await parse(`${HEADER}\r\n`)).toEqual({ rows: [], batches: [] });
      expect(await parse(HEADER)).toEqual({ rows: [], batches: [] });
    });

    it.each([
      ['a wrong name', HEADER.replace('amount', 'amt')],
      ['another order', [...COLUMNS].reverse().join(',')],
      ['a missing column', COLUMNS.slice(1).join(',')],
      ['an extra column', `${HEADER},remark`],
      ['different case', HEADER.toUpperCase()],
      ['no header but data', LINE],
      ['an unterminated quote', `${HEADER.slice(0, 20)}"abc`],
    ])('fails the stream with CSV_HEADER_INVALID before any row on %s', async (_case, header) => {
      const { rows, error } = await parse(`${header}\n${LINE}\n${LINE}\n`);
      expect(rows).toEqual([]);
      expect(error).toBeInstanceOf(BulkFileError);
      expect(error).toMatchObject({ code: 'CSV_HEADER_INVALID', details: { expected: COLUMNS } });
    });

    it('reports what it got', async () => {
      const { error } = await parse(` invoice_code , other\n`);
      expect(error).toMatchObject({ details: { expected: COLUMNS, got: ['invoice_code', 'other'] } });
    });
  });

  it.each([
    ['nothing', ''],
    ['a BOM', '\uFEFF'],
    ['empty lines', '\n\r\n\n'],
  ])('fails with FILE_EMPTY on a body of %s', async (_case, body) => {
    const { rows, error } = await parse(body);
    expect(rows).toEqual([]);
    expect(error).toBeInstanceOf(BulkFileError);
    expect(error).toMatchObject({ code: 'FILE_EMPTY' });
  });

  it.each([
    [
      'GBK bytes',
      Buffer.concat([
        Buffer.from(`${HEADER}\n1,2,3,4,`),
        Buffer.from([0xd6, 0xd0, 0xce, 0xc4]),
        Buffer.from(',6,7,8\n'),
      ]),
    ],
    [
      'a cut-off character at the end',
      Buffer.concat([Buffer.from(`${HEADER}\n${LINE}\n`), Buffer.from('中').subarray(0, 2)]),
    ],
  ])('fails with FILE_ENCODING_INVALID on %s', async (_case, bytes) => {
    const { error } = await parse(bytes);
    expect(error).toMatchObject({ code: 'FILE_ENCODING_INVALID' });
  });

  describe('chunk boundaries', () => {
    const inputs = [
      `\uFEFF${HEADER}\r\n${LINE}\r\n"a ""q"", b",中文,"x\r\ny",4,5,6,7,8\r\n\r\n1,2\n${LINE}`,
      `${HEADER}\n"中",,"",4,5,6,7,"8"\r\n\n${LINE}\n1,2,3,4,5,6,7,"unterminated\r\n`,
      `\uFEFF${HEADER}\n1,"2"x,3,4,5,6,7,8\n9,"中""文\n",3,4,5,6,7,8\r\n\r\n${LINE}\r\n\r\n`,
    ];

    it.each(inputs.map((input, index) => [index, input]))(
      'give the same output for input %i cut at every byte, and byte by byte',
      async (_index, input) => {
        const bytes = Buffer.from(input);
        const whole = await parse(bytes);
        expect(whole.error).toBeUndefined();
        expect(whole.rows.length).toBeGreaterThan(2);
        for (let at = 1; at < bytes.length; at++) {
          expect({ at, rows: (await parse(cutAt(bytes, at))).rows }).toEqual({ at, rows: whole.rows });
        }
        expect((await parse(byteByByte(bytes))).rows).toEqual(whole.rows);
      },
    );

    it('give the same output for a large body in one chunk (scanned in slices) and in small chunks', async () => {
      const lines = Array.from(
        { length: 20_000 },
        (_, i) => `${i},"${'😀'.repeat(i % 7)}\n",3,4,5,6,${'中'.repeat(i % 5)},8`,
      );
      const text = withPairAcrossFirstSlice((pad) => `${HEADER}\n${' '.repeat(pad)}${lines.join('\r\n')}`);
      const bytes = Buffer.from(text);
      const whole = (await parse(bytes)).rows;
      expect(whole).toHaveLength(20_000);
      expect(whole.every((r) => r.error === undefined)).toBe(true);
      expect(
        (await parse(cutAt(bytes, ...Array.from({ length: 999 }, (_, i) => (i + 1) * 1000)))).rows,
      ).toEqual(whole);
    });

    it('give the same output under random cuts (property)', async () => {
      const alphabet = fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '中', '😀', '\\');
      const field = fc.array(alphabet, { maxLength: 6 }).map((chars) => chars.join(''));
      const record = fc.array(field, { minLength: 3, maxLength: 3 });
      await fc.assert(
        fc.asyncProperty(
          fc.array(record, { minLength: 1, maxLength: 6 }),
          fc.constantFrom('\n', '\r\n'),
          fc.uniqueArray(fc.nat(), { maxLength: 6 }),
          async (records, eol, cuts) => {
            const text = ['a,b,c', ...records.map((fields) => fields.map(toCsvField).join(','))].join(eol);
            const bytes = Buffer.from(text);
            const at = cuts.map((cut) => cut % bytes.length).sort((x, y) => x - y);
            const { rows, error } = await parse(cutAt(bytes, ...at), ['a', 'b', 'c']);
            expect(error).toBeUndefined();
            expect(rows).toEqual(records.map((fields, index) => ({ rowNumber: index + 1, fields })));
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  it('pushes rows in batches of at most MAX_BATCH_ROWS', async () => {
    const count = MAX_BATCH_ROWS * 3;
    const { rows, batches } = await parse(`a\n${'x\n'.repeat(count)}`, ['a']);
    expect(rows).toHaveLength(count);
    expect(rows[count - 1]).toEqual({ rowNumber: count, fields: ['x'] });
    expect(Math.max(...batches)).toBe(MAX_BATCH_ROWS);
  });

  describe('backpressure', () => {
    it('stops taking chunks while nobody reads its rows', () => {
      const parser = new CsvRowParser({ columns: COLUMNS });
      const chunk = Buffer.from(`${LINE}\n`.repeat(100));
      parser.write(`${HEADER}\n`);
      let accepted = 0;
      while (parser.write(chunk) && accepted < 1000) accepted++;
      expect(accepted).toBeLessThan(100);
      parser.destroy();
    });

    it('stops inside one huge chunk until its rows are read, then goes on', async () => {
      const parser = new CsvRowParser({ columns: COLUMNS });
      const count = 100_000;
      let written = false;
      parser.end(Buffer.from(`${HEADER}\n${`${LINE}\n`.repeat(count)}`), () => (written = true));
      await new Promise(setImmediate);
      expect(parser.readableLength).toBe(parser.readableHighWaterMark);
      expect(written).toBe(false);
      let last = 0;
      for await (const batch of parser as AsyncIterable<BulkRowBatch>) {
        for (const { rowNumber } of batch.rows) expect(rowNumber).toBe(++last);
      }
      expect(last).toBe(count);
      expect(written).toBe(true);
    });
  });

  it('refuses an empty column list', () => {
    expect(() => new CsvRowParser({ columns: [] })).toThrow(RangeError);
  });
});

/** RFC 4180 writer for the property test: quote when needed, double the quotes. */
function toCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
