import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { UploadRow, UploadsRepository } from './uploads.repository';

const PAGE = 10_000;

const csvField = (v: string | null): string =>
  v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;

/** Streams the error report as CSV page by page, so a file with a million bad rows stays flat in memory. */
@Injectable()
export class UploadErrorsExport {
  constructor(private readonly uploads: UploadsRepository) {}

  async write(upload: UploadRow, out: Writable): Promise<void> {
    out.write('row_number,code,detail\n');
    let after = 0;
    for (;;) {
      const rows = await this.uploads.refusedRows(upload.id, after, PAGE);
      if (rows.length === 0) break;
      const text = rows.map((r) => `${r.row_number},${csvField(r.code)},${csvField(r.detail)}\n`).join('');
      if (!out.write(text)) await once(out, 'drain');
      after = rows[rows.length - 1].row_number;
    }
    out.end();
  }
}
