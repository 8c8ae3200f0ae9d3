-- Each taxpayer's figures of the run, for 票表比对 and the risk rules: the rows its partition
-- jobs wrote (audit.run_taxpayer_totals, one per job that met the taxpayer: about a hundred a
-- taxpayer at 10 M invoices, with 160 partitions) added up once. Five statements summed them
-- each for themselves, 4.6 s a time on the 10 M bench economy.
-- A temporary table of the finaliser's transaction, run_taxpayer_sums, one row a taxpayer
-- (dropped at its end: nothing to clean up, nothing left half-written). $1 run id.
CREATE TEMP TABLE run_taxpayer_sums ON COMMIT DROP AS
SELECT tax_id, sum(output_tax) AS output_tax, sum(claimed_tax) AS claimed_tax, sum(invoices) AS invoices,
       sum(sales_amount) AS sales_amount, sum(special_amount) AS special_amount,
       sum(edge_invoices) AS edge_invoices, sum(edge_tax) AS edge_tax,
       sum(baseline_edge_invoices) AS baseline_edge_invoices, sum(baseline_edge_tax) AS baseline_edge_tax,
       sum(offline_sales) AS offline_sales, sum(offline_purchases) AS offline_purchases,
       sum(baseline_offline_purchases) AS baseline_offline_purchases
  FROM audit.run_taxpayer_totals
 WHERE run_id = $1
 GROUP BY tax_id
