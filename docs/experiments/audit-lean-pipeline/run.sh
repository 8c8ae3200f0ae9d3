#!/bin/bash
# The lean pipeline's matching on two cores against the bench's floor (hash aggregate), three
# rounds, on a database kept by `npm run bench:audit -- --n 1000000 --keep` (16 partitions).
# See ../audit-lean-pipeline-bound.md. Usage: flock /tmp/bench.lock ./run.sh [database]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
D=${1:-jinshui_bench_audit_e4_1000000_t2000_p16}
PSQL="psql -h 127.0.0.1 -U postgres -d $D -X -q -v ON_ERROR_STOP=1"
work=$(mktemp -d)
# The floor as bench/audit runs it (its fastest variant, the hash aggregate): npm run build first.
{
  echo 'DROP TABLE IF EXISTS bench_floor;'
  echo 'CREATE TABLE bench_floor (invoice_code text, invoice_number text, outcome text);'
  echo 'BEGIN;'
  echo '\timing on'
  node "$root/dist/bench/audit/floor.js" 2019-06
  echo '\timing off'
  echo 'COMMIT;'
} > "$work/floor.sql"
floor() { $PSQL -f "$work/floor.sql" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n | tail -1; }
# Two workers, as the audit worker's two jobs: even partitions on one, odd on the other.
for w in 0 1; do : > "$work/worker$w.sql"; done
for p in $(seq 0 15); do
  sed -e "s/_PP/_$(printf 'p%02d' "$p")/g; s/PN/$p/g" "$here/partition.sql.tmpl" >> "$work/worker$((p % 2)).sql"
done
V="-v run=00000000-0000-0000-0000-0000000000aa -v wm=2026-12-07T09:01:04Z"
V="$V -v evid={SEAL_MISMATCH,SELLER_CERTIFICATE_UNKNOWN,CERTIFICATE_NOT_THE_SELLERS,CERTIFICATE_NOT_VALID_AT_ISSUE_DATE,CERTIFICATE_CHAIN_INVALID,SEAL_REVOKED,INVOICE_VOIDED,NOT_THE_BUYER,ALREADY_CLAIMED,DUPLICATE_IN_REQUEST,DUPLICATE_IN_FILE}"
V="$V -v seal={SEAL_MISMATCH,SELLER_CERTIFICATE_UNKNOWN,CERTIFICATE_NOT_THE_SELLERS,CERTIFICATE_NOT_VALID_AT_ISSUE_DATE,CERTIFICATE_CHAIN_INVALID}"
$PSQL -f "$here/setup.sql" 2>/dev/null
for r in 1 2 3; do
  f1=$(floor)
  $PSQL -c "TRUNCATE x_findings, x_events, x_assists, x_totals"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  $PSQL $V -f "$work/worker0.sql" > /dev/null & a=$!
  # shellcheck disable=SC2086
  $PSQL $V -f "$work/worker1.sql" > /dev/null & b=$!
  wait $a $b
  t1=$(date +%s.%N)
  counts=$($PSQL -Atc "SELECT (SELECT count(*) FROM x_findings), (SELECT count(*) FROM x_events),
                              (SELECT count(*) FROM x_assists), (SELECT count(*) FROM x_totals)")
  f2=$(floor)
  echo "round $r: lean matching $(echo "$t1 - $t0" | bc) s (findings|events|assists|totals $counts); floor $f1 ms before, $f2 ms after"
done
$PSQL -c "DROP TABLE x_findings, x_events, x_assists, x_totals, bench_floor"
rm -r "$work"
