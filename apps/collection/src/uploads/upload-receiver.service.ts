import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { DataSource } from 'typeorm';
import { BulkRowBatch, CsvRowParser, encodeCopyRow, NdjsonRowParser } from '@app/bulk';
import { DomainError } from '@app/domain';
import { UPLOAD_KIND_SPECS, UploadKind } from './upload-kinds';

export interface ReceivedFile {
  sha256: string;
  bytes: number;
  rows: number;
  lastRow: number;
}

/** Counts and hashes the body as it streams by, and stops it past the size limit. */
class BodyMeter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(
        new DomainError(
          'PAYLOAD_TOO_LARGE',
          `An upload may be at most ${this.maxBytes} bytes.`,
          'too_large',
          { maxBytes: this.maxBytes },
        ),
      );
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/** Parser batches → COPY text lines (upload_id, row_number, parse_error, parse_detail, c1..cN). */
class StagingEncoder extends Transform {
  /** Rows seen (NDJSON skips blank lines, so row numbers may have gaps) and the last row number. */
  rows = 0;
  lastRow = 0;
  private readonly noFields: null[];

  constructor(
    private readonly uploadId: string,
    columns: number,
  ) {
    super({ writableObjectMode: true });
    this.noFields = new Array<null>(columns).fill(null);
  }

  override _transform(batch: BulkRowBatch, _enc: BufferEncoding, done: TransformCallback): void {
    let text = '';
    for (const row of batch.rows) {
      this.rows++;
      this.lastRow = row.rowNumber;
      text +=
        row.error === undefined
          ? encodeCopyRow([this.uploadId, row.rowNumber, null, null, ...row.fields])
          : encodeCopyRow([this.uploadId, row.rowNumber, row.error, row.detail, ...this.noFields]);
    }
    done(null, text);
  }
}

/**
 * Streams an upload body straight into the staging table with COPY: memory stays
 * flat whatever the file size, and no row is interpreted here beyond splitting it into
 * columns. Everything else is judged set-based by the pipeline.
 */
@Injectable()
export class UploadReceiver {
  private readonly logger = new Logger(UploadReceiver.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async receive(
    uploadId: string,
    kind: UploadKind,
    format: 'csv' | 'ndjson',
    body: IncomingMessage,
    maxBytes: number,
  ): Promise<ReceivedFile> {
    const started = Date.now();
    const spec = UPLOAD_KIND_SPECS[kind];
    const columns = spec.columns.map((_, i) => `c${i + 1}`).join(', ');
    // A raw pool client: after an aborted COPY the connection is destroyed, not reused.
    const client = await ((this.db.driver as PostgresDriver).master as Pool).connect();
    // A checked-out client has no 'error' listener (the pool's is for idle clients): a
    // connection dropped mid-COPY would be thrown from the socket and end the process. The
    // failure reaches us through the COPY stream; the listener only keeps it from crashing.
    const ignore = () => undefined;
    client.on('error', ignore);
    const meter = new BodyMeter(maxBytes);
    const encoder = new StagingEncoder(uploadId, spec.columns.length);
    let failed: unknown;
    try {
      const copy = client.query(
        copyFrom(
          `COPY collection.upload_rows (upload_id, row_number, parse_error, parse_detail, ${columns}) FROM STDIN`,
        ),
      );
      const parser =
        format === 'csv'
          ? new CsvRowParser({ columns: spec.columns })
          : new NdjsonRowParser({ columns: spec.columns });
      await pipeline(body, meter, parser, encoder, copy);
    } catch (err) {
      failed = err;
      throw err;
    } finally {
      client.removeListener('error', ignore);
      client.release(failed !== undefined);
    }
    const file = {
      sha256: meter.hash.digest('hex'),
      bytes: meter.bytes,
      rows: encoder.rows,
      lastRow: encoder.lastRow,
    };
    this.logger.log({ uploadId, ms: Date.now() - started }, 'staged');
    this.logger.log({ uploadId, kind, format, ...file }, 'upload received');
    return file;
  }
}
