// The statistics stage alone, as one run over the given months does it: the zones' coverage
// computed once (a fresh process pays for its memory as a real run does), then accumulate() for
// every month. bench/stats/run.sh calls it once for N months and N times for one month each,
// which is what coverage reuse saves; and reports cells per second.
//   bench_stats ZONES.geojson SCRATCH MONTH_FOLDER [MONTH_FOLDER ...]
// Each MONTH_FOLDER is a month's folder of the mirror (the newest archive of each tile is used),
// extracted into SCRATCH/<month> unless an earlier call did already (extraction is not timed).
// Prints "stats_s coverage_s accumulate_s cells_per_month months" and, per month, a checksum
// line ("sum MONTH Σsum") so that the runs can be compared.
#include "sezu/discover/catalog.hpp"
#include "sezu/zones/coverage.hpp"
#include "sezu/read/mosaic.hpp"
#include "sezu/stats/stats.hpp"
#include "sezu/zones/zones.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace sezu;

namespace {

double now_s()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The month's 6 tiles (newest stamp of each), extracted once into `dir` (kept for later calls).
std::vector<TileRasters> extract_month(const std::string& folder, const std::string& dir)
{
    const bool done = fs::exists(dir + "/extracted");
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
        if (!done) {
            tiles.push_back(extract_tile(ref, found.second, dir));
            continue;
        }
        TileRasters t;
        t.tile = ref.tile;
        t.archive_path = found.second;
        // extract_tile's names for the two rasters in its folder
        t.radiance_path = dir + "/" + ref.tile.name + ".radiance.tif";
        t.cvg_path = dir + "/" + ref.tile.name + ".cf_cvg.tif";
        t.radiance_member = "./" + ref.archive.stem() + ".avg_rade9h.tif";
        t.cvg_member = "./" + ref.archive.stem() + ".cf_cvg.tif";
        tiles.push_back(t);
    }
    std::ofstream(dir + "/extracted") << "1\n";
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
        months.push_back(extract_month(
            argv[i], std::string(argv[2]) + "/" + fs::path(argv[i]).parent_path().filename().string()));
    // Gigabytes may just have been written: let the kernel flush them before anything is timed.
    ::sync();

    Timing t;
    std::vector<Coverage> cov;
    std::vector<double> sums;
    for (std::size_t m = 0; m < months.size(); ++m) {
        const Mosaic mosaic(months[m]);
        if (m == 0)
            cov = coverage_of(zones, mosaic.grid(), t);
        double sum = 0;
        for (const auto& acc : month_stats(mosaic, cov, t)) {
            const double s = ZoneStats::from(acc).sum;
            sum += s == s ? s : 0.0;
        }
        sums.push_back(sum);
    }
    long long cells = 0;
    for (const auto& c : cov)
        cells += c.window.size();
    std::printf("%.6f %.6f %.6f %lld %zu\n", t.coverage + t.accumulate, t.coverage, t.accumulate,
                cells, months.size());
    for (std::size_t m = 0; m < months.size(); ++m)
        std::printf("sum %s %.17g\n", fs::path(argv[3 + m]).parent_path().filename().c_str(),
                    sums[m]);
    return 0;
}
