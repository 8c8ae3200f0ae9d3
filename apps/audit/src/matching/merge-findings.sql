-- Makes run $1's findings of one partition ($5; -1: the per-taxpayer ones) the current ones
-- for its period and scope, keeping history:
--   a finding first seen                  → inserted, event 'appeared'
--   seen again, resolved before           → active again, event 'reappeared'
--   seen again with other amounts/details → updated, event 'changed'
--   active, in scope, not seen this time  → resolved, event 'resolved'
-- A run whose watermark is older than a finding's last judgement changes nothing about it,
-- so runs that finish out of order cannot bring back what a newer run has cleared.
-- Each finding records the district bureaus of its seller and buyer (routing, roll-ups).
-- A finding's identity names its invoice, so partitions never share a finding: each
-- partition job merges its own, in its own transaction, on its own core.
-- Then 协查: for every finding it has just merged (active, seen by this run) whose seller
-- and buyer are registered in different provinces, the buyer's district bureau asks the
-- seller's district bureau to investigate, due $6 days from now. Informational categories
-- ($7) open none; a finding gets one request however many runs see it. (Opened from the
-- upsert's own rows, in the same statement, on every core, without reading the findings
-- back.)
-- Returns what it did: findings appeared, reappeared, changed, resolved; requests opened.
-- $1 run id, $2 period, $3 watermark, $4 scoped, $5 partition, $6 assist due days,
-- $7 informational categories.
WITH
incoming AS (
  SELECT rf.identity, rf.category, rf.invoice_code, rf.invoice_number, rf.seller_tax_id, rf.buyer_tax_id,
         st.bureau_code AS seller_bureau_code, bt.bureau_code AS buyer_bureau_code,
         rf.tax_at_risk, rf.details
    FROM audit.run_findings rf
    LEFT JOIN registry.taxpayers st ON st.tax_id = rf.seller_tax_id
    LEFT JOIN registry.taxpayers bt ON bt.tax_id = rf.buyer_tax_id
   WHERE rf.run_id = $1 AND rf.partition = $5
),
upserted AS (
  INSERT INTO audit.findings AS f (period, partition, identity, category, invoice_code, invoice_number, seller_tax_id,
                                   buyer_tax_id, seller_bureau_code, buyer_bureau_code, tax_at_risk, details,
                                   state, first_run_id, last_run_id, last_watermark, first_seen_at, last_seen_at)
  SELECT $2, $5, identity, category, invoice_code, invoice_number, seller_tax_id, buyer_tax_id,
         seller_bureau_code, buyer_bureau_code, tax_at_risk, details, 'active', $1, $1, $3, now(), now()
    FROM incoming
  ON CONFLICT (period, partition, identity) DO UPDATE
     SET seller_bureau_code = EXCLUDED.seller_bureau_code, buyer_bureau_code = EXCLUDED.buyer_bureau_code,
         tax_at_risk = EXCLUDED.tax_at_risk, details = EXCLUDED.details, state = 'active', resolved_at = NULL,
         last_run_id = EXCLUDED.last_run_id, last_watermark = EXCLUDED.last_watermark, last_seen_at = now()
   WHERE f.last_watermark <= EXCLUDED.last_watermark
  -- xmax is 0 on a row this statement inserted, and the locker's on one it updated.
  RETURNING f.id, f.identity, f.category, f.seller_bureau_code, f.buyer_bureau_code, f.tax_at_risk, f.details,
            f.xmax = 0 AS inserted
),
-- What the updated findings were before (every sub-statement reads the snapshot from before
-- the statement), looked up in the (period, partition, identity) index, one probe per
-- finding seen before: none on a period's first run. (A join would be a hash join — nested
-- loops are off for the merge — over every finding of the partition.)
previous AS (
  SELECT f.id, f.identity, f.state, f.tax_at_risk, f.details
    FROM audit.findings f
   WHERE f.period = $2 AND f.partition = $5
     AND f.identity = ANY (ARRAY(SELECT identity FROM upserted WHERE NOT inserted))
),
seen_events AS (
  INSERT INTO audit.finding_events (finding_id, run_id, event, tax_at_risk, details)
  SELECT u.id, $1,
         CASE WHEN u.inserted THEN 'appeared' WHEN p.state = 'resolved' THEN 'reappeared' ELSE 'changed' END,
         u.tax_at_risk, CASE WHEN NOT u.inserted THEN u.details END
    FROM upserted u
    LEFT JOIN previous p ON p.identity = u.identity
   WHERE u.inserted OR p.state = 'resolved' OR p.tax_at_risk <> u.tax_at_risk OR p.details <> u.details
  RETURNING event
),
resolved AS (
  UPDATE audit.findings f
     SET state = 'resolved', resolved_at = now(), last_run_id = $1, last_watermark = $3
   WHERE f.period = $2 AND f.partition = $5 AND f.state = 'active' AND f.last_watermark < $3
     AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.identity = f.identity)
     AND (NOT $4 OR f.seller_tax_id IN (SELECT tax_id FROM audit.run_scope_taxpayers WHERE run_id = $1)
                 OR f.buyer_tax_id IN (SELECT tax_id FROM audit.run_scope_taxpayers WHERE run_id = $1))
  RETURNING f.id, f.tax_at_risk
),
resolved_events AS (
  INSERT INTO audit.finding_events (finding_id, run_id, event, tax_at_risk, details)
  SELECT id, $1, 'resolved', tax_at_risk, NULL FROM resolved
  RETURNING event
),
assisted AS (
  INSERT INTO audit.assist_requests (finding_id, period, from_bureau_code, to_bureau_code, opened_by_run_id, due_at)
  SELECT u.id, $2, u.buyer_bureau_code, u.seller_bureau_code, $1, now() + make_interval(days => $6)
    FROM upserted u
   WHERE u.category <> ALL ($7)
     AND u.seller_bureau_code IS NOT NULL AND u.buyer_bureau_code IS NOT NULL
     -- Bureau codes are 1 + GB/T 2260 division code: characters 2–3 are the province.
     AND substr(u.seller_bureau_code, 2, 2) <> substr(u.buyer_bureau_code, 2, 2)
  ON CONFLICT (finding_id) DO NOTHING
  RETURNING 1
)
SELECT (SELECT count(*) FROM seen_events WHERE event = 'appeared')::int AS appeared,
       (SELECT count(*) FROM seen_events WHERE event = 'reappeared')::int AS reappeared,
       (SELECT count(*) FROM seen_events WHERE event = 'changed')::int AS changed,
       (SELECT count(*) FROM resolved_events)::int AS resolved,
       (SELECT count(*) FROM assisted)::int AS "assistRequests"
