#!/usr/bin/env bash
# Configures and builds sezu (Release with debug info: -O2 -g1) into ./build (or $SEZU_BUILD).
#   scripts/build.sh [--target NAME]... [CMAKE_ARGS...]
# --target builds only that target and what it needs (the demo: `--target sezu`, the program
# alone, no tests or benchmarks); without it everything is built. Other arguments go to cmake's
# configure step (e.g. -DSEZU_WERROR=ON). $SEZU_JOBS compile jobs (default: the cores).
set -euo pipefail
source "$(dirname "$0")/env.sh"
targets=()
configure=()
while [ $# -gt 0 ]; do
  case "$1" in
    --target)
      [ $# -ge 2 ] || { echo "build.sh: --target needs a target name (e.g. sezu)" >&2; exit 2; }
      targets+=(--target "$2"); shift 2 ;;
    --target=*) targets+=(--target "${1#--target=}"); shift ;;
    *) configure+=("$1"); shift ;;
  esac
done
cmake -S "$SEZU_ROOT" -B "$SEZU_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  ${configure[@]+"${configure[@]}"} >/dev/null
cmake --build "$SEZU_BUILD" -j "${SEZU_JOBS:-$(nproc)}" ${targets[@]+"${targets[@]}"}
