// The statistics stage alone, on stitched months of the built-in mirror: cells per second of
// accumulate() over many zones, and what reusing the zones' coverage across months saves
// (coverage computed once for N months, against once per month as N one-month runs do).
// Both loops run in this process over the same months; their results must be identical.
//   bench_stats ZONES.geojson SCRATCH MONTH_FOLDER [MONTH_FOLDER ...]
// Each MONTH_FOLDER is a month's folder of the mirror (the newest archive of each tile is used).
#include "sezu/catalog.hpp"
#include "sezu/coverage.hpp"
#include "sezu/mosaic.hpp"
#include "sezu/stats.hpp"
#include "sezu/zones.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace sezu;

namespace {

double now_s()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The month's 6 tiles (newest stamp of each), extracted once into `dir`.
std::vector<TileRasters> extract_month(const std::string& folder, const std::string& dir)
{
    std::map<std::string, std::pair<ArchiveName, std::string>> newest;
    for (const auto& e : fs::directory_iterator(folder)) {
        const auto name = parse_archive_name(e.path().filename().string());
        if (!name)
            continue;
        const auto it = newest.find(name->tile);
        if (it == newest.end() || stamp_newer(name->stamp, it->second.first.stamp))
            newest[name->tile] = {*name, e.path().string()};
    }
    fs::create_directories(dir);
    std::vector<TileRasters> tiles;
    for (const auto& [tile, found] : newest) {
        TileRef ref;
        ref.tile = *find_tile(tile);
        ref.archive = found.first;
        tiles.push_back(extract_tile(ref, found.second, dir));
    }
    return tiles;
}

struct Timing {
    double coverage = 0, accumulate = 0;
};

// One month's statistics for every zone; only accumulate() is timed (reads are not the stage).
std::vector<StatsAccumulator> month_stats(const Mosaic& mosaic, const std::vector<Coverage>& cov,
                                          Timing& t)
{
    std::vector<StatsAccumulator> acc(cov.size());
    for (std::size_t z = 0; z < cov.size(); ++z) {
        if (cov[z].empty())
            continue;
        const RasterBlock block = mosaic.read(cov[z].window);
        const double t0 = now_s();
        accumulate(cov[z], block, StatsOptions{}, acc[z]);
        t.accumulate += now_s() - t0;
    }
    return acc;
}

std::vector<Coverage> coverage_of(const ZoneSet& zones, const Grid& grid, Timing& t)
{
    const double t0 = now_s();
    std::vector<Coverage> cov;
    for (const auto& z : zones.zones)
        cov.push_back(compute_coverage(z.geometry, grid, PixelRule::Exact));
    t.coverage += now_s() - t0;
    return cov;
}

bool same(const std::vector<StatsAccumulator>& a, const std::vector<StatsAccumulator>& b)
{
    for (std::size_t z = 0; z < a.size(); ++z) {
        const ZoneStats x = ZoneStats::from(a[z]), y = ZoneStats::from(b[z]);
        for (std::size_t i = 0; i < ZoneStats::names().size(); ++i)
            if (!(x.value(i) == y.value(i) || (x.value(i) != x.value(i) && y.value(i) != y.value(i))))
                return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_stats ZONES.geojson SCRATCH MONTH_FOLDER...\n");
        return 2;
    }
    const ZoneSet zones = load_zones(argv[1], "zone_id");
    std::vector<std::vector<TileRasters>> months;
    for (int i = 3; i < argc; ++i)
        months.push_back(extract_month(argv[i], std::string(argv[2]) + "/" + std::to_string(i)));

    // N months in one run: coverage once, then every month.
    Timing reuse;
    std::vector<std::vector<StatsAccumulator>> first;
    std::vector<Coverage> cov;
    for (std::size_t m = 0; m < months.size(); ++m) {
        const Mosaic mosaic(months[m]);
        if (m == 0)
            cov = coverage_of(zones, mosaic.grid(), reuse);
        first.push_back(month_stats(mosaic, cov, reuse));
    }
    // N one-month runs: coverage again for every month.
    Timing again;
    bool identical = true;
    for (std::size_t m = 0; m < months.size(); ++m) {
        const Mosaic mosaic(months[m]);
        const auto cov_m = coverage_of(zones, mosaic.grid(), again);
        identical = identical && same(first[m], month_stats(mosaic, cov_m, again));
    }
    long long cells = 0;
    for (const auto& c : cov)
        cells += c.window.size();
    const double n = double(months.size());
    std::printf("zones %zu, months %zu, cells in zone windows per month %lld\n", zones.zones.size(),
                months.size(), cells);
    std::printf("coverage (exact) once: %.3f s; accumulate per month: %.3f s; %.1f M cells/s\n",
                reuse.coverage, reuse.accumulate / n, double(cells) * n / reuse.accumulate / 1e6);
    std::printf("stats stage, %zu months in one run (coverage reused): %.3f s\n", months.size(),
                reuse.coverage + reuse.accumulate);
    std::printf("stats stage, %zu one-month runs: %.3f s\n", months.size(),
                again.coverage + again.accumulate);
    std::printf("saving: %.2fx; results identical: %s\n",
                (again.coverage + again.accumulate) / (reuse.coverage + reuse.accumulate),
                identical ? "yes" : "NO");
    return identical ? 0 : 1;
}
