-- GOODS_DIVERGENCE (进销背离): a trader (industry section in industrySections) with sales of
-- at least minSales in the period, at least minDivergentShare of them (by amount) in
-- tax-classification chapters — the first five digits of a line's taxCode — in which it
-- bought nothing in the period or the lookbackPeriods before (docs/risk-monitoring.md).
-- Lines without a taxCode, and offline copies (no lines), are chapter 'unknown'; a trader
-- whose sales or purchases are more than maxUnknownShare unknown is not judged. Only
-- traders whose sales reach minSales (the partition jobs' totals) have their invoices'
-- lines read, by the sellers' and buyers' indexes.
-- $1 run id, $2 period, $3 watermark, $4 scoped, $5 partition written, $6 the rule's
-- parameters (RuleSetParameters.goodsDivergence), $7 the business time zone (unused).
WITH
p AS (
  -- (unused parameters typed, so that every rule takes the same seven)
  SELECT $4::boolean AS scoped, $7::text AS time_zone,
         ARRAY(SELECT jsonb_array_elements_text($6::jsonb -> 'industrySections')) AS sections,
         ($6::jsonb ->> 'minSales')::numeric AS min_sales, ($6::jsonb ->> 'minDivergentShare')::numeric AS min_share,
         ($6::jsonb ->> 'lookbackPeriods')::int AS lookback, ($6::jsonb ->> 'maxUnknownShare')::numeric AS max_unknown,
         make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) AS first_day,
         (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) + interval '1 month')::date AS next_first_day
),
traders AS (
  SELECT t.tax_id, t.industry
    FROM registry.taxpayers t
    JOIN (SELECT tax_id, sum(sales_amount) AS sales FROM audit.run_taxpayer_totals WHERE run_id = $1 GROUP BY tax_id) s
      USING (tax_id), p
   WHERE left(t.industry, 1) = ANY (p.sections) AND s.sales >= p.min_sales
),
-- What each trader sold in the period and bought in the look-back window, per chapter:
-- blue invoices not voided, online ones by their lines, offline copies as 'unknown'.
trade AS (
  SELECT tr.tax_id, 'sale' AS side, x.chapter, x.amount, x.tax
    FROM traders tr, p,
         LATERAL (
           SELECT coalesce(left(l ->> 'taxCode', 5), 'unknown') AS chapter,
                  (l ->> 'amount')::numeric AS amount, (l ->> 'taxAmount')::numeric AS tax
             FROM issuance.invoices i, jsonb_array_elements(i.lines) l
            WHERE i.seller_tax_id = tr.tax_id AND i.issue_date >= p.first_day AND i.issue_date < p.next_first_day
              AND i.issued_at <= $3 AND i.original_invoice_code IS NULL AND NOT coalesce(i.voided_at <= $3, false)
           UNION ALL
           SELECT 'unknown', s.amount, s.tax_amount
             FROM collection.seller_copies s
            WHERE s.seller_tax_id = tr.tax_id AND s.issue_date >= p.first_day AND s.issue_date < p.next_first_day
              AND s.status = 'accepted' AND s.created_at <= $3 AND s.amount > 0
              AND NOT EXISTS (SELECT 1 FROM issuance.invoices o
                               WHERE o.invoice_code = s.invoice_code AND o.invoice_number = s.invoice_number
                                 AND o.issued_at <= $3)
         ) x
  UNION ALL
  SELECT tr.tax_id, 'purchase', x.chapter, x.amount, 0
    FROM traders tr, p,
         LATERAL (
           SELECT coalesce(left(l ->> 'taxCode', 5), 'unknown') AS chapter, (l ->> 'amount')::numeric AS amount
             FROM issuance.invoices i, jsonb_array_elements(i.lines) l
            WHERE i.buyer_tax_id = tr.tax_id
              AND i.issue_date >= (p.first_day - make_interval(months => p.lookback))::date
              AND i.issue_date < p.next_first_day
              AND i.issued_at <= $3 AND i.original_invoice_code IS NULL AND NOT coalesce(i.voided_at <= $3, false)
           UNION ALL
           SELECT 'unknown', s.amount
             FROM collection.seller_copies s
            WHERE s.buyer_tax_id = tr.tax_id
              AND s.issue_date >= (p.first_day - make_interval(months => p.lookback))::date
              AND s.issue_date < p.next_first_day
              AND s.status = 'accepted' AND s.created_at <= $3 AND s.amount > 0
              AND NOT EXISTS (SELECT 1 FROM issuance.invoices o
                               WHERE o.invoice_code = s.invoice_code AND o.invoice_number = s.invoice_number
                                 AND o.issued_at <= $3)
         ) x
),
chapters AS (
  SELECT tax_id, side, chapter, sum(amount) AS amount, sum(tax) AS tax
    FROM trade GROUP BY tax_id, side, chapter
),
-- A sold chapter is divergent when it is known and nothing of it was bought.
sold AS (
  SELECT s.*, s.chapter <> 'unknown'
              AND NOT EXISTS (SELECT 1 FROM chapters b
                               WHERE b.tax_id = s.tax_id AND b.side = 'purchase' AND b.chapter = s.chapter
                                 AND b.amount > 0) AS divergent
    FROM chapters s WHERE s.side = 'sale'
),
figures AS (
  SELECT tr.tax_id, tr.industry,
         coalesce((SELECT sum(amount) FROM sold WHERE sold.tax_id = tr.tax_id), 0) AS sales,
         coalesce((SELECT sum(amount) FROM sold WHERE sold.tax_id = tr.tax_id AND chapter = 'unknown'), 0) AS unknown_sales,
         coalesce((SELECT sum(amount) FROM sold WHERE sold.tax_id = tr.tax_id AND divergent), 0) AS divergent_sales,
         coalesce((SELECT sum(tax) FROM sold WHERE sold.tax_id = tr.tax_id AND divergent), 0) AS divergent_tax,
         coalesce((SELECT sum(amount) FROM chapters c WHERE c.tax_id = tr.tax_id AND side = 'purchase'), 0) AS purchases,
         coalesce((SELECT sum(amount) FROM chapters c
                    WHERE c.tax_id = tr.tax_id AND side = 'purchase' AND chapter = 'unknown'), 0) AS unknown_purchases
    FROM traders tr
),
top_chapters AS (
  SELECT tax_id, side,
         jsonb_agg(jsonb_build_object('chapter', chapter, 'amount', amount::text) ORDER BY amount DESC, chapter) AS chapters
    FROM (SELECT *, row_number() OVER (PARTITION BY tax_id, side ORDER BY amount DESC, chapter) AS rank
            FROM chapters) c
   WHERE rank <= 5
   GROUP BY tax_id, side
)
INSERT INTO audit.run_findings (run_id, partition, identity, category, invoice_code, invoice_number,
                                seller_tax_id, buyer_tax_id, tax_at_risk, details)
