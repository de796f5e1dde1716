#pragma once
/// The cells of a window of a raster, as a reader hands them to the statistics: radiance (or any
/// float values) and, for VIIRS, the cloud-free coverage counts. Shared by read (which fills it)
/// and stats (which consumes it), so it lives below both. Pure: no GDAL.
#include "sezu/core/grid.hpp"

#include <cstdint>
#include <ostream>
#include <vector>

namespace sezu {

/// How a band's stored numbers become the quantity they stand for: value = stored × scale +
/// offset (GDAL's band scale and offset; netCDF/HDF5's scale_factor and add_offset, e.g. Black
/// Marble's radiance stored as 0.1 × an integer). Applied after NoData is removed: NoData is a
/// stored number. Read from a band by read/band_scale.hpp; applied by the statistics.
struct ValueScale {
    double scale = 1.0;
    double offset = 0.0;
    /// stored × scale + offset, in double (a float32 product would round 120 × 0.1 off 12).
    double operator()(double stored) const { return stored * scale + offset; }
    bool identity() const { return scale == 1.0 && offset == 0.0; }
};
inline bool operator==(const ValueScale& a, const ValueScale& b)
{
    return a.scale == b.scale && a.offset == b.offset;
}
inline bool operator!=(const ValueScale& a, const ValueScale& b)
{
    return !(a == b);
}
/// "scale 0.1 offset -1.5".
inline std::ostream& operator<<(std::ostream& os, const ValueScale& s)
{
    return os << "scale " << s.scale << " offset " << s.offset;
}

/// Values of a window of the raster. `cvg` may be empty (no coverage band); otherwise it has
/// one entry per cell like `value`.
struct RasterBlock {
    Window window;
    std::vector<float> value;
    std::vector<std::uint16_t> cvg;
    /// Cells whose value equals this are NoData and skipped (for generic rasters; VIIRS has none).
    bool has_nodata = false;
    double nodata = 0.0;
    /// Applied to every value that is not NoData (identity for VIIRS tiles, which carry none).
    ValueScale scale;
};

} // namespace sezu
