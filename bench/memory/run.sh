#!/usr/bin/env bash
# Peak memory of the statistics engine as the raster grows: `sezu stats` on rasters of N x N
# cells at the VIIRS resolution (15"), all with the same 1,000 city-sized zones in their
# north-west corner. sezu reads only the windows the zones touch, so its peak RSS should not
# follow the raster's size. Writes bench/results/memory.md.
#
#   bench/memory/run.sh [ZONES] ["SIZES"]     defaults: 1000 "10000 20000 40000"
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
NZONES="${1:-1000}"
SIZES="${2:-10000 20000 40000}"
"$SEZU_ROOT/scripts/install-deps.sh" time bc >/dev/null
SEZU="$SEZU_BUILD/src/sezu"
[ -x "$SEZU" ] || "$SEZU_ROOT/scripts/build.sh"
WORK="${SEZU_BENCH_DIR:-$SEZU_ROOT/outputs/bench-memory}"
RESULTS="${SEZU_BENCH_RESULTS:-$SEZU_ROOT/bench/results}"   # a smoke run writes elsewhere
mkdir -p "$WORK" "$RESULTS"
DX=$(echo "15 / 3600" | bc -l)
SMALLEST=$(tr ' ' '\n' <<< "$SIZES" | sort -n | head -n1)
# Zones inside the smallest raster (top-left corner at 0°E 60°N), half a degree from its edges.
SPAN=$(echo "$SMALLEST * $DX" | bc -l)
/usr/bin/python3 "$SEZU_ROOT/bench/full_month/make_zones.py" "$NZONES" "$WORK/zones.geojson" 0 \
  0.5 "$(echo "$SPAN - 0.5" | bc -l)" "$(echo "60.5 - $SPAN" | bc -l)" 59.5

ROWS=""
FIRST_CSV=""
for n in $SIZES; do
  tif="$WORK/raster-$n.tif"
  if [ ! -f "$tif" ]; then
    # Uniform radiance with a gradient would need a second pass; a constant is enough here:
    # what is measured is memory, and every cell is really written to disk (no sparse file).
    gdal_create -q -of GTiff -outsize "$n" "$n" -bands 1 -ot Float32 -burn 1.5 -a_srs EPSG:4326 \
      -a_ullr 0 60 "$(echo "$n * $DX" | bc -l)" "$(echo "60 - $n * $DX" | bc -l)" \
      -co TILED=YES -co BIGTIFF=YES "$tif"
  fi
  t0=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$WORK/rss-$n.txt" "$SEZU" stats "$tif" "$WORK/zones.geojson" \
    --id-field zone_id -o "$WORK/stats-$n.csv"
  t1=$(date +%s.%N)
  RSS=$(( $(cat "$WORK/rss-$n.txt") / 1024 ))
  GB=$(echo "$(stat -c %s "$tif") / 1000000000" | bc -l)
  ROWS+=$(printf "| %d x %d | %.1f | %d | %.2f |" "$n" "$n" "$GB" "$RSS" "$(echo "$t1 - $t0" | bc -l)")$'\n'
  [ -z "$FIRST_CSV" ] && FIRST_CSV="$WORK/stats-$n.csv"
  # The same zones on the same values: equal statistics (to rounding: each raster's cell size
  # comes out of its own corner coordinates in the last bits).
  /usr/bin/python3 - "$FIRST_CSV" "$WORK/stats-$n.csv" <<'PY' || { echo "bench: statistics differ between sizes" >&2; exit 1; }
import csv, math, sys
a, b = (list(csv.reader(open(p))) for p in sys.argv[1:3])
assert len(a) == len(b) and a[0] == b[0]
for ra, rb in zip(a[1:], b[1:]):
    ra, rb = ra[1:], rb[1:]  # column 0 is the raster, a different file for each size
    assert ra[0] == rb[0]
    for x, y in zip(ra[1:], rb[1:]):
        x, y = float(x), float(y)
        assert (math.isnan(x) and math.isnan(y)) or abs(x - y) <= 1e-9 * max(1.0, abs(x)), (ra[0], x, y)
PY
done
{
  echo "# Memory of the statistics engine as the raster grows"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -m)"
  echo "- command: \`bench/memory/run.sh $NZONES \"$SIZES\"\` ($NZONES city-sized zones, exact coverage,"
  echo "  float32 GeoTIFFs at 15\" cells, tiled 256 x 256, GDAL's default block cache)"
  echo
  echo "| raster | size (GB) | peak RSS (MB) | wall (s) |"
  echo "|---|---|---|---|"
  printf '%s' "$ROWS"
  echo
  echo "The statistics of every zone agree for every raster size (to 1e-9 relative; checked)."
} | tee "$RESULTS/memory.md"
