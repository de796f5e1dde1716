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
#include "sezu/stats/zone_chip.hpp"

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
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
    /// SHA-256 (empty when `hash` is false: the caller knows it already). Throws NotStreamable
    /// (nothing of the tile is kept) when a raster cannot be read as a stream — the caller then
    /// extracts the month instead — and DataError for a missing, misplaced or truncated raster,
    /// or a corrupt archive. The tile takes the next slot (see below).
    std::string add_tile(const TileRef& ref, const std::string& tgz_path, bool hash = true);
    /// The same for the tile in `slot` (0, 1, ...; each once), callable from several threads at
    /// once (they share the zones' coverage; memory grows by a tile's buffers per thread). The
    /// tiles' statistics join the month in slot order, each as soon as every earlier slot has
    /// joined, so the month's numbers are the same bit for bit however many threads stream.
    std::string add_tile(const TileRef& ref, const std::string& tgz_path, bool hash,
                         std::size_t slot);

    /// One accumulator per zone (in coverage order), over the tiles joined so far.
    const std::vector<StatsAccumulator>& accumulators() const { return m_month; }
    /// One chip per zone (in coverage order) of the cells of the tiles joined so far: the
    /// window's observed cells, taken as they streamed by.
    std::vector<ZoneChip> chips() const;
    /// The global grid (valid after the first add_tile).
    const Grid& grid() const { return m_grid; }

    /// What one tile adds to the month.
    struct TilePart {
        std::vector<StatsAccumulator> accumulators;
        std::vector<ChipBuilder> chips;
    };

private:
    void join(std::size_t slot, TilePart tile);

    CoverageFor m_coverage_for;
    StatsOptions m_options;
    Grid m_grid;
    int m_scale = 0;
    std::mutex m_mutex; // guards the grid, the scale and the joining below
    std::vector<StatsAccumulator> m_month;
    std::vector<ChipBuilder> m_month_chips;
    std::size_t m_next_slot = 0; // of add_tile without a slot
    std::size_t m_joined = 0;    // slots merged into m_month
    std::vector<std::optional<TilePart>> m_waiting; // by slot
};

} // namespace sezu
