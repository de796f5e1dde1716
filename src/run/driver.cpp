#include "sezu/run/driver.hpp"

#include "sezu/archive/archive.hpp"
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/run/fetch_config.hpp"
#include "sezu/core/log.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/run/pipeline.hpp"
#include "sezu/core/temp_file.hpp"
#include "sezu/zones/zones.hpp"

#include "sezu/archive/archive_lock.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

namespace sezu {
namespace fs = std::filesystem;

namespace {

constexpr int kTagRequest = 101; // worker -> rank 0: finished results, and "give me a month"
constexpr int kTagAssign = 102;  // rank 0 -> worker: a month (YYYYMM) or "" for "no more"

// Downloads the month a rank will do next in a background thread, with its own fetcher, while
// the rank processes the current one: download and inflate overlap. Waits for the download
// before the next one starts and when destroyed.
class FetchAhead {
public:
    FetchAhead(const Config& config, const FetchOptions& options)
        : m_config(config), m_fetcher(quiet(options))
    {
    }
    ~FetchAhead() { wait(); }
    FetchAhead(const FetchAhead&) = delete;
    FetchAhead& operator=(const FetchAhead&) = delete;

    void start(const std::optional<YearMonth>& month)
    {
        wait();
        if (month)
            m_task = std::thread([this, m = *month] { prefetch_month(m_config, m_fetcher, m); });
    }
    void wait()
    {
        if (m_task.joinable())
            m_task.join();
    }

private:
    // One progress line per job: the month being processed has it, the month ahead is silent.
    static FetchOptions quiet(FetchOptions options)
    {
        options.progress = false;
        options.quiet = true;
        return options;
    }
    const Config& m_config;
    Fetcher m_fetcher;
    std::thread m_task;
};

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
        } catch (const ArchiveError& e) {
            message = e.what();
        }
    }
    message = comm.broadcast(message, 0);
    if (!message.empty())
        throw ConfigError(message);
}

std::string encode_months(const std::vector<YearMonth>& months)
{
    std::string out;
    for (const auto& m : months)
        out += m.to_string() + " ";
    return out;
}

std::vector<YearMonth> decode_months(const std::string& text)
{
    std::vector<YearMonth> months;
    std::istringstream is(text);
    std::string ym;
    while (is >> ym)
        months.push_back(YearMonth::parse(ym));
    return months;
}

RunProvenance provenance_of(const Config& config, const ZoneSet& zones)
{
    RunProvenance prov;
    prov.source = redact_url(config.source); // credentials in the URL stay out of the archive
    prov.pixel_rule = to_string(config.rule);
    prov.stats_options = config.stats.describe();
    prov.zones_source = zones.source;
    prov.zones_id_field = zones.id_field;
    prov.zones_fingerprint = zones.fingerprint();
    prov.config_json = config.to_json();
    prov.sezu_version = SEZU_VERSION;
    prov.created = utc_now_iso8601();
    return prov;
}

/// What an existing archive contributes to this run: months kept as they are, and the months
/// of the span still to do. Throws ConfigError when the archive was made differently.
struct ResumePlan {
    std::vector<MonthResult> kept;
    std::vector<YearMonth> todo;
};

ResumePlan plan_resume(const Config& config, const ZoneSet& zones,
                       const std::vector<YearMonth>& span)
{
    ResumePlan plan;
    if (config.new_archive || !fs::exists(config.output)) {
        plan.todo = span;
        return plan;
    }
    const ArchiveData old = read_archive(config.output);
    const std::string hint = "; rerun with --new-archive to replace it, or choose another --output";
    if (old.provenance.zones_fingerprint != zones.fingerprint())
        throw ConfigError("output: " + config.output + " was made with other zones (" +
                          old.provenance.zones_source + ") than " + zones.source + hint);
    if (old.provenance.pixel_rule != to_string(config.rule))
        throw ConfigError("output: " + config.output + " was made with pixel rule " +
                          old.provenance.pixel_rule + ", not " + to_string(config.rule) + hint);
    // Archives from before stats_options was recorded used the defaults.
    const std::string old_options = old.provenance.stats_options.empty()
                                        ? StatsOptions{}.describe()
                                        : old.provenance.stats_options;
    if (old_options != config.stats.describe())
        throw ConfigError("output: " + config.output + " was made with " + old_options +
                          ", not " + config.stats.describe() + hint);
    std::map<int, MonthResult> by_month;
    for (auto& r : results_from(old))
        by_month[r.month.index()] = std::move(r);
    for (const auto& m : span) {
        auto it = by_month.find(m.index());
        if (it != by_month.end() && it->second.status == MonthStatus::Ok)
            continue; // done before: kept as is
        plan.todo.push_back(m);
        if (it != by_month.end())
            by_month.erase(it); // retried: the new result replaces it
    }
    // Months outside this span stay in the archive: a narrower rerun never drops data.
    for (auto& [index, r] : by_month)
        plan.kept.push_back(std::move(r));
    return plan;
}

