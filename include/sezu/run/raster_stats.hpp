#pragma once
/// `sezu stats RASTER ZONES`: zonal statistics of any single raster GDAL reads (the seed's
/// tif_stats, done right): the zones are brought into the raster's CRS, NoData is honoured.
#include "sezu/zones/coverage.hpp"
#include "sezu/stats/stats.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

struct RasterStatsOptions {
    PixelRule rule = PixelRule::Exact;
    std::string id_field;                 ///< empty: feature index
    int band = 1;
    std::optional<double> nodata;         ///< overrides the band's NoData value
    StatsOptions stats;
};

struct ZoneResult {
    std::string zone_id;
    ZoneStats stats;
};

/// Statistics of every zone over one band of `raster` (values read as float32; without a
/// coverage band the cf_cvg statistics are NaN). NoData is the band's (or HDF5's _FillValue),
/// unless options.nodata overrides it; the values left are scaled by the band's scale and offset
/// (band_scale: GDAL's, or netCDF/HDF5 scale_factor and add_offset). Throws ConfigError for
/// unreadable inputs and for a scale of 0 or non-finite scale or offset.
std::vector<ZoneResult> raster_zonal_stats(const std::string& raster, const std::string& zones,
                                           const RasterStatsOptions& options);

/// CSV: zone_id then the chosen statistics (default: those of before --stats), %.17g, "nan"
/// when undefined.
void write_csv(std::ostream& out, const std::vector<ZoneResult>& results,
               const StatSelection& statistics = {});
/// JSON: an array of objects {zone_id, <statistic>: number or null}, the chosen statistics.
void write_json(std::ostream& out, const std::vector<ZoneResult>& results,
                const StatSelection& statistics = {});

} // namespace sezu
