#!/usr/bin/env bash
# Screenshots of a report for docs/: the overview (summary and map), the map alone, and one
# zone's series, by headless Chromium with no network.
#   scripts/report_screenshots.sh [REPORT_DIR] [ZONE_NUMBER]   (defaults: outputs/report, 1)
set -euo pipefail
source "$(dirname "$0")/env.sh"
REPORT="$(realpath "${1:-$SEZU_ROOT/outputs/report}")"
ZONE="${2:-1}"
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
shot() { # name width height fragment
  HOME="$PROFILE" chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --hide-scrollbars --user-data-dir="$PROFILE/profile" \
    --window-size="$2,$3" --virtual-time-budget=5000 --screenshot="$SEZU_ROOT/docs/$1" \
    "file://$REPORT/index.html$4" 2>/dev/null
}
shot report-overview.png 1200 1000 ""
shot report-map.png 1200 640 "#map"
shot report-zone.png 1200 720 "#zone-$ZONE"
echo "report_screenshots: docs/report-overview.png, docs/report-map.png, docs/report-zone.png"
