-- Cross-audit of one hash partition of the invoice key, rule version 1 (the rules are
-- written out in libs/domain/src/audit/audit-categories.ts and docs/adr/0012).
--
-- Online invoices, offline seller copies and claims are hash-partitioned alike on
-- (invoice_code, invoice_number), so {{invoices}}, {{seller_copies}} and {{claims}} hold
-- everything there is about every invoice judged here. Input is what was stamped at or
-- before the run's watermark.
--
-- Computes, for claims of the period and seller copies issued in it, restricted to the
-- run's scope (seller or buyer in audit.run_scope_taxpayers, when the run is scoped):
--   per claim     FORGED, REVOKED_SEAL, MISSING_SELLER_COPY, VOID_CLAIMED,
--                 OVERSTATED_CLAIM, FIELD_MISMATCH, DUPLICATE_CLAIM (or MATCHED: none)
--   per invoice   UNCLAIMED, REVOKED_SEAL (sealed after its certificate's revocation),
--                 FORGED (sealed online under a certificate that does not cover its issue date)
--   per taxpayer  this partition's output tax (sellers) and claimed tax (buyers), which
--                 the run's finalisation adds up for UNDER_DECLARED and INPUT_OVERCLAIMED,
--                 and the figures its risk stage judges by: sellers' issuance, and
--                 taxpayers' offline sales and purchases.
-- Writes audit.run_findings and audit.run_taxpayer_totals for (run, partition); the caller
-- deletes that output first, in the same transaction, so a retried job replaces it.
--
-- $1 run id, $2 period 'YYYY-MM', $3 watermark, $4 scoped, $5 partition,
-- $6 seal failure reasons, $7 evidence rejection reasons, $8 duplicate-claim reasons,
-- $9 the business time zone (issue dates are its calendar days), $10 and $11 the cap-edge
-- fractions of the run's rule set and of its back-test baseline (the same when not a back-test),
-- $12 and $13 the lookbackPeriods of their GOODS_DIVERGENCE.
-- Returns one row: claims (judged), matched, findings, taxpayers (totals written), and
-- perCategory: {category: {findings, taxAtRisk}} of the findings written.
WITH
-- The period's first day and the next period's. Immutable functions only, so the planner
-- folds them into constants (to_date is only stable: inlined, it ran for every copy read).
bounds AS (
  SELECT make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) AS first_day,
         (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) + interval '1 month')::date AS next_first_day
),
scope AS (
  SELECT tax_id FROM audit.run_scope_taxpayers WHERE run_id = $1
),
-- Credit notes issued after the watermark: not yet credited as far as this run knows.
late_credits AS (
  SELECT original_invoice_code AS invoice_code, original_invoice_number AS invoice_number,
         -sum(amount) AS amount
    FROM issuance.invoices
   WHERE original_invoice_code IS NOT NULL AND issued_at > $3
   GROUP BY 1, 2
),
-- The seller's copy of each invoice: issued online, or an accepted offline copy (抄税).
-- Intake refuses an offline copy of a number issued online; should both exist anyway
-- (a number issued online after its offline copy), the online one counts.
seller AS (
  SELECT i.invoice_code, i.invoice_number, i.type, i.seller_tax_id, i.buyer_tax_id, i.issue_date,
         i.amount, i.tax_amount,
         i.original_invoice_code IS NOT NULL AS credit_note,
         i.voided_at IS NOT NULL AND i.voided_at <= $3 AS voided,
         i.amount > 0 AND i.credited_amount - coalesce(lc.amount, 0) >= i.amount AS fully_credited,
         -- An online seal is timed: made at or after the revocation, it is out of control (失控).
         coalesce(r.revoked_at <= i.issued_at, false) AS sealed_after_revocation,
         -- A seal whose certificate does not cover its issue date cannot be genuine (ADR 0021:
         -- issuance refuses to make one, intake refuses one presented; rows from before that
         -- rule, or written around the apps, still may). Issuance seals under a certificate
         -- valid at issued_at, which covers that day: only an invoice dated another day
         -- (backdated into the open previous period) can be outside, and only for those is
         -- the certificate looked up, by pki.covers_issue_date (the domain's rule in SQL).
         i.issue_date <> (i.issued_at AT TIME ZONE $9)::date
           AND NOT EXISTS (SELECT 1 FROM pki.certificates c
                            WHERE c.serial_number = i.certificate_serial
                              AND pki.covers_issue_date(c.not_before, c.not_after, i.issue_date, $9))
           AS seal_outside_validity,
         false AS offline
    FROM {{invoices}} i
    LEFT JOIN late_credits lc USING (invoice_code, invoice_number)
    LEFT JOIN pki.revocations r ON r.serial_number = i.certificate_serial AND r.recorded_at <= $3
   WHERE i.issued_at <= $3
  UNION ALL
  SELECT s.invoice_code, s.invoice_number, s.type, s.seller_tax_id, s.buyer_tax_id, s.issue_date,
         s.amount, s.tax_amount, false, false, false,
         -- An offline seal is dated, not timed: as at intake, a revocation on or before the
         -- issue date (Beijing calendar) means the device was no longer trusted.
         coalesce((r.revoked_at AT TIME ZONE 'Asia/Shanghai')::date <= s.issue_date, false),
         -- Intake accepted the copy only if its certificate covers its issue date (the same
         -- rule), as it accepted its signature: neither is judged again here.
         false,
         true
    FROM {{seller_copies}} s
    LEFT JOIN pki.revocations r ON r.serial_number = s.certificate_serial AND r.recorded_at <= $3
   WHERE s.status = 'accepted' AND s.created_at <= $3
     AND NOT EXISTS (SELECT 1 FROM {{invoices}} o
                      WHERE o.invoice_code = s.invoice_code AND o.invoice_number = s.invoice_number
                        AND o.issued_at <= $3)
),
-- Claims the audit judges, in every period (a second claim may come periods later):
-- accepted ones, and rejected ones that are evidence of an attempt. Not materialised: a scan
-- of the partition is cheaper than writing and rereading a copy of it.
claims AS NOT MATERIALIZED (
  SELECT c.id, c.buyer_tax_id, c.period, c.invoice_code, c.invoice_number, c.issue_date, c.seller_tax_id,
         c.amount, c.tax_amount, c.status, c.reason_code,
         c.status = 'accepted' OR c.reason_code = ANY ($8) AS counts_as_claim
    FROM {{claims}} c
   WHERE c.created_at <= $3 AND (c.status = 'accepted' OR c.reason_code = ANY ($7))
),
-- Per claimed invoice: was it deducted at all, and which claim is the deduction (the first
-- accepted one, else the first) when it was claimed more than once.
claimed_keys AS (
  SELECT invoice_code, invoice_number,
         bool_or(status = 'accepted') AS deducted,
         count(*) FILTER (WHERE counts_as_claim) AS times_claimed,
         coalesce(min(id) FILTER (WHERE status = 'accepted'), min(id) FILTER (WHERE counts_as_claim)) AS first_claim_id
    FROM claims
   GROUP BY invoice_code, invoice_number
),
-- Every invoice of the partition that was claimed or has a seller's copy, or both: its
-- copy beside what the claims say about it. One hash join serves both sides — the claims
-- judged against the copy (compared) and the copies judged for whether anyone deducted
-- them (period_copies) — so the copies and the per-invoice claim counts are each built
-- and hashed once.
invoice_keys AS (
  SELECT invoice_code, invoice_number,
         coalesce(k.deducted, false) AS deducted, k.times_claimed, k.first_claim_id,
         s.invoice_code IS NOT NULL AS has_copy, s.type, s.seller_tax_id, s.buyer_tax_id, s.issue_date,
         s.amount, s.tax_amount, s.credit_note, s.voided, s.fully_credited, s.sealed_after_revocation,
         s.seal_outside_validity, s.offline
    FROM claimed_keys k
    FULL JOIN seller s USING (invoice_code, invoice_number)
),
-- Every claim of the period with the seller's copy. Most claims are clean — accepted,
-- claimed once, equal to an intact copy — and only `suspect` reads on past them: not
-- materialised, so the clean ones are never written out (period_claims counts the claims,
-- and the clean ones are the claims that are not suspect).
compared AS NOT MATERIALIZED (
  SELECT c.*,
         s.has_copy,
         s.seller_tax_id AS copy_seller_tax_id, s.buyer_tax_id AS copy_buyer_tax_id,
         s.issue_date AS copy_issue_date, s.amount AS copy_amount, s.tax_amount AS copy_tax_amount,
         coalesce(s.voided OR s.fully_credited, false) AS copy_void,
         coalesce(s.seal_outside_validity, false) AS copy_seal_outside_validity,
         s.times_claimed, s.first_claim_id,
         -- The amount version (10th digit of the code) caps the pre-tax amount.
         coalesce((ARRAY[10000, 100000, 1000000, 10000000])[
           CASE WHEN right(c.invoice_code, 1) BETWEEN '1' AND '4' THEN right(c.invoice_code, 1)::int END], 0) AS cap,
         coalesce(c.status = 'accepted' AND s.times_claimed = 1 AND NOT (s.voided OR s.fully_credited)
                  AND NOT s.seal_outside_validity AND c.issue_date = s.issue_date AND c.seller_tax_id = s.seller_tax_id
                  AND c.buyer_tax_id = s.buyer_tax_id AND c.amount = s.amount AND c.tax_amount = s.tax_amount,
                  false) AS agrees
    FROM claims c
    -- every claimed invoice is in invoice_keys (with or without a copy)
    JOIN invoice_keys s USING (invoice_code, invoice_number)
   WHERE c.period = $2
     AND (NOT $4 OR c.buyer_tax_id IN (SELECT tax_id FROM scope)
                 OR coalesce(s.seller_tax_id, c.seller_tax_id) IN (SELECT tax_id FROM scope))
),
-- The claims that are not simply clean, with why the claimed invoice cannot exist (假票),
-- if it cannot, and which key fields differ from the copy. Materialised (a few thousand
-- rows): judged reads forged_because in six places, and inlined, each would look the
-- number up in the allocated ranges again.
suspect AS MATERIALIZED (
  SELECT c.*,
         c.amount > c.copy_amount OR c.tax_amount > c.copy_tax_amount AS overstated,
         array_remove(ARRAY[
           CASE WHEN c.issue_date <> c.copy_issue_date THEN 'issueDate' END,
           CASE WHEN c.seller_tax_id <> c.copy_seller_tax_id THEN 'sellerTaxId' END,
           CASE WHEN c.buyer_tax_id <> c.copy_buyer_tax_id THEN 'buyerTaxId' END,
           CASE WHEN c.amount <> c.copy_amount THEN 'amount' END,
           CASE WHEN c.tax_amount <> c.copy_tax_amount THEN 'taxAmount' END
         ], NULL) AS differing_fields,
         array_remove(ARRAY[
           CASE WHEN c.reason_code = ANY ($6) THEN 'SEAL_REJECTED' END,
           -- the claim sent no seal (or intake judged it before the rule), but the seller's
           -- copy shows one that intake would refuse: the claim is of a seal that cannot exist
           CASE WHEN c.copy_seal_outside_validity THEN 'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE' END,
           CASE WHEN c.amount > c.cap THEN 'AMOUNT_ABOVE_VERSION_CAP' END,
           CASE WHEN NOT c.has_copy
                 AND NOT EXISTS (SELECT 1 FROM registry.number_ranges nr
                                  WHERE nr.tax_id = c.seller_tax_id AND nr.invoice_code = c.invoice_code
                                    AND c.invoice_number::int BETWEEN nr.start_number AND nr.end_number)
                THEN 'NUMBER_NOT_ALLOCATED' END
         ], NULL) AS forged_because,
         c.counts_as_claim AND c.times_claimed > 1 AND c.id <> c.first_claim_id AS second_claim
    FROM compared c
   WHERE NOT (c.agrees AND c.amount <= c.cap)
),
judged AS (
  SELECT s.*,
         array_remove(ARRAY[
           CASE WHEN forged THEN 'FORGED' END,
           CASE WHEN reason_code = 'SEAL_REVOKED' THEN 'REVOKED_SEAL' END,
           CASE WHEN NOT has_copy AND NOT forged THEN 'MISSING_SELLER_COPY' END,
           CASE WHEN has_copy AND copy_void THEN 'VOID_CLAIMED' END,
           CASE WHEN has_copy AND NOT forged AND overstated THEN 'OVERSTATED_CLAIM' END,
           CASE WHEN has_copy AND NOT forged AND NOT overstated AND cardinality(differing_fields) > 0
                THEN 'FIELD_MISMATCH' END,
           CASE WHEN second_claim THEN 'DUPLICATE_CLAIM' END
         ], NULL) AS categories
    FROM (SELECT *, cardinality(forged_because) > 0 AS forged FROM suspect) s
),
claim_findings AS (
  SELECT category, j.invoice_code, j.invoice_number,
         coalesce(j.copy_seller_tax_id, j.seller_tax_id) AS seller_tax_id, j.buyer_tax_id,
         CASE category WHEN 'OVERSTATED_CLAIM' THEN greatest(j.tax_amount - j.copy_tax_amount, 0)
                       ELSE j.tax_amount END AS tax_at_risk,
         jsonb_strip_nulls(jsonb_build_object(
           'claim', jsonb_build_object('id', j.id::text, 'period', j.period, 'status', j.status,
                                       'reasonCode', j.reason_code, 'issueDate', j.issue_date,
                                       'sellerTaxId', j.seller_tax_id, 'amount', j.amount::text,
                                       'taxAmount', j.tax_amount::text),
           'sellerCopy', CASE WHEN j.has_copy THEN jsonb_build_object(
                           'issueDate', j.copy_issue_date, 'sellerTaxId', j.copy_seller_tax_id,
                           'buyerTaxId', j.copy_buyer_tax_id, 'amount', j.copy_amount::text,
                           'taxAmount', j.copy_tax_amount::text) END,
           'differingFields', CASE WHEN category IN ('FIELD_MISMATCH', 'OVERSTATED_CLAIM') THEN to_jsonb(j.differing_fields) END,
           'forgedBecause', CASE WHEN category = 'FORGED' THEN to_jsonb(j.forged_because) END,
           'firstClaimId', CASE WHEN category = 'DUPLICATE_CLAIM' THEN j.first_claim_id::text END
         )) AS details,
         0 AS source, j.id AS claim_id
    FROM judged j, unnest(j.categories) AS category
),
-- How many claims of the period the run judges: every one, or (scoped) those compared
-- picks, which joins them again. Materialised: the result below reads it twice.
period_claims AS MATERIALIZED (
  SELECT CASE WHEN $4 THEN (SELECT count(*) FROM compared)
              ELSE (SELECT count(*) FROM claims WHERE period = $2) END AS claims
),
-- Seller copies of the period that are findings on their own: special invoices nobody
-- deducted (滞留), seals made after the certificate's revocation (失控), and seals their
-- certificate could not make on the issue date (假票, whether claimed or not). Read twice
-- (findings, totals) straight from invoice_keys, which is materialised anyway.
period_copies AS NOT MATERIALIZED (
  SELECT s.invoice_code, s.invoice_number, s.type, s.seller_tax_id, s.buyer_tax_id, s.issue_date,
         s.amount, s.tax_amount, s.credit_note, s.voided, s.fully_credited, s.sealed_after_revocation,
         s.seal_outside_validity, s.deducted, s.offline,
         s.type = 'special' AND NOT s.credit_note AND NOT s.voided AND NOT s.fully_credited AND NOT s.deducted AS unclaimed
    FROM invoice_keys s
    CROSS JOIN bounds b
   WHERE s.has_copy AND s.issue_date >= b.first_day AND s.issue_date < b.next_first_day
     AND (NOT $4 OR s.seller_tax_id IN (SELECT tax_id FROM scope) OR s.buyer_tax_id IN (SELECT tax_id FROM scope))
),
invoice_findings AS (
  SELECT category, s.invoice_code, s.invoice_number, s.seller_tax_id, s.buyer_tax_id,
         CASE category WHEN 'UNCLAIMED' THEN 0 ELSE s.tax_amount END AS tax_at_risk,
         jsonb_strip_nulls(jsonb_build_object('sellerCopy', jsonb_build_object(
           'issueDate', s.issue_date, 'sellerTaxId', s.seller_tax_id, 'buyerTaxId', s.buyer_tax_id,
           'amount', s.amount::text, 'taxAmount', s.tax_amount::text),
           'forgedBecause', CASE WHEN category = 'FORGED' THEN '["CERTIFICATE_NOT_VALID_AT_ISSUE_DATE"]'::jsonb END))
           AS details,
         1 AS source, NULL::bigint AS claim_id
    -- one pass over the copies; a copy can be several
    FROM period_copies s,
         unnest(array_remove(ARRAY[CASE WHEN s.unclaimed THEN 'UNCLAIMED' END,
                                   CASE WHEN s.sealed_after_revocation THEN 'REVOKED_SEAL' END,
                                   CASE WHEN s.seal_outside_validity THEN 'FORGED' END], NULL)) AS category
   WHERE s.unclaimed OR s.sealed_after_revocation OR s.seal_outside_validity
),
-- One finding per identity: a claimant's two claims of one invoice, or a revoked seal seen
-- both from the claim and from the seller's copy, are one thing found (the first claim's view).
-- (Byte order, as in the run_findings key: no locale-aware comparisons in the sort.)
found AS (
  SELECT DISTINCT ON (identity) *
    FROM (SELECT concat_ws('|', category, invoice_code, invoice_number, coalesce(seller_tax_id, ''),
                           coalesce(buyer_tax_id, '')) COLLATE "C" AS identity, *
            FROM (SELECT * FROM claim_findings UNION ALL SELECT * FROM invoice_findings) f) named
   ORDER BY identity, source, claim_id
),
written AS (
  INSERT INTO audit.run_findings (run_id, partition, identity, category, invoice_code, invoice_number,
                                  seller_tax_id, buyer_tax_id, tax_at_risk, details)
  SELECT $1, $5, identity, category, invoice_code, invoice_number, seller_tax_id, buyer_tax_id,
         tax_at_risk, details
    FROM found
  RETURNING category, tax_at_risk
),
-- Output tax of special invoices issued in the period, net of credit notes and voids, per
-- seller; tax of the claims accepted for the period, per buyer; the offline trade
-- GOODS_DIVERGENCE counts as chapter 'unknown', per seller and per buyer.
totals AS (
  INSERT INTO audit.run_taxpayer_totals (run_id, partition, tax_id, output_tax, claimed_tax, invoices,
                                         sales_amount, special_amount, edge_invoices, edge_tax,
                                         baseline_edge_invoices, baseline_edge_tax, offline_sales,
                                         offline_purchases, baseline_offline_purchases)
  SELECT $1, $5, tax_id, sum(output_tax), sum(claimed_tax), sum(invoices), sum(sales_amount),
         sum(special_amount), sum(edge_invoices), sum(edge_tax), sum(baseline_edge_invoices),
         sum(baseline_edge_tax), sum(offline_sales), sum(offline_purchases),
         sum(baseline_offline_purchases)
    FROM (-- Sellers: output tax (票表比对), and the figures the risk stage judges issuers by
          -- (docs/risk-monitoring.md): their blue invoices of the period that are not voided,
          -- and those at the edge of their code's amount cap ($10 the run's capFraction,
          -- $11 its back-test baseline's).
          SELECT seller_tax_id AS tax_id,
                 coalesce(sum(tax_amount) FILTER (WHERE type = 'special' AND NOT voided), 0) AS output_tax,
                 0 AS claimed_tax,
                 count(*) FILTER (WHERE blue) AS invoices,
                 coalesce(sum(amount) FILTER (WHERE blue), 0) AS sales_amount,
                 coalesce(sum(amount) FILTER (WHERE blue AND type = 'special'), 0) AS special_amount,
                 count(*) FILTER (WHERE edge) AS edge_invoices,
                 coalesce(sum(tax_amount) FILTER (WHERE edge), 0) AS edge_tax,
                 count(*) FILTER (WHERE baseline_edge) AS baseline_edge_invoices,
                 coalesce(sum(tax_amount) FILTER (WHERE baseline_edge), 0) AS baseline_edge_tax,
                 coalesce(sum(amount) FILTER (WHERE offline AND amount > 0), 0) AS offline_sales,
                 0 AS offline_purchases, 0 AS baseline_offline_purchases
            FROM (SELECT *, blue AND amount >= $10::numeric * cap AS edge, blue AND amount >= $11::numeric * cap AS baseline_edge
                    FROM (SELECT seller_tax_id, type, voided, amount, tax_amount, offline, NOT credit_note AND NOT voided AS blue,
                                 -- the amount version (10th digit of the code) caps the pre-tax amount
                                 (ARRAY[10000, 100000, 1000000, 10000000])[
                                   CASE WHEN right(invoice_code, 1) BETWEEN '1' AND '4' THEN right(invoice_code, 1)::int END] AS cap
                            FROM period_copies OFFSET 0) c0
                  OFFSET 0) c
           GROUP BY seller_tax_id
          UNION ALL
          SELECT buyer_tax_id, 0, sum(tax_amount), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
            FROM claims
           WHERE status = 'accepted' AND period = $2
           GROUP BY buyer_tax_id
          UNION ALL
          -- Buyers: their offline purchases (accepted copies of numbers not issued online) of
          -- the period and the lookbackPeriods before it, by the run's rule set ($12) and by
          -- its back-test baseline's ($13). invoice_keys holds every copy of the partition.
          SELECT k.buyer_tax_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                 coalesce(sum(k.amount) FILTER (WHERE k.issue_date >= (b.first_day - make_interval(months => $12::int))::date), 0),
                 coalesce(sum(k.amount) FILTER (WHERE k.issue_date >= (b.first_day - make_interval(months => $13::int))::date), 0)
            FROM invoice_keys k CROSS JOIN bounds b
           WHERE k.has_copy AND k.offline AND k.amount > 0 AND k.issue_date < b.next_first_day
             AND k.issue_date >= (b.first_day - make_interval(months => greatest($12::int, $13::int)))::date
           GROUP BY k.buyer_tax_id) t
   -- period_copies and the period's claims hold every row of a taxpayer in scope.
   WHERE NOT $4 OR tax_id IN (SELECT tax_id FROM scope)
   GROUP BY tax_id
  RETURNING 1
)
-- Matched: the clean claims (those not suspect) and the suspect ones judged innocent.
SELECT claims::int,
       (claims - (SELECT count(*) FROM judged)
               + (SELECT count(*) FROM judged
                   WHERE status = 'accepted' AND has_copy AND cardinality(categories) = 0))::int AS matched,
       (SELECT count(*) FROM written)::int AS findings,
       (SELECT count(*) FROM totals)::int AS taxpayers,
       (SELECT coalesce(jsonb_object_agg(category, jsonb_build_object('findings', n, 'taxAtRisk', tax::text)), '{}')
          FROM (SELECT category, count(*) AS n, sum(tax_at_risk) AS tax FROM written GROUP BY category) c) AS "perCategory"
  FROM period_claims
