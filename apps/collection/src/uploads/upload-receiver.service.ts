import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { DataSource } from 'typeorm';
import { BulkRowBatch, CsvRowParser, encodeCopyRow, NdjsonRowParser } from '@app/bulk';
import { DomainError } from '@app/domain';
import { UPLOAD_KIND_SPECS, UploadKind, UploadKindSpec } from './upload-kinds';
import { UploadStagingRepository } from './upload-staging.repository';

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

/**
 * Parser batches → COPY text lines into the kind's staging table (upload_id, row_number,
 * parse_error, parse_detail, format_error, format_error_if_overridden, then the kind's columns). A row that was read is judged here by
 * its kind's format rules, so that validation after staging reads verdicts instead of
 * running regular expressions in Postgres. The one rule that needs the database, a tax ID
 * whose check character only registry.tax_id_overrides can excuse, is left to validation
 * with both answers: the row's first broken rule as it stands, and if the ID is overridden.
 */
class StagingEncoder extends Transform {
  /** Rows seen (NDJSON skips blank lines, so row numbers may have gaps) and the last row number. */
  rows = 0;
  lastRow = 0;
  private readonly noFields: null[];

  constructor(
    private readonly uploadId: string,
    private readonly spec: UploadKindSpec,
  ) {
    super({ writableObjectMode: true });
    this.noFields = new Array<null>(spec.columns.length).fill(null);
  }

  override _transform(batch: BulkRowBatch, _enc: BufferEncoding, done: TransformCallback): void {
    let text = '';
    for (const row of batch.rows) {
      this.rows++;
      this.lastRow = row.rowNumber;
      text +=
        row.error === undefined
          ? encodeCopyRow([
              this.uploadId,
              row.rowNumber,
              null,
              null,
              ...this.verdicts(row.fields),
              ...row.fields,
            ])
          : encodeCopyRow([
              this.uploadId,
              row.rowNumber,
              row.error,
              row.detail,
              null,
              null,
              ...this.noFields,
            ]);
    }
    done(null, text);
  }

  /** format_error and format_error_if_overridden of a row that was read. */
  private verdicts(fields: readonly string[]): [string | null, string | null] {
    const format = this.spec.rowFormat;
    if (!format) return [null, null];
    const error = format.error(fields);
    const taxId = error === 'TAX_ID_INVALID' ? (format.overridableTaxId?.(fields) ?? null) : null;
    return [error, taxId === null ? null : format.error(fields, new Set([taxId]))];
  }
}

/**
 * Streams an upload body straight into the staging table with COPY: memory stays
 * flat whatever the file size. Each row is split into columns and judged by its kind's
 * format rules; everything that needs the database is judged set-based by the pipeline.
 */
@Injectable()
export class UploadReceiverService {
  private readonly logger = new Logger(UploadReceiverService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staging: UploadStagingRepository,
  ) {}

  async receive(
    uploadId: string,
    kind: UploadKind,
    format: 'csv' | 'ndjson',
    body: IncomingMessage,
    maxBytes: number,
  ): Promise<ReceivedFile> {
    const started = Date.now();
    const spec = UPLOAD_KIND_SPECS[kind];
    // A raw pool client: after an aborted COPY the connection is destroyed, not reused.
    const client = await ((this.db.driver as PostgresDriver).master as Pool).connect();
    // A checked-out client has no 'error' listener (the pool's is for idle clients): a
    // connection dropped mid-COPY would be thrown from the socket and end the process. The
    // failure reaches us through the COPY stream; the listener only keeps it from crashing.
    const ignore = () => undefined;
    client.on('error', ignore);
    const meter = new BodyMeter(maxBytes);
    const encoder = new StagingEncoder(uploadId, spec);
    let failed: unknown;
    try {
      const copy = this.staging.copyIntoStaging(client, spec);
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
