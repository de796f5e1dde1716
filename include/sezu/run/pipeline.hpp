#pragma once
/// One month through the stages: discover -> fetch -> stream the archives into zonal statistics
/// (or, for rasters that cannot stream, extract -> stitch -> zonal statistics).
/// No MPI here: the driver decides which rank runs which month.
#include "sezu/run/config.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/core/grid.hpp"
#include "sezu/products/blackmarble_grid.hpp"
#include "sezu/stats/month_result.hpp"
#include "sezu/stats/stats.hpp"
#include "sezu/zones/zones.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sezu {

class Mosaic;
class StageClock;

/// The run's zones (config.zones, config.id_field, in EPSG:4326). With `speak` (true on the one
/// rank that speaks for the job), warns once about each repaired geometry and, in one line, about
/// the zones wholly outside the VIIRS tiles (75N..65S), which get no statistics.
ZoneSet load_run_zones(const Config& config, bool speak);

/// Per zone, the Black Marble tiles holding cells it covers (exact: part of a cell counts). A
/// tile a zone's box reaches but none of its cells is one whose absence is no gap (ocean).
std::vector<std::vector<BlackMarbleTile>> blackmarble_tiles_with_cells(const ZoneSet& zones);

/// The box around all the zones (degrees; empty for no zones): what CMR is asked about.
BBox zones_box(const ZoneSet& zones);

/// A Black Marble period (blackmarble_discover.cpp): the run's product's granules of the
/// `needed` tiles (group_blackmarble_listing), found in the LAADS listing of config.source's
/// folder or, with config.catalog "cmr", by NASA's CMR granule search over `box` (the zones'
/// box), every page; with --satellite auto, NOAA-20's for a period Suomi NPP lacks.
/// NotPublished (the reason says where it looked) when the source has no listing for the
/// period or CMR lists no granule; throws FetchError when a listing or page cannot be read,
/// DataError when it is not what it should be.
DiscoveredMonth discover_blackmarble(Fetcher& fetcher, const Config& config,
                                     const YearMonth& month,
                                     const std::vector<BlackMarbleTile>& needed, const BBox& box);

/// `--span-end latest`: the newest month whose 6 tiles are all published on `source`, scanning
/// back from the current month. Throws ConfigError when there is none.
YearMonth resolve_latest(const std::string& source, const ProductSpec& product, Fetcher& fetcher);

/// A month's 6 archives extracted into a scratch folder (WORK/YYYYMM.<pid>) and stitched into
/// one Mosaic. The scratch folder lives exactly as long as this object: the Mosaic reads from it.
/// Used by the run (for rasters that cannot stream) and by `sezu quicklook`.
class MonthMosaic {
public:
    /// Extracts already-fetched archives (`files[i]` holds `tiles[i]`) and stitches them. An
    /// archive found corrupt is removed from the cache, so the next run fetches it again.
    /// `provenance`, when given, gets each tile's archive SHA-256 as soon as it is extracted (a
    /// month that fails half way still records what it computed); `clock`, when given, gets the
    /// "extract" and "stitch" laps. Throws DataError for corrupt or misplaced tiles.
    MonthMosaic(const Config& config, const YearMonth& month, const std::vector<TileRef>& tiles,
                const std::vector<CachedFile>& files,
                std::vector<TileProvenance>* provenance = nullptr, StageClock* clock = nullptr);
    /// Discovers the month on config.source, fetches its archives through the cache and
    /// stitches them. Throws DataError naming the month and the reason when the month is not
    /// complete on the source; FetchError when a download fails.
    static MonthMosaic fetch(const Config& config, Fetcher& fetcher, const YearMonth& month);

    ~MonthMosaic();
    MonthMosaic(MonthMosaic&&) noexcept;
    MonthMosaic& operator=(MonthMosaic&&) noexcept;

    const Mosaic& mosaic() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Downloads a month's archives into the cache ahead of its turn, so that the month a rank does
/// next is on disk when the current one is done: the download overlaps the processing. Never
/// throws: a month that cannot be fetched now is fetched again, and reported, when processed.
/// `fetcher` must not be the one the month processing uses at the same time.
/// (EOG tiles only; for other products it does nothing.)
void prefetch_month(const Config& config, Fetcher& fetcher, const YearMonth& month);

/// Runs months through the stages. Coverage of the zones depends only on the grid, so it is
/// computed for the first month's grid and reused for every month on the same grid.
class MonthProcessor {
public:
    MonthProcessor(const Config& config, const ZoneSet& zones, Fetcher& fetcher);

    /// Never throws for a month's own problems (listing, download, corrupt or misplaced tile):
    /// they become a MonthResult with a status and a reason.
    MonthResult process(const YearMonth& month);

    /// How many times coverage was computed (1 for a run on one grid).
    int coverage_computations() const { return m_coverage_computations; }

    /// Wall time spent computing coverage, over all months so far.
    double coverage_seconds() const { return m_coverage_seconds; }

private:
    const std::vector<Coverage>& coverage_for(const Grid& grid);
    /// The month's per-zone statistics, streamed out of the archives (the fast path).
    /// Throws NotStreamable when a raster cannot be read as a stream. `chips` gets the zones'
    /// chips, taken from the same cells.
    std::vector<StatsAccumulator> stream_month(const std::vector<TileRef>& tiles,
                                               const std::vector<CachedFile>& files,
                                               std::vector<TileProvenance>& provenance,
                                               std::vector<ZoneChip>& chips);
    /// An EOG month: its 6 tiles discovered, fetched and streamed (or extracted and stitched).
    /// Fills `result`; a month not complete on the source returns with its status and reason.
    void process_eog(const YearMonth& month, MonthResult& result, StageClock& clock);
    /// A Black Marble period (blackmarble_month.cpp): its LAADS listing, the granules of the
    /// tiles the zones touch (m_needed), each read and added to the statistics on the product's
    /// global grid. Fills `result` (tiles, status, reason, stats); throws like process's steps.
    void process_blackmarble(const YearMonth& month, MonthResult& result, StageClock& clock);
    /// The same statistics from rasters extracted to scratch and stitched into a Mosaic.
    std::vector<StatsAccumulator> extract_and_stitch(const YearMonth& month,
                                                     const std::vector<TileRef>& tiles,
                                                     const std::vector<CachedFile>& files,
                                                     std::vector<TileProvenance>& provenance,
                                                     StageClock& clock,
                                                     std::vector<ZoneChip>& chips);

    const Config& m_config;
    const ZoneSet& m_zones;
    Fetcher& m_fetcher;
    Grid m_coverage_grid;
    std::vector<Coverage> m_coverage;
    std::vector<double> m_area_km2;   // per zone, from the coverage: the same every month
    /// Black Marble: the tiles the zones' boxes touch (only these are listed and fetched).
    std::vector<BlackMarbleTile> m_needed;
    BBox m_zones_box; ///< Black Marble: the box around the zones, what CMR is asked about
    int m_coverage_computations = 0;
    double m_coverage_seconds = 0;
};

} // namespace sezu
