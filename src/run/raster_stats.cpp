#include "sezu/run/raster_stats.hpp"

#include "sezu/core/csv.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/open_reason.hpp"
#include "sezu/read/band_scale.hpp"
#include "sezu/zones/cell_area.hpp"
#include "sezu/zones/zone_checks.hpp"
#include "sezu/zones/zones.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace sezu {

namespace {

GDALDatasetUniquePtr open_raster(const std::string& path, const std::string& what)
{
    CPLErrorReset();
    GDALDatasetUniquePtr ds;
    {
        // GDAL's reason goes into the message, not to stderr on its own.
        const CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
        ds.reset(GDALDataset::Open(path.c_str(),
                                   GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR));
    }
    if (!ds)
        throw ConfigError("stats: cannot open " + what + " '" + path + "': " +
                          open_failure_reason(path, CPLGetLastErrorMsg(),
                                              "not a raster format GDAL reads"));
    return ds;
}

Grid grid_of(GDALDataset& ds, const std::string& path)
{
    double gt[6];
    if (ds.GetGeoTransform(gt) != CE_None || gt[2] != 0 || gt[4] != 0 || gt[1] <= 0 || gt[5] >= 0)
        throw ConfigError("stats: '" + path + "' is not a north-up georeferenced raster");
    return {gt[0], gt[3], gt[1], -gt[5], ds.GetRasterXSize(), ds.GetRasterYSize()};
}

/// The raster's CRS as WKT; a raster without one is taken to be lon/lat.
std::string crs_of(GDALDataset& ds)
{
    std::string crs = "EPSG:4326";
    if (const OGRSpatialReference* srs = ds.GetSpatialRef()) {
        char* wkt = nullptr;
        srs->exportToWkt(&wkt);
        crs = wkt ? wkt : crs;
        CPLFree(wkt);
    }
    return crs;
}

std::string describe(const Grid& g)
{
    char buf[160];
    std::snprintf(buf, sizeof buf, "%ld x %ld cells of %.10g x %.10g from (%.10g, %.10g)", g.cols,
                  g.rows, g.dx, g.dy, g.x0, g.y0);
    return buf;
}

/// Throws ConfigError unless the coverage raster `cvg` lies on `grid` in the raster's CRS: its
/// counts are matched to the radiance cell by cell.
void check_same_grid(GDALDataset& cvg, const std::string& cvg_path, GDALDataset& raster,
                     const Grid& grid, const std::string& raster_path)
{
    const Grid g = grid_of(cvg, cvg_path);
    const double tol = 1e-6 * std::min(grid.dx, grid.dy);
    const bool same = g.cols == grid.cols && g.rows == grid.rows &&
                      std::abs(g.x0 - grid.x0) <= tol && std::abs(g.y0 - grid.y0) <= tol &&
                      std::abs(g.dx - grid.dx) <= tol && std::abs(g.dy - grid.dy) <= tol;
    const OGRSpatialReference* a = cvg.GetSpatialRef();
    const OGRSpatialReference* b = raster.GetSpatialRef();
    const bool same_crs = !a || !b || a->IsSame(b);
    if (!same || !same_crs)
        throw ConfigError("stats: the coverage raster '" + cvg_path + "' is not on the grid of '" +
                          raster_path + "' (" + (same ? "another CRS" : describe(g) + " against " +
                          describe(grid)) + "); give the cf_cvg raster of the same month and tile");
}

/// Reads window `w` of `band` as `type` into `at` (cells of `size` bytes, w.cols per row); a
/// window past the east edge of a raster 360° wide continues at its west edge.
void read_window(GDALRasterBand& band, const Grid& grid, const Window& w, GDALDataType type,
                 std::size_t size, unsigned char* at, const std::string& path)
{
    for (const Grid::Piece& p : grid.pieces(w)) {
        const Window& in = p.in_grid;
        if (!in.empty() &&
            band.RasterIO(GF_Read, int(in.col), int(in.row), int(in.cols), int(in.rows),
                          at + std::size_t(in.col + p.shift - w.col) * size, int(in.cols),
                          int(in.rows), type, GSpacing(size), GSpacing(size) * w.cols,
                          nullptr) != CE_None)
            throw GdalError("stats: reading '" + path + "' failed: " + CPLGetLastErrorMsg());
    }
}

} // namespace

std::vector<ZoneResult> raster_zonal_stats(const std::string& raster, const std::string& zones_path,
                                           const RasterStatsOptions& options)
{
    options.stats.check();
    GDALAllRegister();
    const GDALDatasetUniquePtr ds = open_raster(raster, "raster");
    if (options.band < 1 || options.band > ds->GetRasterCount())
        throw ConfigError("stats: '" + raster + "' has " + std::to_string(ds->GetRasterCount()) +
                          " band(s); band " + std::to_string(options.band) + " does not exist");
    const Grid grid = grid_of(*ds, raster);
    GDALDatasetUniquePtr cvg;
    if (!options.coverage.empty()) {
        cvg = open_raster(options.coverage, "coverage raster");
        check_same_grid(*cvg, options.coverage, *ds, grid, raster);
    }
    const std::string crs = crs_of(*ds);
    const ZoneSet zones = load_zones(
        ZoneSource{zones_path, options.id_field, options.zones_layer, options.zones_crs}, crs);
    warn_about_zones(zones, grid, "the raster '" + raster + "'");
    const CellAreas areas(grid, crs);

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
            read_window(*band, grid, block.window, GDT_Float32, sizeof(float),
                        reinterpret_cast<unsigned char*>(block.value.data()), raster);
            if (cvg) {
                block.cvg.resize(block.value.size());
                read_window(*cvg->GetRasterBand(1), grid, block.window, GDT_UInt16,
                            sizeof(std::uint16_t),
                            reinterpret_cast<unsigned char*>(block.cvg.data()), options.coverage);
            }
            accumulate(coverage, block, options.stats, acc);
        }
        results.push_back({zone.id, ZoneStats::from(acc, options.stats.statistics), raster});
        results.back().stats.set_area(areas.coverage_km2(coverage));
    }
    return results;
}

void write_csv(std::ostream& out, const std::vector<ZoneResult>& results,
               const StatSelection& statistics)
{
    out << "raster,zone"; // the column names of every sezu table: month, zone, zone_name
    for (const auto& name : statistics.names())
        out << ',' << name;
    out << '\n';
    for (const auto& r : results) {
        out << csv::field(r.raster) << ',' << csv::field(r.zone_id);
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
        row["raster"] = r.raster;
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
