-- CAP_EDGE_ISSUANCE (顶额开具): a seller whose invoices of the period sit at the edge of
-- their code's amount cap — at least minInvoices of them, and at least minShare of all its
-- invoices of the period (docs/risk-monitoring.md). The partition jobs counted each
-- seller's invoices and edge invoices (audit.run_taxpayer_totals, by the run's capFraction
-- and by its back-test baseline's; run_taxpayer_sums adds them up), so this reads a row per
-- seller, and the invoices themselves only for the sellers it flags (the largest edge
-- invoices, by the sellers' indexes).
-- $1 run id, $2 period, $3 watermark, $4 scoped (unused: totals are written for the scope
-- only), $5 partition written (-1; -2 a back-test's baseline), $6 the rule's parameters
-- (RuleSetParameters.capEdge), $7 the business time zone (unused).
WITH
p AS (
  -- (unused parameters typed, so that every rule takes the same seven)
  SELECT $4::boolean AS scoped, $7::text AS time_zone,
         ($6::jsonb ->> 'minInvoices')::int AS min_invoices, ($6::jsonb ->> 'minShare')::numeric AS min_share,
         ($6::jsonb ->> 'capFraction')::numeric AS cap_fraction, ($6::jsonb ->> 'listed')::int AS listed,
         make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) AS first_day,
         (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) + interval '1 month')::date AS next_first_day
),
sellers AS (
  SELECT tax_id, invoices::int AS invoices,
         (CASE WHEN $5 = -2 THEN baseline_edge_invoices ELSE edge_invoices END)::int AS edge,
         CASE WHEN $5 = -2 THEN baseline_edge_tax ELSE edge_tax END AS edge_tax
    FROM run_taxpayer_sums
),
flagged AS (
  SELECT s.* FROM sellers s, p
   WHERE s.invoices > 0 AND s.edge >= p.min_invoices AND s.edge >= p.min_share * s.invoices
),
-- The flagged sellers' edge invoices, as the partition jobs counted them: blue, not voided,
-- issued in the period; online, or an accepted offline copy of a number not issued online.
edge AS (
  SELECT f.tax_id, e.*
    FROM flagged f, p,
         LATERAL (
           SELECT i.invoice_code, i.invoice_number, i.issue_date, i.amount
             FROM issuance.invoices i
            WHERE i.seller_tax_id = f.tax_id AND i.issue_date >= p.first_day AND i.issue_date < p.next_first_day
              AND i.issued_at <= $3 AND i.original_invoice_code IS NULL
              AND NOT coalesce(i.voided_at <= $3, false)
           UNION ALL
           SELECT s.invoice_code, s.invoice_number, s.issue_date, s.amount
             FROM collection.seller_copies s
            WHERE s.seller_tax_id = f.tax_id AND s.issue_date >= p.first_day AND s.issue_date < p.next_first_day
              AND s.status = 'accepted' AND s.created_at <= $3 AND s.amount > 0
              AND NOT EXISTS (SELECT 1 FROM issuance.invoices o
                               WHERE o.invoice_code = s.invoice_code AND o.invoice_number = s.invoice_number
                                 AND o.issued_at <= $3)
         ) e
   WHERE e.amount >= p.cap_fraction * (ARRAY[10000, 100000, 1000000, 10000000])[right(e.invoice_code, 1)::int]
),
largest AS (
  SELECT tax_id,
         jsonb_agg(jsonb_build_object('invoiceCode', invoice_code, 'invoiceNumber', invoice_number,
                                      'issueDate', issue_date, 'amount', amount::text,
                                      'cap', ((ARRAY[10000, 100000, 1000000, 10000000])[right(invoice_code, 1)::int])::text)
                   ORDER BY amount DESC, invoice_code, invoice_number) AS invoices
    FROM (SELECT *, row_number() OVER (PARTITION BY tax_id ORDER BY amount DESC, invoice_code, invoice_number) AS rank
            FROM edge) ranked, p
   WHERE rank <= p.listed
   GROUP BY tax_id
)
INSERT INTO audit.run_findings (run_id, partition, identity, category, invoice_code, invoice_number,
                                seller_tax_id, buyer_tax_id, tax_at_risk, details)
SELECT $1, $5, concat_ws('|', 'CAP_EDGE_ISSUANCE', '', '', f.tax_id, ''), 'CAP_EDGE_ISSUANCE', NULL, NULL,
       f.tax_id, NULL, f.edge_tax,
       jsonb_build_object('invoices', f.invoices, 'edgeInvoices', f.edge,
                          'share', round(f.edge::numeric / f.invoices, 4),
                          'thresholds', jsonb_build_object('minInvoices', p.min_invoices, 'minShare', p.min_share,
                                                           'capFraction', p.cap_fraction),
                          'largest', coalesce(l.invoices, '[]'::jsonb))
  FROM flagged f CROSS JOIN p LEFT JOIN largest l USING (tax_id)
