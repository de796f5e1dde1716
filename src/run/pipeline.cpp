#include "sezu/run/pipeline.hpp"

#include "sezu/fetch/digest.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/log.hpp"
#include "sezu/run/month_stream.hpp"
#include "sezu/run/parallel.hpp"
#include "tile_step.hpp"
#include "sezu/read/mosaic.hpp"
#include "sezu/read/tiff_stream.hpp"
#include "sezu/products/tile_grid.hpp"
#include "sezu/zones/cell_area.hpp"
#include "sezu/zones/zone_checks.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <unistd.h>

namespace sezu {
namespace fs = std::filesystem;

namespace {

// Scratch folder for a month's extracted rasters; removed when the month is done, whatever happens.
class ScratchDir {
public:
    explicit ScratchDir(const fs::path& path) : m_path(path)
    {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~ScratchDir()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    std::string path() const { return m_path.string(); }

private:
    fs::path m_path;
};

} // namespace

// The zones' coverage is computed inside the stream or stats stage of the first month on a grid;
// its share is told apart so reuse across months shows in the log (and the benchmarks).
std::string coverage_note(double seconds)
{
    if (seconds <= 0)
        return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, " (of which coverage %.2f s)", seconds);
    return buf;
}

ZoneSet load_run_zones(const Config& config, bool speak)
{
    ZoneSet zones =
        load_zones(ZoneSource{config.zones, config.id_field, config.zones_layer, config.zones_crs});
    // A field the user named must exist; the defaults ("name", "established") are optional.
    const Config defaults;
    if (config.name_field != defaults.name_field)
        require_field(zones, config.name_field, "--name-field (config nameField)");
    if (config.event_field != defaults.event_field)
        require_field(zones, config.event_field, "--event-field (config eventField)");
    // Each product's own extent: the EOG tiles end at 75N and 65S, Black Marble covers the globe.
    if (speak && config.data_product().family == ProductFamily::BlackMarble)
        warn_about_zones(zones, blackmarble_global_grid(kBlackMarbleTileCells / 10),
                         "the Black Marble grid (180W..180E, 90N..90S)");
    else if (speak)
        warn_about_zones(zones, global_grid(1), "the VIIRS tiles (180W..180E, 75N..65S)");
    return zones;
}

// --span-end latest: the newest month whose 6 tiles are all published, looking back from this
// month (publication lags by a month or two, so the scan is short on a live source).
YearMonth resolve_latest(const std::string& source, const ProductSpec& product, Fetcher& fetcher)
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    const YearMonth current(tm.tm_year + 1900, tm.tm_mon + 1);
    for (YearMonth m = current; first_published_month() <= m;
         m = YearMonth::from_index(m.index() - 1)) {
        if (discover_month(fetcher, source, product, m).availability ==
            Availability::Complete)
            return m;
    }
    throw ConfigError("span: --span-end latest found no complete month on " + source +
                      "; check the source or give spanEnd as YYYYMM");
}

void prefetch_month(const Config& config, Fetcher& fetcher, const YearMonth& month)
{
    // Black Marble granules are few per period (only the zones' tiles): fetched in their turn.
    if (config.data_product().family != ProductFamily::EogTiles)
        return;
    try {
        const DiscoveredMonth found = discover_month(fetcher, config.source, config.product, month);
        if (found.availability != Availability::Complete)
            return;
        int downloaded = 0;
        for (const auto& file : fetcher.fetch_tiles(found.tiles))
            downloaded += file.from_cache ? 0 : 1;
        log::debug(month.to_string() + ": fetched ahead (" + std::to_string(downloaded) +
                  " downloaded)");
    } catch (const std::exception& e) {
        log::debug(month.to_string() + ": fetching ahead failed (" + e.what() +
                   "); it is fetched again when its turn comes");
    }
}

MonthProcessor::MonthProcessor(const Config& config, const ZoneSet& zones, Fetcher& fetcher)
    : m_config(config), m_zones(zones), m_fetcher(fetcher)
{
    if (config.data_product().family == ProductFamily::BlackMarble) {
        std::vector<BBox> boxes;
        for (const auto& zone : zones.zones)
            boxes.push_back(zone.geometry.bbox());
        m_needed = blackmarble_tiles_touching(boxes);
        m_zones_box = zones_box(zones);
    }
}

