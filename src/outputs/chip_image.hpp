#pragma once
// A zone's chip as a picture: RGBA pixels on the fixed radiance ramp (radiance_ramp.hpp), the
// pixels never observed transparent, written as PNG through GDAL. Internal to outputs/.
#include "sezu/stats/zone_chip.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sezu::detail {

/// The chip's pixels as RGBA, row-major from the north; NaN (never observed) is transparent.
std::vector<std::uint8_t> chip_rgba(const ZoneChip& chip);

/// Writes the chip as an RGBA PNG of chip.cols x chip.rows pixels at `path` (no sidecar).
/// Throws GdalError naming the file when GDAL cannot.
void write_chip_png(const ZoneChip& chip, const std::string& path);

} // namespace sezu::detail
