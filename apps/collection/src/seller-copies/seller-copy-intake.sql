-- Offline seller copies (抄税): invoices sealed by a seller's own device key and uploaded
-- later. Each is judged and stored: accepted copies count for the audit exactly like
-- online-issued invoices; rejected ones are kept as evidence with the first reason.
-- An exact resend of an already accepted copy changes nothing and is reported accepted.
--
-- Input rows (the `input` CTE, supplied by the caller): row_number, type, invoice_code, invoice_number, issue_date, buyer_tax_id,
-- amount, tax_amount, content_hash, signature, certificate_serial, seal_verdict, duplicate,
-- buyer_id_ok (check character valid or overridden).
-- $1 seller tax ID, $2 source 'api' | 'upload', $3 upload id or NULL, $4 today (business date).
-- Ends with the {{output}} placeholder, a SELECT from `outcomes`: one row per input row (row_number, status,
-- reason_code, id), or an upload batch's counts (intake-outcome.ts).
WITH input AS (
  {{input}}
),
judged AS (
  SELECT i.*,
         prior.id AS prior_id,
         prior.id IS NOT NULL AND prior.content_hash = i.content_hash AND prior.signature = i.signature AS resend,
         CASE
           WHEN i.duplicate THEN CASE $2 WHEN 'api' THEN 'DUPLICATE_IN_REQUEST' ELSE 'DUPLICATE_IN_FILE' END
           WHEN NOT i.buyer_id_ok THEN 'BUYER_TAX_ID_INVALID'
           WHEN i.issue_date > $4::date THEN 'ISSUE_DATE_IN_FUTURE'
           WHEN NOT EXISTS (SELECT 1 FROM registry.number_ranges r
                             WHERE r.tax_id = $1 AND r.invoice_code = i.invoice_code
                               AND i.invoice_number::int BETWEEN r.start_number AND r.end_number) THEN 'NUMBER_NOT_ALLOCATED'
           WHEN abs(i.amount) > (ARRAY[10000, 100000, 1000000, 10000000])[right(i.invoice_code, 1)::int]
             THEN 'AMOUNT_ABOVE_VERSION_CAP'
           WHEN i.type = 'special' AND NOT EXISTS (SELECT 1 FROM registry.taxpayers b
                                                     WHERE b.tax_id = i.buyer_tax_id AND b.kind = 'general')
             THEN 'BUYER_NOT_GENERAL_TAXPAYER'
           WHEN i.seal_verdict <> 'OK' THEN i.seal_verdict
           WHEN EXISTS (SELECT 1 FROM issuance.invoices inv
                         WHERE inv.invoice_code = i.invoice_code AND inv.invoice_number = i.invoice_number)
             THEN 'NUMBER_ALREADY_ISSUED_ONLINE'
           WHEN prior.id IS NOT NULL AND NOT (prior.content_hash = i.content_hash AND prior.signature = i.signature)
             THEN 'NUMBER_ALREADY_USED'
         END AS reason
    FROM input i
    LEFT JOIN collection.seller_copies prior
           ON prior.invoice_code = i.invoice_code AND prior.invoice_number = i.invoice_number AND prior.status = 'accepted'
),
accepted AS (
  INSERT INTO collection.seller_copies (invoice_code, invoice_number, type, seller_tax_id, buyer_tax_id, issue_date,
                                       amount, tax_amount, content_hash, signature, certificate_serial, status,
                                       source, upload_id, row_number)
  SELECT invoice_code, invoice_number, type, $1, buyer_tax_id, issue_date, amount, tax_amount, content_hash,
         signature, certificate_serial, 'accepted', $2, $3, row_number
    FROM judged
   WHERE reason IS NULL AND NOT resend
  ON CONFLICT (invoice_code, invoice_number) WHERE status = 'accepted' DO NOTHING
  RETURNING row_number, id
),
rejected AS (
  INSERT INTO collection.seller_copies (invoice_code, invoice_number, type, seller_tax_id, buyer_tax_id, issue_date,
                                       amount, tax_amount, content_hash, signature, certificate_serial, status,
                                       reason_code, source, upload_id, row_number)
  SELECT j.invoice_code, j.invoice_number, j.type, $1, j.buyer_tax_id, j.issue_date, j.amount, j.tax_amount,
         j.content_hash, j.signature, j.certificate_serial, 'rejected', coalesce(j.reason, 'NUMBER_ALREADY_USED'),
         $2, $3, j.row_number
    FROM judged j
    LEFT JOIN accepted a ON a.row_number = j.row_number  -- a hash anti-join, not a CTE scan per row
   WHERE j.reason IS NOT NULL OR (NOT j.resend AND a.row_number IS NULL)
  RETURNING row_number, reason_code, id
),
outcomes AS (
  SELECT row_number, 'accepted' AS status, NULL AS reason_code, id FROM accepted
  UNION ALL
  SELECT row_number, 'rejected', reason_code, id FROM rejected
  UNION ALL
  SELECT row_number, 'accepted', NULL, prior_id FROM judged WHERE reason IS NULL AND resend
)
{{output}}
