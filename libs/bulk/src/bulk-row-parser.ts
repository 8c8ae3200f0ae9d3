import { Transform, TransformCallback } from 'node:stream';
import { BulkRow, BulkRowBatch, MAX_BATCH_ROWS } from './bulk-row';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder';

/** Decoded text is scanned in slices of this many characters, checking backpressure between them. */
const SLICE_LENGTH = 64 * 1024;

/**
 * The stream contract of both upload parsers. Writable side: Buffers (strings are encoded
 * by the stream), cut anywhere, decoded as UTF-8 (not UTF-8: the stream fails with
 * `BulkFileError` `FILE_ENCODING_INVALID`). Readable side (objectMode): {@link BulkRowBatch}es,
 * rows in input order; every row of the input comes out exactly once, with its number and
 * either its fields or an error code. A `BulkFileError` ends the stream: the file as a whole
 * is unusable, and rows already emitted must be discarded with it.
 *
 * Backpressure: a written chunk is scanned slice by slice; when `push` says the reader is
 * full, scanning stops until the reader asks for more (`_read`), and the chunk's callback is
 * held until then, so a single huge chunk cannot pile up rows in memory either.
 */
export abstract class BulkRowParser extends Transform {
  private readonly decoder = new Utf8ChunkDecoder();
  private batch: BulkRow[] = [];
  private readerFull = false;
  private paused: { text: string; offset: number; callback: TransformCallback } | undefined;

  protected constructor() {
    super({ readableObjectMode: true });
  }

  /** Consumes the next piece of text; pieces are cut anywhere, even inside a surrogate pair. */
  protected abstract scan(text: string): void;

  /** Consumes the end of the input; throws a `BulkFileError` when the file as a whole is bad. */
  protected abstract finish(): void;

  /** Queues one row for the reader. */
  protected add(row: BulkRow): void {
    this.batch.push(row);
    if (this.batch.length >= MAX_BATCH_ROWS) this.pushBatch();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let text: string;
    try {
      text = this.decoder.write(chunk);
    } catch (error) {
      return callback(error as Error);
    }
    this.work(text, 0, callback);
  }

  override _read(size: number): void {
    this.readerFull = false;
    const paused = this.paused;
    if (paused === undefined) return super._read(size);
    this.paused = undefined;
    this.work(paused.text, paused.offset, paused.callback);
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.decoder.end();
      this.finish();
      this.pushBatch();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private work(text: string, offset: number, callback: TransformCallback): void {
    try {
      while (offset < text.length) {
        const end = Math.min(text.length, offset + SLICE_LENGTH);
        this.scan(offset === 0 && end === text.length ? text : text.slice(offset, end));
        this.pushBatch();
        offset = end;
        if (this.readerFull && offset < text.length) {
          this.paused = { text, offset, callback };
          return;
        }
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private pushBatch(): void {
    if (this.batch.length === 0) return;
    const batch: BulkRowBatch = { rows: this.batch };
    this.batch = [];
    if (!this.push(batch)) this.readerFull = true;
  }
}
