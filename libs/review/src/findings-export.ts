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
 * Writes the rows as an XLSX workbook with exceljs' streaming writer: each row is
 * committed (zipped away) as soon as it is added, and the writer waits for `out` to
 * drain, so memory stays flat. Every cell is text: money keeps its exact decimal string.
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
    if (out.writableNeedDrain) await once(out, 'drain');
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
