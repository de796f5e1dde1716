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
    std::string zones_layer;              ///< ZoneSource::layer
    std::string zones_crs;                ///< ZoneSource::crs (assigned, like ogr2ogr -a_srs)
    /// The raster's cloud-free coverage counts (VIIRS cf_cvg), on the same grid: fills the cvg_*
    /// statistics and valid_count; empty: none (they are NaN, valid_count = count).
    std::string coverage;
    int band = 1;
    std::optional<double> nodata;         ///< overrides the band's NoData value
    /// Threads computing zones at once (`--threads`); 0: one per core this process may use
    /// (available_cores). The numbers are the same, bit for bit, for any count. Default 1: the
    /// raster is decoded by one thread at a time, and on a busy machine (bench/results/
    /// stats_command.md) a second thread cost more in hand-overs than it saved.
    int threads = 1;
    StatsOptions stats;
};

struct ZoneResult {
    std::string zone_id;
    ZoneStats stats;
    std::string raster;   ///< the raster the statistics are of (as given)
};

/// Statistics of every zone over one band of `raster` (values read as float32; coverage counts
/// from options.coverage as uint16, else the cf_cvg statistics are NaN). NoData is the band's
/// (or HDF5's _FillValue), unless options.nodata overrides it; the values left are scaled by the
/// band's scale and offset (band_scale: GDAL's, or netCDF/HDF5 scale_factor and add_offset).
/// area_km2 is the WGS 84 ellipsoidal area of the cells counted, weighted like count, in
/// whatever CRS the raster is (cell_area.hpp). Throws ConfigError for unreadable inputs, a
/// coverage raster whose grid (size, geotransform, CRS) is not the raster's, and a scale of 0 or
/// non-finite scale or offset.
std::vector<ZoneResult> raster_zonal_stats(const std::string& raster, const std::string& zones,
                                           const RasterStatsOptions& options);

/// CSV: raster, zone (the id), then the chosen statistics (default: those of before --stats),
/// %.17g, "nan" when undefined.
void write_csv(std::ostream& out, const std::vector<ZoneResult>& results,
               const StatSelection& statistics = {});
/// JSON: an array of objects {raster, zone, <statistic>: number or null}, the chosen statistics.
void write_json(std::ostream& out, const std::vector<ZoneResult>& results,
                const StatSelection& statistics = {});

} // namespace sezu
