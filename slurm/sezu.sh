#!/usr/bin/env bash
# sezu on a Slurm cluster:   sbatch slurm/sezu.sh [CONFIG.json]
#
# What to change:
#   --ntasks          one rank per month processed at a time. Ranks beyond the number of months
#                     to do sit idle, so ntasks <= months in the span (see `sezu info ARCHIVE`
#                     for what is already done: a rerun only does the months not ok yet).
#   --mem-per-cpu     per rank. Memory grows with the zones' extent, not the globe: each zone's
#                     cells are read as one window (a country-sized zone at full resolution can
#                     take GBs). 3G suits city- and SEZ-sized zones; raise it for countries.
#                     Disk: each rank extracts a month's rasters (~24 GB at full resolution) into
#                     the work dir: point workDir at node-local scratch.
#   --time            budget per month per rank = download + inflate (~1-2 min for 3 GB of
#                     archives) + stats; the cache makes reruns fast and a rerun resumes.
#   CONFIG            the job's JSON config (default inputs/demo.json); relative paths in it are
#                     relative to the config file.
#
#SBATCH --job-name=sezu
#SBATCH --nodes=1
#SBATCH --ntasks=4
#SBATCH --mem-per-cpu=3G
#SBATCH --time=02:00:00
#SBATCH --output=outputs/slurm-%j.out
#SBATCH --error=outputs/slurm-%j.err
set -euo pipefail

# ---- site-specific module loads go here (e.g. `module load openmpi hdf5-mpi gdal`) ----
# module load openmpi
# ---------------------------------------------------------------------------------------

ROOT="${SLURM_SUBMIT_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
CONFIG="${1:-${SEZU_CONFIG:-$ROOT/inputs/demo.json}}"
SEZU="${SEZU_BIN:-$ROOT/build/src/sezu}"
source "$ROOT/scripts/env.sh"
mkdir -p "$ROOT/outputs"

if [ ! -x "$SEZU" ]; then
  echo "sezu.sh: $SEZU is not built; run scripts/build.sh first" >&2
  exit 2
fi
if [ ! -r "$CONFIG" ]; then
  echo "sezu.sh: cannot read config $CONFIG" >&2
  exit 2
fi

NTASKS="${SLURM_NTASKS:-1}"
# srun starts the ranks itself when Slurm's PMI is usable with this MPI; otherwise mpirun,
# which reads the allocation from Slurm's environment.
if command -v srun >/dev/null 2>&1 && srun --mpi=list 2>&1 | grep -qE 'pmix|pmi2'; then
  launcher=(srun --mpi="$(srun --mpi=list 2>&1 | grep -oE 'pmix|pmi2' | head -n1)")
else
  launcher=(mpirun -n "$NTASKS")
fi
echo "sezu.sh: ${launcher[*]} $SEZU run -c $CONFIG ${SEZU_ARGS:-}"
set +e
"${launcher[@]}" "$SEZU" run -c "$CONFIG" ${SEZU_ARGS:-}
code=$?
set -e
echo "sezu.sh: sezu exited with $code (0 all months ok, 1 some months not ok, 2 bad input)"
exit "$code"
