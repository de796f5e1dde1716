// A Black Marble period through the stages: the LAADS listing of its folder, the granules of the
// tiles the zones touch (and no others), each read (read/granule) and added to the zones'
// statistics on the product's global grid. Coverage is computed once per grid, as for EOG.
#include "sezu/run/pipeline.hpp"

#include "sezu/core/log.hpp"
#include "sezu/fetch/digest.hpp"
#include "sezu/read/granule.hpp"
#include "sezu/stats/stats.hpp"

#include "tile_step.hpp"

#include <limits>
#include <set>

namespace sezu {

namespace {

// The tiles (v * 36 + h) holding a covered cell of `c`, on a grid of `cells` cells per tile
// side; columns past 180E wrap around (a zone across the antimeridian, Grid::wraps).
std::set<int> tiles_with_cells(const Coverage& c, long cells)
{
    std::set<int> out;
    const long grid_cols = long(kBlackMarbleColumns) * cells;
    for (long row = c.window.row; row < c.window.row + c.window.rows; ++row)
        c.for_each_run(row, c.window.col, c.window.col + c.window.cols,
                       [&](long first, long length, double) {
                           // A run crosses at most a few tile edges: step tile by tile.
                           for (long k = first; k < first + length;) {
                               const long col = (k % grid_cols + grid_cols) % grid_cols;
                               out.insert(int(row / cells * kBlackMarbleColumns + col / cells));
                               k += cells - col % cells;
                           }
                       });
    return out;
}

/// Per zone: whether any cell it covers lies in one of the `missing` tiles (names, e.g. h18v08).
/// Such a zone was only partly read. A tile absent from the listing is ocean when the zone does
/// not cover it (its box may reach there) or not published this period when it does: a zone's
/// cells there are land the month lacks, and a number over the rest would read as a real drop.
std::vector<bool> zones_in_missing_tiles(const std::vector<Coverage>& coverage,
                                         const std::vector<std::string>& missing, int scale)
{
    std::vector<bool> out(coverage.size(), false);
    if (missing.empty())
        return out;
    std::set<int> absent;
    for (const auto& name : missing)
        if (const auto t = BlackMarbleTile::parse(name))
            absent.insert(t->v * kBlackMarbleColumns + t->h);
    for (std::size_t z = 0; z < coverage.size(); ++z)
        for (int t : tiles_with_cells(coverage[z], kBlackMarbleTileCells / scale))
            out[z] = out[z] || absent.count(t) > 0;
    return out;
}

/// A zone's statistics when its cells were not all read: every one NaN.
ZoneStats no_data()
{
    ZoneStats s;
    for (const ZoneStatField& f : ZoneStats::fields())
        s.*(f.member) = std::numeric_limits<double>::quiet_NaN();
    return s;
}

// Adds a granule's cells to every zone. A zone across the antimeridian has its coverage window
// past the grid's east edge (Grid::wraps): the tiles from 180W count there again, shifted.
// The zone's chip takes the granule's cells in its window likewise.
void add_granule(const std::vector<Coverage>& coverage, RasterBlock& block, long grid_cols,
                 const StatsOptions& options, std::vector<StatsAccumulator>& accumulators,
                 std::vector<ChipBuilder>& chips)
{
    for (std::size_t z = 0; z < coverage.size(); ++z) {
        if (coverage[z].empty())
            continue;
        accumulate(coverage[z], block, options, accumulators[z]);
        chips[z].add_block(block);
        chips[z].add_block(block, grid_cols); // nothing unless the chip's window wraps
        if (coverage[z].window.col + coverage[z].window.cols > grid_cols) {
            block.window.col += grid_cols;
            accumulate(coverage[z], block, options, accumulators[z]);
            block.window.col -= grid_cols;
        }
    }
}

} // namespace

std::vector<std::vector<BlackMarbleTile>> blackmarble_tiles_with_cells(const ZoneSet& zones)
{
    // Exact coverage at any resolution says whether a zone covers part of a cell, so whole
    // degrees (10 cells per tile) tell which tiles hold its cells, cheaply.
    const int scale = kBlackMarbleTileCells / kBlackMarbleTileDegrees;
    const Grid grid = blackmarble_global_grid(scale);
    std::vector<std::vector<BlackMarbleTile>> out;
    for (const auto& zone : zones.zones) {
        out.emplace_back();
        const Coverage c = compute_coverage(zone.geometry, grid, PixelRule::Exact);
        for (int t : tiles_with_cells(c, kBlackMarbleTileDegrees))
            out.back().push_back({t % kBlackMarbleColumns, t / kBlackMarbleColumns});
    }
    return out;
}

void MonthProcessor::process_blackmarble(const YearMonth& month, MonthResult& result,
                                         StageClock& clock)
{
    const Product& product = m_config.data_product();
    const std::string tag = period_text(month, product.period) + ": ";
    const DiscoveredMonth found =
        discover_blackmarble(m_fetcher, m_config, month, m_needed, m_zones_box);
    result.satellite = found.satellite; // recorded per period in the archive
    if (found.availability == Availability::NotPublished) {
        result.status = MonthStatus::NotPublished;
        result.reason = found.reason;
        result.satellite.clear(); // no files: from no satellite
        log::warn(tag + to_string(result.status) + ": " + result.reason);
        return;
    }
    for (const auto& t : found.tiles)
        result.tiles.push_back({t.archive.tile, t.archive.file_name, t.archive.stamp, 0, ""});
    result.reason = found.reason;
    if (found.availability != Availability::Complete) {
        result.status = MonthStatus::Incomplete;
        log::warn(tag + to_string(result.status) + ": " + found.reason);
        return;
    }
    if (!found.missing.empty())
        log::info(tag + found.reason);
    clock.lap("discover");
    const std::vector<CachedFile> files = m_fetcher.fetch_tiles(found.tiles);
    clock.lap("fetch");

    const GranuleOptions options{product.data_group, m_config.variable_or_default(),
                                 m_config.drop_quality};
    std::vector<StatsAccumulator> accumulators(m_zones.zones.size());
    std::vector<ChipBuilder> chips; // made for the grid the first granule tells
    int scale = 1;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const BlackMarbleTile tile = *BlackMarbleTile::parse(found.tiles[i].archive.tile);
        // The SHA-256 was taken as the granule downloaded, or is taken as it is read now: the
        // file is read once, not again for its digest (digest.hpp remembers it on the file).
        const auto known = remembered_sha256(files[i].path);
        Sha256 digest;
        GranuleLayer layer = on_tile(files[i], [&] {
            return read_blackmarble_granule(files[i].path, tile, options,
                                            known ? nullptr : &digest);
        });
        scale = layer.scale;
        const Grid grid = blackmarble_global_grid(layer.scale);
        const std::vector<Coverage>& coverage = coverage_for(grid);
        if (chips.empty())
            for (const Coverage& cov : coverage)
                chips.emplace_back(grid, chip_window(grid, cov.window));
        add_granule(coverage, layer.block, grid.cols, m_config.stats, accumulators, chips);
        result.tiles[i].bytes = files[i].bytes;
        result.tiles[i].sha256 = known ? *known : digest.hex();
        if (!known && !files[i].in_place) // the user's own files are never written to
            remember_sha256(files[i].path, result.tiles[i].sha256);
    }
    clock.lap("read");
    const std::vector<bool> unread =
        zones_in_missing_tiles(coverage_for(blackmarble_global_grid(scale)), found.missing, scale);
    std::string unread_ids;
    for (std::size_t z = 0; z < accumulators.size(); ++z) {
        result.stats.push_back(ZoneStats::from(accumulators[z], m_config.stats.statistics));
        result.stats.back().set_area(m_area_km2.empty() ? 0.0 : m_area_km2[z]);
        result.chips.push_back(z < chips.size() ? chips[z].chip() : ZoneChip{});
        if (unread[z]) { // part of the zone was not read: no number is its number
            result.stats.back() = no_data();
            unread_ids += (unread_ids.empty() ? "" : " ") + m_zones.zones[z].id;
        }
    }
    if (!unread_ids.empty()) {
        result.reason += "; no data (NaN) for the zones with cells in those tiles: " + unread_ids;
        log::warn(tag + result.reason);
    }
    result.status = MonthStatus::Ok;
}

} // namespace sezu
