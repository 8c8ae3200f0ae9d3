-- Files the valid returns of one batch of a VAT-returns upload: each row is a new version
-- for its period (version 1, or a correction superseding the latest). Two rows for one
-- period in a file were already refused as DUPLICATE_IN_FILE.
-- $1 tax ID, $2 upload id, $3 from row, $4 to row.
WITH input AS (
  SELECT r.row_number, r.period, r.special_sales::numeric AS special_sales,
         r.special_output_tax::numeric AS special_output_tax, r.other_sales::numeric AS other_sales,
         r.other_output_tax::numeric AS other_output_tax, r.input_tax::numeric AS input_tax
    FROM collection.return_upload_rows r
   WHERE r.upload_id = $2 AND r.row_number BETWEEN $3 AND $4
     AND NOT EXISTS (SELECT 1 FROM collection.upload_errors e WHERE e.upload_id = r.upload_id AND e.row_number = r.row_number)
)
INSERT INTO collection.vat_returns (tax_id, period, version, special_sales, special_output_tax, other_sales,
                                    other_output_tax, input_tax, source, upload_id, row_number)
SELECT $1, i.period,
       coalesce((SELECT max(version) FROM collection.vat_returns v WHERE v.tax_id = $1 AND v.period = i.period), 0) + 1,
       i.special_sales, i.special_output_tax, i.other_sales, i.other_output_tax, i.input_tax, 'upload', $2, i.row_number
  FROM input i
RETURNING row_number, 'accepted' AS status
