#!/usr/bin/env bash
# Installs the Debian packages sezu needs, only those that are missing. Idempotent and
# non-interactive; used by scripts/demo.sh, scripts/test.sh and .ci/run.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates curl
  openmpi-bin libopenmpi-dev libhdf5-openmpi-dev hdf5-tools
  libgdal-dev gdal-bin
  libcurl4-openssl-dev zlib1g-dev libisal-dev libssl-dev
  libarchive-dev libxml2-dev libtiff-dev
  libboost-program-options-dev nlohmann-json3-dev libgeographiclib-dev
  libgtest-dev
  python3 python3-h5py python3-netcdf4 python3-xarray python3-h5netcdf
  r-base-core r-cran-ncdf4
  libjs-dygraphs libjs-leaflet fonts-dejavu-core libfreetype-dev chromium
)
# Extra packages (e.g. for optional tests) can be appended by the caller.
PACKAGES+=("$@")

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
