-- Format checks of a claims upload. Every staging row that cannot become a claim gets
-- exactly one error — the first that applies — in collection.upload_errors; every other
-- row goes on to seal checks and the claim intake. Set-based: one pass over the file.
-- Columns: c1 invoice_code, c2 invoice_number, c3 issue_date, c4 seller_tax_id, c5 amount,
-- c6 tax_amount, c7 signature, c8 content_hash.  $1 upload id.
WITH sellers AS (
  -- A file names few sellers: check each credit code once, not once per row.
  SELECT tax_id,
         tax_id ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'
           AND (registry.tax_id_check_ok(tax_id)
                OR EXISTS (SELECT 1 FROM registry.tax_id_overrides o WHERE o.tax_id = d.tax_id)) AS ok
    FROM (SELECT DISTINCT c4 AS tax_id FROM collection.upload_rows WHERE upload_id = $1 AND parse_error IS NULL) d
)
INSERT INTO collection.upload_errors (upload_id, row_number, code, detail)
SELECT $1, row_number, code, detail
  FROM (
    SELECT r.row_number,
           CASE
             WHEN r.parse_error IS NOT NULL THEN r.parse_error
             WHEN r.c1 !~ '^[0-9]{9}[1-4]$' THEN 'INVOICE_CODE_INVALID'
             WHEN r.c2 !~ '^[0-9]{8}$' OR r.c2 = '00000000' THEN 'INVOICE_NUMBER_INVALID'
             WHEN r.c3 !~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN 'DATE_INVALID'
             -- Days 29–31 only: the month-length arithmetic costs ~1 µs a row (a second of a
             -- million-row file) and no day up to 28 can fail it.
             WHEN substr(r.c3, 9, 2) > '28' AND substr(r.c3, 9, 2)::int > extract(day from make_date(substr(r.c3, 1, 4)::int, substr(r.c3, 6, 2)::int, 1)
                                                    + interval '1 month' - interval '1 day') THEN 'DATE_INVALID'
             WHEN NOT coalesce(s.ok, false) THEN 'TAX_ID_INVALID'
             WHEN r.c5 !~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$' OR r.c5 ~ '^0(\.0*)?$' THEN 'MONEY_INVALID'
             WHEN r.c6 !~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$' THEN 'MONEY_INVALID'
             WHEN (r.c7 = '') <> (r.c8 = '') THEN 'SEAL_INCOMPLETE'
             -- Long fixed-length runs as a length and an unbounded class: Postgres' regex engine
             -- takes ~5 µs a row for [0-9a-f]{64}, ~0.4 µs for this (4 s of a million sealed rows).
             WHEN r.c7 <> '' AND (r.c7 !~ '^[A-Za-z0-9+/]+={0,2}$' OR length(r.c8) <> 64 OR r.c8 !~ '^[0-9a-f]+$')
               THEN 'SEAL_MALFORMED'
           END AS code,
           CASE WHEN r.parse_error IS NOT NULL THEN r.parse_detail END AS detail
      FROM collection.upload_rows r
      LEFT JOIN sellers s ON s.tax_id = r.c4
     WHERE r.upload_id = $1
  ) checked
 WHERE code IS NOT NULL
ON CONFLICT (upload_id, row_number) DO NOTHING
