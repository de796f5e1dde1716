// How long rank 0 takes to write (checkpoint) a large archive, and how large it is, with the
// month x zone tables chunked and compressed (deflate + shuffle, as sezu writes them) and without:
// the figures behind one writer rank (docs/archive.md) and the compression (bench/RESULTS.md).
//   bench_archive [MONTHS] [ZONES] [PATH]
// Memory: the results and the tables twice, ~5 GB for 180 months x 50,000 zones.
// The values imitate real statistics so that compression is not flattered: full-precision
// doubles that vary by zone and month (sum, mean, std, ...), per-zone constants that repeat every
// month (count, area_km2: the coverage does not change), whole numbers (cvg_min), and a small
// polygon's WKT and point per zone.
#include "sezu/archive/archive.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

namespace {

std::vector<sezu::ArchiveZone> make_zones(int count)
{
    std::vector<sezu::ArchiveZone> zones;
    for (int z = 0; z < count; ++z) {
        sezu::ArchiveZone a;
        a.id = "zone-" + std::to_string(z);
        a.lon = -180 + 0.0071 * z;
        a.lat = 50 - 0.0013 * z;
        char wkt[256];
        std::snprintf(wkt, sizeof wkt, "MULTIPOLYGON (((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,"
                      "%.6f %.6f)))", a.lon - 0.01, a.lat - 0.01, a.lon + 0.01, a.lat - 0.01,
                      a.lon + 0.01, a.lat + 0.01, a.lon - 0.01, a.lat + 0.01, a.lon - 0.01,
                      a.lat - 0.01);
        a.wkt = wkt;
        zones.push_back(std::move(a));
    }
    return zones;
}

std::vector<sezu::MonthResult> make_results(int months, int zones)
{
    std::mt19937_64 random(42);
    std::lognormal_distribution<double> size(3.0, 1.0), brightness(1.0, 1.2);
    std::normal_distribution<double> noise(1.0, 0.15);
    std::vector<double> cells(std::size_t(zones), 0.0), level(std::size_t(zones), 0.0);
    for (int z = 0; z < zones; ++z) {
        cells[std::size_t(z)] = size(random);
        level[std::size_t(z)] = brightness(random);
    }
    std::vector<sezu::MonthResult> results;
    for (int m = 0; m < months; ++m) {
        sezu::MonthResult r;
        r.month = sezu::YearMonth::from_index(sezu::first_published_month().index() + m);
        r.status = sezu::MonthStatus::Ok;
        r.stats.resize(std::size_t(zones));
        for (std::size_t z = 0; z < std::size_t(zones); ++z) {
            sezu::ZoneStats& s = r.stats[z];
            for (const auto& field : sezu::ZoneStats::fields())
                s.*field.member = level[z] * noise(random);
            s.count = cells[z];
            s.area_km2 = cells[z] * 0.2;
            s.cvg_min = std::floor(noise(random) * 5);
            s.mean = level[z] * noise(random);
            s.sum = s.mean * s.count;
        }
        for (int t = 0; t < 6; ++t)
            r.tiles.push_back({"75N180W", "SVDNB_npp_x.tgz", "201705020851", 500000000, "ab"});
        results.push_back(std::move(r));
    }
    return results;
}

double seconds_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv)
{
    const int months = argc > 1 ? std::atoi(argv[1]) : 170;
    const int zones = argc > 2 ? std::atoi(argv[2]) : 10000;
    const std::string path = argc > 3 ? argv[3] : "/tmp/sezu-bench-archive.h5";
    const auto archive_zones = make_zones(zones);
    const auto results = make_results(months, zones);
    sezu::RunProvenance prov;
    prov.sezu_version = "bench";
    double write_s[2] = {0, 0};
    bool ok = true;
    for (const bool compress : {false, true}) {
        // The faster of two writes: the first also pays for HDF5's start and the page cache.
        for (int attempt = 0; attempt < 2; ++attempt) {
            const auto t0 = std::chrono::steady_clock::now();
            sezu::write_archive_with_zones(path, archive_zones, results, prov, compress);
            const double s = seconds_since(t0);
            write_s[compress] = attempt == 0 ? s : std::min(s, write_s[compress]);
        }
        const auto t1 = std::chrono::steady_clock::now();
        const auto back = sezu::read_archive(path);
        const double read_s = seconds_since(t1);
        std::printf("archive %d months x %d zones x %zu statistics, %s: %.1f MB, write %.3f s, "
                    "read %.3f s\n",
                    months, zones, sezu::ZoneStats::names().size(),
                    compress ? "chunked, deflate 4 + shuffle" : "contiguous, uncompressed",
                    double(std::filesystem::file_size(path)) / 1e6, write_s[compress], read_s);
        ok = ok && back.months.size() == std::size_t(months) &&
             back.at("sum_of_lights", std::size_t(months) - 1, std::size_t(zones) - 1) ==
                 results.back().stats.back().sum;
        std::filesystem::remove(path);
    }
    std::printf("write time compressed / uncompressed: %.2f\n", write_s[1] / write_s[0]);
    return ok ? 0 : 1;
}
