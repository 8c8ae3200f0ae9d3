-- Errors of an offline seller copies upload after staging: every staging row that cannot
-- become a copy gets exactly one error — the first that applies — in collection.upload_errors.
-- The format rules were judged as each row was staged (libs/domain bulk-row-format,
-- upload-receiver.service.ts); the buyer's check character is judged with the copy
-- (BUYER_TAX_ID_INVALID, where overrides apply). $1 upload id.
INSERT INTO collection.upload_errors (upload_id, row_number, code, detail)
SELECT $1, r.row_number, coalesce(r.parse_error, r.format_error), r.parse_detail
  FROM collection.seller_copy_upload_rows r
 WHERE r.upload_id = $1 AND (r.parse_error IS NOT NULL OR r.format_error IS NOT NULL)
ON CONFLICT (upload_id, row_number) DO NOTHING
