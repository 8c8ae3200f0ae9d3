import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { HttpAppConfig } from '@app/platform';

/** Settings of the collection app. */
export class CollectionConfig extends HttpAppConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  COLLECTION_PORT = 3002;

  /** Largest bulk upload body, in bytes (413 above). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 2 * 1024 * 1024 * 1024;

  /** Rows merged per transaction; also the unit of progress and of redo after a crash. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  UPLOAD_BATCH_ROWS = 50_000;

  /** Batches merged at once, each on its own connection (Postgres then uses several cores). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  UPLOAD_MERGE_CONCURRENCY = 2;

  /** Worker threads verifying seals of bulk files. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  SEAL_WORKERS = 2;

  /** Whether this process also runs the bulk-upload worker (bull consumer). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1)
  UPLOAD_WORKER = 1;

  /** A job whose worker stops renewing its lock for this long is given to another worker. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  UPLOAD_JOB_LOCK_MS = 30_000;

  /**
   * How often an upload worker re-enqueues uploads that are not finished, not being
   * processed, and have no job bull will run (Redis lost it, or it ended early).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  UPLOAD_SWEEP_INTERVAL_MS = 60_000;

  get port(): number {
    return this.COLLECTION_PORT;
  }
}
