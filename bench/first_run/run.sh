#!/usr/bin/env bash
# The first run as a new user has it: a fresh clone of this repository (its committed HEAD) into
# an empty folder, then scripts/demo.sh there, with no compiler cache (CCACHE_DISABLE=1, no
# launcher) and the Debian packages already installed. Measures the wall time of each phase of
# the demo and in all, and the disk the clone takes at the end (sources, build, outputs).
#   bench/first_run/run.sh [WORK_DIR]     (default: a new folder under /tmp, removed at the end
#                                          unless SEZU_BENCH_KEEP=1)
# Writes bench/results/first_run.md and prints it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/sezu-first-run.XXXXXX)}"
CLONE="$WORK/sezu"
rm -rf "$CLONE"
git clone --quiet "$ROOT" "$CLONE"
unset CMAKE_CXX_COMPILER_LAUNCHER CMAKE_C_COMPILER_LAUNCHER SEZU_BUILD
export CCACHE_DISABLE=1
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
start=$(date +%s.%N)
# Each line of the demo with the seconds since the start, so the phases can be told apart.
set +e
# `times` in the subshell: the CPU seconds of everything the demo ran (compilers, ranks).
( cd "$CLONE" && scripts/demo.sh; rc=$?; times > "$WORK/cpu.txt"; exit $rc ) 2>&1 |
  while IFS= read -r line; do
    printf '%7.1f %s\n' "$(since "$start")" "$line"
  done > "$WORK/demo.log"
code=${PIPESTATUS[0]}
set -e
end=$(date +%s.%N)
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
total=$(minus "$end" "$start")
# The children's line of `times`: "1m2.5s 0m3.1s" (user, system).
cpu=$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; ++i) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] }
                    printf "%.0f", s }' "$WORK/cpu.txt")
at() { grep -m1 "$1" "$WORK/demo.log" | awk '{print $1}'; }
t_mirror=$(at "demo: writing the built-in mirror")
t_run=$(at "demo: scripts/sezu-mpirun")
t_report=$(grep -m1 -E "report: |demo: open" "$WORK/demo.log" | awk '{print $1}')
du_mb() { du -sm "$1" 2>/dev/null | cut -f1; }
OUT="$ROOT/bench/results/first_run.md"
mkdir -p "$(dirname "$OUT")"
{
  echo "# First run: fresh clone, scripts/demo.sh, no compiler cache"
  echo
  cpu_model="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "$(date -u +%Y-%m-%d) on $(nproc) cores ($cpu_model), commit"
  echo "$(git -C "$CLONE" rev-parse --short HEAD); load average before $load_before, after"
  echo "$load_after."
  echo "Exit code of the demo: $code. CPU time of all it ran (user + system): ${cpu} s, that is"
  echo "$(awk -v c="$cpu" -v n="$(nproc)" 'BEGIN { printf "%.0f", c / n }') s of wall time on"
  echo "$(nproc) otherwise idle cores at best (the wall time below includes waiting for other"
  echo "load)."
  echo
  echo "| phase | seconds |"
  echo "|---|---|"
  echo "| install check + configure + build (sezu only) | ${t_mirror:-?} |"
  echo "| mirror (outputs/mirror) | $(minus "${t_run:-0}" "${t_mirror:-0}") |"
  echo "| run (4 ranks) + quicklook + report | $(minus "$total" "${t_run:-0}") |"
  whole=${total%.*}
  printf '| **total** | **%.0f** (%d min %02d s) |\n' "$total" $((whole / 60)) $((whole % 60))
  echo
  echo "| disk | MB |"
  echo "|---|---|"
  sources=$(( $(du_mb "$CLONE") - $(du_mb "$CLONE/build") - $(du_mb "$CLONE/outputs") ))
  echo "| clone (sources and .git) | $sources |"
  echo "| build/ | $(du_mb "$CLONE/build") |"
  echo "| outputs/mirror | $(du_mb "$CLONE/outputs/mirror") |"
  echo "| outputs/cache | $(du_mb "$CLONE/outputs/cache") |"
  echo "| outputs/ (all) | $(du_mb "$CLONE/outputs") |"
  echo "| **total** | **$(du_mb "$CLONE")** |"
} > "$OUT"
cat "$OUT"
[ "${SEZU_BENCH_KEEP:-0}" = 1 ] || [ -n "${1:-}" ] || rm -rf "$WORK"
exit "$code"
