-- The invoice-flow graph CIRCULAR_TRADING searches (docs/risk-monitoring.md, ADR 0025):
-- one edge per seller → buyer, the sum of the seller's special invoices to the buyer issued
-- in the window (the period and the windowPeriods − 1 before it) — blue, not voided, online
-- or an accepted offline copy of a number not issued online, as the partition jobs count
-- them — and only edges of at least minEdgeAmount, which every edge of a ring carries.
-- Of those, only the edges that could lie on a ring go to the search: a ring's edge is
-- followed by an edge out of its buyer, and preceded by one into its seller, within the
-- value-added band of it (|out − in| ≤ maxValueAdded · in). The test is applied twice: an
-- economy's ordinary trade has few such pairs, so the graph that leaves the database is
-- the rings and what happens to look like them, not the economy (ADR 0025 has the sizes).
-- The first test meets every edge of the economy (10^6 of them at 10 M invoices), and
-- comparing each with all of its buyer's edges out cost as many comparisons as the busy
-- taxpayers have edges in times edges out. So each edge carries its band bucket, an integer
-- such that two amounts within the band of each other lie in the same bucket or in
-- adjacent ones: floor(ln(amount) / w) with w = −ln(1 − maxValueAdded), which is at least
-- the band's width on either side in logarithms (ln(1 + b) ≤ −ln(1 − b)), widened by more
-- than the logarithms' rounding (< 10^-14), so that no pair is split by two buckets. The
-- edges out are listed under their own bucket and both neighbours, and an edge is hashed
-- against its buyer's edges listed under its bucket only: the comparison itself stays
-- exact, in numeric (a band of 1 has no lower bound: one bucket; a band of 0 leaves equal
-- amounts, whose logarithms are equal). On the 10 M bench economy: 9.3–10.0 s → 6.1–6.3 s.
-- $1 watermark, $2 period, $3 the rule's parameters (RuleSetParameters.circularTrading).
-- (p is inlined, not materialised: a CTE scan would keep the aggregate below from running
-- in parallel, which the read aside allows it: planner-profiles ASIDE_PARALLEL.)
WITH
p AS NOT MATERIALIZED (
  SELECT (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1)
            - make_interval(months => ($3::jsonb ->> 'windowPeriods')::int - 1))::date AS first_day,
         (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) + interval '1 month')::date AS next_first_day,
         ($3::jsonb ->> 'minEdgeAmount')::numeric AS min_edge, ($3::jsonb ->> 'maxValueAdded')::numeric AS band,
         CASE WHEN ($3::jsonb ->> 'maxValueAdded')::float8 < 1
              THEN -ln(1 - ($3::jsonb ->> 'maxValueAdded')::float8) * (1 + 1e-9) + 1e-13 END AS bucket_width
),
issued AS (
  SELECT i.seller_tax_id, i.buyer_tax_id, i.amount
    FROM issuance.invoices i, p
   WHERE i.type = 'special' AND i.issue_date >= p.first_day AND i.issue_date < p.next_first_day
     AND i.issued_at <= $1 AND i.original_invoice_code IS NULL AND NOT coalesce(i.voided_at <= $1, false)
  UNION ALL
  SELECT s.seller_tax_id, s.buyer_tax_id, s.amount
    FROM collection.seller_copies s, p
   WHERE s.type = 'special' AND s.issue_date >= p.first_day AND s.issue_date < p.next_first_day
     AND s.status = 'accepted' AND s.created_at <= $1 AND s.amount > 0
     AND NOT EXISTS (SELECT 1 FROM issuance.invoices o
                      WHERE o.invoice_code = s.invoice_code AND o.invoice_number = s.invoice_number
                        AND o.issued_at <= $1)
),
edges AS MATERIALIZED (
  SELECT seller_tax_id AS seller, buyer_tax_id AS buyer, sum(amount) AS amount,
         coalesce(floor(ln(sum(amount)::float8) / (SELECT bucket_width FROM p))::bigint, 0) AS bucket
    FROM issued
   WHERE seller_tax_id <> buyer_tax_id
   GROUP BY seller_tax_id, buyer_tax_id
  HAVING sum(amount) >= (SELECT min_edge FROM p)
),
-- (o.bucket + d = e.bucket, not e.bucket − d: each side of the equality from one side of the
-- semi-join, so that it is hashed: the edges under their three buckets, built as the hash
-- is, not written out first)
once AS MATERIALIZED (
  SELECT e.seller, e.buyer, e.amount
    FROM edges e, p
   WHERE EXISTS (SELECT 1 FROM edges o, (VALUES (-1), (0), (1)) d (d)
                  WHERE o.seller = e.buyer AND o.bucket + d.d = e.bucket
                    AND abs(o.amount - e.amount) <= p.band * e.amount)
     AND EXISTS (SELECT 1 FROM edges i, (VALUES (-1), (0), (1)) d (d)
                  WHERE i.buyer = e.seller AND i.bucket + d.d = e.bucket
                    AND abs(e.amount - i.amount) <= p.band * i.amount)
)
SELECT e.seller AS "sellerTaxId", e.buyer AS "buyerTaxId", e.amount::text AS amount
  FROM once e, p
 WHERE EXISTS (SELECT 1 FROM once o WHERE o.seller = e.buyer AND abs(o.amount - e.amount) <= p.band * e.amount)
   AND EXISTS (SELECT 1 FROM once i WHERE i.buyer = e.seller AND abs(e.amount - i.amount) <= p.band * i.amount)
