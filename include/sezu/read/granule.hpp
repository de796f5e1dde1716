#pragma once
/// Reading one NASA Black Marble granule (VNP46A3/VJ146A3/VNP46A4/VJ146A4, HDF-EOS5 over HDF5):
/// a radiance layer, its quality flags and its observation counts, on the tile's cells. What the
/// file says is read, never assumed (shared/viirs.md): the layer's `_FillValue`, `scale_factor`
/// and `add_offset` (collection 5200: float32, fill -999.9, no scaling; collection 5000: uint16,
/// fill 65535, scale 0.1). HDF5 stays inside this stage's sources.
#include "sezu/core/grid.hpp"
#include "sezu/core/raster_block.hpp"
#include "sezu/fetch/digest.hpp"
#include "sezu/products/blackmarble_grid.hpp"

#include <string>
#include <vector>

namespace sezu {

/// Which layer of a granule, and which cells of it count.
struct GranuleOptions {
    /// The group of the layers, e.g. "HDFEOS/GRIDS/VIIRS_Grid_DNB_2d/Data Fields" (Product).
    std::string group;
    /// The radiance layer, e.g. "NearNadir_Composite_Snow_Free"; "<layer>_Quality" (uint8 flags:
    /// 0 good, 1 poor, 2 gap-filled, 255 fill) and "<layer>_Num" (observations) lie beside it.
    std::string variable;
    /// Cells whose quality flag is one of these become NoData.
    std::vector<int> drop_quality = {255};
};

/// One granule's layer, ready for the statistics.
struct GranuleLayer {
    BlackMarbleTile tile;
    int scale = 1;            ///< 1/scale resolution (the mirror's K; 1 for real files)
    Grid grid;                ///< the tile's cells: blackmarble_tile_grid(tile, scale)
    /// The cells, row 0 north. `window` places them on blackmarble_global_grid(scale).
    /// `value`: the stored numbers, NoData (`has_nodata`, `nodata` = the layer's _FillValue)
    /// where the file has its fill or the quality flag is dropped; `scale`: scale_factor and
    /// add_offset. `cvg`: the `_Num` observations (0 where `_Num` holds its fill).
    RasterBlock block;
    long fill_cells = 0;      ///< cells holding the layer's fill value
    long dropped_cells = 0;   ///< other cells made NoData by their quality flag
};

/// Reads `variable` of the granule at `path`, which holds `tile` (from its name). Checks the
/// layer is 2-D and square with a side dividing 2400, and, when the file has `lon`/`lat`, that
/// they are the cell centres of `tile` (the granule is the tile its name says). Throws DataError
/// naming the file, the dataset and what to do (a missing layer lists the ones there are).
/// With a `digest`, the whole file is read once into memory, hashed into `digest` on the way,
/// and HDF5 reads the layer from there: one read of the file gives both the provenance's
/// SHA-256 and the cells (a granule is tens of MB). Without one (the digest is known already,
/// e.g. taken during the download), HDF5 reads only the layer's parts of the file.
GranuleLayer read_blackmarble_granule(const std::string& path, const BlackMarbleTile& tile,
                                      const GranuleOptions& options, Sha256* digest = nullptr);

/// The layers (datasets) in the granule's `group`, sorted; for messages and `sezu info`.
std::vector<std::string> granule_layers(const std::string& path, const std::string& group);

} // namespace sezu
