#!/usr/bin/env bash
# Bytes fetched and time per month for the nine demo zones: vnp46a3 (NASA Black Marble, only the
# 10-degree tiles the zones touch) against eog-monthly (EOG's 6 tiles, the whole globe), each
# from its built-in mirror at the same scale, with --copy-local-source so that every file the run
# needs is copied into the cache as a download would be (the cache's size is the bytes fetched).
#   bench/products/run.sh [SCALE] [MONTHS]   (default 20 and 6: 2017-01..2017-06)
# Writes bench/results/products.md and prints it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$ROOT/scripts/env.sh"
SCALE="${1:-20}"
MONTHS="${2:-6}"
SEZU="$SEZU_BUILD/src/sezu"
WORK="$(mktemp -d /tmp/sezu-products.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
END=$(printf '2017%02d' "$MONTHS")
ZONES="$ROOT/inputs/sez_zones.geojson"
row() { # product, mirror options, source
  local product="$1" source="$3"
  "$SEZU" mirror -q --product "$product" --out "$WORK/$product" --span-start 201701 \
    --span-end "$END" --scale "$SCALE"
  local start end
  start=$(date +%s.%N)
  "$SEZU" run -q --product "$product" --source "$source" --zones "$ZONES" --id-field zone_id \
    --span-start 201701 --span-end "$END" --copy-local-source --cache-dir "$WORK/cache-$product" \
    -o "$WORK/$product.h5"
  end=$(date +%s.%N)
  local bytes files
  bytes=$(find "$WORK/cache-$product" -type f \( -name '*.tgz' -o -name '*.h5' \) -printf '%s\n' |
          awk '{ s += $1 } END { print s }')
  files=$(find "$WORK/cache-$product" -type f \( -name '*.tgz' -o -name '*.h5' \) | wc -l)
  awk -v p="$product" -v b="$bytes" -v f="$files" -v m="$MONTHS" -v t0="$start" -v t1="$end" \
    'BEGIN { printf "| %s | %.1f | %.2f | %.1f | %.2f |\n", p, f / m, b / m / 1e6, b / 1e6, (t1 - t0) / m }'
}
{
  echo "# Bytes fetched and time per month: vnp46a3 vs eog-monthly (bench/products/run.sh)"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg);"
  echo "the nine zones of inputs/sez_zones.geojson, 2017-01..$END, both mirrors at 1/$SCALE of the"
  echo "real resolution, one rank, files copied into the cache as downloads (--copy-local-source)."
  echo
  echo "| product | files per month | MB fetched per month | MB in all | seconds per month |"
  echo "|---|---|---|---|---|"
  row eog-monthly "" "$WORK/eog-monthly/{YYYY}/{YYYYMM}/{cfg}/"
  row vnp46a3 "" "$WORK/vnp46a3/archive/allData/5200/VNP46A3/{YYYY}/{DDD}/"
} > "$ROOT/bench/results/products.md"
cat "$ROOT/bench/results/products.md"
