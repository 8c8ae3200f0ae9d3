-- Roll-ups of period $1 at every tier: per bureau and category, the active findings
-- visible to it (its subtree holds the seller's or the buyer's district bureau) and their
-- tax at risk. A finding counts once per bureau even when both parties are under it.
-- Findings are first grouped by (seller bureau, buyer bureau, category) — a few thousand
-- pairs however many findings — and only the pairs are expanded to their ancestors.
-- $1 period, $2 run id. The caller has deleted the period's earlier roll-ups.
WITH RECURSIVE
ancestry (bureau_code, ancestor_code) AS (
  SELECT code, code FROM registry.bureaus
  UNION ALL
  SELECT a.bureau_code, b.parent_code
    FROM ancestry a JOIN registry.bureaus b ON b.code = a.ancestor_code
   WHERE b.parent_code IS NOT NULL
),
pairs AS (
  SELECT seller_bureau_code, buyer_bureau_code, category, count(*) AS findings, sum(tax_at_risk) AS tax_at_risk
    FROM audit.findings
   WHERE period = $1 AND state = 'active'
   GROUP BY seller_bureau_code, buyer_bureau_code, category
),
routed AS (
  SELECT p.*, a.ancestor_code FROM pairs p JOIN ancestry a ON a.bureau_code = p.seller_bureau_code
  UNION
  SELECT p.*, a.ancestor_code FROM pairs p JOIN ancestry a ON a.bureau_code = p.buyer_bureau_code
)
INSERT INTO audit.rollups (period, bureau_code, category, findings, tax_at_risk, run_id)
SELECT $1, ancestor_code, category, sum(findings), sum(tax_at_risk), $2
  FROM routed
 GROUP BY ancestor_code, category