const std::vector<Coverage>& MonthProcessor::coverage_for(const Grid& grid)
{
    if (m_coverage_computations == 0 || grid != m_coverage_grid) {
        const auto start = std::chrono::steady_clock::now();
        m_coverage.clear();
        m_area_km2.clear();
        const CellAreas areas(grid); // the VIIRS grids are WGS 84 longitude/latitude
        for (const auto& zone : m_zones.zones) {
            m_coverage.push_back(compute_coverage(zone.geometry, grid, m_config.rule));
            m_area_km2.push_back(areas.coverage_km2(m_coverage.back()));
        }
        m_coverage_grid = grid;
        ++m_coverage_computations;
        m_coverage_seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return m_coverage;
}

namespace {

// The month's scratch folder: per process, so concurrent ranks and commands never share one.
fs::path month_scratch(const Config& config, const YearMonth& month)
{
    return fs::path(config.work_dir.empty() ? config.cache_dir + "/work" : config.work_dir) /
           (month.to_string() + "." + std::to_string(getpid()));
}

std::vector<TileRasters> extract_tiles(const std::vector<TileRef>& tiles,
                                       const std::vector<CachedFile>& files,
                                       const std::string& dir,
                                       std::vector<TileProvenance>* provenance, StageClock* clock)
{
    std::vector<TileRasters> rasters;
    for (size_t i = 0; i < files.size(); ++i) {
        rasters.push_back(
            on_tile(files[i], [&] { return extract_tile(tiles[i], files[i].path, dir); }));
        if (provenance)
            (*provenance)[i].sha256 = rasters.back().archive_sha256;
    }
    if (clock)
        clock->lap("extract");
    return rasters;
}

} // namespace

struct MonthMosaic::Impl {
    Impl(const fs::path& scratch_path, const std::vector<TileRef>& tiles,
         const std::vector<CachedFile>& files, std::vector<TileProvenance>* provenance,
         StageClock* clock)
        : scratch(scratch_path),
          mosaic(extract_tiles(tiles, files, scratch.path(), provenance, clock))
    {
    }
    // Declared first, so destroyed last: the mosaic's open rasters live in it.
    ScratchDir scratch;
    Mosaic mosaic;
};

MonthMosaic::MonthMosaic(const Config& config, const YearMonth& month,
                         const std::vector<TileRef>& tiles, const std::vector<CachedFile>& files,
                         std::vector<TileProvenance>* provenance, StageClock* clock)
    : m_impl(std::make_unique<Impl>(month_scratch(config, month), tiles, files, provenance, clock))
{
    if (clock)
        clock->lap("stitch");
}

MonthMosaic MonthMosaic::fetch(const Config& config, Fetcher& fetcher, const YearMonth& month)
{
    const DiscoveredMonth found = discover_month(fetcher, config.source, config.product, month);
    if (found.availability != Availability::Complete)
        throw DataError(month.to_string() + ": " + to_string(found.availability) + " on the "
                        "source: " + found.reason);
    const std::vector<CachedFile> files = fetcher.fetch_tiles(found.tiles);
    return MonthMosaic(config, month, found.tiles, files);
}

MonthMosaic::~MonthMosaic() = default;
MonthMosaic::MonthMosaic(MonthMosaic&&) noexcept = default;
MonthMosaic& MonthMosaic::operator=(MonthMosaic&&) noexcept = default;

const Mosaic& MonthMosaic::mosaic() const
{
    return m_impl->mosaic;
}

std::vector<StatsAccumulator> MonthProcessor::stream_month(const std::vector<TileRef>& tiles,
                                                           const std::vector<CachedFile>& files,
                                                           std::vector<TileProvenance>& provenance,
                                                           std::vector<ZoneChip>& chips)
{
    MonthStreamer streamer([this](const Grid& grid) -> const std::vector<Coverage>& {
        return coverage_for(grid);
    }, m_config.stats);
    // The tiles on m_config.threads threads; the streamer joins them in tile order, so the
    // numbers do not depend on the thread count.
    parallel_for(files.size(), m_config.threads, [&](std::size_t i, int) {
        // Hashed as it downloaded, or when first read: the digest is remembered on the file.
        const auto known = remembered_sha256(files[i].path);
        const std::string taken = on_tile(
            files[i], [&] { return streamer.add_tile(tiles[i], files[i].path, !known, i); });
        provenance[i].sha256 = known ? *known : taken;
        if (!known && !files[i].in_place) // the user's own files are never written to
            remember_sha256(files[i].path, taken);
    });
    chips = streamer.chips();
    return streamer.accumulators();
}

std::vector<StatsAccumulator>
MonthProcessor::extract_and_stitch(const YearMonth& month, const std::vector<TileRef>& tiles,
                                   const std::vector<CachedFile>& files,
                                   std::vector<TileProvenance>& provenance, StageClock& clock,
                                   std::vector<ZoneChip>& chips)
{
    const MonthMosaic stitched(m_config, month, tiles, files, &provenance, &clock);
    const Mosaic& mosaic = stitched.mosaic();
    const std::vector<Coverage>& coverage = coverage_for(mosaic.grid());
    std::vector<StatsAccumulator> accumulators(coverage.size());
    chips.assign(coverage.size(), ZoneChip{});
    for (size_t z = 0; z < coverage.size(); ++z)
        if (!coverage[z].empty()) {
            // The chip's window holds the zone's: one read for both.
            const Window window = chip_window(mosaic.grid(), coverage[z].window);
            const RasterBlock block = mosaic.read(window);
            accumulate(coverage[z], block, m_config.stats, accumulators[z]);
            ChipBuilder chip(mosaic.grid(), window);
            chip.add_block(block);
            chips[z] = chip.chip();
        }
    clock.lap("stats");
    return accumulators;
}

void MonthProcessor::process_eog(const YearMonth& month, MonthResult& result, StageClock& clock)
{
    const std::string tag = month.to_string() + ": ";
    const DiscoveredMonth found =
        discover_month(m_fetcher, m_config.source, m_config.product, month);
    for (const auto& t : found.tiles)
        result.tiles.push_back({t.tile.name, t.archive.file_name, t.archive.stamp, 0, ""});
    if (!found.tiles.empty()) { // which satellite (--satellite auto) and which days (partial)
        result.satellite = found.satellite;
        result.first_day = std::stoi(found.first_day);
        result.last_day = std::stoi(found.last_day);
    }
    if (found.partial())
        log::info(tag + "partial month: the tiles cover " + found.first_day + "-" +
                  found.last_day);
    if (found.availability != Availability::Complete) {
        result.status = found.availability == Availability::Incomplete
                            ? MonthStatus::Incomplete
                            : MonthStatus::NotPublished;
        result.reason = found.reason;
        log::warn(tag + to_string(result.status) + ": " + found.reason);
        return;
    }
    clock.lap("discover");
    const std::vector<CachedFile> files = m_fetcher.fetch_tiles(found.tiles);
    clock.lap("fetch");
    int cached = 0, in_place = 0;
    for (size_t i = 0; i < files.size(); ++i) {
        result.tiles[i].bytes = files[i].bytes;
        in_place += files[i].in_place ? 1 : 0;
        cached += files[i].from_cache && !files[i].in_place ? 1 : 0;
    }
    log::debug(tag + "have 6 tiles (" +
               (in_place ? std::to_string(in_place) + " read in place, " : std::string()) +
               std::to_string(cached) + " from cache)");

    // The fast path streams each archive straight into the statistics; a raster it cannot
    // read as a stream (compressed or tiled TIFF) sends the month through extract-and-stitch.
    std::vector<StatsAccumulator> accumulators;
    try {
        accumulators = stream_month(found.tiles, files, result.tiles, result.chips);
        clock.lap("stream");
    } catch (const NotStreamable& e) {
        log::debug(tag + "extracting instead of streaming: " + e.what());
        accumulators =
            extract_and_stitch(month, found.tiles, files, result.tiles, clock, result.chips);
    }
    for (size_t z = 0; z < accumulators.size(); ++z) {
        result.stats.push_back(ZoneStats::from(accumulators[z], m_config.stats.statistics));
        result.stats.back().set_area(m_area_km2[z]);
    }
    result.status = MonthStatus::Ok;
}

MonthResult MonthProcessor::process(const YearMonth& month)
{
    const auto start = std::chrono::steady_clock::now();
    StageClock clock;
    const double coverage_seconds_before = m_coverage_seconds;
    MonthResult result;
    result.month = month;
    const std::string tag = month.to_string() + ": ";
    try {
        if (m_config.data_product().family == ProductFamily::BlackMarble)
            process_blackmarble(month, result, clock);
        else
            process_eog(month, result, clock);
        if (result.status != MonthStatus::Ok)
            return result; // not complete on the source: said in the log already
    } catch (const ConfigError&) {
        throw; // the user's setup is wrong: stop the run, not just this month
    } catch (const std::exception& e) {
        result.status = MonthStatus::Failed;
        result.reason = e.what();
        result.stats.clear();
        result.chips.clear();
        log::error(tag + "failed: " + e.what());
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (result.status == MonthStatus::Ok)
        log::debug(tag + "ok (" + std::to_string(result.stats.size()) + " zones) in " +
                  clock.summary() + coverage_note(m_coverage_seconds - coverage_seconds_before));
    return result;
}

} // namespace sezu
