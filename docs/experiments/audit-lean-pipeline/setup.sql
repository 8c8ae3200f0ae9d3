-- The lean pipeline (docs/experiments/audit-lean-pipeline-bound.md): its tables, empty, with
-- the real tables' columns, indexes, checks and defaults (logged, as the real ones).
DROP TABLE IF EXISTS x_findings, x_events, x_assists, x_totals, bench_floor;
CREATE TABLE x_findings (LIKE audit.findings INCLUDING ALL);
CREATE TABLE x_events (LIKE audit.finding_events INCLUDING ALL);
CREATE TABLE x_assists (LIKE audit.assist_requests INCLUDING ALL);
CREATE TABLE x_totals (LIKE audit.run_taxpayer_totals INCLUDING ALL);
CREATE TABLE bench_floor (invoice_code text, invoice_number text, outcome text);
