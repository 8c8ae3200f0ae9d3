-- ABSCONDED_SELLER_INPUT (走逃（失联）企业发票): every accepted claim of the period of an
-- invoice whose seller was set abnormal (非正常户) on a Beijing day from the invoice's issue
-- date to windowDays after it (docs/risk-monitoring.md). One finding per claimed invoice
-- and claimant, like the per-invoice findings, so the merge opens assist requests (协查)
-- for it as for them. Sellers set abnormal are few: their invoices are found by the sellers'
-- indexes, and the claims of those by the claims' key index — never a scan of the claims.
-- $1 run id, $2 period, $3 watermark, $4 scoped, $5 partition written, $6 the rule's
-- parameters (RuleSetParameters.abscondedSeller), $7 the business time zone.
WITH
p AS (SELECT ($6::jsonb ->> 'windowDays')::int AS window_days),
abnormal AS (
  SELECT c.tax_id, c.changed_at, (c.changed_at AT TIME ZONE $7)::date AS changed_on, c.reason
    FROM registry.taxpayer_status_changes c
   WHERE c.to_status = 'abnormal' AND c.changed_at <= $3
),
-- Each such seller's invoices that could be in one of its windows (issued from windowDays
-- before its first change to its last), by the sellers' indexes.
sellers AS (
  SELECT tax_id, min(changed_on) - p.window_days AS from_day, max(changed_on) AS to_day
    FROM abnormal, p GROUP BY tax_id, p.window_days
),
invoices AS (
  SELECT x.*
    FROM sellers a,
         LATERAL (
           SELECT i.invoice_code, i.invoice_number, i.seller_tax_id, i.issue_date
             FROM issuance.invoices i
            WHERE i.seller_tax_id = a.tax_id AND i.issue_date BETWEEN a.from_day AND a.to_day
              AND i.issued_at <= $3
           UNION ALL
           SELECT s.invoice_code, s.invoice_number, s.seller_tax_id, s.issue_date
             FROM collection.seller_copies s
            WHERE s.seller_tax_id = a.tax_id AND s.issue_date BETWEEN a.from_day AND a.to_day
              AND s.status = 'accepted' AND s.created_at <= $3
              AND NOT EXISTS (SELECT 1 FROM issuance.invoices o
                               WHERE o.invoice_code = s.invoice_code AND o.invoice_number = s.invoice_number
                                 AND o.issued_at <= $3)
         ) x
),
claimed AS (
  SELECT c.id, c.buyer_tax_id, c.period, c.status, c.issue_date AS claimed_issue_date, c.amount, c.tax_amount,
         c.seller_tax_id AS claimed_seller_tax_id, i.invoice_code, i.invoice_number, i.seller_tax_id, i.issue_date
    FROM invoices i
    JOIN collection.claims c
      ON c.invoice_code = i.invoice_code AND c.invoice_number = i.invoice_number
   WHERE c.status = 'accepted' AND c.period = $2 AND c.created_at <= $3
     AND (NOT $4 OR c.buyer_tax_id IN (SELECT tax_id FROM audit.run_scope_taxpayers WHERE run_id = $1)
                 OR i.seller_tax_id IN (SELECT tax_id FROM audit.run_scope_taxpayers WHERE run_id = $1))
),
-- The first change to abnormal in the claimed invoice's window.
hit AS (
  SELECT DISTINCT ON (c.id) c.*, a.changed_at, a.changed_on, a.reason, p.window_days
    FROM claimed c
    JOIN abnormal a ON a.tax_id = c.seller_tax_id
    CROSS JOIN p
   WHERE a.changed_on >= c.issue_date AND a.changed_on <= c.issue_date + p.window_days
   ORDER BY c.id, a.changed_at
)
INSERT INTO audit.run_findings (run_id, partition, identity, category, invoice_code, invoice_number,
                                seller_tax_id, buyer_tax_id, tax_at_risk, details)
SELECT $1, $5,
       concat_ws('|', 'ABSCONDED_SELLER_INPUT', invoice_code, invoice_number, seller_tax_id, buyer_tax_id),
       'ABSCONDED_SELLER_INPUT', invoice_code, invoice_number, seller_tax_id, buyer_tax_id, tax_amount,
       jsonb_strip_nulls(jsonb_build_object(
         'claim', jsonb_build_object('id', id::text, 'period', period, 'status', status,
                                     'issueDate', claimed_issue_date, 'sellerTaxId', claimed_seller_tax_id,
                                     'amount', amount::text, 'taxAmount', tax_amount::text),
         'issueDate', issue_date, 'abnormalSince', changed_at, 'daysAfterIssue', changed_on - issue_date,
         'reason', reason, 'thresholds', jsonb_build_object('windowDays', window_days)))
  FROM hit
