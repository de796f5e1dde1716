#pragma once
/// Writes a NASA Black Marble granule the way the publisher lays it out (shared/viirs.md): the
/// groups "HDFEOS" (with ADDITIONAL/FILE_ATTRIBUTES and GRIDS/VIIRS_Grid_DNB_2d/Data Fields, the
/// space part of the name) and "HDFEOS INFORMATION" (StructMetadata.0, a fixed string of 32000
/// bytes); in Data Fields, for each of AllAngle/NearNadir/OffNadir x Snow_Free/Snow_Covered, the
/// radiance with its _Num, _Quality and _Std, then DNB_Platform, Land_Water_Mask, lat and lon.
/// Collection 5200: radiance float32, _FillValue -999.9, no scaling; 5000: uint16, _FillValue
/// 65535, scale_factor 0.1. For the built-in mirror and the tests; HDF5 stays in the sources.
#include "sezu/products/blackmarble_grid.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sezu {

/// What one granule holds: the same cells in every composite (the mirror's model has one
/// radiance per cell), row 0 north, (2400/scale)^2 each.
struct GranuleContent {
    BlackMarbleTile tile;
    int scale = 1;                     ///< cells are 1/scale of the full resolution
    std::string collection = "5200";   ///< "5200" (float32) or "5000" (uint16 x 0.1)
    std::vector<double> radiance;      ///< nW/cm2/sr; NaN = the fill value
    std::vector<std::uint8_t> quality; ///< 0 good, 1 poor, 2 gap-filled, 255 fill
    std::vector<std::uint16_t> num;    ///< observations; 65535 = fill
};

/// Writes `content` to `path` (replaced whole, through a TempFile). Throws DataError when the
/// content's sizes do not match its tile, ConfigError naming the file when it cannot be written.
void write_blackmarble_granule(const std::string& path, const GranuleContent& content);

/// The layers of each composite, e.g. "NearNadir_Composite_Snow_Free".
std::vector<std::string> blackmarble_composites();

} // namespace sezu
