import { BulkFileError } from './bulk-file.error';
import { MAX_BATCH_ROWS, MAX_FIELD_LENGTH } from './bulk-row';
import { NdjsonRowParser } from './ndjson-row-parser';
import { byteByByte, cutAt, runParser, withPairAcrossFirstSlice } from './testing/run-parser';

const COLUMNS = [
  'invoice_code',
  'invoice_number',
  'issue_date',
  'seller_tax_id',
  'amount',
  'tax_amount',
  'signature',
];
const ITEM = {
  invoiceCode: '1100223130',
  invoiceNumber: '10000001',
  issueDate: '2024-03-15',
  sellerTaxId: '91310000MA1FL8XQ3K',
  amount: '1000.00',
  taxAmount: '130.00',
  signature: 'c2ln',
};
const FIELDS = Object.values(ITEM);
const LINE = JSON.stringify(ITEM);

function parse(input: string | Buffer | readonly (string | Buffer)[]) {
  const chunks = Array.isArray(input) ? input : [input as string | Buffer];
  return runParser(new NdjsonRowParser({ columns: COLUMNS }), chunks);
}

async function rowsOf(input: string | Buffer | readonly (string | Buffer)[]) {
  const { rows, error } = await parse(input);
  expect(error).toBeUndefined();
  return rows;
}

function row(rowNumber: number, fields = FIELDS) {
  return { rowNumber, fields };
}

function rejected(rowNumber: number, error: string, detail: unknown = expect.any(String)) {
  return { rowNumber, error, detail };
}

