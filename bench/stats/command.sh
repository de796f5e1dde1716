#!/usr/bin/env bash
# `sezu stats RASTER ZONES` end to end (process start included), as a user runs it, on one
# global month stitched into a single DEFLATE GeoTIFF (strips, GDAL's defaults) with its cf_cvg:
# sezu as built against an earlier binary (SEZU_BEFORE, e.g. the main branch's), 1 and 2
# threads, for several zone counts, each pair measured in the same run. Peak RSS with GDAL's
# default block cache (GDAL_CACHEMAX unset). exactextract too, when it is installed. Writes
# bench/results/stats_command.md.
#
#   SEZU_BEFORE=/path/to/old/sezu bench/stats/command.sh [SCALE] [ZONE_COUNTS] [REPEATS]
#   defaults: 4 "20 2000 20000" 2     (each figure: the fastest of REPEATS runs)
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
SCALE="${1:-4}"
COUNTS="${2:-20 2000 20000}"
REPEATS="${3:-2}"
"$SEZU_ROOT/scripts/install-deps.sh" time bc gdal-bin >/dev/null
SEZU="$SEZU_BUILD/src/sezu"
[ -x "$SEZU" ] || "$SEZU_ROOT/scripts/build.sh" --target sezu
BEFORE="${SEZU_BEFORE:-}"
WORK="${SEZU_BENCH_DIR:-$SEZU_ROOT/outputs/bench-stats-command}"
RESULTS="${SEZU_BENCH_RESULTS:-$SEZU_ROOT/bench/results}"
mkdir -p "$WORK" "$RESULTS"
MONTH=201905
unset GDAL_CACHEMAX

