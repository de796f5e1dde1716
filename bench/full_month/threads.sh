#!/usr/bin/env bash
# One month through `sezu run` on 1 rank with --threads 1 and --threads 2, from the warm local
# mirror (read in place: no network, no copy), against the inflate limit (`igzip -dc` of the same
# archives). Rounds alternate the three so that load from other jobs hits all alike; each figure is
# the fastest round, with CPU seconds and the load average noted. Checks that the two archives
# hold the same datasets bit for bit. Writes bench/results/threads.md.
#
#   bench/full_month/threads.sh [SCALE] [ZONES] [ROUNDS]      defaults: 4 1000 3
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
SCALE="${1:-4}"
NZONES="${2:-1000}"
ROUNDS="${3:-3}"
"$SEZU_ROOT/scripts/install-deps.sh" time bc isal >/dev/null
SEZU="$SEZU_BUILD/src/sezu"
[ -x "$SEZU" ] || "$SEZU_ROOT/scripts/build.sh" --target sezu
W="${SEZU_BENCH_DIR:-$SEZU_ROOT/outputs/bench-threads}"
RESULTS="${SEZU_BENCH_RESULTS:-$SEZU_ROOT/bench/results}"
mkdir -p "$W" "$RESULTS"
MONTH=201905
DIR="$W/mirror$SCALE/2019/$MONTH/vcmcfg"
ls "$DIR"/*.tgz >/dev/null 2>&1 ||
  "$SEZU" mirror -q --out "$W/mirror$SCALE" --span-start $MONTH --span-end $MONTH --scale "$SCALE"
/usr/bin/python3 "$SEZU_ROOT/bench/full_month/make_zones.py" "$NZONES" "$W/zones.geojson"
SOURCE="$W/mirror$SCALE/{YYYY}/{YYYYMM}/{cfg}/"
mapfile -t FILES < <("$SEZU" discover --json --source "$SOURCE" --span-start $MONTH \
  --span-end $MONTH | /usr/bin/python3 -c '
import json, sys
for t in json.load(sys.stdin)[0]["tiles"]:
    print(sys.argv[1] + "/" + t["file"])' "$DIR")
[ "${#FILES[@]}" -eq 6 ] || { echo "bench: discovery found ${#FILES[@]} archives, not 6" >&2; exit 1; }
ARGS=(run --source "$SOURCE" --zones "$W/zones.geojson" --id-field zone_id --cache-dir "$W/cache"
      --new-archive --span-start $MONTH --span-end $MONTH -q)
now() { date +%s.%N; }
# timed NAME CMD...: "wall cpu" seconds
timed() {
  local name="$1" t0 t1; shift
  t0=$(now)
  /usr/bin/time -f "%U %S" -o "$W/$name.cpu" "$@" > /dev/null 2> "$W/$name.log" ||
    { cat "$W/$name.log" >&2; return 1; }
  t1=$(now)
  printf "%.2f %.2f\n" "$(echo "$t1 - $t0" | bc -l)" "$(awk '{print $1 + $2}' "$W/$name.cpu")"
}
LOADS=()
: > "$W/rounds.txt"
for r in $(seq 1 "$ROUNDS"); do
  LOADS+=("$(cut -d' ' -f1 /proc/loadavg)")
  read -r WI CI <<< "$(timed igzip bash -c 'for f in "$@"; do igzip -dc "$f" > /dev/null; done' _ "${FILES[@]}")"
  read -r W1 C1 <<< "$(timed t1 mpirun -n 1 "$SEZU" "${ARGS[@]}" --threads 1 -o "$W/t1.h5")"
  read -r W2 C2 <<< "$(timed t2 mpirun -n 1 "$SEZU" "${ARGS[@]}" --threads 2 -o "$W/t2.h5")"
  echo "$WI $CI $W1 $C1 $W2 $C2" >> "$W/rounds.txt"
done
SAME=$(/usr/bin/python3 - "$W/t1.h5" "$W/t2.h5" <<'PY'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
names = []
a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
def same(x, y):  # numbers bit for bit; texts (variable-length strings) as texts
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype.kind == "O" or y.dtype.kind == "O":
        return x.shape == y.shape and x.tolist() == y.tolist()
    return x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()
# Wall times of the run are not results.
diff = [n for n in names if "seconds" not in n and (n not in b or not same(a[n][()], b[n][()]))]
print("yes (%d datasets)" % len(names) if not diff else "NO: " + ", ".join(diff))
PY
)
best() { sort -n -k"$1" "$W/rounds.txt" | head -n1; }
read -r WI CI _ _ _ _ <<< "$(best 1)"
read -r _ _ W1 C1 _ _ <<< "$(best 3)"
read -r _ _ _ _ W2 C2 <<< "$(best 5)"
{
  echo "# One month on 1 and 2 threads per rank"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -m)"
  echo "- command: \`bench/full_month/threads.sh $SCALE $NZONES $ROUNDS\` (month $MONTH of the built-in mirror at"
  echo "  1/$SCALE resolution, 6 archives of $(( $(cat "${FILES[@]}" | wc -c) / 1048576 )) MB in all, read in place; $NZONES city-sized zones, exact"
  echo "  coverage; 1 rank; wall seconds of the whole command, fastest of $ROUNDS rounds)"
  echo "- load average (1 min) at the start of each round: ${LOADS[*]} (2 cores shared with other jobs)"
  echo
  echo "| what | wall s | CPU s | vs igzip |"
  echo "|---|---|---|---|"
  echo "| inflate only, \`igzip -dc\`, one archive after another | $WI | $CI | 1.00 |"
  echo "| sezu run, --threads 1 | $W1 | $C1 | $(echo "scale=2; $W1 / $WI" | bc -l) |"
  echo "| sezu run, --threads 2 | $W2 | $C2 | $(echo "scale=2; $W2 / $WI" | bc -l) |"
  echo
  echo "speedup of 2 threads: **$(echo "scale=2; $W1 / $W2" | bc -l)x**; archives' datasets equal bit for bit: $SAME"
  echo
  echo "every round (igzip wall cpu, 1 thread wall cpu, 2 threads wall cpu):"
  echo
  sed 's/^/    /' "$W/rounds.txt"
} | tee "$RESULTS/threads.md"
# Different archives are a failure, not a figure (the smoke test relies on it).
case "$SAME" in yes*) ;; *) echo "bench: the archives differ: $SAME" >&2; exit 1 ;; esac
