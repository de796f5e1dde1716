#!/usr/bin/env bash
# Issue 21, item 1: a month at full resolution for the countries of the world plus 50,000
# district-sized zones (bench/world/make_world_zones.py: real extents of the largest countries,
# Russia across the antimeridian and over 150 degrees wide). Measures sezu's peak RSS and its
# time against inflating the same archives alone (ISA-L `igzip -dc`, the limit), in one run.
# Writes bench/results/world.md. Needs ~8 GB of free disk in $SEZU_BENCH_DIR (the mirror month,
# shared with bench/full_month).
#
#   bench/world/run.sh [SCALE] [COUNTRIES] [DISTRICTS] [THREADS]   defaults: 1 200 50000 1
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
SCALE="${1:-1}"
NCOUNTRIES="${2:-200}"
NDISTRICTS="${3:-50000}"
THREADS="${4:-1}"
"$SEZU_ROOT/scripts/install-deps.sh" time bc isal >/dev/null
SEZU="$SEZU_BUILD/src/sezu"
[ -x "$SEZU" ] || "$SEZU_ROOT/scripts/build.sh"
WORK="${SEZU_BENCH_DIR:-$SEZU_ROOT/outputs/bench-full}"
RESULTS="${SEZU_BENCH_RESULTS:-$SEZU_ROOT/bench/results}"   # a smoke run writes elsewhere
mkdir -p "$WORK" "$RESULTS"
MONTH=201905
MIRROR="$WORK/mirror$SCALE"
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
if ! ls "$MIRROR/2019/$MONTH/vcmcfg/"*.tgz >/dev/null 2>&1; then
  echo "bench: writing the mirror month at scale $SCALE (minutes at scale 1)"
  "$SEZU" mirror -q --out "$MIRROR" --span-start $MONTH --span-end $MONTH --scale "$SCALE"
fi
BOXES=$(/usr/bin/python3 "$SEZU_ROOT/bench/world/make_world_zones.py" "$WORK/world.geojson" \
  "$NCOUNTRIES" "$NDISTRICTS")
mapfile -t FILES < <("$SEZU" discover --json --source "$MIRROR/{YYYY}/{YYYYMM}/{cfg}/" \
  --span-start $MONTH --span-end $MONTH | /usr/bin/python3 -c '
import json, sys
for t in json.load(sys.stdin)[0]["tiles"]:
    print(sys.argv[1] + "/" + t["file"])' "$MIRROR/2019/$MONTH/vcmcfg")
[ "${#FILES[@]}" -eq 6 ] || { echo "bench: discovery found ${#FILES[@]} archives, not 6" >&2; exit 1; }
# The limit: inflating the six archives alone.
t0=$(now); for f in "${FILES[@]}"; do igzip -dc "$f" > /dev/null; done; t1=$(now)
T_IGZIP=$(secs "$t0" "$t1")
# sezu, one rank, the mirror read in place (a local source is not copied into the cache).
ARGS=(run --source "$MIRROR/{YYYY}/{YYYYMM}/{cfg}/" --zones "$WORK/world.geojson"
      --id-field zone_id --cache-dir "$WORK/cache-world" --new-archive --threads "$THREADS"
      --span-start $MONTH --span-end $MONTH -o "$WORK/world.h5")
t0=$(now)
"$SEZU_ROOT/scripts/sezu-mpirun" -n 1 /usr/bin/time -v -o "$WORK/world-time.txt" "$SEZU" \
  "${ARGS[@]}" > /dev/null 2> "$WORK/world.log" || { cat "$WORK/world.log" >&2; exit 1; }
t1=$(now)
T_SEZU=$(secs "$t0" "$t1")
RSS_MB=$(( $(grep 'Maximum resident' "$WORK/world-time.txt" | awk '{print $NF}') / 1024 ))
STAGES=$(grep -o 'ok ([0-9]* zones) in .*' "$WORK/world.log" | sed 's/ok ([0-9]* zones) in //' || true)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "# A month at scale $SCALE for the world's countries and $NDISTRICTS districts"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM; load average at the end: $LOAD"
  echo "- command: \`bench/world/run.sh $SCALE $NCOUNTRIES $NDISTRICTS $THREADS\` (1 rank, $THREADS thread(s), exact coverage)"
  echo "- zones: $BOXES"
  echo
  echo "| what | figure |"
  echo "|---|---|"
  printf "| inflate only, ISA-L \`igzip -dc\` (the limit) | %.2f s |\n" "$T_IGZIP"
  printf "| sezu run, end to end (incl. MPI start, coverage, archive) | %.2f s |\n" "$T_SEZU"
  printf "| sezu / inflate | **%.2f** |\n" "$(echo "$T_SEZU / $T_IGZIP" | bc -l)"
  printf "| peak RSS of the rank | **%d MB** |\n" "$RSS_MB"
  echo
  echo "sezu's stages: $STAGES"
} > "$RESULTS/world.md"
cat "$RESULTS/world.md"
