#!/usr/bin/env bash
# Wall time of `sezu run` with 1 and 2 ranks over a span of months of the built-in mirror
# (parallel efficiency), and peak memory per rank. Downloads come from a warm cache so the
# figures are about the work sezu does, not the disk copy.
#
#   bench/mpi_scaling.sh [SCALE] [MONTHS]      defaults: SCALE=10 (1/10 resolution), MONTHS=6
#
# Writes bench/results/mpi_scaling.md (machine, commands, figures, date).
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
SCALE="${1:-10}"
MONTHS="${2:-6}"
SEZU="$SEZU_BUILD/src/sezu"
[ -x "$SEZU" ] || "$SEZU_ROOT/scripts/build.sh"
"$SEZU_ROOT/scripts/install-deps.sh" time bc >/dev/null
WORK="${SEZU_BENCH_DIR:-$SEZU_ROOT/outputs/bench-mpi}"
mkdir -p "$WORK" "$SEZU_ROOT/bench/results"
START="${START:-201701}"   # first month (env); MONTHS months from there, within one year
END=$(( START + MONTHS - 1 ))
"$SEZU" mirror -q --out "$WORK/mirror" --span-start "$START" --span-end "$END" --scale "$SCALE"
ARGS=(run -q --source "$WORK/mirror/{YYYY}/{YYYYMM}/{cfg}/" --zones "$SEZU_ROOT/inputs/sez_zones.geojson"
      --id-field zone_id --cache-dir "$WORK/cache" --span-start "$START" --span-end "$END" --new-archive)
# Warm the cache (not timed).
mpirun -n 1 "$SEZU" "${ARGS[@]}" -o "$WORK/warm.h5" >/dev/null

# /usr/bin/time's -o does not expand the rank; wrap instead.
cat > "$WORK/timed.sh" <<'EOS'
#!/usr/bin/env bash
exec /usr/bin/time -f "%M" -o "$SEZU_RSS_PREFIX.${OMPI_COMM_WORLD_RANK:-0}" "$@"
EOS
chmod +x "$WORK/timed.sh"
measure() {
  local n=$1 best=""
  for rep in 1 2; do
    rm -f "$WORK/rss.$n".*
    local t0 t1
    t0=$(date +%s.%N)
    SEZU_RSS_PREFIX="$WORK/rss.$n" mpirun -n "$n" -x SEZU_RSS_PREFIX "$WORK/timed.sh" \
      "$SEZU" "${ARGS[@]}" -o "$WORK/r$n.h5" >/dev/null
    t1=$(date +%s.%N)
    local t; t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  echo "$best"
}
T1=$(measure 1); RSS1=$(cat "$WORK"/rss.1.* | sort -n | tail -1)
T2=$(measure 2); RSS2=$(cat "$WORK"/rss.2.* | sort -n | tr '\n' ' ')
SPEEDUP=$(echo "$T1 / $T2" | bc -l)
EFF=$(echo "$SPEEDUP / 2" | bc -l)
OUT="$SEZU_ROOT/bench/results/mpi_scaling.md"
{
  echo "# sezu run: 1 vs 2 ranks"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, $(uname -m)"
  echo "- command: START=$START bench/mpi_scaling.sh $SCALE $MONTHS  (mirror at 1/$SCALE resolution, $MONTHS months, 9 SEZ zones, warm cache, best of 2)"
  echo
  echo "| ranks | wall time (s) | peak RSS per rank (MB) |"
  echo "|---|---|---|"
  printf "| 1 | %.2f | %s |\n" "$T1" "$(( RSS1 / 1024 ))"
  printf "| 2 | %.2f | %s |\n" "$T2" "$(for k in $RSS2; do printf '%d ' $(( k / 1024 )); done)"
  echo
  printf "speed-up 2 vs 1: %.2fx, parallel efficiency %.0f%%\n" "$SPEEDUP" "$(echo "$EFF * 100" | bc -l)"
} | tee "$OUT"
cmp <(h5dump -d sum_of_lights "$WORK/r1.h5" | tail -n +3) <(h5dump -d sum_of_lights "$WORK/r2.h5" | tail -n +3) \
  && echo "archives of 1 and 2 ranks hold identical sums" | tee -a "$OUT"
