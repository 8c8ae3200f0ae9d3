-- AFFILIATED_TRADE (关联交易): special invoices of the period between a seller and a buyer
-- that share a controlling party within maxHops hops of each (docs/risk-monitoring.md; Tian
-- et al., TKDE 2016: interest-affiliated trade). A hop runs from a taxpayer to its legal
-- representative, its finance officer, a shareholder holding at least minShare, or one of
-- its contacts (address, phone, bank account: equal when their normalised digests are); a
-- shareholder that is itself a registered taxpayer is a node the next hop starts from. A
-- taxpayer also reaches itself at 0 hops, so a seller whose shareholder is its buyer shares
-- a party with it.
--
-- The parties judged are those in force at some moment of the period, as known at the
-- watermark (a relation ended before the period does not count; one registered after the
-- run started does not either). One pass over the party rows finds the nodes two taxpayers
-- could share; the walk (as party ids) goes only to those and through companies; the shared
-- nodes are those reached from two to maxTaxpayersPerParty taxpayers; and only their pairs
-- describe their trails and look their invoices up, by index: the invoices read follow the
-- affiliated pairs, not the country's trade (ADR 0027).
--
-- One finding per seller and buyer that traded: seller, buyer, tax at risk the pair's tax
-- (the input the buyer can claim from an affiliate), details the trails (each path from
-- the seller and from the buyer to the node they share, shortest first) and the invoices.
-- A scoped run writes the pairs with a party in its scope.
-- $1 run id, $2 period, $3 watermark, $4 scoped, $5 partition written, $6 the rule's
-- parameters (RuleSetParameters.affiliatedTrade), $7 the business time zone.
WITH RECURSIVE
p AS (
  SELECT (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1)) AS first_day,
         (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) + interval '1 month')::date AS next_first_day,
         make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1)::timestamp AT TIME ZONE $7 AS period_start,
         (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) + interval '1 month')::timestamp
           AT TIME ZONE $7 AS period_end,
         ($6::jsonb ->> 'maxHops')::int AS max_hops, ($6::jsonb ->> 'minShare')::numeric AS min_share,
         ARRAY(SELECT jsonb_array_elements_text($6::jsonb -> 'contacts')) AS contacts,
         ($6::jsonb ->> 'minAmount')::numeric AS min_amount, ($6::jsonb ->> 'listed')::int AS listed,
         ($6::jsonb ->> 'maxTaxpayersPerParty')::int AS max_sharers,
         jsonb_build_object('maxHops', $6::jsonb -> 'maxHops', 'minShare', $6::jsonb -> 'minShare',
                            'contacts', $6::jsonb -> 'contacts', 'minAmount', $6::jsonb -> 'minAmount',
                            'maxTaxpayersPerParty', $6::jsonb -> 'maxTaxpayersPerParty') AS thresholds
),
-- Each party in force in the period, as a hop from its taxpayer to a node: a person by the
-- digest of its identity number, a company by its tax id, a contact by its role and digest.
link AS (
  SELECT r.id, r.tax_id,
         CASE WHEN r.id_digest IS NOT NULL THEN 'person:' || r.id_digest
              WHEN r.party_tax_id IS NOT NULL THEN 'taxpayer:' || r.party_tax_id
              ELSE r.role || ':' || r.value_digest END AS node,
         r.party_tax_id AS next_tax_id
    FROM registry.taxpayer_parties r, p
   WHERE r.valid_from <= $3 AND r.valid_from < p.period_end
     AND (r.valid_to IS NULL OR r.valid_to > $3 OR r.valid_to > p.period_start)
     AND CASE r.role
           WHEN 'shareholder' THEN r.share >= p.min_share
           WHEN 'legal_representative' THEN true
           WHEN 'finance_officer' THEN true
           ELSE r.role = ANY (p.contacts)
         END
),
-- The parties of companies that hold a share of a taxpayer: where a second hop starts. Few
-- (most parties are people and contacts).
held AS MATERIALIZED (
  SELECT * FROM link WHERE tax_id IN (SELECT next_tax_id FROM link WHERE next_tax_id IS NOT NULL)
),
-- The nodes two taxpayers can share: named by two party rows, or reached through a company,
-- or a company. The one pass over every party row; the walk below starts only from these
-- (and from the companies), so the rest stays small however many taxpayers register parties.
candidate AS (
  SELECT node FROM link GROUP BY node HAVING count(*) > 1
  UNION
  SELECT node FROM held
  UNION
  SELECT 'taxpayer:' || next_tax_id FROM link WHERE next_tax_id IS NOT NULL
),
-- Every candidate node each taxpayer reaches in 1 … maxHops hops, with the party rows on the
-- way (`path`); through a company only (a person or a contact has no parties of its own).
-- `seen` keeps a path from coming back to a taxpayer it passed (cross-holdings).
reach (origin, node, next_tax_id, hops, path, seen) AS (
  SELECT l.tax_id, l.node, l.next_tax_id, 1, ARRAY[l.id], ARRAY[l.tax_id]
    FROM link l
   WHERE l.node IN (SELECT node FROM candidate) OR l.next_tax_id IS NOT NULL
  UNION ALL
  SELECT r.origin, h.node, h.next_tax_id, r.hops + 1, r.path || h.id, r.seen || h.tax_id
    FROM reach r
    JOIN held h ON h.tax_id = r.next_tax_id
   WHERE r.hops < (SELECT max_hops FROM p) AND h.tax_id <> ALL (r.seen)
),
-- The nodes two or more taxpayers reach; a company node is reached by the company itself
-- too, at 0 hops ...
reached AS (
  SELECT origin, node, hops, path FROM reach
  UNION ALL
  SELECT DISTINCT next_tax_id, node, 0, '{}'::bigint[] FROM reach WHERE next_tax_id IS NOT NULL
),
-- ... but not by more than maxTaxpayersPerParty: such a party (a registered agent's address)
-- says nothing about control, and its pairs would grow with the square of its taxpayers.
shared AS (
  SELECT node FROM reached GROUP BY node
  HAVING min(origin) <> max(origin) AND count(DISTINCT origin) <= (SELECT max_sharers FROM p)
),
-- Every ordered pair sharing a node, each way round: who sells to whom is the invoices' to say.
trail AS (
  SELECT a.origin AS seller, b.origin AS buyer, a.node, a.hops + b.hops AS hops, a.path AS seller_path,
         b.path AS buyer_path
    FROM shared s
    JOIN reached a ON a.node = s.node
    JOIN reached b ON b.node = s.node AND b.origin <> a.origin
),
-- What a trail shows of each party on it: the taxpayer the hop starts from, the role, and the
-- person's name and masked number, the company's tax id and share, or the contact (a bank
-- account only by its last four). Only for the parties on a trail.
hop AS (
  SELECT r.id,
         jsonb_strip_nulls(jsonb_build_object(
           'taxId', r.tax_id, 'role', r.role, 'share', trim_scale(r.share)::text,
           'name', r.name, 'idNumber', CASE WHEN r.id_last4 IS NOT NULL THEN '**************' || r.id_last4 END,
           'partyTaxId', r.party_tax_id,
           'value', CASE WHEN r.role = 'bank_account' THEN '****' || r.value_last4 ELSE r.value END)) AS hop
    FROM registry.taxpayer_parties r
   WHERE r.id IN (SELECT unnest(seller_path || buyer_path) FROM trail)
),
described AS (
  SELECT t.*,
         (SELECT coalesce(jsonb_agg(h.hop ORDER BY u.ord), '[]')
            FROM unnest(t.seller_path) WITH ORDINALITY u(id, ord) JOIN hop h ON h.id = u.id) AS seller_trail,
         (SELECT coalesce(jsonb_agg(h.hop ORDER BY u.ord), '[]')
            FROM unnest(t.buyer_path) WITH ORDINALITY u(id, ord) JOIN hop h ON h.id = u.id) AS buyer_trail,
         row_number() OVER (PARTITION BY seller, buyer ORDER BY hops, node) AS rank
    FROM trail t
),
pair AS (
  SELECT t.seller, t.buyer, count(*)::int AS trails,
         jsonb_agg(jsonb_build_object('node', t.node, 'seller', t.seller_trail, 'buyer', t.buyer_trail)
                   ORDER BY t.hops, t.node) FILTER (WHERE t.rank <= (SELECT listed FROM p)) AS listed
    FROM described t
   WHERE NOT $4
      OR t.seller IN (SELECT tax_id FROM audit.run_scope_taxpayers WHERE run_id = $1)
      OR t.buyer IN (SELECT tax_id FROM audit.run_scope_taxpayers WHERE run_id = $1)
   GROUP BY t.seller, t.buyer
),
-- The pairs' special invoices of the period, as the matching judged them: online, or an
-- accepted offline copy of a number not issued online; blue and not voided.
invoice AS (
  SELECT pr.seller, pr.buyer, x.*,
         row_number() OVER (PARTITION BY pr.seller, pr.buyer
                            ORDER BY x.amount DESC, x.invoice_code, x.invoice_number) AS rank
    FROM pair pr, p,
         LATERAL audit.pair_special_invoices(pr.seller, pr.buyer, p.first_day, p.next_first_day, $3) x
),
traded AS (
  SELECT seller, buyer, count(*)::int AS invoices, sum(amount) AS amount, sum(tax_amount) AS tax,
         jsonb_agg(jsonb_build_object('invoiceCode', invoice_code, 'invoiceNumber', invoice_number,
                                      'issueDate', issue_date, 'amount', amount::text, 'taxAmount', tax_amount::text)
                   ORDER BY rank) FILTER (WHERE rank <= (SELECT listed FROM p)) AS listed
    FROM invoice
   GROUP BY seller, buyer
  HAVING sum(amount) >= (SELECT min_amount FROM p)
)
INSERT INTO audit.run_findings (run_id, partition, identity, category, invoice_code, invoice_number,
                                seller_tax_id, buyer_tax_id, tax_at_risk, details)
SELECT $1, $5, concat_ws('|', 'AFFILIATED_TRADE', '', '', t.seller, t.buyer), 'AFFILIATED_TRADE', NULL, NULL,
       t.seller, t.buyer, t.tax,
       jsonb_build_object('trails', pr.listed, 'trailCount', pr.trails,
                          'invoiceCount', t.invoices, 'amount', t.amount::text, 'taxAmount', t.tax::text,
                          'invoices', t.listed,
                          'period', jsonb_build_object('from', p.first_day, 'to', p.next_first_day - 1),
                          'thresholds', p.thresholds)
  FROM traded t
  JOIN pair pr USING (seller, buyer)
 CROSS JOIN p