/// The per-zone columns of the archive, in zones-file order.
struct ZoneColumns {
    std::vector<std::string> ids, names, events;

    ZoneColumns(const ZoneSet& zones, const Config& config)
    {
        auto property = [](const Zone& z, const std::string& field) {
            const auto it = z.properties.find(field);
            return it == z.properties.end() ? std::string() : it->second;
        };
        for (const auto& z : zones.zones) {
            ids.push_back(z.id);
            names.push_back(property(z, config.name_field));
            events.push_back(property(z, config.event_field));
        }
    }
};

/// Rank 0's collection of results. Every new result may rewrite the archive (a checkpoint), so a
/// killed run keeps the months it finished. Thread-safe: the work-queue thread and rank 0's main
/// thread both add results; HDF5 is only ever called under the mutex.
class ResultStore {
public:
    ResultStore(const Config& config, ZoneColumns zones, RunProvenance prov,
                std::vector<MonthResult> kept)
        : m_config(config), m_zones(std::move(zones)), m_prov(std::move(prov)),
          m_results(std::move(kept)), m_last_write(std::chrono::steady_clock::now())
    {
    }

    void add(std::vector<MonthResult> results)
    {
        if (results.empty())
            return;
        std::lock_guard<std::mutex> lock(m_mutex);
        for (auto& r : results)
            m_results.push_back(std::move(r));
        const double since = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                           m_last_write)
                                 .count();
        if (since < m_config.checkpoint_seconds)
            return;
        try {
            write_locked();
        } catch (const std::exception& e) {
            // The results stay in memory and the next checkpoint (or the final write) retries.
            log::warn(std::string("checkpoint failed, will retry: ") + e.what());
        }
    }

    /// Writes the final archive and returns every result.
    std::vector<MonthResult> finish()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        write_locked();
        return m_results;
    }

private:
    void write_locked()
    {
        write_archive(m_config.output, m_zones.ids, m_results, m_prov, m_zones.names,
                      m_zones.events);
        m_last_write = std::chrono::steady_clock::now();
    }

    const Config& m_config;
    ZoneColumns m_zones;
    RunProvenance m_prov;
    std::vector<MonthResult> m_results;
    std::chrono::steady_clock::time_point m_last_write;
    std::mutex m_mutex;
};

/// The months still to hand out, oldest first (rank 0 only).
class MonthQueue {
public:
    explicit MonthQueue(std::vector<YearMonth> months) : m_months(std::move(months)) {}
    std::optional<YearMonth> take()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_next >= m_months.size())
            return std::nullopt;
        return m_months[m_next++];
    }

private:
    std::vector<YearMonth> m_months;
    size_t m_next = 0;
    std::mutex m_mutex;
};

// Rank 0's service loop: answers every worker's request with its next month until the queue is
// empty. A worker asks for one month more than it is doing (the one it fetches ahead), so it is
// done only once it has been told "no more" and has reported every month it was given. The only
// thread that calls MPI meanwhile.
void serve_workers(Comm& comm, MonthQueue& queue, ResultStore& store)
{
    std::vector<int> given(std::size_t(comm.size()), 0); // months a worker has not reported yet
    int running = comm.size() - 1;
    while (running > 0) {
        int source = 0;
        const std::string done = comm.recv_any(kTagRequest, source);
        std::vector<MonthResult> results = deserialize_results(done);
        given[std::size_t(source)] -= int(results.size());
        store.add(std::move(results));
        const auto next = queue.take();
        comm.send(next ? next->to_string() : std::string(), source, kTagAssign);
        if (next)
            ++given[std::size_t(source)];
        else if (given[std::size_t(source)] == 0)
            --running;
    }
}

void print_summary(const std::vector<std::string>& zone_ids, std::vector<MonthResult> results,
                   const std::vector<YearMonth>& span, const std::string& archive)
{
    std::sort(results.begin(), results.end(),
              [](const MonthResult& a, const MonthResult& b) { return a.month < b.month; });
    int ok = 0, in_span = 0;
    for (const auto& r : results)
        if (std::find(span.begin(), span.end(), r.month) != span.end()) {
            ++in_span;
            ok += r.status == MonthStatus::Ok;
        }
    std::printf("\nsezu: %d of %d months ok\n", ok, in_span);
    for (const auto& r : results)
        if (r.status != MonthStatus::Ok)
            std::printf("  %s  %-13s %s\n", r.month.to_string().c_str(),
                        to_string(r.status).c_str(), r.reason.c_str());
    std::printf("\n%-28s %6s %16s %16s %12s\n", "zone", "months", "first SOL", "last SOL",
                "mean rad.");
    for (size_t z = 0; z < zone_ids.size(); ++z) {
        int n = 0;
        double first = NAN, last = NAN, mean_total = 0;
        for (const auto& r : results) {
            if (r.status != MonthStatus::Ok)
                continue;
            const double sol = r.stats[z].sum;
            if (n == 0)
                first = sol;
            last = sol;
            mean_total += r.stats[z].mean;
            ++n;
        }
        std::printf("%-28s %6d %16.6g %16.6g %12.4g\n", zone_ids[z].c_str(), n, first, last,
                    n ? mean_total / n : NAN);
    }
    std::printf("\nSOL = sum of lights (nW/cm2/sr x cells); mean rad. = mean radiance over "
                "ok months\narchive: %s\n",
                archive.c_str());
    std::fflush(stdout);
}

} // namespace

