import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FindingRow } from './finding-row';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Column headers: the snake_case of the API's field names, as the CSV uploads use. */
const HEADERS = [
  'id',
  'period',
  'category',
  'status',
  'state',
  'invoice_code',
  'invoice_number',
  'seller_tax_id',
  'buyer_tax_id',
  'seller_bureau_code',
  'buyer_bureau_code',
  'tax_at_risk',
  'differing_fields',
  'details',
  'first_seen_at',
  'last_seen_at',
  'resolved_at',
];

function cells(row: FindingRow): string[] {
  const differing = row.details?.differingFields;
  return [
    row.id,
    row.period,
    row.category,
    row.status,
    row.state,
    row.invoiceCode ?? '',
    row.invoiceNumber ?? '',
    row.sellerTaxId ?? '',
    row.buyerTaxId ?? '',
    row.sellerBureauCode ?? '',
    row.buyerBureauCode ?? '',
    // Money stays the exact decimal string, in both formats.
    row.taxAtRisk,
    Array.isArray(differing) ? differing.join(';') : '',
    JSON.stringify(row.details ?? {}),
    row.firstSeenAt,
    row.lastSeenAt,
    row.resolvedAt ?? '',
  ];
}

/** RFC 4180 quoting. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const FLUSH_BYTES = 64 * 1024;

/**
 * Writes the rows as CSV (UTF-8 with a BOM, so that spreadsheet programs read the Chinese
 * text right; CRLF line ends) and waits for `out` to drain whenever it asks, so memory
 * holds one chunk whatever the number of rows. Returns the number of rows written.
 */
export async function writeFindingsCsv(rows: AsyncIterable<FindingRow>, out: Writable): Promise<number> {
  let chunk = '\uFEFF' + HEADERS.join(',') + '\r\n';
  let n = 0;
  for await (const row of rows) {
    chunk += cells(row).map(csvField).join(',') + '\r\n';
    n++;
    if (chunk.length >= FLUSH_BYTES) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  return n;
}

/**
 * The part of exceljs 4.4's worksheet stream (utils/stream-buf.js) that holds the sheet's
 * XML: buffers not yet handed on, and the zip's input streams (readable-stream 2
 * PassThroughs, which keep their backlog in `_writableState`).
 */
interface SheetBuffer {
  buffers?: { length: number }[];
  pipes?: (Writable & { _writableState?: { length: number } })[];
}

const XLSX_BACKLOG_BYTES = 4 * 1024 * 1024;
const XLSX_CHECK_EVERY = 200;

/**
 * Waits until the sheet's XML has gone into the zip. exceljs hands committed rows to the
 * zip without heeding backpressure (exceljs#734): faster than deflate takes them, they
 * pile up in memory (1.3 GB for a million findings). Only its own stream objects know
 * how much is waiting, so this reads them (exceljs is pinned at 4.4.0; a test watches it).
 */
export async function sheetDrained(sheet: unknown, limit = XLSX_BACKLOG_BYTES): Promise<void> {
  const buffer = (sheet as { stream?: SheetBuffer }).stream;
  for (;;) {
    const held = (buffer?.buffers ?? []).reduce((n, b) => n + b.length, 0);
    const backed = (buffer?.pipes ?? []).find((p) => zipBacklog(p) > limit);
    if (backed) await once(backed, 'drain');
    else if (held > limit) await new Promise((r) => setTimeout(r, 1));
    else return;
  }
}

const zipBacklog = (p: Writable & { _writableState?: { length: number } }): number =>
  p.writableLength ?? p._writableState?.length ?? 0;

/** Bytes of sheet XML not yet taken by the zip (what sheetDrained bounds). */
export function sheetBacklog(sheet: unknown): number {
  const buffer = (sheet as { stream?: SheetBuffer }).stream;
  const held = (buffer?.buffers ?? []).reduce((n, b) => n + b.length, 0);
  return held + (buffer?.pipes ?? []).reduce((n, p) => n + zipBacklog(p), 0);
}

/**
 * Writes the rows as an XLSX workbook with exceljs' streaming writer: rows are committed
 * as they come and the writer waits for the zip (and so for `out`) to take them, so
 * memory stays flat. Every cell is text: money keeps its exact decimal string.
 */
export async function writeFindingsXlsx(rows: AsyncIterable<FindingRow>, out: Writable): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('findings');
  sheet.addRow(HEADERS).commit();
  let n = 0;
  for await (const row of rows) {
    sheet.addRow(cells(row)).commit();
    n++;
    if (n % XLSX_CHECK_EVERY === 0) await sheetDrained(sheet);
  }
  sheet.commit();
  await workbook.commit();
  return n;
}

export function writeFindings(
  format: ExportFormat,
  rows: AsyncIterable<FindingRow>,
  out: Writable,
): Promise<number> {
  return format === 'csv' ? writeFindingsCsv(rows, out) : writeFindingsXlsx(rows, out);
}
