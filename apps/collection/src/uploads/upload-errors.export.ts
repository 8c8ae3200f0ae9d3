import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { UploadRow } from './uploads.repository';

const PAGE = 10_000;

/** Every refused row of an upload: format errors, and rows judged and kept as rejected evidence. */
const ERRORS_PAGE = `
  SELECT row_number, code, detail FROM (
    SELECT row_number, code, detail FROM collection.upload_errors WHERE upload_id = $1
    UNION ALL
    SELECT row_number, reason_code, NULL FROM collection.claims WHERE upload_id = $1 AND status = 'rejected'
    UNION ALL
    SELECT row_number, reason_code, NULL FROM collection.seller_copies WHERE upload_id = $1 AND status = 'rejected'
  ) e
  WHERE row_number > $2
  ORDER BY row_number
  LIMIT ${PAGE}`;

const csvField = (v: string | null): string =>
  v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;

/** Streams the error report as CSV page by page, so a file with a million bad rows stays flat in memory. */
@Injectable()
export class UploadErrorsExport {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async write(upload: UploadRow, out: Writable): Promise<void> {
    out.write('row_number,code,detail\n');
    let after = 0;
    for (;;) {
      const rows = await this.db.query<{ row_number: number; code: string; detail: string | null }[]>(
        ERRORS_PAGE,
        [upload.id, after],
      );
      if (rows.length === 0) break;
      const text = rows.map((r) => `${r.row_number},${csvField(r.code)},${csvField(r.detail)}\n`).join('');
      if (!out.write(text)) await once(out, 'drain');
      after = rows[rows.length - 1].row_number;
    }
    out.end();
  }
}
