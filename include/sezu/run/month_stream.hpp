#pragma once
/// The fast path of a month: zonal statistics computed while each tile's .tgz inflates, with no
/// extracted copy on disk and no whole tile in memory. Of the two rasters of a tile, whichever the
/// archive holds first is kept only inside the zones' windows; the second is reduced row by row
/// as it streams by. Each tile's header is validated against the published tile grid exactly as
/// stitching does, and a tile's partial statistics join the month's only after its archive has
/// verified (gzip CRC and length).
#include "sezu/discover/catalog.hpp"
#include "sezu/zones/coverage.hpp"
#include "sezu/stats/stats.hpp"

#include <functional>
#include <string>
#include <vector>

namespace sezu {

class MonthStreamer {
public:
    /// The zones' coverage on the month's global grid (called once the first tile's header has
    /// told the grid; the reference must stay valid while the streamer is used).
    using CoverageFor = std::function<const std::vector<Coverage>&(const Grid& global)>;

    MonthStreamer(CoverageFor coverage_for, StatsOptions options);

    /// Streams one tile's archive into the month's statistics and returns the archive's
    /// SHA-256 (empty when `hash` is false: the caller knows it already). Throws NotStreamable (nothing of the tile is kept) when a raster cannot be read
    /// as a stream — the caller then extracts the month instead — and DataError for a missing,
    /// misplaced or truncated raster, or a corrupt archive.
    std::string add_tile(const TileRef& ref, const std::string& tgz_path, bool hash = true);

    /// One accumulator per zone (in coverage order), over the tiles added so far.
    const std::vector<StatsAccumulator>& accumulators() const { return m_month; }
    /// The global grid (valid after the first add_tile).
    const Grid& grid() const { return m_grid; }

private:
    CoverageFor m_coverage_for;
    StatsOptions m_options;
    Grid m_grid;
    int m_scale = 0;
    std::vector<StatsAccumulator> m_month;
};

} // namespace sezu
