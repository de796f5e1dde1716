#include "sezu/driver.hpp"

#include "sezu/archive.hpp"
#include "sezu/error.hpp"
#include "sezu/fetch.hpp"
#include "sezu/log.hpp"
#include "sezu/pipeline.hpp"
#include "sezu/zones.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace sezu {
namespace fs = std::filesystem;

namespace {

std::string read_token(const Config& config)
{
    if (!config.token_file.empty()) {
        std::ifstream in(config.token_file);
        if (!in)
            throw ConfigError("token: cannot read the token file " + config.token_file);
        std::string token;
        std::getline(in, token);
        return token;
    }
    const char* env = config.token_env.empty() ? nullptr : std::getenv(config.token_env.c_str());
    return env ? env : "";
}

// Runs `check` on rank 0 only and makes every rank agree on its outcome: a ConfigError there is
// rethrown on all ranks with the same message, so the job stops once, cleanly.
template <class F> void agree_on_rank0(Comm& comm, F&& check)
{
    std::string message;
    if (comm.rank() == 0) {
        try {
            check();
        } catch (const ConfigError& e) {
            message = e.what();
        }
    }
    message = comm.broadcast(message, 0);
    if (!message.empty())
        throw ConfigError(message);
}

std::string encode_partition(const std::vector<std::vector<YearMonth>>& parts)
{
    std::ostringstream os;
    for (const auto& part : parts) {
        for (const auto& m : part)
            os << m.yyyymm() << ' ';
        os << '\n';
    }
    return os.str();
}

std::vector<YearMonth> decode_part(const std::string& text, int rank)
{
    std::istringstream is(text);
    std::string line;
    for (int r = 0; r <= rank; ++r)
        std::getline(is, line);
    std::vector<YearMonth> months;
    std::istringstream ls(line);
    int ym;
    while (ls >> ym)
        months.emplace_back(ym / 100, ym % 100);
    return months;
}

void print_summary(const std::vector<std::string>& zone_ids, std::vector<MonthResult> results,
                   const std::string& archive)
{
    std::sort(results.begin(), results.end(),
              [](const MonthResult& a, const MonthResult& b) { return a.month < b.month; });
    int ok = 0;
    for (const auto& r : results)
        ok += r.status == MonthStatus::Ok;
    std::printf("\nsezu: %d of %zu months ok\n", ok, results.size());
    for (const auto& r : results)
        if (r.status != MonthStatus::Ok)
            std::printf("  %s  %-13s %s\n", r.month.to_string().c_str(),
                        to_string(r.status).c_str(), r.reason.c_str());
    std::printf("\n%-28s %6s %16s %16s %12s\n", "zone", "months", "first SOL", "last SOL",
                "mean rad.");
    const size_t sum_i = 2, mean_i = 3; // ZoneStats::names(): count, valid_count, sum, mean, ...
    for (size_t z = 0; z < zone_ids.size(); ++z) {
        int n = 0;
        double first = NAN, last = NAN, mean_total = 0;
        for (const auto& r : results) {
            if (r.status != MonthStatus::Ok)
                continue;
            const double sol = r.stats[z].value(sum_i);
            if (n == 0)
                first = sol;
            last = sol;
            mean_total += r.stats[z].value(mean_i);
            ++n;
        }
        std::printf("%-28s %6d %16.2f %16.2f %12.3f\n", zone_ids[z].c_str(), n, first, last,
                    n ? mean_total / n : NAN);
    }
    std::printf("\nSOL = sum of lights (nW/cm2/sr x cells); mean rad. = mean radiance over "
                "ok months\narchive: %s\n",
                archive.c_str());
    std::fflush(stdout);
}

RunProvenance provenance_of(const Config& config, const ZoneSet& zones)
{
    RunProvenance prov;
    prov.source = config.source;
    prov.pixel_rule = to_string(config.rule);
    prov.zones_source = zones.source;
    prov.zones_id_field = zones.id_field;
    prov.zones_fingerprint = zones.fingerprint();
    prov.config_json = config.to_json();
    prov.sezu_version = SEZU_VERSION;
    prov.created = utc_now_iso8601();
    return prov;
}

} // namespace

