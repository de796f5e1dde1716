#!/usr/bin/env bash
# A quick run of the download benchmark for CI: scale 60 (tiles of a few hundred kB), one
# repetition. Fails when the benchmark fails (discovery, download or byte comparison).
set -euo pipefail
REPS=1 exec "$(dirname "$0")/run.sh" 60
