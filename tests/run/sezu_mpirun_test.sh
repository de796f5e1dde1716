#!/usr/bin/env bash
# The README's laptop form works as written: scripts/sezu-mpirun with more ranks than cores, from
# a shell that has none of Open MPI's settings (as root too: the wrapper sets what is needed).
# The run reads the local mirror in place: the cache gets no copy of its archives.
# Usage: sezu_mpirun_test.sh BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SEZU="$1/src/sezu"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# A clean environment: nothing of scripts/env.sh leaks in from CTest or the caller.
for v in $(env | grep -o '^OMPI_[A-Za-z_]*' || true); do unset "$v"; done
RANKS=$(( $(nproc) + 2 ))
"$SEZU" mirror -q --out "$WORK/mirror" --span-start 201708 --span-end 201709 --scale 60
"$ROOT/scripts/sezu-mpirun" -n "$RANKS" "$SEZU" run -q \
  --source "$WORK/mirror/{YYYY}/{YYYYMM}/{cfg}/" --span-start 201708 --span-end 201709 \
  --zones "$ROOT/inputs/sez_zones.geojson" --id-field zone_id \
  -o "$WORK/out.h5" --cache-dir "$WORK/cache"
test -s "$WORK/out.h5" || { echo "FAIL: no archive"; exit 1; }
"$SEZU" info "$WORK/out.h5" | grep -q "201709  ok" || { echo "FAIL: 201709 not ok"; exit 1; }
copies=$(find "$WORK/cache" -name '*.tgz' | wc -l)
if [ "$copies" -ne 0 ]; then echo "FAIL: $copies archives copied into the cache"; exit 1; fi
# --copy-local-source keeps the old behaviour: the 12 archives are copied.
"$ROOT/scripts/sezu-mpirun" -n 2 "$SEZU" run -q --copy-local-source --new-archive \
  --source "$WORK/mirror/{YYYY}/{YYYYMM}/{cfg}/" --span-start 201708 --span-end 201709 \
  --zones "$ROOT/inputs/sez_zones.geojson" --id-field zone_id \
  -o "$WORK/copy.h5" --cache-dir "$WORK/cache"
copies=$(find "$WORK/cache" -name '*.tgz' | wc -l)
if [ "$copies" -ne 12 ]; then echo "FAIL: --copy-local-source copied $copies, not 12"; exit 1; fi
echo "ok: $RANKS ranks on $(nproc) cores; read in place, copied only when asked"