# --- the raster: the month's six tiles as one global GeoTIFF (built once) ---
RASTER="$WORK/global$SCALE.rade.tif"; CVG="$WORK/global$SCALE.cvg.tif"
if [ ! -s "$RASTER" ] || [ ! -s "$CVG" ]; then
  "$SEZU" mirror -q --out "$WORK/mirror$SCALE" --span-start $MONTH --span-end $MONTH --scale "$SCALE"
  rm -rf "$WORK/tiles"; mkdir -p "$WORK/tiles"
  for f in $(find "$WORK/mirror$SCALE" -name '*.tgz' | sort); do tar -xzf "$f" -C "$WORK/tiles"; done
  # One raster per tile: the newest archive of each (the mirror keeps an older duplicate).
  pick() { ls "$WORK"/tiles/*"$1" | awk -F_ '{print $4, $0}' | sort -k1,1 -k2,2r | awk '!seen[$1]++ {print $2}'; }
  gdalbuildvrt -q "$WORK/rade.vrt" $(pick .avg_rade9h.tif)
  gdalbuildvrt -q "$WORK/cvg.vrt" $(pick .cf_cvg.tif)
  gdal_translate -q -co COMPRESS=DEFLATE "$WORK/rade.vrt" "$RASTER"
  gdal_translate -q -co COMPRESS=DEFLATE "$WORK/cvg.vrt" "$CVG"
  rm -rf "$WORK/tiles" "$WORK/mirror$SCALE"
fi
SIZE=$(gdalinfo "$RASTER" | awk '/^Size is/ {print $3 $4}')
BLOCK=$(gdalinfo "$RASTER" | grep -o 'Block=[0-9x]*' | head -n1)

# One timed run: prints "seconds peak_rss_mb"; the CSV goes to $2.
timed() {
  local out="$1"; shift
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" > "$out" 2> "$WORK/stderr.txt" ||
    { cat "$WORK/stderr.txt" >&2; return 1; }
  awk '{printf "%s %d\n", $1, $2 / 1024}' "$WORK/time.txt"
}
# The fastest of REPEATS runs (the machine is shared): "seconds peak_rss_mb".
best() {
  local out="$1"; shift
  for _ in $(seq "$REPEATS"); do timed "$out" "$@"; done | sort -n | head -n1
}
ratio() { echo "scale=2; $1 / $2" | bc -l; }

ROWS=()
for N in $COUNTS; do
  if [ "$N" -le 100 ]; then CITIES=$N; COUNTRIES=0; else CITIES=$((N - 100)); COUNTRIES=100; fi
  ZONES="$WORK/zones$N.geojson"
  /usr/bin/python3 "$SEZU_ROOT/bench/full_month/make_zones.py" "$CITIES" "$ZONES" "$COUNTRIES"
  ARGS=("$RASTER" "$ZONES" --coverage "$CVG" --id-field zone_id)
  read -r T1 M1 <<< "$(best "$WORK/t1.csv" "$SEZU" stats "${ARGS[@]}" --threads 1)"
  read -r T2 M2 <<< "$(best "$WORK/t2.csv" "$SEZU" stats "${ARGS[@]}" --threads 2)"
  # Same numbers bit for bit (the CSV prints %.17g).
  cmp -s "$WORK/t1.csv" "$WORK/t2.csv" && SAME12=yes || SAME12=NO
  TB=-; MB=-; SAMEB=-
  if [ -n "$BEFORE" ]; then
    read -r TB MB <<< "$(best "$WORK/tb.csv" "$BEFORE" stats "${ARGS[@]}")"
    # Statistic names may have changed since: the values only.
    cmp -s <(tail -n +2 "$WORK/tb.csv") <(tail -n +2 "$WORK/t1.csv") && SAMEB=yes || SAMEB=NO
  fi
  TE=-
  if command -v exactextract >/dev/null; then
    read -r TE _ <<< "$(best "$WORK/te.csv" exactextract -r "rade:$RASTER" -p "$ZONES" -f zone_id \
                       -s "sum(rade)" -s "mean(rade)" -s "count(rade)" -o "$WORK/te.csv")"
  fi
  ROWS+=("$N $CITIES $COUNTRIES $TB $MB $T1 $M1 $T2 $M2 $SAMEB $SAME12 $TE")
done

{
  echo "# \`sezu stats\` on one raster: before and after, 1 and 2 threads"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -m); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- command: \`bench/stats/command.sh $SCALE \"$COUNTS\" $REPEATS\`; before: \`${BEFORE:-none}\`"
  echo "- raster: month $MONTH of the built-in mirror at 1/$SCALE resolution, $SIZE cells, one DEFLATE"
  echo "  GeoTIFF ($BLOCK) plus its cf_cvg (\`--coverage\`); exact rule; zones of"
  echo "  bench/full_month/make_zones.py (cities, and 100 country-sized zones from 2,000 zones on)"
  echo "- each time: wall seconds of the whole command, the fastest of $REPEATS runs; RSS: peak, MB,"
  echo "  with GDAL's default block cache (5 % of RAM here)"
  command -v exactextract >/dev/null || echo "- exactextract: not installed here (no Debian package: \`apt-cache policy exactextract python3-exactextract\` finds none)"
  echo
  echo "| zones (cities + countries) | before s | before MB | 1 thread s | MB | 2 threads s | MB | before / 1 thread | before / 2 threads | same numbers as before | 1 = 2 threads bit for bit | exactextract s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for row in "${ROWS[@]}"; do
    read -r N C K TB MB T1 M1 T2 M2 SB S12 TE <<< "$row"
    R1=-; R2=-
    [ "$TB" != "-" ] && R1="$(ratio "$TB" "$T1")x" && R2="$(ratio "$TB" "$T2")x"
    echo "| $N ($C + $K) | $TB | $MB | $T1 | $M1 | $T2 | $M2 | $R1 | $R2 | $SB | $S12 | $TE |"
  done
} | tee "$RESULTS/stats_command.md"
# Different numbers are a failure, not a figure (the smoke test relies on it).
for row in "${ROWS[@]}"; do
  case "$row" in *" NO "*) echo "bench: the numbers differ: $row" >&2; exit 1 ;; esac
done
