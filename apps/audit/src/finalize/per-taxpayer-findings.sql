-- 票表比对 and its mirror, per taxpayer for the run's period: the partitions' sums of
-- output tax (sellers) and claimed tax (buyers), added up in run_taxpayer_sums
-- (taxpayer-sums.sql), against each taxpayer's current return as filed by the watermark.
-- Only taxpayers who filed are judged (a missing return is a filing matter, not a
-- mismatch), and only those in the run's scope.
--   UNDER_DECLARED     output tax on special invoices (net of credits, voids excluded)
--                      exceeds the declared special output tax by more than the tolerance
--   INPUT_OVERCLAIMED  declared input tax exceeds the accepted claims by more than it
-- Writes them to audit.run_findings as partition $6 (-1; -2 a back-test's baseline, judged by
-- its tolerance). $1 run id, $2 period, $3 watermark, $4 scoped, $5 tolerance (yuan).
WITH
totals AS (
  SELECT tax_id, output_tax, claimed_tax FROM run_taxpayer_sums
),
filed AS (
  SELECT DISTINCT ON (r.tax_id) r.tax_id, r.version, r.special_output_tax, r.input_tax
    FROM collection.vat_returns r
   WHERE r.period = $2 AND r.filed_at <= $3
     AND (NOT $4 OR r.tax_id IN (SELECT tax_id FROM audit.run_scope_taxpayers WHERE run_id = $1))
   ORDER BY r.tax_id, r.version DESC
),
judged AS (
  SELECT 'UNDER_DECLARED' AS category, f.tax_id AS seller_tax_id, NULL::text AS buyer_tax_id,
         coalesce(t.output_tax, 0) - f.special_output_tax AS tax_at_risk,
         jsonb_build_object('returnVersion', f.version, 'declaredOutputTax', f.special_output_tax::text,
                            'invoicedOutputTax', coalesce(t.output_tax, 0)::text, 'tolerance', $5::text) AS details
    FROM filed f LEFT JOIN totals t USING (tax_id)
   WHERE coalesce(t.output_tax, 0) - f.special_output_tax > $5::numeric
  UNION ALL
  SELECT 'INPUT_OVERCLAIMED', NULL, f.tax_id,
         f.input_tax - coalesce(t.claimed_tax, 0),
         jsonb_build_object('returnVersion', f.version, 'declaredInputTax', f.input_tax::text,
                            'claimedInputTax', coalesce(t.claimed_tax, 0)::text, 'tolerance', $5::text)
    FROM filed f LEFT JOIN totals t USING (tax_id)
   WHERE f.input_tax - coalesce(t.claimed_tax, 0) > $5::numeric
)
INSERT INTO audit.run_findings (run_id, partition, identity, category, invoice_code, invoice_number,
                                seller_tax_id, buyer_tax_id, tax_at_risk, details)
SELECT $1, $6, concat_ws('|', category, '', '', coalesce(seller_tax_id, ''), coalesce(buyer_tax_id, '')),
       category, NULL, NULL, seller_tax_id, buyer_tax_id, tax_at_risk, details
  FROM judged
