-- GOODS_DIVERGENCE (进销背离): a trader (industry section in industrySections) with sales of
-- at least minSales in the period, at least minDivergentShare of them (by amount) in
-- tax-classification chapters — the first five digits of a line's taxCode — in which it
-- bought nothing in the period or the lookbackPeriods before (docs/risk-monitoring.md).
-- Lines without a taxCode, and offline copies (no lines), are chapter 'unknown'; a trader
-- whose sales or purchases are more than maxUnknownShare unknown is not judged. Only
-- traders whose sales reach minSales (the partition jobs' totals) are judged; their online
-- invoices are read in one hashed pass over the window (the caller disallows nested loops),
-- their offline trade taken from the partition jobs' totals.
-- $1 run id, $2 period, $3 watermark, $4 scoped, $5 partition written (-1; -2 a back-test's
-- baseline, for which the partition jobs summed offline purchases by the baseline's
-- lookbackPeriods), $6 the rule's parameters (RuleSetParameters.goodsDivergence), $7 the
-- business time zone (unused).
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
traders AS MATERIALIZED (
  -- with their offline trade, which the partition jobs summed (audit.run_taxpayer_totals,
  -- added up in run_taxpayer_sums: accepted copies of numbers not issued online, of a
  -- positive amount)
  SELECT t.tax_id, t.industry, s.offline_sales, s.offline_purchases
    FROM registry.taxpayers t
    JOIN (SELECT tax_id, sales_amount AS sales, offline_sales,
                 CASE WHEN $5 = -2 THEN baseline_offline_purchases ELSE offline_purchases END AS offline_purchases
            FROM run_taxpayer_sums) s
      USING (tax_id), p
   WHERE left(t.industry, 1) = ANY (p.sections) AND s.sales >= p.min_sales
),
-- What each trader sold in the period and bought in the look-back window, per chapter:
-- blue invoices not voided, online ones by their lines, offline copies as 'unknown'. One
-- pass over the window's online invoices, hashed against the traders and aggregated as it
-- goes (each row counts for its seller and for its buyer): hundreds of traders each looked
-- up by index read a million rows one by one (minutes at 1 M invoices). Reading the
-- window's offline copies here too took three quarters of the rule's time at 1 M.
chapters AS MATERIALIZED (
  -- one row per chapter: online lines without a taxCode and offline copies are both 'unknown'
  SELECT tax_id, side, chapter, sum(amount) AS amount, sum(tax) AS tax FROM (
  SELECT x.tax_id, x.side, coalesce(left(l ->> 'taxCode', 5), 'unknown') AS chapter,
         (l ->> 'amount')::numeric AS amount,
         CASE WHEN x.side = 'sale' THEN (l ->> 'taxAmount')::numeric ELSE 0 END AS tax
    FROM issuance.invoices i
   CROSS JOIN p
   CROSS JOIN LATERAL (VALUES (i.seller_tax_id, 'sale', i.issue_date >= p.first_day),
                              (i.buyer_tax_id, 'purchase', true)) x (tax_id, side, counts)
   CROSS JOIN LATERAL jsonb_array_elements(i.lines) l
   WHERE i.issue_date >= (p.first_day - make_interval(months => p.lookback))::date
     AND i.issue_date < p.next_first_day
     AND i.issued_at <= $3 AND i.original_invoice_code IS NULL AND NOT coalesce(i.voided_at <= $3, false)
     AND x.counts AND x.tax_id IN (SELECT tax_id FROM traders)
  UNION ALL
  -- Offline copies have no lines: 'unknown', from the traders' sums (not read again here).
  SELECT tr.tax_id, x.side, 'unknown', x.amount, 0
    FROM traders tr
   CROSS JOIN LATERAL (VALUES ('sale', tr.offline_sales), ('purchase', tr.offline_purchases)) x (side, amount)
   WHERE x.amount > 0
  ) c
   GROUP BY 1, 2, 3
),
-- A sold chapter is divergent when it is known and nothing of it was bought.
sold AS (
  SELECT s.tax_id, s.chapter, s.amount, s.tax,
         s.chapter <> 'unknown' AND b.tax_id IS NULL AS divergent
    FROM chapters s
    LEFT JOIN chapters b ON b.tax_id = s.tax_id AND b.side = 'purchase' AND b.chapter = s.chapter AND b.amount > 0
   WHERE s.side = 'sale'
),
sales AS (
  SELECT tax_id, sum(amount) AS sales,
         coalesce(sum(amount) FILTER (WHERE chapter = 'unknown'), 0) AS unknown_sales,
         coalesce(sum(amount) FILTER (WHERE divergent), 0) AS divergent_sales,
         coalesce(sum(tax) FILTER (WHERE divergent), 0) AS divergent_tax
    FROM sold GROUP BY tax_id
),
bought AS (
  SELECT tax_id, sum(amount) AS purchases,
         coalesce(sum(amount) FILTER (WHERE chapter = 'unknown'), 0) AS unknown_purchases
    FROM chapters WHERE side = 'purchase' GROUP BY tax_id
),
figures AS (
  SELECT tr.tax_id, tr.industry, s.sales, s.unknown_sales, s.divergent_sales, s.divergent_tax,
         coalesce(b.purchases, 0) AS purchases, coalesce(b.unknown_purchases, 0) AS unknown_purchases
    FROM traders tr
    JOIN sales s USING (tax_id)
    LEFT JOIN bought b USING (tax_id)
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
