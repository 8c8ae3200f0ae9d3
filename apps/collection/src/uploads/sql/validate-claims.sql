-- Errors of a claims upload after staging. Every staging row that cannot become a claim gets
-- exactly one error — the first that applies — in collection.upload_errors; every other row
-- goes on to seal checks and the claim intake. The format rules were judged as each row was
-- staged (libs/domain bulk-row-format, upload-receiver.service.ts); what is left here is the
-- one that needs the database: a seller tax ID with a wrong check character is valid if
-- registry.tax_id_overrides lists it, and the row's verdict is then format_error_if_overridden.
-- Set-based: one pass over the file; the override lookup runs only for rows that need it.
-- $1 upload id.
INSERT INTO collection.upload_errors (upload_id, row_number, code, detail)
SELECT $1, row_number, code, detail
  FROM (
    SELECT r.row_number,
           CASE
             WHEN r.parse_error IS NOT NULL THEN r.parse_error
             WHEN r.format_error = 'TAX_ID_INVALID'
              AND EXISTS (SELECT 1 FROM registry.tax_id_overrides o WHERE o.tax_id = r.seller_tax_id) THEN r.format_error_if_overridden
             ELSE r.format_error
           END AS code,
           r.parse_detail AS detail
      FROM collection.claim_upload_rows r
     WHERE r.upload_id = $1 AND (r.parse_error IS NOT NULL OR r.format_error IS NOT NULL)
  ) checked
 WHERE code IS NOT NULL
ON CONFLICT (upload_id, row_number) DO NOTHING
