#pragma once
/// Stitching: the radiance and cloud-free-coverage rasters of a month's 6 tiles, taken out of their
/// .tgz archives, validated against the published tile grid, and read as one global raster.
#include "sezu/core/grid.hpp"
#include "sezu/core/raster_block.hpp"
#include "sezu/discover/catalog.hpp"

#include <memory>
#include <string>
#include <vector>

class GDALDataset;

namespace sezu {

/// The two rasters of one tile after extraction.
struct TileRasters {
    TileSpec tile;
    std::string archive_path;      ///< the .tgz they came from
    std::string archive_sha256;    ///< hex SHA-256 of that .tgz (provenance)
    std::string radiance_member;   ///< member name in the archive (avg_rade9h or avg_rade9)
    std::string radiance_path;
    std::string cvg_member;
    std::string cvg_path;
};

/// Streams a tile's .tgz once and writes its radiance and cf_cvg members into `dir`.
/// Throws DataError when either is missing, or the archive is corrupt.
TileRasters extract_tile(const TileRef& ref, const std::string& tgz_path, const std::string& dir);

/// Which raster of a tile: their sample types differ (shared/viirs.md).
enum class TileLayer {
    Radiance,          ///< float32, nW/cm2/sr
    CloudFreeCoverage, ///< cf_cvg, uint16 counts
};

/// Checks one opened tile raster against the published product: the sample type of its `layer`
/// (another type would be converted, e.g. Int16 radiance rounded to whole units), EPSG:4326,
/// north-up, square pixels on the 15" grid or a whole multiple, origin and size of `tile` within
/// 1e-9 degrees. Returns the scale. Throws DataError naming `label` (tile, layer and file).
/// (Used by Mosaic and by the streaming path, which opens just the TIFF's header.)
int check_tile_raster(GDALDataset& ds, const TileSpec& tile, TileLayer layer,
                      const std::string& label);

/// The stitched global grid of a month. Holds the 12 open rasters; reads windows across seams.
class Mosaic {
public:
    /// Opens and validates the tiles: 6 distinct tiles, EPSG:4326, north-up, equal square pixel
    /// size on the 15" grid or a whole multiple, each origin and size equal to the published tile
    /// grid within 1e-9 degrees (so neighbours abut exactly), radiance and cf_cvg on one grid.
    /// Throws DataError naming the tile and the reason.
    explicit Mosaic(const std::vector<TileRasters>& tiles);
    ~Mosaic();
    Mosaic(Mosaic&&) noexcept;
    Mosaic& operator=(Mosaic&&) noexcept;

    const Grid& grid() const;
    int scale() const;
    /// Radiance and coverage of a window of the global grid (inside it, or past its east edge
    /// where it wraps around to the west: see Grid::wraps). The block's scale is the radiance
    /// bands' scale and offset (band_scale; the constructor refuses tiles that differ in them).
    RasterBlock read(const Window& window) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sezu
