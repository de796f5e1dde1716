#include "sezu/run/raster_stats.hpp"

#include "sezu/core/csv.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/open_reason.hpp"
#include "sezu/read/band_scale.hpp"
#include "sezu/zones/zone_checks.hpp"
#include "sezu/zones/zones.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace sezu {

std::vector<ZoneResult> raster_zonal_stats(const std::string& raster, const std::string& zones_path,
                                           const RasterStatsOptions& options)
{
    options.stats.check();
    GDALAllRegister();
    CPLErrorReset();
    GDALDatasetUniquePtr ds;
    {
        // GDAL's reason goes into the message, not to stderr on its own.
        const CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
        ds.reset(GDALDataset::Open(raster.c_str(),
                                   GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR));
    }
    if (!ds)
        throw ConfigError("stats: cannot open raster '" + raster + "': " +
                          open_failure_reason(raster, CPLGetLastErrorMsg(),
                                              "not a raster format GDAL reads"));
    if (options.band < 1 || options.band > ds->GetRasterCount())
        throw ConfigError("stats: '" + raster + "' has " + std::to_string(ds->GetRasterCount()) +
                          " band(s); band " + std::to_string(options.band) + " does not exist");
    double gt[6];
    if (ds->GetGeoTransform(gt) != CE_None || gt[2] != 0 || gt[4] != 0 || gt[1] <= 0 || gt[5] >= 0)
        throw ConfigError("stats: '" + raster + "' is not a north-up georeferenced raster");
    const Grid grid{gt[0], gt[3], gt[1], -gt[5], ds->GetRasterXSize(), ds->GetRasterYSize()};

    // Zones in the raster's CRS; a raster without one is taken to be lon/lat.
    std::string crs = "EPSG:4326";
    if (const OGRSpatialReference* srs = ds->GetSpatialRef()) {
        char* wkt = nullptr;
        srs->exportToWkt(&wkt);
        crs = wkt ? wkt : crs;
        CPLFree(wkt);
    }
    const ZoneSet zones = load_zones(zones_path, options.id_field, crs);
    warn_about_zones(zones, grid, "the raster '" + raster + "'");
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    const bool lonlat = !srs || srs->IsGeographic();

    GDALRasterBand* band = ds->GetRasterBand(options.band);
    const std::optional<double> band_nodata = band_fill_value(*band);
    ValueScale scale;
    try {
        scale = band_scale(*band, "stats: '" + raster + "' band " + std::to_string(options.band));
    } catch (const DataError& e) {
        throw ConfigError(e.what()); // the user's input: exit 2
    }

    std::vector<ZoneResult> results;
    for (const auto& zone : zones.zones) {
        const Coverage coverage = compute_coverage(zone.geometry, grid, options.rule);
        StatsAccumulator acc;
        if (!coverage.empty()) {
            RasterBlock block;
            block.window = coverage.window;
            block.value.resize(size_t(coverage.window.size()));
            block.has_nodata = options.nodata.has_value() || band_nodata.has_value();
            // NoData is compared in float32, as the values are read; then they are scaled.
            block.nodata =
                double(float(options.nodata ? *options.nodata : band_nodata.value_or(0)));
            block.scale = scale;
            const Window& w = coverage.window;
            // A window past the east edge of a raster 360° wide continues at its west edge.
            for (const Grid::Piece& p : grid.pieces(w)) {
                const Window& in = p.in_grid;
                float* at = block.value.data() + (in.col + p.shift - w.col);
                if (!in.empty() &&
                    band->RasterIO(GF_Read, int(in.col), int(in.row), int(in.cols), int(in.rows),
                                   at, int(in.cols), int(in.rows), GDT_Float32, sizeof(float),
                                   GSpacing(sizeof(float)) * w.cols, nullptr) != CE_None)
                    throw GdalError("stats: reading '" + raster + "' failed: " +
                                    CPLGetLastErrorMsg());
            }
            accumulate(coverage, block, options.stats, acc);
        }
        results.push_back({zone.id, ZoneStats::from(acc, options.stats.statistics)});
        // Cell areas are computed for lon/lat grids; other CRSs would need their own geodesy.
        results.back().stats.set_area(lonlat ? coverage_area_km2(coverage, grid) : NAN);
    }
    return results;
}

void write_csv(std::ostream& out, const std::vector<ZoneResult>& results,
               const StatSelection& statistics)
{
    out << "zone"; // the column names of every sezu table: month, zone, zone_name
    for (const auto& name : statistics.names())
        out << ',' << name;
    out << '\n';
    for (const auto& r : results) {
        out << csv::field(r.zone_id);
        for (const auto& name : statistics.names())
            out << ',' << csv::number(r.stats.value(name));
        out << '\n';
    }
}

void write_json(std::ostream& out, const std::vector<ZoneResult>& results,
                const StatSelection& statistics)
{
    nlohmann::json doc = nlohmann::json::array();
    for (const auto& r : results) {
        nlohmann::json row;
        row["zone"] = r.zone_id;
        for (const auto& name : statistics.names()) {
            const double v = r.stats.value(name);
            row[name] = std::isnan(v) ? nlohmann::json() : nlohmann::json(v);
        }
        doc.push_back(row);
    }
    out << doc.dump(2) << '\n';
}

} // namespace sezu
