// Throughput check, not a unit test: the unit project matches only `*.spec.ts`. Run by hand:
//   npx jest --selectProjects unit --testMatch '**/libs/bulk/src/parser.perf-spec.ts'
// Numbers inside jest run slower than compiled code under plain node (NDJSON about 2x).
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BulkRowBatch, CopyTextEncoder, CsvRowParser, NdjsonRowParser } from './index';

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
const ROWS = 1_000_000;
const CHUNK = 64 * 1024;

function values(i: number): string[] {
  const code = `11002230${i % 10}0`;
  const number = String(10_000_000 + i);
  return [
    code,
    number,
    '2024-03-15',
    '91310000MA1FL8XQ3K',
    `${1000 + (i % 997)}.00`,
    '130.00',
    'c2lnbmF0dXJl',
    'ab12cd34',
  ];
}

function chunksOf(text: string): Buffer[] {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK)
    chunks.push(bytes.subarray(offset, offset + CHUNK));
  return chunks;
}

async function measure(label: string, chunks: Buffer[], stages: () => Transform[]): Promise<void> {
  const mb = chunks.reduce((sum, chunk) => sum + chunk.length, 0) / 1e6;
  for (let run = 0; run < 3; run++) {
    let rows = 0;
    const sink = new Writable({
      objectMode: true,
      write(batch: BulkRowBatch | Buffer, _encoding, callback) {
        rows += Buffer.isBuffer(batch) ? batch.toString().split('\n').length - 1 : batch.rows.length;
        callback();
      },
    });
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    await pipeline([Readable.from(chunks), ...stages(), sink]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const rate = (s: number) => Math.round(ROWS / s).toLocaleString('en');
    console.log(
      `${label}: ${mb.toFixed(0)} MB, ${rows} rows out; wall ${(seconds * 1000).toFixed(0)} ms = ${rate(seconds)} rows/s; ` +
        `CPU ${(cpuSeconds * 1000).toFixed(0)} ms = ${rate(cpuSeconds)} rows/s`,
    );
  }
}

describe('bulk parser throughput (1,000,000 rows of 8 short columns)', () => {
  jest.setTimeout(120_000);
  const csv = chunksOf(
    `${COLUMNS.join(',')}\n${Array.from({ length: ROWS }, (_, i) => `${values(i).join(',')}\n`).join('')}`,
  );
  const keys = [
    'invoiceCode',
    'invoiceNumber',
    'issueDate',
    'sellerTaxId',
    'amount',
    'taxAmount',
    'signature',
    'contentHash',
  ];
  const ndjson = chunksOf(
    Array.from({ length: ROWS }, (_, i) => {
      const row = values(i);
      return `${JSON.stringify(Object.fromEntries(keys.map((key, k) => [key, row[k]])))}\n`;
    }).join(''),
  );
  const quoted = chunksOf(
    `${COLUMNS.join(',')}\n${Array.from(
      { length: ROWS },
      (_, i) =>
        `${values(i)
          .map((v) => `"${v}"`)
          .join(',')}\r\n`,
    ).join('')}`,
  );

  it('CSV, unquoted', () => measure('csv', csv, () => [new CsvRowParser({ columns: COLUMNS })]));
  it('CSV, every field quoted, CRLF', () =>
    measure('csv quoted', quoted, () => [new CsvRowParser({ columns: COLUMNS })]));
  it('NDJSON', () => measure('ndjson', ndjson, () => [new NdjsonRowParser({ columns: COLUMNS })]));
  it('CSV to COPY text', () =>
    measure('csv+copy', csv, () => [
      new CsvRowParser({ columns: COLUMNS }),
      new CopyTextEncoder({ toValues: (row) => (row.error === undefined ? row.fields : null) }),
    ]));
});
