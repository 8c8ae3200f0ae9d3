-- One ring of the invoice-flow graph around taxpayers $1 in period $2 (GET
-- /v1/taxpayers/{taxId}/graph, docs/trade-graph.md): every seller → buyer pair with a side
-- in $1, summing the special invoices issued in the period — blue, not voided, online or an
-- accepted offline copy of a number not issued online, as CIRCULAR_TRADING counts them — of
-- at least $3 in all, largest first, at most $4 pairs; each with the categories of the
-- period's active findings that name its seller and buyer (findings are under row-level
-- security: the officer's only). Invoices and copies are found by their sellers' and buyers'
-- indexes, never by a scan of the period.
-- $1 tax ids (text[]), $2 period, $3 minimum amount (numeric), $4 limit.
WITH
p AS (
  SELECT make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) AS first_day,
         (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) + interval '1 month')::date AS next_first_day
),
-- (each side by its own index; UNION drops an invoice both sides found)
online AS (
  SELECT i.invoice_code, i.invoice_number, i.seller_tax_id, i.buyer_tax_id, i.amount, i.tax_amount
    FROM issuance.invoices i, p
   WHERE i.seller_tax_id = ANY ($1) AND i.issue_date >= p.first_day AND i.issue_date < p.next_first_day
     AND i.type = 'special' AND i.original_invoice_code IS NULL AND i.voided_at IS NULL
  UNION
  SELECT i.invoice_code, i.invoice_number, i.seller_tax_id, i.buyer_tax_id, i.amount, i.tax_amount
    FROM issuance.invoices i, p
   WHERE i.buyer_tax_id = ANY ($1) AND i.issue_date >= p.first_day AND i.issue_date < p.next_first_day
     AND i.type = 'special' AND i.original_invoice_code IS NULL AND i.voided_at IS NULL
),
offline AS (
  SELECT s.invoice_code, s.invoice_number, s.seller_tax_id, s.buyer_tax_id, s.amount, s.tax_amount
    FROM collection.seller_copies s, p
   WHERE s.seller_tax_id = ANY ($1) AND s.issue_date >= p.first_day AND s.issue_date < p.next_first_day
     AND s.type = 'special' AND s.status = 'accepted' AND s.amount > 0
  UNION
  SELECT s.invoice_code, s.invoice_number, s.seller_tax_id, s.buyer_tax_id, s.amount, s.tax_amount
    FROM collection.seller_copies s, p
   WHERE s.buyer_tax_id = ANY ($1) AND s.issue_date >= p.first_day AND s.issue_date < p.next_first_day
     AND s.type = 'special' AND s.status = 'accepted' AND s.amount > 0
),
issued AS (
  SELECT seller_tax_id, buyer_tax_id, amount, tax_amount FROM online
  UNION ALL
  SELECT c.seller_tax_id, c.buyer_tax_id, c.amount, c.tax_amount
    FROM offline c
   WHERE NOT EXISTS (SELECT 1 FROM issuance.invoices o
                      WHERE o.invoice_code = c.invoice_code AND o.invoice_number = c.invoice_number)
),
edges AS (
  SELECT seller_tax_id, buyer_tax_id, count(*)::int AS invoices, sum(amount) AS amount, sum(tax_amount) AS tax
    FROM issued
   WHERE seller_tax_id <> buyer_tax_id
   GROUP BY seller_tax_id, buyer_tax_id
  HAVING sum(amount) >= $3
   ORDER BY sum(amount) DESC, seller_tax_id, buyer_tax_id
   LIMIT $4
)
SELECT e.seller_tax_id AS "sellerTaxId", e.buyer_tax_id AS "buyerTaxId", e.invoices AS "invoiceCount",
       e.amount::text AS amount, e.tax::text AS "taxAmount",
       coalesce((SELECT array_agg(DISTINCT f.category ORDER BY f.category)
                   FROM audit.findings f
                  WHERE f.seller_tax_id = e.seller_tax_id AND f.period = $2 AND f.buyer_tax_id = e.buyer_tax_id
                    AND f.state = 'active'), '{}') AS categories
  FROM edges e
 ORDER BY e.amount DESC, e.seller_tax_id, e.buyer_tax_id
