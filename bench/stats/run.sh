#!/usr/bin/env bash
# The statistics stage alone: cells per second with many country- and city-sized zones, and the
# saving of coverage reuse (12 months in one run against 12 one-month runs), both measured in
# one process on the same stitched months. Writes bench/results/stats.md.
#
#   bench/stats/run.sh [SCALE] [MONTHS] [CITIES] [COUNTRIES]   defaults: 4 12 1900 100
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
SCALE="${1:-4}"
MONTHS="${2:-12}"
CITIES="${3:-1900}"
COUNTRIES="${4:-100}"
"$SEZU_ROOT/scripts/install-deps.sh" >/dev/null
[ -x "$SEZU_BUILD/bench/bench_stats" ] || "$SEZU_ROOT/scripts/build.sh"
WORK="${SEZU_BENCH_DIR:-$SEZU_ROOT/outputs/bench-stats}"
mkdir -p "$WORK" "$SEZU_ROOT/bench/results"
START=201801
END=$(( 201800 + MONTHS ))
"$SEZU_BUILD/src/sezu" mirror -q --out "$WORK/mirror$SCALE" --span-start $START --span-end $END \
  --scale "$SCALE"
/usr/bin/python3 "$SEZU_ROOT/bench/full_month/make_zones.py" "$CITIES" "$WORK/zones.geojson" "$COUNTRIES"
FOLDERS=()
for m in $(seq $START $END); do FOLDERS+=("$WORK/mirror$SCALE/2018/$m/vcmcfg"); done
rm -rf "$WORK/scratch"
OUTPUT=$("$SEZU_BUILD/bench/bench_stats" "$WORK/zones.geojson" "$WORK/scratch" "${FOLDERS[@]}")
rm -rf "$WORK/scratch"
{
  echo "# The statistics stage: cells per second and coverage reuse"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -m)"
  echo "- command: \`bench/stats/run.sh $SCALE $MONTHS $CITIES $COUNTRIES\` (mirror at 1/$SCALE resolution,"
  echo "  $MONTHS months, $CITIES city-sized + $COUNTRIES country-sized zones, exact coverage, 1 core)"
  echo
  echo '```'
  echo "$OUTPUT"
  echo '```'
} | tee "$SEZU_ROOT/bench/results/stats.md"
