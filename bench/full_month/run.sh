#!/usr/bin/env bash
# The limits and sezu's figures for one month of the built-in mirror at full resolution
# (scale 1: real tile sizes, 6 archives of ~1.2 GB): inflate alone, sezu from a loopback HTTP
# server into an empty cache, sezu from the warm cache, peak RSS. Writes
# bench/results/full_month.md (bench/RESULTS.md sums up). Needs ~20 GB of free disk in
# $SEZU_BENCH_DIR.
#
#   bench/full_month/run.sh [SCALE] [ZONES]        defaults: SCALE=1, ZONES=1000
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
SCALE="${1:-1}"
NZONES="${2:-1000}"
"$SEZU_ROOT/scripts/install-deps.sh" time bc isal attr >/dev/null
SEZU="$SEZU_BUILD/src/sezu"
[ -x "$SEZU" ] || "$SEZU_ROOT/scripts/build.sh"
WORK="${SEZU_BENCH_DIR:-$SEZU_ROOT/outputs/bench-full}"
mkdir -p "$WORK"
MONTH=201905
DIR="$WORK/mirror$SCALE/2019/$MONTH/vcmcfg"
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }

if ! ls "$DIR"/*.tgz >/dev/null 2>&1; then
  echo "bench: writing the mirror month at scale $SCALE (minutes at scale 1)"
  "$SEZU" mirror -q --out "$WORK/mirror$SCALE" --span-start $MONTH --span-end $MONTH --scale "$SCALE"
fi
/usr/bin/python3 "$SEZU_ROOT/bench/full_month/make_zones.py" "$NZONES" "$WORK/zones.geojson"
# The 6 archives discovery picks (the mirror also lists an older duplicate of some tiles).
mapfile -t FILES < <("$SEZU" discover --json --source "$WORK/mirror$SCALE/{YYYY}/{YYYYMM}/{cfg}/" \
  --span-start $MONTH --span-end $MONTH | /usr/bin/python3 -c '
import json, sys
for t in json.load(sys.stdin)[0]["tiles"]:
    print(sys.argv[1] + "/" + t["file"])' "$DIR")
[ "${#FILES[@]}" -eq 6 ] || { echo "bench: discovery found ${#FILES[@]} archives, not 6" >&2; exit 1; }
COMPRESSED=$(cat "${FILES[@]}" | wc -c)

# --- the limit: inflating alone, and reading the same bytes from memory ---
sync; t0=$(now); for f in "${FILES[@]}"; do gzip -dc "$f" > /dev/null; done; t1=$(now)
T_GZIP=$(secs "$t0" "$t1")
t0=$(now); RAW=0; for f in "${FILES[@]}"; do n=$(igzip -dc "$f" | wc -c); RAW=$((RAW + n)); done; t1=$(now)
T_IGZIP_WC=$(secs "$t0" "$t1")
t0=$(now); for f in "${FILES[@]}"; do igzip -dc "$f" > /dev/null; done; t1=$(now)
T_IGZIP=$(secs "$t0" "$t1")
t0=$(now); dd if=/dev/zero of=/dev/null bs=4M count=$(( RAW / 4194304 )) 2>/dev/null; t1=$(now)
T_MEM=$(secs "$t0" "$t1")

# --- sezu, one month, 1 rank: first from a loopback HTTP server into an empty cache (fetch,
# hashed as it downloads), then again from the warm cache (the end-to-end figure: no network) ---
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT
source "$SEZU_ROOT/bench/loopback.sh"
start_loopback_server "$WORK/mirror$SCALE" "$WORK/server.log"
rm -rf "$WORK/cache"; mkdir -p "$WORK/cache"
ARGS=(run --source "http://127.0.0.1:$PORT/{YYYY}/{YYYYMM}/{cfg}/" --zones "$WORK/zones.geojson"
      --id-field zone_id --cache-dir "$WORK/cache" --work-dir "$WORK/work" --new-archive
      --span-start $MONTH --span-end $MONTH)
t0=$(now)
mpirun -n 1 "$SEZU" "${ARGS[@]}" -o "$WORK/cold.h5" > /dev/null 2> "$WORK/cold.log"
t1=$(now)
T_COLD=$(secs "$t0" "$t1")
COLD_STAGES=$(grep -o 'ok ([0-9]* zones) in .*' "$WORK/cold.log" | sed 's/ok ([0-9]* zones) in //')
t0=$(now)
mpirun -n 1 /usr/bin/time -v -o "$WORK/time.txt" "$SEZU" "${ARGS[@]}" \
  -o "$WORK/one.h5" > /dev/null 2> "$WORK/run.log"
t1=$(now)
T_SEZU=$(secs "$t0" "$t1")
STAGES=$(grep -o 'ok ([0-9]* zones) in .*' "$WORK/run.log" | sed 's/ok ([0-9]* zones) in //')
RSS_MB=$(( $(grep 'Maximum resident' "$WORK/time.txt" | awk '{print $NF}') / 1024 ))
# The archives hashed again while they stream (as for files put in the cache by hand).
for f in "$WORK"/cache/*.tgz; do setfattr -x user.sezu.sha256 "$f" 2>/dev/null || true; done
t0=$(now)
mpirun -n 1 "$SEZU" "${ARGS[@]}" -o "$WORK/hashed.h5" > /dev/null 2> "$WORK/hashed.log"
t1=$(now)
T_HASHED=$(secs "$t0" "$t1")
cmp <(h5dump -d sum_of_lights "$WORK/one.h5" | tail -n +3) <(h5dump -d sum_of_lights "$WORK/cold.h5" | tail -n +3) >/dev/null \
  && SAME="identical" || SAME="DIFFERENT"

OUT="$SEZU_ROOT/bench/results/full_month.md"
{
  echo "# sezu benchmarks: one month at scale $SCALE"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -m)"
  echo "- command: \`bench/full_month/run.sh $SCALE $NZONES\`"
  echo "- month: 6 archives, $(( COMPRESSED / 1000000 )) MB compressed, $(( RAW / 1000000 )) MB inflated; $NZONES zones + exact coverage"
  echo
  echo "| what | seconds | vs igzip |"
  echo "|---|---|---|"
  printf "| inflate only, zlib \`gzip -dc\` | %.2f | %.2f |\n" "$T_GZIP" "$(echo "$T_GZIP / $T_IGZIP" | bc -l)"
  printf "| inflate only, ISA-L \`igzip -dc\` (the limit) | %.2f | 1.00 |\n" "$T_IGZIP"
  printf "| reading the same bytes from memory (\`dd\` /dev/zero) | %.2f | %.2f |\n" "$T_MEM" "$(echo "$T_MEM / $T_IGZIP" | bc -l)"
  printf "| sezu run, end to end (warm cache, incl. MPI start) | %.2f | **%.2f** |\n" "$T_SEZU" "$(echo "$T_SEZU / $T_IGZIP" | bc -l)"
  printf "| the same, archives hashed again while they stream | %.2f | %.2f |\n" "$T_HASHED" "$(echo "$T_HASHED / $T_IGZIP" | bc -l)"
  printf "| sezu run from loopback HTTP into an empty cache | %.2f | %.2f |\n" "$T_COLD" "$(echo "$T_COLD / $T_IGZIP" | bc -l)"
  echo
  echo "sezu's stages (from its log), warm cache: $STAGES"
  echo
  echo "sezu's stages, from loopback into an empty cache: $COLD_STAGES"
  echo
  echo "sums of the warm and the loopback run: $SAME"
  echo
  echo "peak RSS of the rank: ${RSS_MB} MB"
} | tee "$OUT"
