-- NEW_ENTITY_BURST (新办企业短期大额开票): a seller registered less than maxAgeDays before
-- the period's last day (Beijing calendar) whose special-invoice amount in the period is
-- above minAmount, or which has used at least minRangeUsedShare of the numbers allocated
-- to it (docs/risk-monitoring.md). Young taxpayers are few: their numbers are counted by
-- the sellers' indexes, the amounts come from the partition jobs' totals (run_taxpayer_sums).
-- $1 run id, $2 period, $3 watermark, $4 scoped, $5 partition written, $6 the rule's
-- parameters (RuleSetParameters.newEntityBurst), $7 the business time zone.
WITH
p AS (
  SELECT ($6::jsonb ->> 'maxAgeDays')::int AS max_age_days, ($6::jsonb ->> 'minAmount')::numeric AS min_amount,
         ($6::jsonb ->> 'minRangeUsedShare')::numeric AS min_range_used_share,
         ((make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) + interval '1 month')::date - 1) AS last_day
),
young AS (
  SELECT t.tax_id, (t.created_at AT TIME ZONE $7)::date AS registered_on
    FROM registry.taxpayers t, p
   WHERE t.created_at <= $3
     AND (t.created_at AT TIME ZONE $7)::date <= p.last_day
     AND p.last_day - (t.created_at AT TIME ZONE $7)::date < p.max_age_days
     AND (NOT $4 OR t.tax_id IN (SELECT tax_id FROM audit.run_scope_taxpayers WHERE run_id = $1))
),
figures AS (
  SELECT y.tax_id, y.registered_on,
         coalesce(s.special_amount, 0) AS special_amount, coalesce(s.output_tax, 0) AS output_tax
    FROM young y
    LEFT JOIN run_taxpayer_sums s ON s.tax_id = y.tax_id
),
-- (materialised: each young taxpayer's numbers are counted once, not once per mention)
numbers AS MATERIALIZED (
  SELECT f.*,
         (SELECT coalesce(sum(r.end_number - r.start_number + 1), 0)
            FROM registry.number_ranges r WHERE r.tax_id = f.tax_id AND r.allocated_at <= $3) AS allocated,
         (SELECT count(*) FROM issuance.invoices i WHERE i.seller_tax_id = f.tax_id AND i.issued_at <= $3)
         + (SELECT count(*) FROM collection.seller_copies s
             WHERE s.seller_tax_id = f.tax_id AND s.status = 'accepted' AND s.created_at <= $3) AS used
    FROM figures f
),
judged AS (
  SELECT n.*, p.*,
         array_remove(ARRAY[
           CASE WHEN n.special_amount > p.min_amount THEN 'amount' END,
           CASE WHEN n.allocated > 0 AND n.used >= p.min_range_used_share * n.allocated THEN 'numbers' END
         ], NULL) AS triggered_by
    FROM numbers n, p
)
INSERT INTO audit.run_findings (run_id, partition, identity, category, invoice_code, invoice_number,
                                seller_tax_id, buyer_tax_id, tax_at_risk, details)
SELECT $1, $5, concat_ws('|', 'NEW_ENTITY_BURST', '', '', tax_id, ''), 'NEW_ENTITY_BURST', NULL, NULL,
       tax_id, NULL, output_tax,
       jsonb_build_object('registeredOn', registered_on, 'ageDays', last_day - registered_on,
                          'specialAmount', special_amount::text, 'allocatedNumbers', allocated,
                          'usedNumbers', used,
                          'rangeUsedShare', CASE WHEN allocated > 0 THEN round(used::numeric / allocated, 4) END,
                          'triggeredBy', to_jsonb(triggered_by),
                          'thresholds', jsonb_build_object('maxAgeDays', max_age_days, 'minAmount', min_amount::text,
                                                           'minRangeUsedShare', min_range_used_share))
  FROM judged
 WHERE cardinality(triggered_by) > 0
