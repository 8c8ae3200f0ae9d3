-- Format checks of a VAT-returns upload (see validate-claims.sql): a returns file has no
-- format rules at staging, so its period and amounts are checked here, as staged (text).
-- $1 upload id, $2 the upload's period or NULL (then any), $3 today's period (returns are
-- filed for ended periods only).
INSERT INTO collection.upload_errors (upload_id, row_number, code, detail)
SELECT $1, row_number, code, detail
  FROM (
    SELECT r.row_number,
           CASE
             WHEN r.parse_error IS NOT NULL THEN r.parse_error
             WHEN r.period !~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])$' THEN 'PERIOD_INVALID'
             WHEN $2::text IS NOT NULL AND r.period <> $2 THEN 'PERIOD_NOT_OF_UPLOAD'
             WHEN r.period >= $3 THEN 'PERIOD_NOT_ENDED'
             WHEN NOT (r.special_sales ~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$'
                   AND r.special_output_tax ~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$'
                   AND r.other_sales ~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$'
                   AND r.other_output_tax ~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$'
                   AND r.input_tax ~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$') THEN 'MONEY_INVALID'
           END AS code,
           CASE WHEN r.parse_error IS NOT NULL THEN r.parse_detail END AS detail
      FROM collection.return_upload_rows r
     WHERE r.upload_id = $1
  ) checked
 WHERE code IS NOT NULL
ON CONFLICT (upload_id, row_number) DO NOTHING
