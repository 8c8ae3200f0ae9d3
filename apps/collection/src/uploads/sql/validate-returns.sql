-- Format checks of a VAT-returns upload (see validate-claims.sql). Columns: c1 period,
-- c2 special_sales, c3 special_output_tax, c4 other_sales, c5 other_output_tax, c6 input_tax.
-- $1 upload id, $2 the upload's period or NULL (then any), $3 today's period (returns are
-- filed for ended periods only).
INSERT INTO collection.upload_errors (upload_id, row_number, code, detail)
SELECT $1, row_number, code, detail
  FROM (
    SELECT r.row_number,
           CASE
             WHEN r.parse_error IS NOT NULL THEN r.parse_error
             WHEN r.c1 !~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])$' THEN 'PERIOD_INVALID'
             WHEN $2::text IS NOT NULL AND r.c1 <> $2 THEN 'PERIOD_NOT_OF_UPLOAD'
             WHEN r.c1 >= $3 THEN 'PERIOD_NOT_ENDED'
             WHEN NOT (r.c2 ~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$' AND r.c3 ~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$'
                   AND r.c4 ~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$' AND r.c5 ~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$'
                   AND r.c6 ~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$') THEN 'MONEY_INVALID'
           END AS code,
           CASE WHEN r.parse_error IS NOT NULL THEN r.parse_detail END AS detail
      FROM collection.upload_rows r
     WHERE r.upload_id = $1
  ) checked
 WHERE code IS NOT NULL
ON CONFLICT (upload_id, row_number) DO NOTHING
