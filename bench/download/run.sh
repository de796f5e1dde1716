#!/usr/bin/env bash
# Download throughput of sezu's fetcher (libcurl multi, N parallel transfers, .part + rename,
# gzip check) against a plain sequential `curl -s -o` of the same 6 archives, in the same run,
# from the same loopback HTTP server (python3 -m http.server on 127.0.0.1).
#
#   bench/download/run.sh [SCALE]          SCALE: mirror resolution 1/SCALE (default 10:
#                                          6 tiles of ~15 MB); 60 for a quick smoke run
# Environment:
#   SEZU         the sezu binary           (default $SEZU_BUILD/src/sezu)
#   BENCH_FETCH  the bench_fetch binary    (default $SEZU_BUILD/bench/bench_fetch)
#   PARALLEL     sezu's concurrent transfers (default 6)
#   REPS         repetitions; the best time of each side is reported (default 3)
#
# Prints the bytes, the best wall time of each side, throughput in MB/s (10^6 bytes) and the
# ratio sezu / curl. Each sezu repetition starts from an empty cache, so nothing is skipped.
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
SCALE="${1:-${SCALE:-10}}"
SEZU="${SEZU:-$SEZU_BUILD/src/sezu}"
BENCH_FETCH="${BENCH_FETCH:-$SEZU_BUILD/bench/bench_fetch}"
PARALLEL="${PARALLEL:-6}"
REPS="${REPS:-3}"
MONTH=201905
PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)"

for exe in "$SEZU" "$BENCH_FETCH"; do
  if [ ! -x "$exe" ]; then
    echo "run.sh: $exe is missing; build it first (cmake --build BUILD --target sezu bench_fetch)" >&2
    exit 2
  fi
done
command -v curl >/dev/null || { echo "run.sh: the curl command is needed for the comparison" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sezu-bench-download.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$SEZU" mirror -q --out "$WORK/mirror" --span-start "$MONTH" --span-end "$MONTH" --scale "$SCALE"

source "$SEZU_ROOT/bench/loopback.sh"
start_loopback_server "$WORK/mirror" "$WORK/server.log"
SOURCE="http://127.0.0.1:$PORT/{YYYY}/{YYYYMM}/{cfg}/"

# The 6 newest archives of the month, as sezu's discovery picks them (the mirror also lists an
# older duplicate of one tile in this month).
mapfile -t URLS < <("$BENCH_FETCH" --source "$SOURCE" --month "$MONTH" --list)
[ "${#URLS[@]}" -eq 6 ] || { echo "run.sh: discovery found ${#URLS[@]} tiles, expected 6" >&2; exit 1; }

now() { date +%s.%N; }
best_sezu=""
best_curl=""
bytes=0
for rep in $(seq 1 "$REPS"); do
  rm -rf "$WORK/cache" "$WORK/curl"
  t0=$(now)
  out="$("$BENCH_FETCH" --quiet --source "$SOURCE" --month "$MONTH" --cache "$WORK/cache" --parallel "$PARALLEL")"
  t1=$(now)
  bytes="$(sed -n 's/.* bytes=\([0-9]*\).*/\1/p' <<<"$out")"
  s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')

  mkdir -p "$WORK/curl"
  t0=$(now)
  for url in "${URLS[@]}"; do
    curl -s -f -o "$WORK/curl/${url##*/}" "$url"
  done
  t1=$(now)
  c=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')

  # Same bytes on both sides, or the comparison means nothing.
  for url in "${URLS[@]}"; do
    cmp -s "$WORK/cache/${url##*/}" "$WORK/curl/${url##*/}" ||
      { echo "run.sh: ${url##*/} differs between sezu and curl" >&2; exit 1; }
  done
  echo "rep $rep: sezu ${s} s, curl ${c} s"
  best_sezu=$(awk -v a="$s" -v b="${best_sezu:-$s}" 'BEGIN { print (a < b ? a : b) }')
  best_curl=$(awk -v a="$c" -v b="${best_curl:-$c}" 'BEGIN { print (a < b ? a : b) }')
done

awk -v bytes="$bytes" -v s="$best_sezu" -v c="$best_curl" -v scale="$SCALE" -v par="$PARALLEL" 'BEGIN {
  printf "scale 1/%d: 6 archives, %.1f MB\n", scale, bytes / 1e6
  printf "sezu (bench_fetch, %d parallel): %.3f s  %.1f MB/s\n", par, s, bytes / s / 1e6
  printf "curl -s -o, sequential:          %.3f s  %.1f MB/s\n", c, bytes / c / 1e6
  printf "ratio sezu/curl throughput: %.2f\n", c / s
}'
