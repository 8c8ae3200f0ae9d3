-- Claim intake (勾选/认证): judges the claimed invoices of one buyer for one period and
-- stores every one of them — accepted, or rejected with the first reason that applies —
-- so that attempted forgeries stay visible to the bureau. Nothing is judged that needs
-- the whole picture (field mismatches, missing seller copies, overstated amounts): a claim
-- whose seller copy is not known yet is accepted, and the cross-audit judges it later.
--
-- Input rows (the `input` CTE, supplied by the caller): row_number, invoice_code, invoice_number, issue_date, seller_tax_id,
-- amount, tax_amount, signature, content_hash, seal_verdict ('OK', a refusal code, or NULL
-- when no seal was sent), duplicate (the same invoice earlier in the same request/file).
-- $1 buyer tax ID, $2 claim period 'YYYY-MM', $3 source 'api' | 'upload', $4 upload id or NULL.
-- Ends with the {{output}} placeholder, a SELECT from `outcomes`: one row per input row (row_number, status,
-- reason_code, claim id), or an upload batch's counts (intake-outcome.ts).
WITH input AS (
  {{input}}
),
judged AS (
  -- The seller's copy of each claimed invoice: issued online, or an accepted offline copy (抄税).
  SELECT i.*,
         CASE
           WHEN i.duplicate THEN CASE $3 WHEN 'api' THEN 'DUPLICATE_IN_REQUEST' ELSE 'DUPLICATE_IN_FILE' END
           WHEN i.issue_date >= (to_date($2 || '-01', 'YYYY-MM-DD') + interval '1 month') THEN 'ISSUE_DATE_AFTER_PERIOD'
           WHEN coalesce(inv.type, sc.type) <> 'special' THEN 'NOT_SPECIAL_INVOICE'
           WHEN coalesce(inv.buyer_tax_id, sc.buyer_tax_id) <> $1 THEN 'NOT_THE_BUYER'
           WHEN inv.voided_at IS NOT NULL THEN 'INVOICE_VOIDED'
           WHEN i.seal_verdict IS NOT NULL AND i.seal_verdict <> 'OK' THEN i.seal_verdict
           -- ALREADY_CLAIMED, the last reason, is not looked up here: claims_accepted_once
           -- finds it as the insert's conflict (below). A join on the buyer's accepted claims
           -- read all of them for every batch, so a batch cost more the more the buyer had
           -- claimed before: 0.67 s for the first 50,000 rows of a file, 1.16 s for the last.
         END AS reason
    FROM input i
    LEFT JOIN issuance.invoices inv
           ON inv.invoice_code = i.invoice_code AND inv.invoice_number = i.invoice_number
    LEFT JOIN collection.seller_copies sc
           ON sc.invoice_code = i.invoice_code AND sc.invoice_number = i.invoice_number AND sc.status = 'accepted'
),
accepted AS (
  INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date, seller_tax_id,
                                 amount, tax_amount, signature, content_hash, status, seal_verified,
                                 source, upload_id, row_number)
  SELECT $1, $2, invoice_code, invoice_number, issue_date, seller_tax_id, amount, tax_amount,
         signature, content_hash, 'accepted', coalesce(seal_verdict = 'OK', false), $3, $4, row_number
    FROM judged
   WHERE reason IS NULL
  -- The buyer has already claimed this invoice, in an earlier request or in a concurrent one
  -- that committed first: recorded below as rejected, ALREADY_CLAIMED.
  ON CONFLICT (invoice_code, invoice_number, buyer_tax_id) WHERE status = 'accepted' DO NOTHING
  RETURNING row_number, id
),
rejected AS (
  INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date, seller_tax_id,
                                 amount, tax_amount, signature, content_hash, status, reason_code,
                                 source, upload_id, row_number)
  SELECT $1, $2, j.invoice_code, j.invoice_number, j.issue_date, j.seller_tax_id, j.amount, j.tax_amount,
         j.signature, j.content_hash, 'rejected', coalesce(j.reason, 'ALREADY_CLAIMED'), $3, $4, j.row_number
    FROM judged j
    LEFT JOIN accepted a ON a.row_number = j.row_number  -- a hash anti-join, not a CTE scan per row
   WHERE j.reason IS NOT NULL OR a.row_number IS NULL
  RETURNING row_number, reason_code, id
),
outcomes AS (
  SELECT row_number, 'accepted' AS status, NULL AS reason_code, id FROM accepted
  UNION ALL
  SELECT row_number, 'rejected', reason_code, id FROM rejected
)
{{output}}
