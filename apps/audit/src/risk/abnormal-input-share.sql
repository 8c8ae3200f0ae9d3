-- ABNORMAL_INPUT_SHARE (异常凭证占比, cf. 2019 年第 38 号公告): a buyer at least minShare of
-- whose accepted input tax of the period rests on its findings of `categories` — this
-- run's, the risk stage's own (ABSCONDED_SELLER_INPUT, written just before into partition
-- $5) among them — and that tax is above minTax (docs/risk-monitoring.md). A finding
-- counts when it rests on an accepted claim of the period (the claim it judged, or an
-- ABSCONDED_SELLER_INPUT, always one; or, for a finding about the seller's copy, the
-- buyer's accepted claim of that invoice in the period), once per invoice (the largest tax
-- at risk). A CIRCULAR_TRADING finding (a member and the next one on a ring, written just
-- before) counts every accepted claim of the period by the next member of the invoices of
-- that edge in the ring's window, at the claim's tax: the ring's input tax.
-- $1 run id, $2 period, $3 watermark, $4 scoped, $5 partition written, $6 the rule's
-- parameters (RuleSetParameters.abnormalInputShare), $7 the business time zone (unused).
WITH
p AS (
  -- (unused parameters typed, so that every rule takes the same seven)
  SELECT $4::boolean AS scoped, $7::text AS time_zone,
         ARRAY(SELECT jsonb_array_elements_text($6::jsonb -> 'categories')) AS categories,
         ($6::jsonb ->> 'minShare')::numeric AS min_share, ($6::jsonb ->> 'minTax')::numeric AS min_tax
),
-- The claims of the rings' edges, by the sellers' indexes and the claims' key index.
ring_input AS (
  SELECT c.buyer_tax_id, c.invoice_code, c.invoice_number, c.seller_tax_id, f.category, c.tax_amount AS tax_at_risk
    FROM audit.run_findings f
    CROSS JOIN LATERAL (
      SELECT i.invoice_code, i.invoice_number
        FROM issuance.invoices i
       WHERE i.seller_tax_id = f.seller_tax_id AND i.buyer_tax_id = f.buyer_tax_id
         AND i.issue_date BETWEEN (f.details #>> '{window,from}')::date AND (f.details #>> '{window,to}')::date
      UNION
      SELECT s.invoice_code, s.invoice_number
        FROM collection.seller_copies s
       WHERE s.seller_tax_id = f.seller_tax_id AND s.buyer_tax_id = f.buyer_tax_id
         AND s.issue_date BETWEEN (f.details #>> '{window,from}')::date AND (f.details #>> '{window,to}')::date
    ) k
    JOIN collection.claims c
      ON c.invoice_code = k.invoice_code AND c.invoice_number = k.invoice_number AND c.buyer_tax_id = f.buyer_tax_id
   WHERE f.run_id = $1 AND f.partition = $5 AND f.category = 'CIRCULAR_TRADING'
     AND 'CIRCULAR_TRADING' = ANY (ARRAY(SELECT jsonb_array_elements_text($6::jsonb -> 'categories')))
     AND c.status = 'accepted' AND c.period = $2 AND c.created_at <= $3
),
abnormal AS (
  SELECT DISTINCT ON (x.buyer_tax_id, x.invoice_code, x.invoice_number) x.*
    FROM (
      SELECT f.buyer_tax_id, f.invoice_code, f.invoice_number, f.seller_tax_id, f.category, f.tax_at_risk
        FROM audit.run_findings f
       WHERE f.run_id = $1 AND (f.partition >= 0 OR f.partition = $5)
         -- the categories as a constant of the scan (an init plan), so that the claims are
         -- looked up only for the few findings of those categories
         AND f.category = ANY (ARRAY(SELECT jsonb_array_elements_text($6::jsonb -> 'categories')))
         AND f.buyer_tax_id IS NOT NULL
         AND (f.category = 'ABSCONDED_SELLER_INPUT'
              OR f.details -> 'claim' ->> 'status' = 'accepted'
              -- a finding about the seller's copy (a seal made after its revocation) rests on
              -- the buyer's accepted claim of the invoice, if it made one this period
              OR (f.details -> 'claim' IS NULL
                  AND EXISTS (SELECT 1 FROM collection.claims c
                               WHERE c.invoice_code = f.invoice_code AND c.invoice_number = f.invoice_number
                                 AND c.buyer_tax_id = f.buyer_tax_id AND c.status = 'accepted'
                                 AND c.period = $2 AND c.created_at <= $3)))
         AND f.category <> 'CIRCULAR_TRADING'
    UNION ALL
    SELECT * FROM ring_input
    ) x
   ORDER BY x.buyer_tax_id, x.invoice_code, x.invoice_number, x.tax_at_risk DESC, x.category
),
buyers AS (
  SELECT a.buyer_tax_id AS tax_id, sum(a.tax_at_risk) AS abnormal_tax,
         jsonb_agg(jsonb_build_object('category', a.category, 'invoiceCode', a.invoice_code,
                                      'invoiceNumber', a.invoice_number, 'sellerTaxId', a.seller_tax_id,
                                      'taxAtRisk', a.tax_at_risk::text)
                   ORDER BY a.tax_at_risk DESC, a.invoice_code, a.invoice_number) AS invoices
    FROM abnormal a
   GROUP BY a.buyer_tax_id
),
-- Accepted input tax: the partition jobs' sums (run_taxpayer_sums), written for the buyers
-- of the scope.
accepted AS (
  SELECT tax_id, claimed_tax AS input_tax FROM run_taxpayer_sums
)
INSERT INTO audit.run_findings (run_id, partition, identity, category, invoice_code, invoice_number,
                                seller_tax_id, buyer_tax_id, tax_at_risk, details)
SELECT $1, $5, concat_ws('|', 'ABNORMAL_INPUT_SHARE', '', '', '', b.tax_id), 'ABNORMAL_INPUT_SHARE', NULL, NULL,
       NULL, b.tax_id, b.abnormal_tax,
       jsonb_build_object('acceptedInputTax', a.input_tax::text, 'abnormalInputTax', b.abnormal_tax::text,
                          'share', round(b.abnormal_tax / a.input_tax, 4),
                          'invoices', jsonb_path_query_array(b.invoices, '$[0 to 49]'),
                          'thresholds', jsonb_build_object('minShare', p.min_share, 'minTax', p.min_tax::text,
                                                           'categories', to_jsonb(p.categories)))
  FROM buyers b JOIN accepted a USING (tax_id) CROSS JOIN p
 WHERE a.input_tax > 0 AND b.abnormal_tax >= p.min_share * a.input_tax AND b.abnormal_tax > p.min_tax
