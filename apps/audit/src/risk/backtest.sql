-- A back-test's comparison (a dry run, docs/risk-monitoring.md): per category, the
-- candidate rule set's findings (the partitions' and the finaliser's own, partition -1)
-- next to the baseline's (the same partitions' and partition -2, written by the
-- per-taxpayer and risk stages under the baseline's parameters), and by identity how many
-- would appear and disappear. The matching has no parameters, so the partitions' findings
-- are both versions' and never differ: only the finaliser's can.
-- $1 run id, $2 candidate version, $3 baseline version.
WITH
shared AS (
  SELECT c.key AS category, sum((c.value ->> 'findings')::int) AS findings,
         sum((c.value ->> 'taxAtRisk')::numeric) AS tax_at_risk
    FROM audit.run_partitions p, jsonb_each(p.per_category) c
   WHERE p.run_id = $1
   GROUP BY c.key
),
own AS (
  SELECT partition, identity, category, tax_at_risk FROM audit.run_findings WHERE run_id = $1 AND partition IN (-1, -2)
),
sides AS (
  SELECT category,
         count(*) FILTER (WHERE partition = -1) AS candidate, coalesce(sum(tax_at_risk) FILTER (WHERE partition = -1), 0) AS candidate_tax,
         count(*) FILTER (WHERE partition = -2) AS baseline, coalesce(sum(tax_at_risk) FILTER (WHERE partition = -2), 0) AS baseline_tax
    FROM own GROUP BY category
),
moves AS (
  SELECT coalesce(c.category, b.category) AS category,
         count(*) FILTER (WHERE b.identity IS NULL) AS appear, count(*) FILTER (WHERE c.identity IS NULL) AS disappear
    FROM (SELECT * FROM own WHERE partition = -1) c
    FULL JOIN (SELECT * FROM own WHERE partition = -2) b USING (identity)
   GROUP BY 1
),
categories AS (
  SELECT coalesce(s.category, o.category) AS category,
         coalesce(s.findings, 0) + coalesce(o.candidate, 0) AS candidate,
         coalesce(s.tax_at_risk, 0) + coalesce(o.candidate_tax, 0) AS candidate_tax,
         coalesce(s.findings, 0) + coalesce(o.baseline, 0) AS baseline,
         coalesce(s.tax_at_risk, 0) + coalesce(o.baseline_tax, 0) AS baseline_tax,
         coalesce(m.appear, 0) AS appear, coalesce(m.disappear, 0) AS disappear
    FROM shared s
    FULL JOIN sides o USING (category)
    LEFT JOIN moves m ON m.category = coalesce(s.category, o.category)
)
SELECT jsonb_build_object(
         'candidateVersion', $2::int, 'baselineVersion', $3::int,
         'categories', coalesce(jsonb_object_agg(category, jsonb_build_object(
           'candidate', jsonb_build_object('findings', candidate, 'taxAtRisk', candidate_tax::text),
           'baseline', jsonb_build_object('findings', baseline, 'taxAtRisk', baseline_tax::text),
           'appear', appear, 'disappear', disappear) ORDER BY category), '{}'::jsonb)) AS backtest
  FROM categories
