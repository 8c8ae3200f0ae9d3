-- The risk ranking: one page of the taxpayers of a bureau subtree scored for period $1
-- (audit.taxpayer_risk, written by the audit's finaliser after every publishing run), highest
-- score first, ties by tax at risk (highest first), then by tax ID so that the order is total
-- and a keyset cursor never skips or repeats a row.
--
-- $1 period 'YYYY-MM'; $2, $3 the subtree as a range of bureau codes ($2 <= code < $3, the
-- `LIKE prefix || '%'` of bureauCodeRange, which unlike LIKE is leakproof); $4, $5, $6 the
-- cursor (score, tax at risk, tax ID of the last row of the previous page), all NULL for the
-- first page; $7 how many rows (the page size + 1, so that the caller can tell whether there
-- is a next page).
--
-- Runs under row-level security (inJurisdiction): rows outside the officer's subtree are not
-- there, whatever $2 and $3 say. Returns taxId, name, bureauCode, score, categories, taxAtRisk.
WITH page AS (
  SELECT r.tax_id, r.bureau_code, r.score, r.categories, r.tax_at_risk
    FROM audit.taxpayer_risk r
   WHERE r.period = $1
     AND r.bureau_code >= $2 AND r.bureau_code < $3
     -- The index (period, score DESC, tax_at_risk DESC, tax_id) is read from the cursor's
     -- score on: this bound is what lets a late page start there instead of at the top.
     -- Under row-level security only leakproof comparisons may bound an index scan, and
     -- numeric ones are not: the rows of the cursor's own score before it are read and
     -- filtered out below (a bounded few: taxpayers sharing one score of one period).
     AND r.score <= coalesce($4::smallint, 100)
     -- The rest of "after the cursor" in the sort order: a lower score, or the same score and
     -- less tax at risk, or the same both and a later tax ID (ascending, unlike the other two).
     AND ($4::smallint IS NULL
          OR r.score < $4::smallint
          OR r.tax_at_risk < $5::numeric
          OR (r.tax_at_risk = $5::numeric AND r.tax_id > $6::text))
   ORDER BY r.score DESC, r.tax_at_risk DESC, r.tax_id
   LIMIT $7
)
-- Names only for the page's rows.
SELECT p.tax_id AS "taxId", t.name, p.bureau_code AS "bureauCode", p.score, p.categories,
       p.tax_at_risk::text AS "taxAtRisk"
  FROM page p
  JOIN registry.taxpayers t ON t.tax_id = p.tax_id
 ORDER BY p.score DESC, p.tax_at_risk DESC, p.tax_id
