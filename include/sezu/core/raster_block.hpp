#pragma once
/// The cells of a window of a raster, as a reader hands them to the statistics: radiance (or any
/// float values) and, for VIIRS, the cloud-free coverage counts. Shared by read (which fills it)
/// and stats (which consumes it), so it lives below both. Pure: no GDAL.
#include "sezu/core/grid.hpp"

#include <cstdint>
#include <vector>

namespace sezu {

/// Values of a window of the raster. `cvg` may be empty (no coverage band); otherwise it has
/// one entry per cell like `value`.
struct RasterBlock {
    Window window;
    std::vector<float> value;
    std::vector<std::uint16_t> cvg;
    /// Cells whose value equals this are NoData and skipped (for generic rasters; VIIRS has none).
    bool has_nodata = false;
    double nodata = 0.0;
};

} // namespace sezu
