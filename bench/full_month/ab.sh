#!/usr/bin/env bash
# Compares two builds of sezu on the month of bench/full_month/run.sh (run that first: it
# writes the mirror, the zones and the warm cache). Rounds alternate `igzip -dc` alone, build A
# and build B from the warm cache, so that load from other jobs on the machine hits all three
# alike; CPU seconds (user + sys) are printed too, being less sensitive to that load than wall
# time. Checks that both builds give the same sums.
#
#   bench/full_month/ab.sh BUILD_A BUILD_B [ROUNDS]      default ROUNDS=3
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
A="$1/src/sezu"
B="$2/src/sezu"
ROUNDS="${3:-3}"
W="${SEZU_BENCH_DIR:-$SEZU_ROOT/outputs/bench-full}"
[ -x "$A" ] && [ -x "$B" ] || { echo "ab: need two builds with src/sezu" >&2; exit 2; }
ls "$W"/cache/*.tgz >/dev/null 2>&1 || { echo "ab: run bench/full_month/run.sh first" >&2; exit 2; }
source "$SEZU_ROOT/bench/loopback.sh"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT
start_loopback_server "$W/mirror1" "$W/ab-server.log"
ARGS=(run --source "http://127.0.0.1:$PORT/{YYYY}/{YYYYMM}/{cfg}/" --zones "$W/zones.geojson"
      --id-field zone_id --cache-dir "$W/cache" --work-dir "$W/work" --new-archive
      --span-start 201905 --span-end 201905)
now() { date +%s.%N; }
cpu() { awk '{printf "%.2f", $1 + $2}' "$1"; }
run_build() {  # run_build NAME BINARY: wall seconds on stdout
  local t0 t1
  t0=$(now)
  mpirun -n 1 /usr/bin/time -f "%U %S" -o "$W/ab-$1.cpu" "$2" "${ARGS[@]}" -o "$W/ab-$1.h5" \
    > /dev/null 2> "$W/ab-$1.log"
  t1=$(now)
  echo "$t1 - $t0" | bc -l
}
for r in $(seq 1 "$ROUNDS"); do
  t0=$(now)
  /usr/bin/time -f "%U %S" -o "$W/ab-igzip.cpu" \
    bash -c 'for f in "$1"/cache/*.tgz; do igzip -dc "$f" > /dev/null; done' _ "$W"
  t1=$(now)
  ti=$(echo "$t1 - $t0" | bc -l)
  ta=$(run_build a "$A")
  tb=$(run_build b "$B")
  cmp <(h5dump -d sum_of_lights "$W/ab-a.h5" | tail -n +3) <(h5dump -d sum_of_lights "$W/ab-b.h5" | tail -n +3) \
    >/dev/null && same=identical || same=DIFFERENT
  printf "round %d: igzip %.2f s | A %.2f s (%.2f) | B %.2f s (%.2f) | B/A %.3f | sums %s\n" \
    "$r" "$ti" "$ta" "$(echo "$ta / $ti" | bc -l)" "$tb" "$(echo "$tb / $ti" | bc -l)" \
    "$(echo "$tb / $ta" | bc -l)" "$same"
  printf "         cpu s: igzip %s | A %s | B %s\n" \
    "$(cpu "$W/ab-igzip.cpu")" "$(cpu "$W/ab-a.cpu")" "$(cpu "$W/ab-b.cpu")"
done
