// Times sezu's fetcher on one month: discovery (one listing) plus fetch_tiles of the 6 tiles,
// as `sezu run` does it. Used by bench/download/run.sh.
//
//   bench_fetch --source TEMPLATE --month YYYYMM --cache DIR [--parallel N] [--quiet]
//   bench_fetch --source TEMPLATE --month YYYYMM --list      (prints the 6 tile URLs)
//
// Prints "bench_fetch: files=6 bytes=N seconds=S" on stdout.
#include "sezu/discover/catalog.hpp"
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

namespace {

int usage()
{
    std::cerr << "usage: bench_fetch --source TEMPLATE --month YYYYMM (--cache DIR | --list) "
                 "[--parallel N] [--quiet]\n";
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    std::string source, month, cache;
    int parallel = 6;
    bool quiet = false;
    bool list = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--source" && has_value)
            source = argv[++i];
        else if (a == "--month" && has_value)
            month = argv[++i];
        else if (a == "--cache" && has_value)
            cache = argv[++i];
        else if (a == "--parallel" && has_value)
            parallel = std::stoi(argv[++i]);
        else if (a == "--quiet")
            quiet = true;
        else if (a == "--list")
            list = true;
        else
            return usage();
    }
    if (source.empty() || month.empty() || (cache.empty() && !list))
        return usage();
    try {
        sezu::FetchOptions options;
        options.cache_dir = cache;
        options.parallel = parallel;
        options.quiet = quiet || list;
        sezu::Fetcher fetcher(options);
        const auto t0 = std::chrono::steady_clock::now();
        const sezu::DiscoveredMonth found = sezu::discover_month(
            fetcher, source, sezu::ProductSpec{}, sezu::YearMonth::parse(month));
        if (found.availability != sezu::Availability::Complete) {
            std::cerr << "bench_fetch: " << month << " is not complete: " << found.reason << "\n";
            return 1;
        }
        if (list) {
            for (const auto& t : found.tiles)
                std::cout << t.url << "\n";
            return 0;
        }
        const auto files = fetcher.fetch_tiles(found.tiles);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        long long bytes = 0;
        for (const auto& f : files)
            bytes += f.bytes;
        std::cout << "bench_fetch: files=" << files.size() << " bytes=" << bytes
                  << " seconds=" << seconds << std::endl;
        return 0;
    } catch (const sezu::Error& e) {
        std::cerr << "bench_fetch: " << e.what() << "\n";
        return 1;
    }
}
