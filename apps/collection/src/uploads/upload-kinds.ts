import { BulkRowFormatCode, claimRowFormatError, sellerCopyRowFormatError } from '@app/domain';
import { sqlFile } from '@app/database';

export type UploadKind = 'claims' | 'returns' | 'seller-copies';
export const UPLOAD_KINDS: readonly UploadKind[] = ['claims', 'returns', 'seller-copies'];

const sql = (file: string): string => sqlFile(__dirname, 'sql', file);

/**
 * The format rules of a kind's rows, applied as each row is staged (libs/domain
 * bulk-row-format): the first broken rule goes to the staging row's format_error.
 */
export interface RowFormatCheck {
  /** The first rule the row breaks, or null, taking the tax IDs in `overrides` as valid. */
  error(fields: readonly string[], overrides?: ReadonlySet<string>): BulkRowFormatCode | null;
  /** The tax ID of the row that registry.tax_id_overrides may excuse (checked by validateSql). */
  overridableTaxId?(fields: readonly string[]): string;
}

/**
 * What each kind of bulk file looks like and how it is checked. CSV headers are the
 * snake_case of the JSON fields (DESIGN §10), and each kind's staging table has a text
 * column of the same name for each (migration 22), after the bookkeeping columns
 * (upload_id, row_number, parse_error, parse_detail, format_error, format_error_if_overridden).
 */
export interface UploadKindSpec {
  /** The file's columns in order: CSV headers, NDJSON keys and the staging table's columns. */
  columns: readonly string[];
  /** The kind's staging table, which the file is copied into as it streams in. */
  stagingTable: string;
  /** Rules checked on each row as it is staged; kinds without them are checked by validateSql alone. */
  rowFormat?: RowFormatCheck;
  /**
   * The set-based checks after staging (sql/validate-*.sql): every row with a parse error or
   * a format error, and what only the database can judge, becomes an upload_errors row.
   */
  validateSql: string;
  /** Staging columns that identify one record; a second row with the same key is a duplicate. */
  duplicateKey: readonly string[];
  /** Duplicates are kept as rejected evidence (claims, copies) or reported as errors (returns). */
  duplicatesAsEvidence: boolean;
  /** Rows with a seal to verify on the worker-thread pool. */
  sealed: boolean;
}

export const UPLOAD_KIND_SPECS: Record<UploadKind, UploadKindSpec> = {
  claims: {
    columns: [
      'invoice_code',
      'invoice_number',
      'issue_date',
      'seller_tax_id',
      'amount',
      'tax_amount',
      'signature',
      'content_hash',
    ],
    stagingTable: 'collection.claim_upload_rows',
    rowFormat: { error: claimRowFormatError, overridableTaxId: (fields) => fields[3] },
    validateSql: sql('validate-claims.sql'),
    duplicateKey: ['invoice_code', 'invoice_number'],
    duplicatesAsEvidence: true,
    sealed: true,
  },
  returns: {
    columns: [
      'period',
      'special_sales',
      'special_output_tax',
      'other_sales',
      'other_output_tax',
      'input_tax',
    ],
    stagingTable: 'collection.return_upload_rows',
    validateSql: sql('validate-returns.sql'),
    duplicateKey: ['period'],
    duplicatesAsEvidence: false,
    sealed: false,
  },
  'seller-copies': {
    columns: [
      'type',
      'invoice_code',
      'invoice_number',
      'issue_date',
      'buyer_tax_id',
      'amount',
      'tax_amount',
      'content_hash',
      'signature',
      'certificate_serial',
    ],
    stagingTable: 'collection.seller_copy_upload_rows',
    rowFormat: { error: (fields) => sellerCopyRowFormatError(fields) },
    validateSql: sql('validate-seller-copies.sql'),
    duplicateKey: ['invoice_code', 'invoice_number'],
    duplicatesAsEvidence: true,
    sealed: true,
  },
};

export const MERGE_RETURNS_SQL = sql('merge-returns.sql');

/*
 * The batch inputs read the seal verdicts and duplicates of the batch's rows only (the row
 * range on both sides of each join): the merge runs while verdicts are still being stored,
 * under statistics from before, and a join that hashed every verdict of the upload so far
 * would cost each batch more than the one before. `r` is the kind's staging table; $5..$6
 * the batch's row range.
 */
const BATCH_VERDICTS = `
    LEFT JOIN collection.upload_seal_checks k
           ON k.upload_id = r.upload_id AND k.row_number = r.row_number AND k.row_number BETWEEN $5 AND $6
    LEFT JOIN collection.upload_duplicates d
           ON d.upload_id = r.upload_id AND d.row_number = r.row_number AND d.row_number BETWEEN $5 AND $6`;

/** Validated staging rows of one batch as claim-intake.sql input ($4 upload id, $5..$6 row range). */
export const CLAIMS_BATCH_INPUT = `
  SELECT r.row_number, r.invoice_code, r.invoice_number, r.issue_date::date AS issue_date, r.seller_tax_id,
         r.amount::numeric AS amount, r.tax_amount::numeric AS tax_amount, nullif(r.signature, '') AS signature,
         nullif(r.content_hash, '') AS content_hash, k.verdict AS seal_verdict, d.row_number IS NOT NULL AS duplicate
    FROM collection.claim_upload_rows r${BATCH_VERDICTS}
   WHERE r.upload_id = $4 AND r.row_number BETWEEN $5 AND $6
     AND NOT EXISTS (SELECT 1 FROM collection.upload_errors e WHERE e.upload_id = r.upload_id AND e.row_number = r.row_number)`;

/** Validated staging rows of one batch as seller-copy-intake.sql input ($3 upload id, $5..$6 row range). */
export const SELLER_COPIES_BATCH_INPUT = `
  SELECT r.row_number, r.type, r.invoice_code, r.invoice_number, r.issue_date::date AS issue_date,
         r.buyer_tax_id, r.amount::numeric AS amount, r.tax_amount::numeric AS tax_amount, r.content_hash,
         r.signature, upper(r.certificate_serial) AS certificate_serial, coalesce(k.verdict, 'SEAL_MISMATCH') AS seal_verdict,
         d.row_number IS NOT NULL AS duplicate,
         registry.tax_id_check_ok(r.buyer_tax_id)
           OR EXISTS (SELECT 1 FROM registry.tax_id_overrides o WHERE o.tax_id = r.buyer_tax_id) AS buyer_id_ok
    FROM collection.seller_copy_upload_rows r${BATCH_VERDICTS}
   WHERE r.upload_id = $3 AND r.row_number BETWEEN $5 AND $6
     AND NOT EXISTS (SELECT 1 FROM collection.upload_errors e WHERE e.upload_id = r.upload_id AND e.row_number = r.row_number)`;
