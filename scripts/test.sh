#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, MPI, end-to-end) with CTest.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$SEZU_ROOT/scripts/install-deps.sh"
"$SEZU_ROOT/scripts/build.sh" -DSEZU_WERROR=ON
cd "$SEZU_BUILD"
ctest --output-on-failure -j "$(nproc)" --timeout 600 "$@"