int run_job(const Config& given, Comm& comm)
{
    log::set_rank(comm.rank(), comm.size());
    Config config = given;
    std::vector<YearMonth> span;
    std::optional<ZoneSet> zones;
    std::optional<detail::ArchiveLock> lock;
    ResumePlan plan;
    agree_on_rank0(comm, [&] {
        if (config.span_end == "latest") {
            Fetcher fetcher(fetch_options_for(config));
            config.span_end = resolve_latest(config.source, config.product, fetcher).to_string();
            log::info("run: the newest complete month on the source is " + config.span_end);
        }
        config.validate();
        // Through a symlink, the target is locked and replaced; the link stays a link.
        config.output = resolve_output_path(config.output);
        span = config.months();
        expand_source_template(config.source, span.front(), config.product);
        zones = load_run_zones(config, true);
        check_output_writable(config.output);
        lock.emplace(config.output);
        fs::create_directories(config.cache_dir);
        config.token();
        plan = plan_resume(config, *zones, span);
    });
    if (comm.rank() != 0)
        zones = load_run_zones(config, false);
    span = decode_months(comm.broadcast(encode_months(span), 0));
    const std::vector<YearMonth> todo = decode_months(comm.broadcast(encode_months(plan.todo), 0));

    const ZoneColumns zone_columns(*zones, config);

    FetchOptions fetch_options = fetch_options_for(config);
    fetch_options.progress = comm.rank() == 0; // one progress line per job, not one per rank
    Fetcher fetcher(fetch_options);
    MonthProcessor processor(config, *zones, fetcher);

    std::string verdict;
    if (comm.rank() == 0) {
        log::info("run: " + std::to_string(span.size()) + " months (" +
                  std::to_string(todo.size()) + " to do, " + std::to_string(plan.kept.size()) +
                  " kept from the archive), " + std::to_string(zone_columns.ids.size()) + " zones, " +
                  std::to_string(comm.size()) + " ranks, rule " + to_string(config.rule));
        try {
            ResultStore store(config, zone_columns, provenance_of(config, *zones),
                              std::move(plan.kept));
            MonthQueue queue(todo);
            // Months are handed out one at a time as ranks become free (they differ in cost).
            // Rank 0 works too, while a second thread answers the other ranks; where MPI cannot
            // allow that thread, rank 0 only coordinates.
            const bool rank0_works = comm.size() == 1 || comm.serialized_threads();
            std::thread server;
            if (comm.size() > 1) {
                if (rank0_works)
                    server = std::thread([&] { serve_workers(comm, queue, store); });
                else
                    serve_workers(comm, queue, store);
            }
            if (rank0_works) {
                FetchAhead ahead(config, fetch_options);
                for (auto month = queue.take(); month;) {
                    const auto next = queue.take();
                    ahead.start(next);
                    store.add({processor.process(*month)});
                    ahead.wait();
                    month = next;
                }
            }
            if (server.joinable())
                server.join();
            const std::vector<MonthResult> all = store.finish();
            int code = kExitOk;
            for (const auto& r : all)
                if (r.status != MonthStatus::Ok &&
                    std::find(span.begin(), span.end(), r.month) != span.end())
                    code = kExitSomeMonths;
            if (log::level() != log::Level::Quiet)
                print_summary(zone_columns.ids, all, span, config.output);
            verdict = std::to_string(code);
        } catch (const std::exception& e) {
            verdict = std::string("!") + e.what();
        }
    } else {
        // Each request reports what was finished since the last one and brings the month after
        // the one in hand, which is fetched while the one in hand is processed.
        FetchAhead ahead(config, fetch_options);
        std::vector<MonthResult> done;
        std::optional<YearMonth> current;
        while (true) {
            comm.send(serialize(done), 0, kTagRequest);
            done.clear();
            const std::string answer = comm.recv(0, kTagAssign);
            const auto next =
                answer.empty() ? std::nullopt : std::optional<YearMonth>(YearMonth::parse(answer));
            if (!current) {
                if (!next)
                    break;
                current = next; // the first month: ask for the one to fetch ahead
                continue;
            }
            ahead.start(next);
            done.push_back(processor.process(*current));
            ahead.wait();
            current = next;
        }
    }
    // Rank 0's verdict (an exit code, or the error that stopped it) reaches every rank so that
    // mpirun's exit code is the job's and no rank waits for a rank that failed.
    verdict = comm.broadcast(verdict, 0);
    if (verdict.front() == '!')
        throw JobError(verdict.substr(1));
    return std::stoi(verdict);
}

} // namespace sezu
