-- CIRCULAR_TRADING (循环开票, 虚开 rings): one finding per member of each ring the search
-- found ($8, from trade-edges.sql and libs/trade-graph's findRings), naming the member as
-- seller and the next member as buyer (docs/risk-monitoring.md). Its details carry the whole
-- ring, so an officer sees why without another query: the members in trading order with
-- their bureaus, each edge's invoices (the `listed` largest) and totals, the member's value
-- added, and the thresholds. Tax at risk is the member's input tax on the ring: the tax of
-- the edge into it. Rings are few: their invoices are read by the members' indexes. A scoped
-- run judges the whole country's graph (rings cross provinces) but writes findings only for
-- its taxpayers. The merge opens 协查 for a member whose next member is in another province,
-- as for every finding.
-- $1 run id, $2 period, $3 watermark, $4 scoped, $5 partition written, $6 the rule's
-- parameters (RuleSetParameters.circularTrading), $7 the business time zone (unused),
-- $8 the rings: [{ringId, members: [taxId, …]}], $9 every member of them (text[]): given,
-- not read from $8, because a sub-select among trade_special_invoices' arguments would keep
-- the planner from inlining it (and from using the members' indexes).
WITH
p AS (
  SELECT $7::text AS time_zone,
         (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1)
            - make_interval(months => ($6::jsonb ->> 'windowPeriods')::int - 1))::date AS first_day,
         (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) + interval '1 month')::date AS next_first_day,
         ($6::jsonb ->> 'listed')::int AS listed,
         jsonb_build_object('windowPeriods', ($6::jsonb -> 'windowPeriods'), 'minEdgeAmount', $6::jsonb -> 'minEdgeAmount',
                            'minMembers', $6::jsonb -> 'minMembers', 'maxMembers', $6::jsonb -> 'maxMembers',
                            'minEdgeRatio', $6::jsonb -> 'minEdgeRatio',
                            'maxValueAdded', $6::jsonb -> 'maxValueAdded') AS thresholds
),
member AS (
  SELECT r.value ->> 'ringId' AS ring_id, m.tax_id, m.position::int AS position,
         jsonb_array_length(r.value -> 'members') AS size
    FROM jsonb_array_elements($8::jsonb) r,
         jsonb_array_elements_text(r.value -> 'members') WITH ORDINALITY m(tax_id, position)
),
-- Each member's sales on the ring: the edge to the next member.
leg AS (
  SELECT a.ring_id, a.position, a.size, a.tax_id AS seller, b.tax_id AS buyer
    FROM member a
    JOIN member b ON b.ring_id = a.ring_id AND b.position = a.position % a.size + 1
),
-- Each leg's invoices: the members' trade among themselves read once and hashed against the
-- legs (a lookup per leg read its buyer's whole window again: 163 legs, 0.45 s at 1 M).
invoice AS (
  SELECT l.ring_id, l.position, x.invoice_code, x.invoice_number, x.issue_date, x.amount, x.tax_amount,
         row_number() OVER (PARTITION BY l.ring_id, l.position
                            ORDER BY x.amount DESC, x.invoice_code, x.invoice_number) AS rank
    FROM p, audit.trade_special_invoices($9::text[], $9::text[], p.first_day, p.next_first_day, $3) x
    JOIN leg l ON l.seller = x.seller_tax_id AND l.buyer = x.buyer_tax_id
),
edge AS (
  SELECT l.ring_id, l.position, l.size, l.seller, l.buyer,
         count(v.*)::int AS invoices, sum(v.amount) AS amount, sum(v.tax_amount) AS tax,
         coalesce(jsonb_agg(jsonb_build_object('invoiceCode', v.invoice_code, 'invoiceNumber', v.invoice_number,
                                               'issueDate', v.issue_date, 'amount', v.amount::text,
                                               'taxAmount', v.tax_amount::text)
                            ORDER BY v.rank) FILTER (WHERE v.rank <= (SELECT listed FROM p)), '[]'::jsonb) AS listed
    FROM leg l
    LEFT JOIN invoice v ON v.ring_id = l.ring_id AND v.position = l.position
   GROUP BY l.ring_id, l.position, l.size, l.seller, l.buyer
),
ring AS (
  SELECT e.ring_id,
         jsonb_agg(jsonb_build_object('taxId', e.seller, 'bureauCode', t.bureau_code) ORDER BY e.position) AS cycle,
         jsonb_agg(jsonb_build_object('sellerTaxId', e.seller, 'buyerTaxId', e.buyer, 'invoiceCount', e.invoices,
                                      'amount', e.amount::text, 'taxAmount', e.tax::text, 'invoices', e.listed)
                   ORDER BY e.position) AS edges
    FROM edge e
    LEFT JOIN registry.taxpayers t ON t.tax_id = e.seller
   GROUP BY e.ring_id
),
-- Each member with its sales (the edge out) and its purchases (the edge in) on the ring.
judged AS (
  SELECT o.ring_id, o.seller, o.buyer, o.amount AS sales, i.amount AS purchases, i.tax AS input_tax
    FROM edge o
    JOIN edge i ON i.ring_id = o.ring_id AND i.position = (o.position + o.size - 2) % o.size + 1
   WHERE NOT $4 OR o.seller IN (SELECT tax_id FROM audit.run_scope_taxpayers WHERE run_id = $1)
)
INSERT INTO audit.run_findings (run_id, partition, identity, category, invoice_code, invoice_number,
                                seller_tax_id, buyer_tax_id, tax_at_risk, details)
SELECT $1, $5, concat_ws('|', 'CIRCULAR_TRADING', '', '', j.seller, j.buyer, j.ring_id), 'CIRCULAR_TRADING', NULL, NULL,
       j.seller, j.buyer, j.input_tax,
       jsonb_build_object('cycleId', j.ring_id, 'members', jsonb_array_length(r.cycle), 'cycle', r.cycle,
                          'edges', r.edges, 'sales', j.sales::text, 'purchases', j.purchases::text,
                          'valueAdded', round((j.sales - j.purchases) / j.purchases, 4),
                          'window', jsonb_build_object('from', p.first_day, 'to', p.next_first_day - 1),
                          'thresholds', p.thresholds)
  FROM judged j
  JOIN ring r USING (ring_id)
 CROSS JOIN p
