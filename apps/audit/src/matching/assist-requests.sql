-- 协查: for every active finding of partition $5 of period $4 that run $1 has just merged,
-- whose seller and buyer are registered in different provinces, the buyer's district
-- bureau asks the seller's district bureau to investigate, due $2 days from now.
-- Informational categories ($3) open none; a finding gets one request however many runs
-- see it. Each partition job opens its own partition's, after its merge and in the same
-- transaction (the finaliser does partition -1), so the requests — thousands of rows, each
-- checked against four foreign keys — are opened on every core instead of on one at the end.
INSERT INTO audit.assist_requests (finding_id, period, from_bureau_code, to_bureau_code, opened_by_run_id, due_at)
SELECT f.id, f.period, f.buyer_bureau_code, f.seller_bureau_code, $1, now() + make_interval(days => $2)
  FROM audit.findings f
 WHERE f.period = $4 AND f.partition = $5 AND f.state = 'active' AND f.last_run_id = $1
   AND f.category <> ALL ($3)
   AND f.seller_bureau_code IS NOT NULL AND f.buyer_bureau_code IS NOT NULL
   -- Bureau codes are 1 + GB/T 2260 division code: characters 2–3 are the province.
   AND substr(f.seller_bureau_code, 2, 2) <> substr(f.buyer_bureau_code, 2, 2)
ON CONFLICT (finding_id) DO NOTHING
RETURNING id
