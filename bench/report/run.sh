#!/usr/bin/env bash
# The report at scale (issue 20): a report of 5,000 zones x 180 months built by `sezu report` and
# opened in headless Chromium; the page records when it became usable (data-ready-ms). Runs the
# ReportAtScale test, which builds the archive, the report and the page, and writes its figure
# with the machine's load to bench/results/report.md. Run it on an idle machine: the budget is
# 3 s on the project's 2 cores.
#
#   bench/report/run.sh [REPEATS]   default 3
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
REPEATS="${1:-3}"
BIN="$SEZU_BUILD/tests/test_report"
[ -x "$BIN" ] || "$SEZU_ROOT/scripts/build.sh"
RESULTS="${SEZU_BENCH_RESULTS:-$SEZU_ROOT/bench/results}"
mkdir -p "$RESULTS"
{
  echo "# The report at scale: 5,000 zones x 180 months"
  echo
  echo "\`bench/report/run.sh $REPEATS\` on $(date -u +%Y-%m-%d) ($(nproc) cores)."
  echo
  echo "| run | load average before | figure |"
  echo "|---|---|---|"
  for i in $(seq "$REPEATS"); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    line=$("$BIN" --gtest_filter='ReportAtScale.*' | grep 'report of 5000 zones' || true)
    echo "| $i | $load | ${line:-the test printed no figure} |"
  done
} > "$RESULTS/report.md"
cat "$RESULTS/report.md"
