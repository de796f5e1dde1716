// A Black Marble period through the stages: the LAADS listing of its folder, the granules of the
// tiles the zones touch (and no others), each read (read/granule) and added to the zones'
// statistics on the product's global grid. Coverage is computed once per grid, as for EOG.
#include "sezu/run/pipeline.hpp"

#include "sezu/core/log.hpp"
#include "sezu/discover/laads.hpp"
#include "sezu/fetch/digest.hpp"
#include "sezu/read/granule.hpp"
#include "sezu/stats/stats.hpp"

#include "tile_step.hpp"

#include <fstream>
#include <limits>

namespace sezu {

namespace {

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
    const long cells = kBlackMarbleTileCells / scale;
    const long grid_cols = long(kBlackMarbleColumns) * cells;
    std::vector<bool> absent(std::size_t(kBlackMarbleColumns * kBlackMarbleRows), false);
    for (const auto& name : missing)
        if (const auto t = BlackMarbleTile::parse(name))
            absent[std::size_t(t->v * kBlackMarbleColumns + t->h)] = true;
    // Whether a covered cell of `c` lies in an absent tile (columns past 180E wrap around).
    auto reaches_absent = [&](const Coverage& c) {
        bool reaches = false;
        for (long row = c.window.row; row < c.window.row + c.window.rows && !reaches; ++row)
            c.for_each_run(row, c.window.col, c.window.col + c.window.cols,
                           [&](long first, long length, double) {
                               for (long k = first; k < first + length && !reaches; ++k) {
                                   const long col = (k % grid_cols + grid_cols) % grid_cols;
                                   reaches = absent[std::size_t((row / cells) *
                                                                    kBlackMarbleColumns +
                                                                col / cells)];
                               }
                           });
        return reaches;
    };
    for (std::size_t z = 0; z < coverage.size(); ++z)
        out[z] = reaches_absent(coverage[z]);
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

// SHA-256 of a granule for provenance: remembered on the file once taken (digest.hpp).
std::string granule_sha256(const CachedFile& file)
{
    if (const auto known = remembered_sha256(file.path))
        return *known;
    Sha256 sha;
    std::ifstream in(file.path, std::ios::binary);
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), std::streamsize(buf.size()));
        sha.update(buf.data(), std::size_t(in.gcount()));
    }
    const std::string hex = sha.hex();
    if (!file.in_place) // the user's own files are never written to
        remember_sha256(file.path, hex);
    return hex;
}

// Adds a granule's cells to every zone. A zone across the antimeridian has its coverage window
// past the grid's east edge (Grid::wraps): the tiles from 180W count there again, shifted.
void add_granule(const std::vector<Coverage>& coverage, RasterBlock& block, long grid_cols,
                 const StatsOptions& options, std::vector<StatsAccumulator>& accumulators)
{
    for (std::size_t z = 0; z < coverage.size(); ++z) {
        if (coverage[z].empty())
            continue;
        accumulate(coverage[z], block, options, accumulators[z]);
        if (coverage[z].window.col + coverage[z].window.cols > grid_cols) {
            block.window.col += grid_cols;
            accumulate(coverage[z], block, options, accumulators[z]);
            block.window.col -= grid_cols;
        }
    }
}

// The period's listing and the granules of the needed tiles in it (NotPublished when the
// source has no listing for the period).
DiscoveredMonth discover_blackmarble(Fetcher& fetcher, const Config& config,
                                     const Product& product, const YearMonth& month,
                                     const std::vector<BlackMarbleTile>& needed)
{
    const std::string folder = expand_source_template(blackmarble_source(config.source, product),
                                                      month, config.product);
    const std::string listing = laads_listing_url(folder);
    const auto text = fetcher.get_text(listing);
    if (!text) {
        DiscoveredMonth none;
        none.month = month;
        none.listing_url = listing;
        none.reason = "no listing at " + redact_url(listing);
        return none;
    }
    return group_blackmarble_listing(product, month, needed, listing,
                                     parse_laads_csv(*text, folder, listing));
}

} // namespace

void MonthProcessor::process_blackmarble(const YearMonth& month, MonthResult& result,
                                         StageClock& clock)
{
    const Product& product = m_config.data_product();
    const std::string tag = month.to_string() + ": ";
    DiscoveredMonth found = discover_blackmarble(m_fetcher, m_config, product, month, m_needed);
    // --satellite auto: Suomi NPP, else NOAA-20 for a period that lacks it (the tiles' file
    // names, kept in the archive, say which satellite each period is from).
    if (found.availability != Availability::Complete && m_config.product.satellite == "auto") {
        const Product& noaa20 = find_product(product.period == PeriodUnit::Month ? "vj146a3"
                                                                                 : "vj146a4");
        DiscoveredMonth fallback =
            discover_blackmarble(m_fetcher, m_config, noaa20, month, m_needed);
        if (fallback.availability == Availability::Complete) {
            log::info(tag + product.short_name + " " + to_string(found.availability) +
                      ": NOAA-20's " + noaa20.short_name + " used instead");
            found = std::move(fallback);
        }
    }
    if (found.availability == Availability::NotPublished) {
        result.status = MonthStatus::NotPublished;
        result.reason = found.reason;
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
    int scale = 1;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const BlackMarbleTile tile = *BlackMarbleTile::parse(found.tiles[i].archive.tile);
        GranuleLayer layer = on_tile(files[i], [&] {
            return read_blackmarble_granule(files[i].path, tile, options);
        });
        scale = layer.scale;
        const Grid grid = blackmarble_global_grid(layer.scale);
        add_granule(coverage_for(grid), layer.block, grid.cols, m_config.stats, accumulators);
        result.tiles[i].bytes = files[i].bytes;
        result.tiles[i].sha256 = granule_sha256(files[i]);
    }
    clock.lap("read");
    const std::vector<bool> unread =
        zones_in_missing_tiles(coverage_for(blackmarble_global_grid(scale)), found.missing, scale);
    std::string unread_ids;
    for (std::size_t z = 0; z < accumulators.size(); ++z) {
        result.stats.push_back(ZoneStats::from(accumulators[z], m_config.stats.statistics));
        result.stats.back().set_area(m_area_km2.empty() ? 0.0 : m_area_km2[z]);
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
