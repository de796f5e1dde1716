// The run as a sequence: rank 0 checks the job and plans it (resume), every rank learns the
// plan, the months are handed out and their results collected on rank 0, and rank 0's verdict
// reaches every rank. The steps live in work_queue (the months over the ranks), result_store
// (checkpoints) and run_summary (the end).
#include "sezu/run/driver.hpp"

#include "result_store.hpp"
#include "run_summary.hpp"
#include "work_queue.hpp"

#include "sezu/archive/archive.hpp"
#include "sezu/archive/archive_lock.hpp"
#include "sezu/archive/resume_plan.hpp"
#include "sezu/core/log.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/core/temp_file.hpp"
#include "sezu/products/tile_grid.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/run/fetch_config.hpp"
#include "sezu/run/pipeline.hpp"
#include "sezu/run/rank_messages.hpp"
#include "sezu/zones/zones.hpp"

#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

namespace sezu {
namespace fs = std::filesystem;
using namespace detail;

namespace {

/// What every rank knows of the job once it is set up; rank 0 also holds the archive's lock,
/// the months the archive keeps and the provenance to write.
struct Job {
    Config config;
    std::vector<YearMonth> span;
    std::vector<YearMonth> todo;
    std::optional<ZoneSet> zones;
    std::optional<ArchiveLock> lock;     // rank 0
    std::vector<MonthResult> kept;       // rank 0
    RunProvenance provenance;            // rank 0
};

// Runs `check` on rank 0 only and makes every rank agree on its outcome: a ConfigError there is
// rethrown on all ranks with the same message, so the job stops once, cleanly.
template <class F> void agree_on_rank0(Comm& comm, F&& check)
{
    SetupVerdict verdict;
    if (comm.rank() == 0) {
        try {
            check();
        } catch (const ConfigError& e) {
            verdict.refusal = e.what();
        } catch (const ArchiveError& e) {
            verdict.refusal = e.what();
        }
    }
    verdict = broadcast_message(comm, verdict, 0);
    if (verdict.refusal)
        throw ConfigError(*verdict.refusal);
}

RunProvenance provenance_of(const Config& config, const ZoneSet& zones)
{
    RunProvenance prov;
    const Product& data = config.data_product();
    std::ostringstream product;
    if (data.family == ProductFamily::EogTiles)
        product << "EOG VIIRS DNB monthly composites (" << config.product << ")";
    else
        product << "NASA Black Marble " << data.short_name << " collection " << data.collection;
    prov.product = product.str();
    prov.product_name = data.name;
    prov.collection = data.collection;
    prov.variable = config.variable_or_default();
    // The satellite months are from unless their own says otherwise: --satellite auto prefers
    // Suomi NPP; a Black Marble product names its own.
    prov.satellite = data.family == ProductFamily::BlackMarble ? data.satellite
                     : config.product.satellite == "auto" ? eog_satellites().front()
                                                          : config.product.satellite;
    prov.period = data.period;
    prov.source = redact_url(config.source); // credentials in the URL stay out of the archive
    prov.pixel_rule = to_string(config.rule);
    prov.stats_options = config.stats.describe();
    prov.statistics = config.stats.statistics.describe();
    prov.zones_source = zones.source;
    prov.zones_id_field = zones.id_field;
    prov.zones_layer = zones.layer;
    prov.zones_crs = zones.crs;
    prov.zones_fingerprint = zones.fingerprint();
    prov.config_json = config.to_json();
    prov.sezu_version = SEZU_VERSION;
    prov.created = utc_now_iso8601();
    return prov;
}

// Everything that can be wrong with the job is found here, on rank 0, before any work: the
// span, the source, the zones, the output (writable, not locked by another run, resumable).
// Returns the months still to do.
std::vector<YearMonth> check_and_plan(Job& job)
{
    Config& config = job.config;
    config.validate_source_before_latest(); // a bad setting is refused before the source is asked
    if (config.span_end == "latest") {
        require_eog_tiles(config, "--span-end latest"); // else give the month as YYYYMM
        Fetcher fetcher(fetch_options_for(config));
        config.span_end = resolve_latest(config.source, config.product, fetcher).to_string();
        log::info("run: the newest complete month on the source is " + config.span_end);
    }
    config.validate();
    // Through a symlink, the target is locked and replaced; the link stays a link.
    config.output = resolve_output_path(config.output);
    job.span = config.months();
    // The template expands, for each satellite the run may ask for (--satellite auto: both).
    ProductSpec spec = config.product;
    for (const std::string& satellite :
         spec.satellite == "auto" ? eog_satellites() : std::vector<std::string>{spec.satellite}) {
        spec.satellite = satellite;
        expand_source_template(config.source_template(), job.span.front(), spec);
    }
    job.zones = load_run_zones(config, true);
    check_output_writable(config.output);
    // The login works before any month is tried: a bad secret or an expired session is one
    // message (exit 2), not a failure per month; and before the cache folder is made, so a
    // refused login leaves nothing behind.
    Login(config.login_options()).check();
    std::error_code ec;
    fs::create_directories(config.cache_dir, ec);
    if (ec || !fs::is_directory(config.cache_dir))
        throw ConfigError("cacheDir: cannot use '" + config.cache_dir + "' as the download cache: " +
                          (ec ? ec.message() : "a file is in the way") +
                          "; give a folder with --cache-dir");
    job.lock.emplace(config.output);
    job.provenance = provenance_of(config, *job.zones);
    ResumePlan plan = plan_resume(config.output, job.provenance, job.span, config.new_archive);
    job.kept = std::move(plan.kept);
    return plan.todo;
}

// Collective: every rank ends with the plan; a job refused on rank 0 throws on every rank.
void set_up(Job& job, Comm& comm)
{
    MonthPlan plan;
    agree_on_rank0(comm, [&] { plan.todo = check_and_plan(job); });
    if (comm.rank() != 0)
        job.zones = load_run_zones(job.config, false);
    plan.span = job.span;
    plan = broadcast_message(comm, plan, 0);
    job.span = std::move(plan.span);
    job.todo = std::move(plan.todo);
}

// Rank 0: hands the months out, collects and writes the results; the job's verdict.
JobVerdict lead(Job& job, Comm& comm, MonthProcessor& processor,
                const FetchOptions& fetch_options)
{
    std::vector<ArchiveZone> zones = archive_zones(*job.zones, job.config);
    std::vector<std::string> zone_ids;
    for (const auto& z : zones)
        zone_ids.push_back(z.id);
    const PeriodUnit unit = job.config.data_product().period;
    log::info("run: " + std::to_string(job.span.size()) + " " + to_string(unit) + "s (" +
              std::to_string(job.todo.size()) + " to do, " + std::to_string(job.kept.size()) +
              " kept from the archive), " + std::to_string(zone_ids.size()) + " zones, " +
              std::to_string(comm.size()) + " ranks, rule " + to_string(job.config.rule));
    try {
        RunProgress progress(std::cerr,
                             StatusLine::mode_for_stderr(log::level() == log::Level::Quiet),
                             job.todo.size());
        ResultStore store(job.config, std::move(zones), job.provenance, std::move(job.kept),
                          &progress);
        MonthQueue queue(job.todo);
        lead_months(comm, queue, store, processor, job.config, fetch_options);
        const std::vector<MonthResult> all = store.finish();
        if (log::level() != log::Level::Quiet)
            print_summary(zone_ids, all, job.span, job.config.output, unit);
        return {exit_code_for(all, job.span), std::nullopt};
    } catch (const std::exception& e) {
        return {kExitInternal, std::string(e.what())};
    }
}

} // namespace

int run_job(const Config& config, Comm& comm)
{
    log::set_rank(comm.rank(), comm.size());
    Job job;
    job.config = config;
    set_up(job, comm);

    FetchOptions fetch_options = fetch_options_for(job.config);
    // Rank 0's overall line is the run's progress; each download's, on every rank, under -v.
    fetch_options.progress = log::level() == log::Level::Verbose;
    fetch_options.progress_plain = true;
    Fetcher fetcher(fetch_options);
    MonthProcessor processor(job.config, *job.zones, fetcher);

    JobVerdict verdict;
    if (comm.rank() == 0)
        verdict = lead(job, comm, processor, fetch_options);
    else
        work_for_rank0(comm, processor, job.config, fetch_options);
    // Rank 0's verdict (an exit code, or the error that stopped it) reaches every rank so that
    // mpirun's exit code is the job's and no rank waits for a rank that failed.
    verdict = broadcast_message(comm, verdict, 0);
    if (verdict.error)
        throw JobError(*verdict.error);
    return verdict.exit_code;
}

} // namespace sezu