SELECT $1, $5, concat_ws('|', 'GOODS_DIVERGENCE', '', '', f.tax_id, ''), 'GOODS_DIVERGENCE', NULL, NULL,
       f.tax_id, NULL, f.divergent_tax,
       jsonb_build_object('industry', f.industry, 'salesAmount', f.sales::text, 'purchasesAmount', f.purchases::text,
                          'divergentShare', round(f.divergent_sales / f.sales, 4),
                          'unknownSalesShare', round(f.unknown_sales / f.sales, 4),
                          'unknownPurchasesShare', CASE WHEN f.purchases > 0 THEN round(f.unknown_purchases / f.purchases, 4) ELSE 0 END,
                          'topSalesChapters', coalesce(ts.chapters, '[]'::jsonb),
                          'topPurchaseChapters', coalesce(tp.chapters, '[]'::jsonb),
                          'thresholds', jsonb_build_object('minSales', p.min_sales::text, 'minDivergentShare', p.min_share,
                                                           'lookbackPeriods', p.lookback, 'maxUnknownShare', p.max_unknown))
  FROM figures f CROSS JOIN p
  LEFT JOIN top_chapters ts ON ts.tax_id = f.tax_id AND ts.side = 'sale'
  LEFT JOIN top_chapters tp ON tp.tax_id = f.tax_id AND tp.side = 'purchase'
 WHERE f.sales >= p.min_sales
   AND f.unknown_sales <= p.max_unknown * f.sales
   AND f.unknown_purchases <= p.max_unknown * f.purchases
   AND f.divergent_sales >= p.min_share * f.sales