describe('NdjsonRowParser', () => {
  it('yields the camelCase keys of each line as fields in column order', async () => {
    const reordered = JSON.stringify({ signature: 's', amount: '1.00', invoiceCode: 'c' });
    expect(await rowsOf(`${LINE}\n${reordered}\n`)).toEqual([
      row(1),
      row(2, ['c', '', '', '', '1.00', '', 's']),
    ]);
  });

  it('reads a missing key or null as an empty string, and accepts spaces and escapes', async () => {
    const spaced = ' { "invoiceCode" : null , "amount":"\\u0031.00", "signature": "a\\"b\\\\c\\n" } ';
    expect(await rowsOf(`${spaced}\n{}\n`)).toEqual([
      row(1, ['', '', '', '', '1.00', '', 'a"b\\c\n']),
      row(2, ['', '', '', '', '', '', '']),
    ]);
  });

  it('strips a BOM, accepts CRLF and a last line without a line end', async () => {
    expect(await rowsOf(`\uFEFF${LINE}\r\n${LINE}\n${LINE}`)).toEqual([row(1), row(2), row(3)]);
  });

  it('skips blank lines: they are no rows, and row numbers have no gaps', async () => {
    expect(await rowsOf(`\n${LINE}\r\n \t\r\n\n${LINE}\n\n`)).toEqual([row(1), row(2)]);
  });

  it('rejects a broken line in the middle and parses the lines after it with their numbers', async () => {
    const rows = await rowsOf(`${LINE}\n{"invoiceCode": "1100223130", "amou\n${LINE}\n${LINE}\n`);
    expect(rows).toEqual([
      row(1),
      rejected(2, 'NDJSON_MALFORMED', 'the line is not valid JSON'),
      row(3),
      row(4),
    ]);
  });

  it.each(['[]', '"text"', '42', 'null', 'true', `[${LINE}]`])('rejects %s: not an object', async (line) => {
    expect(await rowsOf(`${line}\n${LINE}\n`)).toEqual([
      rejected(1, 'NDJSON_MALFORMED', 'the line is not a JSON object'),
      row(2),
    ]);
  });

  it.each([
    ['a snake_case key', { ...ITEM, tax_amount: '1' }, 'unknown field "tax_amount"'],
    ['an unknown key', { ...ITEM, remark: 'x' }, 'unknown field "remark"'],
    ['__proto__', JSON.parse('{"__proto__": "x"}'), 'unknown field "__proto__"'],
  ])('rejects %s with NDJSON_UNKNOWN_FIELD', async (_case, item, detail) => {
    expect(await rowsOf(`${JSON.stringify(item)}\n${LINE}`)).toEqual([
      rejected(1, 'NDJSON_UNKNOWN_FIELD', detail),
      row(2),
    ]);
  });

  it.each([
    ['a number', 1000, 'a number'],
    ['a boolean', true, 'a boolean'],
    ['an object', { value: '1' }, 'an object'],
    ['an array', ['1'], 'an array'],
  ])('rejects %s value with NDJSON_FIELD_NOT_STRING', async (_case, amount, type) => {
    expect(await rowsOf(JSON.stringify({ ...ITEM, amount }))).toEqual([
      rejected(1, 'NDJSON_FIELD_NOT_STRING', `amount must be a string or null, not ${type}`),
    ]);
  });

  describe('duplicate keys', () => {
    it.each([
      ['compact', '{"amount":"1","amount":"2"}'],
      ['with a null', '{"amount":"1","signature":"s","amount":null}'],
      ['spaced', '{ "amount" : "1" ,  "amount" : "1" }'],
      ['escaped', '{"amount":"1","\\u0061mount":"1"}'],
      ['among escaped values', '{"signature":"a\\"b","amount":"\\\\","amount":"x"}'],
    ])('are rejected: %s', async (_case, line) => {
      expect(await rowsOf(`${line}\n${LINE}`)).toEqual([
        rejected(1, 'NDJSON_DUPLICATE_KEY', 'duplicate field "amount"'),
        row(2),
      ]);
    });

    it.each([
      ['spaces', '{ "amount" : "1" , "signature" : "a b" }'],
      ['quotes, colons and backslashes in values', '{"amount":"1","signature":"\\"amount\\":\\"2\\",\\\\"}'],
    ])('are not seen where there are none: %s', async (_case, line) => {
      expect(await rowsOf(line)).toEqual([row(1, expect.any(Array))]);
    });
  });

  describe('lengths', () => {
    it('accepts a value of exactly the maximum, and rejects a longer one', async () => {
      const exact = 'x'.repeat(MAX_FIELD_LENGTH);
      const over = `${exact}x`;
      expect(await rowsOf(`{"signature":"${exact}"}\n{"signature":"${over}"}\n${LINE}`)).toEqual([
        row(1, ['', '', '', '', '', '', exact]),
        rejected(2, 'FIELD_TOO_LONG', `signature is longer than ${MAX_FIELD_LENGTH} characters`),
        row(3),
      ]);
    });

    it('rejects a line longer than any valid row without holding it whole', async () => {
      const huge = `{"signature":"${'x'.repeat(1_000_000)}"}`;
      const expected = [row(1), rejected(2, 'ROW_TOO_LONG'), row(3)];
      const bytes = Buffer.from(`${LINE}\n${huge}\n${LINE}\n`);
      expect(await rowsOf(bytes)).toEqual(expected);
      expect(await rowsOf(cutAt(bytes, 100, 60_000, 200_000, 400_000))).toEqual(expected);
      expect(await rowsOf(`${LINE}\n${huge}`)).toEqual(expected.slice(0, 2));
    });
  });

  it('rejects a value containing U+0000, but not an escaped backslash before u0000', async () => {
    expect(await rowsOf('{"amount":"1\\u0000"}\n{"amount":"\\\\u0000"}')).toEqual([
      rejected(1, 'TEXT_INVALID', 'amount contains U+0000'),
      row(2, ['', '', '', '', '\\u0000', '', '']),
    ]);
  });

  it.each([
    ['an escaped lone surrogate', '"x\\ud800"', 'U+D800'],
    ['an escaped right-to-left override', '"\\u202E"', 'U+202E'],
    ['a raw right-to-left override', '"a\u202eb"', 'U+202E'],
    ['a raw C1 control', '"\u0085"', 'U+0085'],
  ])('rejects a value with %s (TEXT_INVALID, the rule of every API)', async (_what, json, codePoint) => {
    expect(await rowsOf(`${LINE}\n{"amount":${json}}\n${LINE}`)).toEqual([
      row(1),
      rejected(2, 'TEXT_INVALID', `amount contains ${codePoint}`),
      row(3),
    ]);
  });

  it.each([
    ['nothing', ''],
    ['a BOM', '\uFEFF'],
    ['blank lines', '\n  \r\n\t\n'],
  ])('fails with FILE_EMPTY on a body of %s', async (_case, body) => {
    const { rows, error } = await parse(body);
    expect(rows).toEqual([]);
    expect(error).toBeInstanceOf(BulkFileError);
    expect(error).toMatchObject({ code: 'FILE_EMPTY' });
  });

  it('fails with FILE_ENCODING_INVALID on bytes that are not UTF-8', async () => {
    const { error } = await parse([
      Buffer.from(`${LINE}\n{"signature":"`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n'),
    ]);
    expect(error).toMatchObject({ code: 'FILE_ENCODING_INVALID' });
  });

  it('gives the same output cut at every byte, and byte by byte', async () => {
    const text = `\uFEFF${LINE}\r\n{"signature":"中文 \\"q\\"","amount":null}\n\n{"amount":"1",\n{"amount":1}\r\n{"signature":"😀"}`;
    const bytes = Buffer.from(text);
    const whole = await rowsOf(bytes);
    expect(whole.map((r) => r.error)).toEqual([
      undefined,
      undefined,
      'NDJSON_MALFORMED',
      'NDJSON_FIELD_NOT_STRING',
      undefined,
    ]);
    for (let at = 1; at < bytes.length; at++) {
      expect({ at, rows: await rowsOf(cutAt(bytes, at)) }).toEqual({ at, rows: whole });
    }
    expect(await rowsOf(byteByByte(bytes))).toEqual(whole);
  });

  it('gives the same output for a large body in one chunk (scanned in slices) and in small chunks', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify({ amount: String(i), signature: '😀'.repeat(i % 9) }),
    );
    const text = withPairAcrossFirstSlice((pad) => `${' '.repeat(pad)}${lines.join('\n')}`);
    const bytes = Buffer.from(text);
    const whole = await rowsOf(bytes);
    expect(whole.map((r) => r.fields?.[4])).toEqual(lines.map((_, i) => String(i)));
    expect(await rowsOf(cutAt(bytes, ...Array.from({ length: 300 }, (_, i) => (i + 1) * 997)))).toEqual(
      whole,
    );
  });

  it('pushes rows in batches of at most MAX_BATCH_ROWS', async () => {
    const count = MAX_BATCH_ROWS * 3;
    const { rows, batches } = await parse('{}\n'.repeat(count));
    expect(rows).toHaveLength(count);
    expect(Math.max(...batches)).toBe(MAX_BATCH_ROWS);
  });

  it('refuses an empty column list', () => {
    expect(() => new NdjsonRowParser({ columns: [] })).toThrow(RangeError);
  });
});