std::vector<std::vector<YearMonth>> partition_months(const std::vector<YearMonth>& months,
                                                     int ranks)
{
    std::vector<std::vector<YearMonth>> parts(size_t(std::max(ranks, 1)));
    for (size_t i = 0; i < months.size(); ++i)
        parts[i % parts.size()].push_back(months[i]);
    return parts;
}

int run_job(const Config& config, Comm& comm)
{
    log::set_rank(comm.rank(), comm.size());
    std::vector<YearMonth> months;
    agree_on_rank0(comm, [&] {
        config.validate();
        months = config.months();
        expand_source_template(config.source, months.front(), config.product);
        load_zones(config.zones, config.id_field); // readable, has polygons, ids unique
        check_output_writable(config.output);
        fs::create_directories(config.cache_dir);
        read_token(config);
    });
    const ZoneSet zones = load_zones(config.zones, config.id_field);
    std::vector<std::string> zone_ids;
    for (const auto& z : zones.zones)
        zone_ids.push_back(z.id);

    // Rank 0 owns the partition; the others take their share of it.
    std::string plan;
    if (comm.rank() == 0) {
        plan = encode_partition(partition_months(months, comm.size()));
        log::info("run: " + std::to_string(months.size()) + " months, " +
                  std::to_string(zones.zones.size()) + " zones, " + std::to_string(comm.size()) +
                  " ranks, rule " + to_string(config.rule));
    }
    const std::vector<YearMonth> mine = decode_part(comm.broadcast(plan, 0), comm.rank());

    FetchOptions fetch_options;
    fetch_options.cache_dir = config.cache_dir;
    fetch_options.parallel = config.parallel_downloads;
    fetch_options.token = read_token(config);
    fetch_options.quiet = log::level() == log::Level::Quiet;
    Fetcher fetcher(fetch_options);
    MonthProcessor processor(config, zones, fetcher);

    std::vector<MonthResult> results;
    std::string fatal;
    for (const auto& month : mine) {
        try {
            results.push_back(processor.process(month));
        } catch (const ConfigError& e) {
            fatal = e.what();
            break;
        }
    }
    // A configuration problem seen by any rank stops the job once, with that rank's message.
    const std::vector<std::string> fatals = comm.gather(fatal, 0);
    std::string first_fatal;
    for (const auto& f : fatals)
        if (first_fatal.empty())
            first_fatal = f;
    first_fatal = comm.broadcast(first_fatal, 0);
    if (!first_fatal.empty())
        throw ConfigError(first_fatal);

    const std::vector<std::string> parts = comm.gather(serialize(results), 0);
    // Rank 0 writes; its verdict (an exit code, or the error that stopped it) reaches every rank
    // so that no rank waits for a rank that failed.
    std::string verdict;
    if (comm.rank() == 0) {
        try {
            std::vector<MonthResult> all;
            for (const auto& part : parts)
                for (auto& r : deserialize_results(part))
                    all.push_back(std::move(r));
            write_archive(config.output, zone_ids, all, provenance_of(config, zones));
            int code = kExitOk;
            for (const auto& r : all)
                if (r.status != MonthStatus::Ok)
                    code = kExitSomeMonths;
            if (log::level() != log::Level::Quiet)
                print_summary(zone_ids, all, config.output);
            verdict = std::to_string(code);
        } catch (const std::exception& e) {
            verdict = std::string("!") + e.what();
        }
    }
    verdict = comm.broadcast(verdict, 0);
    if (verdict.front() == '!')
        throw ArchiveError(verdict.substr(1));
    return std::stoi(verdict);
}

} // namespace sezu
