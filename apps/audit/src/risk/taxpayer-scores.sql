-- Each taxpayer's risk score for period $1 (riskScore in libs/domain/src/risk/risk-score.ts,
-- the same computation): per category, the active findings it is the subject of (the seller,
-- the buyer or both, by $2 {CATEGORY: 'seller'|'buyer'|'both'}), `perFinding` points each
-- up to the category's `max` ($3 {CATEGORY: {perFinding, max}}), the sum capped at 100.
-- Recomputed for the whole period after every publishing run, as the roll-ups are: a scoped
-- run changes some findings, and scores rest on all of them. Taxpayers named only as the
-- other party (a forged invoice's named seller) get no row. The caller has deleted the
-- period's rows. $4 rule set version, $5 run id.
WITH
subjects AS (
  SELECT f.seller_tax_id AS tax_id, f.category, f.tax_at_risk
    FROM audit.findings f
   WHERE f.period = $1 AND f.state = 'active' AND f.seller_tax_id IS NOT NULL
     AND $2::jsonb ->> f.category IN ('seller', 'both')
  UNION ALL
  SELECT f.buyer_tax_id, f.category, f.tax_at_risk
    FROM audit.findings f
   WHERE f.period = $1 AND f.state = 'active' AND f.buyer_tax_id IS NOT NULL
     AND $2::jsonb ->> f.category IN ('buyer', 'both')
),
per_category AS (
  SELECT tax_id, category, count(*)::int AS findings, sum(tax_at_risk) AS tax_at_risk,
         least(($3::jsonb -> category ->> 'max')::int,
               ($3::jsonb -> category ->> 'perFinding')::int * count(*))::int AS points
    FROM subjects
   GROUP BY tax_id, category
)
INSERT INTO audit.taxpayer_risk (period, tax_id, bureau_code, score, parts, categories, tax_at_risk,
                                 rule_set_version, run_id)
SELECT $1, c.tax_id, t.bureau_code, least(100, sum(c.points)),
       jsonb_agg(jsonb_build_object('category', c.category, 'findings', c.findings, 'points', c.points)
                 ORDER BY c.points DESC, c.category COLLATE "C"),
       jsonb_object_agg(c.category, c.findings), sum(c.tax_at_risk), $4, $5
  FROM per_category c
  JOIN registry.taxpayers t ON t.tax_id = c.tax_id
 GROUP BY c.tax_id, t.bureau_code
