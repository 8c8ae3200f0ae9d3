import { ValidationError } from '@app/domain';

/**
 * Codes of {@link BulkFileError}: faults of the upload as a whole, after which no further
 * row is produced. Faults of a single row are {@link BulkRowErrorCode}s on that row instead.
 */
export type BulkFileErrorCode =
  /** The body holds no header (CSV) or no non-blank line (NDJSON). */
  | 'FILE_EMPTY'
  /** The first CSV record is not exactly the expected column names; details `{ expected, got }`. */
  | 'CSV_HEADER_INVALID'
  /** The body is not valid UTF-8 (typically a GBK or UTF-16 export); details `{ nearByteOffset }`. */
  | 'FILE_ENCODING_INVALID';

/**
 * The upload cannot be read at all. A `ValidationError` (kind `invalid`), so the global
 * filter answers 400 `{ code, message, details }` when it surfaces during a request, and a
 * job can store `code` and `details` on the upload as they are.
 */
export class BulkFileError extends ValidationError {
  declare readonly code: BulkFileErrorCode;

  constructor(code: BulkFileErrorCode, message: string, details?: unknown) {
    super(code, message, details);
  }
}
