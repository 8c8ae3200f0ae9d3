-- Format checks of a seller-copies upload (see validate-claims.sql). Columns: c1 type,
-- c2 invoice_code, c3 invoice_number, c4 issue_date, c5 buyer_tax_id, c6 amount,
-- c7 tax_amount, c8 content_hash, c9 signature, c10 certificate_serial.  $1 upload id.
INSERT INTO collection.upload_errors (upload_id, row_number, code, detail)
SELECT $1, row_number, code, detail
  FROM (
    SELECT r.row_number,
           CASE
             WHEN r.parse_error IS NOT NULL THEN r.parse_error
             WHEN r.c1 NOT IN ('special', 'ordinary') THEN 'INVOICE_TYPE_INVALID'
             WHEN r.c2 !~ '^[0-9]{9}[1-4]$' THEN 'INVOICE_CODE_INVALID'
             WHEN r.c3 !~ '^[0-9]{8}$' OR r.c3 = '00000000' THEN 'INVOICE_NUMBER_INVALID'
             WHEN r.c4 !~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN 'DATE_INVALID'
             -- Days 29–31 only: the month-length arithmetic costs ~1 µs a row (a second of a
             -- million-row file) and no day up to 28 can fail it.
             WHEN substr(r.c4, 9, 2) > '28' AND substr(r.c4, 9, 2)::int > extract(day from make_date(substr(r.c4, 1, 4)::int, substr(r.c4, 6, 2)::int, 1)
                                                    + interval '1 month' - interval '1 day') THEN 'DATE_INVALID'
             -- Fixed-length runs as a length and an unbounded class (see validate-claims.sql).
             WHEN length(r.c5) <> 18 OR r.c5 !~ '^[0-9A-HJ-NPQRTUWXY]+$' THEN 'TAX_ID_INVALID'
             WHEN r.c6 !~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$' OR r.c6 ~ '^0(\.0*)?$' THEN 'MONEY_INVALID'
             WHEN r.c7 !~ '^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$' THEN 'MONEY_INVALID'
             WHEN length(r.c8) <> 64 OR r.c8 !~ '^[0-9a-f]+$' OR r.c9 !~ '^[A-Za-z0-9+/]+={0,2}$'
               OR length(r.c10) NOT BETWEEN 2 AND 64 OR r.c10 !~ '^[0-9A-Fa-f]+$'
               THEN 'SEAL_MALFORMED'
           END AS code,
           CASE WHEN r.parse_error IS NOT NULL THEN r.parse_detail END AS detail
      FROM collection.upload_rows r
     WHERE r.upload_id = $1
  ) checked
 WHERE code IS NOT NULL
ON CONFLICT (upload_id, row_number) DO NOTHING
