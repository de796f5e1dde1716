// How long rank 0 takes to write (checkpoint) a large archive: the figure behind the choice of a
// designated writer rank over collective parallel HDF5 (docs/archive.md).
//   bench_archive [MONTHS] [ZONES] [PATH]
#include "sezu/archive/archive.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

int main(int argc, char** argv)
{
    const int months = argc > 1 ? std::atoi(argv[1]) : 170;
    const int zones = argc > 2 ? std::atoi(argv[2]) : 10000;
    const std::string path = argc > 3 ? argv[3] : "/tmp/sezu-bench-archive.h5";
    std::vector<std::string> ids;
    for (int z = 0; z < zones; ++z)
        ids.push_back("zone-" + std::to_string(z));
    std::vector<sezu::MonthResult> results;
    for (int m = 0; m < months; ++m) {
        sezu::MonthResult r;
        r.month = sezu::YearMonth::from_index(sezu::first_published_month().index() + m);
        r.status = sezu::MonthStatus::Ok;
        r.stats.resize(size_t(zones));
        for (int z = 0; z < zones; ++z)
            for (size_t i = 0; i < sezu::ZoneStats::fields().size(); ++i)
                r.stats[size_t(z)].*sezu::ZoneStats::fields()[i].member = m * 0.5 + z + double(i);
        for (int t = 0; t < 6; ++t)
            r.tiles.push_back({"75N180W", "SVDNB_npp_x.tgz", "201705020851", 500000000, "ab"});
        results.push_back(std::move(r));
    }
    sezu::RunProvenance prov;
    prov.sezu_version = "bench";
    const auto t0 = std::chrono::steady_clock::now();
    sezu::write_archive(path, ids, results, prov);
    const double write_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto t1 = std::chrono::steady_clock::now();
    const auto back = sezu::read_archive(path);
    const double read_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    std::printf("archive %d months x %d zones x %zu statistics: %.1f MB, write %.3f s, read %.3f s\n",
                months, zones, sezu::ZoneStats::names().size(),
                double(std::filesystem::file_size(path)) / 1e6, write_s, read_s);
    std::filesystem::remove(path);
    return back.months.size() == size_t(months) ? 0 : 1;
}
