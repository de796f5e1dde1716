#!/usr/bin/env bash
# Screenshots of a report for docs/: the overview (summary and map), the map (with the zones'
# night-lights layer), and one zone's series with its chip, by headless Chromium with no network;
# cut from one tall shot with gdal_translate.
#   scripts/report_screenshots.sh [REPORT_DIR] [ZONE_NUMBER]   (defaults: outputs/report, 1)
set -euo pipefail
source "$(dirname "$0")/env.sh"
REPORT="$(realpath "${1:-$SEZU_ROOT/outputs/report}")"
ZONE="${2:-1}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
HOME="$WORK" chromium --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --hide-scrollbars --user-data-dir="$WORK/profile" \
  --window-size=1200,2400 --virtual-time-budget=5000 --screenshot="$WORK/page.png" \
  "file://$REPORT/index.html#zone-$ZONE" 2>/dev/null
cut() { # name x y width height
  gdal_translate -q -of PNG -srcwin "$2" "$3" "$4" "$5" "$WORK/page.png" "$SEZU_ROOT/docs/$1"
  rm -f "$SEZU_ROOT/docs/$1.aux.xml"
}
cut report-overview.png 0 0 1200 1000
cut report-map.png 30 225 1140 580
cut report-zone.png 30 815 1140 840
echo "report_screenshots: docs/report-overview.png, docs/report-map.png, docs/report-zone.png"
