#!/usr/bin/env bash
# Configures and builds sezu (Release with debug info) into ./build (or $SEZU_BUILD).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cmake -S "$SEZU_ROOT" -B "$SEZU_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$SEZU_BUILD" -j "$(nproc)"
