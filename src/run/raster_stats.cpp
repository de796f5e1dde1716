#include "sezu/run/raster_stats.hpp"

#include "sezu/core/csv.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/open_reason.hpp"
#include "sezu/read/band_scale.hpp"
#include "sezu/run/parallel.hpp"
#include "sezu/zones/cell_area.hpp"
#include "sezu/zones/zone_checks.hpp"
#include "sezu/zones/zones.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <utility>

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

// Windows of the raster and of its coverage counts, read by several threads in turn through one
// GDAL dataset each (a dataset is not for concurrent use), so that every block is decoded once.
// The zones are visited in order of their top row; once every zone up to some position has been
// read, the blocks above the next one's top row are dropped from GDAL's cache: memory stays that
// of the rows in use, not what GDAL_CACHEMAX (5 % of RAM by default) would allow to pile up.
class SweepReader {
public:
    /// `tops[k]`: a row at or above the top of the window of the zone visited k-th, ascending.
    SweepReader(std::vector<GDALRasterBand*> bands, std::vector<long> tops)
        : m_bands(std::move(bands)), m_tops(std::move(tops)), m_done(m_tops.size(), false),
          m_dropped(m_bands.size(), 0)
    {
    }
    std::mutex& mutex() { return m_mutex; }

    /// The zone visited k-th needs no more reading.
    void finished(std::size_t k)
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_done[k] = true;
        while (m_first < m_done.size() && m_done[m_first])
            ++m_first;
        const long needed = m_first < m_tops.size() ? m_tops[m_first] : LONG_MAX;
        for (std::size_t b = 0; b < m_bands.size(); ++b) {
            int bw = 0, bh = 0;
            m_bands[b]->GetBlockSize(&bw, &bh);
            const long x_blocks = (m_bands[b]->GetXSize() + bw - 1) / bw;
            const long y_blocks = (m_bands[b]->GetYSize() + bh - 1) / bh;
            for (long& y = m_dropped[b]; y < y_blocks && (y + 1) * bh <= needed; ++y)
                for (long x = 0; x < x_blocks; ++x)
                    m_bands[b]->FlushBlock(int(x), int(y), FALSE); // read-only: nothing to write
        }
    }

private:
    std::mutex m_mutex;
    std::vector<GDALRasterBand*> m_bands;
    std::vector<long> m_tops;
    std::vector<bool> m_done;
    std::size_t m_first = 0;      // the first visit position not finished
    std::vector<long> m_dropped;  // per band: block rows dropped so far
};

// The zones' visit order (zone indices) and, per position, a row at or above the zone's window:
// from its bounding box, one row higher for rounding (a rule's window lies inside the box's rows).
// A zone wholly outside the raster's rows sorts last.
std::pair<std::vector<std::size_t>, std::vector<long>> visit_order(const ZoneSet& zones,
                                                                   const Grid& grid)
{
    std::vector<long> top(zones.zones.size(), grid.rows);
    for (std::size_t z = 0; z < top.size(); ++z) {
        const MultiPolygon& g = zones.zones[z].geometry;
        if (!g.empty())
            top[z] = std::clamp(long(std::floor((grid.y0 - g.bbox().ymax) / grid.dy)) - 1, 0L,
                                grid.rows);
    }
    std::vector<std::size_t> order(top.size());
    for (std::size_t z = 0; z < order.size(); ++z)
        order[z] = z;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return top[a] < top[b]; });
    std::vector<long> tops;
    for (std::size_t z : order)
        tops.push_back(top[z]);
    return {order, tops};
}

constexpr long kBandCells = 1L << 20; // 4 MB of float32 values per read

// Per thread: the area table (CellAreas caches rows as it goes) and the window buffers, reused
// from zone to zone instead of fresh pages for each.
struct ZoneWorker {
    CellAreas areas;
    RasterBlock block;
};

} // namespace

std::vector<ZoneResult> raster_zonal_stats(const std::string& raster, const std::string& zones_path,
                                           const RasterStatsOptions& options)
{
    options.stats.check();
    if (options.threads < 0 || options.threads > 64) // the bound sezu run has too
        throw ConfigError("stats: --threads " + std::to_string(options.threads) +
                          " is out of range; give 1 to 64 (0: every core)");
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

    GDALRasterBand* band = ds->GetRasterBand(options.band);
    GDALRasterBand* cvg_band = cvg ? cvg->GetRasterBand(1) : nullptr;
    const std::optional<double> band_nodata = band_fill_value(*band);
    ValueScale scale;
    try {
        scale = band_scale(*band, "stats: '" + raster + "' band " + std::to_string(options.band));
    } catch (const DataError& e) {
        throw ConfigError(e.what()); // the user's input: exit 2
    }
    RasterBlock prototype;
    prototype.has_nodata = options.nodata.has_value() || band_nodata.has_value();
    // NoData is compared in float32, as the values are read; then they are scaled.
    prototype.nodata = double(float(options.nodata ? *options.nodata : band_nodata.value_or(0)));
    prototype.scale = scale;

    const int threads = std::max(1, std::min<int>(options.threads ? options.threads
                                                                   : available_cores(),
                                                  int(std::max<std::size_t>(1, zones.zones.size()))));
    std::vector<ZoneWorker> workers;
    for (int t = 0; t < threads; ++t)
        workers.push_back({CellAreas(grid, crs), prototype});
    auto [order, tops] = visit_order(zones, grid);
    SweepReader reader(cvg_band ? std::vector<GDALRasterBand*>{band, cvg_band}
                                : std::vector<GDALRasterBand*>{band},
                       std::move(tops));
    std::vector<ZoneResult> results(zones.zones.size());
    // Each zone's cells are added in the same order (its window, row-major) whichever thread
    // takes it: the numbers do not depend on the thread count.
    parallel_for(order.size(), threads, [&](std::size_t k, int t) {
        const std::size_t z = order[k];
        const Coverage coverage = compute_coverage(zones.zones[z].geometry, grid, options.rule);
        StatsAccumulator acc;
        // The window in bands of rows (about kBandCells cells), so a large zone needs no buffer
        // of its whole window; accumulate() adds each band's rows in order, as for one block.
        const Window& w = coverage.window;
        const long band_rows = std::max(1L, kBandCells / std::max(1L, w.cols));
        for (long row = w.row; row < w.row + w.rows; row += band_rows) {
            RasterBlock& block = workers[std::size_t(t)].block;
            block.window = {w.col, row, w.cols, std::min(band_rows, w.row + w.rows - row)};
            block.value.resize(std::size_t(block.window.size()));
            block.cvg.resize(cvg_band ? block.value.size() : 0);
            {
                const std::lock_guard<std::mutex> lock(reader.mutex());
                read_window(*band, grid, block.window, GDT_Float32, sizeof(float),
                            reinterpret_cast<unsigned char*>(block.value.data()), raster);
                if (cvg_band)
                    read_window(*cvg_band, grid, block.window, GDT_UInt16, sizeof(std::uint16_t),
                                reinterpret_cast<unsigned char*>(block.cvg.data()),
                                options.coverage);
            }
            accumulate(coverage, block, options.stats, acc);
        }
        reader.finished(k);
        results[z] = {zones.zones[z].id, ZoneStats::from(acc, options.stats.statistics), raster};
        results[z].stats.set_area(workers[std::size_t(t)].areas.coverage_km2(coverage));
    });
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
