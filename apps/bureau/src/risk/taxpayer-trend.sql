-- One taxpayer's issued and claimed amounts per period, over the periods $2 .. $3 ('YYYY-MM',
-- first and last of the trend), for the taxpayer page's chart. Periods without either are
-- left out (the caller fills them with zeros).
--
-- Issued, by the month of the issue date: its blue invoices that are not voided, as seller —
-- online ones, and accepted offline seller copies of numbers not issued online (as the audit
-- counts a seller's invoices; docs/risk-monitoring.md). Read by the sellers' indexes,
-- issuance.invoices and collection.seller_copies (seller_tax_id, issue_date).
--
-- Claimed, by the claim's period: its accepted claims. collection.claims has no index by buyer
-- or by period (claims arrive a million at a time, and every index is paid per row; the audit
-- reads them set-based), so a buyer's claims cannot be found without scanning the table. They
-- are reached from the other side instead: the online invoices issued to it (issuance.invoices
-- (buyer_tax_id, issue_date)) in the trend's periods or the $4 periods before, and for each
-- its accepted claim by this buyer (claims_accepted_once (invoice_code, invoice_number,
-- buyer_tax_id)). The cost is bounded by the invoices it received in that window. What this
-- leaves out: claims of invoices issued offline (collection.seller_copies has no buyer index
-- either), of invoices no seller reported, and of invoices issued more than $4 periods before
-- the trend starts.
--
-- $1 tax ID, $2 first period, $3 last period, $4 periods of invoices looked back for claims.
-- Returns period, issuedAmount, issuedTax, claimedAmount, claimedTax (NULL for none).
WITH
bounds AS (
  -- Immutable functions only, so that the planner folds them into constants for the indexes.
  SELECT make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) AS first_day,
         (make_date(substr($3, 1, 4)::int, substr($3, 6, 2)::int, 1) + interval '1 month')::date AS next_first_day,
         (make_date(substr($2, 1, 4)::int, substr($2, 6, 2)::int, 1) - make_interval(months => $4::int))::date
           AS claims_from_day
),
issued AS (
  SELECT to_char(x.issue_date, 'YYYY-MM') AS period, sum(x.amount) AS amount, sum(x.tax_amount) AS tax
    FROM (SELECT i.issue_date, i.amount, i.tax_amount
            FROM issuance.invoices i, bounds b
           WHERE i.seller_tax_id = $1 AND i.issue_date >= b.first_day AND i.issue_date < b.next_first_day
             AND i.original_invoice_code IS NULL AND i.voided_at IS NULL
          UNION ALL
          SELECT s.issue_date, s.amount, s.tax_amount
            FROM collection.seller_copies s, bounds b
           WHERE s.seller_tax_id = $1 AND s.issue_date >= b.first_day AND s.issue_date < b.next_first_day
             AND s.status = 'accepted'
             -- Intake refuses an offline copy of a number issued online; should both exist
             -- anyway, the online one counts (as in the audit).
             AND NOT EXISTS (SELECT 1 FROM issuance.invoices o
                              WHERE o.invoice_code = s.invoice_code AND o.invoice_number = s.invoice_number)) x
   GROUP BY 1
),
claimed AS (
  SELECT c.period, sum(c.amount) AS amount, sum(c.tax_amount) AS tax
    FROM issuance.invoices i
    CROSS JOIN bounds b
    JOIN collection.claims c
      ON c.invoice_code = i.invoice_code AND c.invoice_number = i.invoice_number
     AND c.buyer_tax_id = $1 AND c.status = 'accepted'
   WHERE i.buyer_tax_id = $1 AND i.issue_date >= b.claims_from_day AND i.issue_date < b.next_first_day
     AND c.period >= $2 AND c.period <= $3
   GROUP BY c.period
)
SELECT coalesce(i.period, c.period) AS period,
       i.amount::text AS "issuedAmount", i.tax::text AS "issuedTax",
       c.amount::text AS "claimedAmount", c.tax::text AS "claimedTax"
  FROM issued i
  FULL JOIN claimed c ON c.period = i.period
 ORDER BY 1
