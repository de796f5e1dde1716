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
"$SEZU_ROOT/scripts/install-deps.sh" bc >/dev/null
[ -x "$SEZU_BUILD/bench/bench_stats" ] || "$SEZU_ROOT/scripts/build.sh"
WORK="${SEZU_BENCH_DIR:-$SEZU_ROOT/outputs/bench-stats}"
RESULTS="${SEZU_BENCH_RESULTS:-$SEZU_ROOT/bench/results}"   # a smoke run writes elsewhere
mkdir -p "$WORK" "$RESULTS"
START=201801
END=$(( 201800 + MONTHS ))
"$SEZU_BUILD/src/sezu" mirror -q --out "$WORK/mirror$SCALE" --span-start $START --span-end $END \
  --scale "$SCALE"
/usr/bin/python3 "$SEZU_ROOT/bench/full_month/make_zones.py" "$CITIES" "$WORK/zones.geojson" "$COUNTRIES"
FOLDERS=()
for m in $(seq $START $END); do FOLDERS+=("$WORK/mirror$SCALE/2018/$m/vcmcfg"); done
rm -rf "$WORK/scratch"
BENCH="$SEZU_BUILD/bench/bench_stats"
# One run over all the months (coverage once), then one run per month (coverage every time),
# each a fresh process as a real run is; the rasters are extracted once, untimed.
ALL=$("$BENCH" "$WORK/zones.geojson" "$WORK/scratch" "${FOLDERS[@]}")
read -r S_ALL C_ALL A_ALL CELLS N <<< "$(head -n1 <<< "$ALL")"
S_ONE=0; C_ONE=0; SUMS_ONE=""
for f in "${FOLDERS[@]}"; do
  ONE=$("$BENCH" "$WORK/zones.geojson" "$WORK/scratch" "$f")
  read -r s c _ _ _ <<< "$(head -n1 <<< "$ONE")"
  S_ONE=$(echo "$S_ONE + $s" | bc -l); C_ONE=$(echo "$C_ONE + $c" | bc -l)
  SUMS_ONE+="$(tail -n +2 <<< "$ONE")"$'\n'
done
rm -rf "$WORK/scratch"
[ "$(tail -n +2 <<< "$ALL")" = "$(printf '%s' "$SUMS_ONE")" ] && SAME="yes" || SAME="NO"
{
  echo "# The statistics stage: cells per second and coverage reuse"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -m)"
  echo "- command: \`bench/stats/run.sh $SCALE $MONTHS $CITIES $COUNTRIES\` (mirror at 1/$SCALE resolution,"
  echo "  $MONTHS months, $CITIES city-sized + $COUNTRIES country-sized zones with 2,000-vertex outlines,"
  echo "  exact coverage, 1 core; \`bench_stats\` times coverage and accumulate() only)"
  echo "- cells in the zones' windows per month: $CELLS"
  echo
  echo "| what | seconds |"
  echo "|---|---|"
  printf "| one run of %d months: coverage once | %.3f |\n" "$N" "$C_ALL"
  printf "| one run of %d months: accumulate, all months | %.3f |\n" "$N" "$A_ALL"
  printf "| **stats stage, one run of %d months (coverage reused)** | **%.3f** |\n" "$N" "$S_ALL"
  printf "| %d one-month runs: coverage, summed | %.3f |\n" "$N" "$C_ONE"
  printf "| **stats stage, %d one-month runs, summed** | **%.3f** |\n" "$N" "$S_ONE"
  echo
  printf "saving of coverage reuse on the stats stage: **%.2fx**; per-month sums equal: %s\n" \
    "$(echo "$S_ONE / $S_ALL" | bc -l)" "$SAME"
  echo
  printf "accumulate(): %.1f M cells/s on one core\n" "$(echo "$CELLS * $N / $A_ALL / 1000000" | bc -l)"
} | tee "$RESULTS/stats.md"
