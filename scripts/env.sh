# Sourced by the project's scripts: settings that MPI needs on this kind of machine, so that no
# user has to remember them.
# Open MPI refuses to run as root unless told it is fine (containers, CI).
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
# More ranks than cores: let them share, and yield when idle so oversubscription stays fast.
export OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_mpi_yield_when_idle=1
# No InfiniBand/high-speed fabrics on laptops and CI: keep Open MPI quiet about them.
export OMPI_MCA_btl_base_warn_component_unused=0
SEZU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEZU_BUILD="${SEZU_BUILD:-$SEZU_ROOT/build}"
export SEZU_ROOT SEZU_BUILD
