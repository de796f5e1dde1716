// The analysis commands: aggregate (roll-ups into a period x zone file), gaps (flags and marked
// interpolation as CSV) and before-after (around each zone's event date). They read only the
// archive.
#include "cli_common.hpp"

#include "sezu/outputs/analysis.hpp"
#include "sezu/core/csv.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/exit_code.hpp"
#include "sezu/core/log.hpp"
#include "sezu/archive/period_tables.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>

namespace sezu::cli {

namespace {

// The first period counted after an event: its month, or the first year starting on or after
// it (an annual row stands at its January: an event in June 2015 puts 2015 before it).
std::string first_after(const YearMonth& event, PeriodUnit unit)
{
    if (unit == PeriodUnit::Month || event.month() == 1)
        return period_text(event, unit);
    return std::to_string(event.year() + 1);
}

std::vector<std::string> split_list(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

/// `sezu aggregate`'s options, checked.
struct AggregateRequest {
    std::string archive;
    std::string by;                    ///< year, quarter or periods
    std::string periods;               ///< with --by periods
    std::string stats_text;            ///< "sum_of_lights,radiance_mean" (new names)
    std::vector<std::string> stats;
    int min_months = 0;
    UsableMonths usable;
    std::string out_path;
};

AggregateRequest aggregate_request(const ArchiveCommand& cmd)
{
    const po::variables_map& vm = cmd.vm;
    AggregateRequest r;
    r.archive = cmd.archive;
    r.usable = cmd.usable;
    r.by = vm["by"].as<std::string>();
    if (r.by != "year" && r.by != "quarter" && r.by != "periods")
        throw ConfigError("aggregate: --by must be year, quarter or periods, not '" + r.by + "'");
    if ((r.by == "periods") != (vm.count("periods") > 0))
        throw ConfigError(
            "aggregate: --periods goes with --by periods (and --by periods needs it)");
    if (vm.count("periods"))
        r.periods = vm["periods"].as<std::string>();
    r.min_months = vm["min-months"].as<int>();
    if (r.min_months < 0)
        throw ConfigError("aggregate: --min-months must be 0 or more");
    // Old names (sum, mean) stand for the new ones, which name the file's variables.
    for (const std::string& name : split_list(vm["stats"].as<std::string>()))
        r.stats.push_back(StatSelection::canonical_name(name));
    for (const std::string& name : r.stats)
        r.stats_text += (r.stats_text.empty() ? "" : ",") + name;
    r.out_path = vm.count("output") ? vm["output"].as<std::string>() : r.archive;
    if (!vm.count("output")) {
        if (r.out_path.size() > 3 && r.out_path.compare(r.out_path.size() - 3, 3, ".h5") == 0)
            r.out_path.resize(r.out_path.size() - 3);
        r.out_path += ".by-" + r.by + ".h5";
    }
    if (r.out_path == r.archive)
        throw ConfigError("aggregate: the output would replace the archive; choose another -o");
    check_output_path("aggregate", r.out_path, {r.archive}, true);
    check_output_writable(r.out_path); // a folder, a missing folder, a name too long: exit 2
    return r;
}

/// Adds <stat>_total, _mean, _months_used and _reason, periods x zones, with their descriptions.
void add_rollups(PeriodTables& t, const ArchiveData& archive, const std::vector<Period>& periods,
                 const std::string& stat, const AggregateRequest& r)
{
    const std::size_t nz = archive.zone_ids.size(), cells = periods.size() * nz;
    auto& total = t.numbers[stat + "_total"];
    auto& mean = t.numbers[stat + "_mean"];
    auto& used = t.numbers[stat + "_months_used"];
    auto& reason = t.texts[stat + "_reason"];
    total.resize(cells);
    mean.resize(cells);
    used.resize(cells);
    reason.resize(cells);
    for (std::size_t z = 0; z < nz; ++z) {
        const MonthlySeries series = series_of(archive, z, stat);
        for (std::size_t p = 0; p < periods.size(); ++p) {
            const Rollup rollup = roll_up(series, periods[p], r.min_months, r.usable);
            total[p * nz + z] = rollup.total;
            mean[p * nz + z] = rollup.mean;
            used[p * nz + z] = rollup.months_used;
            reason[p * nz + z] = rollup.reason;
        }
    }
    t.descriptions[stat + "_total"] = "sum over the period's usable months of monthly " + stat;
    t.descriptions[stat + "_mean"] = "mean over the period's usable months of monthly " + stat;
    t.descriptions[stat + "_months_used"] = "usable months behind " + stat + "_total/_mean";
    t.descriptions[stat + "_reason"] = "why " + stat + "_total/_mean are NaN (empty if not)";
}

/// Throws ConfigError for periods that can only give NaN: one holding none of the archive's months
/// (a typo in a year), or --min-months above a period's length.
void check_periods(const std::vector<Period>& periods, const ArchiveData& archive,
                   const AggregateRequest& r)
{
    if (archive.months.empty())
        throw ConfigError("aggregate: '" + r.archive + "' holds no months to aggregate");
    for (const Period& p : periods) {
        if (std::none_of(archive.months.begin(), archive.months.end(),
                         [&](const YearMonth& m) { return p.contains(m); }))
            throw ConfigError("aggregate: the period '" + p.label + "' (" + p.first.to_string() +
                              ".." + p.last.to_string() + ") holds none of the archive's months (" +
                              archive.months.front().to_string() + ".." +
                              archive.months.back().to_string() + ")");
        if (r.min_months > p.months())
            throw ConfigError("aggregate: --min-months " + std::to_string(r.min_months) +
                              " is more than the " + std::to_string(p.months()) +
                              " months of period '" + p.label + "'; every value would be NaN");
    }
}

/// The period tables of `archive` as the request asks.
PeriodTables roll_up_archive(const ArchiveData& archive, const AggregateRequest& r)
{
    // Roll-ups count months (--min-months, quarters); an annual archive has one row per year.
    if (archive.provenance.period == PeriodUnit::Year)
        throw ConfigError("aggregate: '" + r.archive + "' holds annual values (" +
                          archive.provenance.product_name + "), one per year already; aggregate "
                          "rolls months up into years, quarters or periods. `sezu export` gives "
                          "the yearly table as it is");
    const std::vector<Period> periods = r.by == "year"      ? periods_by_year(archive.months)
                                        : r.by == "quarter" ? periods_by_quarter(archive.months)
                                                            : parse_periods(r.periods);
    check_periods(periods, archive, r);
    PeriodTables t;
    for (const auto& p : periods) {
        t.period_labels.push_back(p.label);
        t.period_first.push_back(p.first.yyyymm());
        t.period_last.push_back(p.last.yyyymm());
    }
    t.zone_ids = archive.zone_ids;
    t.zone_names = archive.zone_names;
    for (const auto& stat : r.stats)
        add_rollups(t, archive, periods, stat, r);
    t.attributes["source_archive"] = r.archive;
    t.attributes["by"] = r.by;
    t.attributes["statistics"] = r.stats_text;
    t.attributes["min_months"] = std::to_string(r.min_months);
    t.attributes["gap_threshold"] = csv::number(r.usable.gap_threshold);
    t.attributes["use_gaps"] = r.usable.use_gaps ? "true" : "false";
    t.attributes["created"] = utc_now_iso8601();
    t.attributes["sezu_version"] = SEZU_VERSION;
    return t;
}

} // namespace

int cmd_aggregate(const Args& args, Comm& comm)
{
    po::options_description desc("sezu aggregate options");
    desc.add_options()
        ("by", po::value<std::string>()->default_value("year"), "year, quarter or periods")
        ("periods", po::value<std::string>(),
         "with --by periods: LABEL=YYYYMM:YYYYMM[,...], e.g. fy2014=201304:201403")
        ("stats", po::value<std::string>()->default_value("sum_of_lights,radiance_mean"),
         "statistics to roll up, comma-separated (names in docs/archive.md)")
        ("min-months", po::value<int>()->default_value(0),
         "usable months a period needs (default 0: more than half of its months)")
        ("output,o", po::value<std::string>(), "file to write (default ARCHIVE.by-<by>.h5)");
    const auto cmd = parse_archive_command(
        "aggregate", desc, args, comm,
        "usage: sezu aggregate ARCHIVE [--by year|quarter|periods] [-o OUT.h5]\n\nRolls months up "
        "into periods, per zone, into a new HDF5 file (docs/analysis.md).\n");
    if (!cmd)
        return kExitOk;
    const AggregateRequest request = aggregate_request(*cmd);
    if (comm.rank() != 0)
        return kExitOk;
    const PeriodTables t = roll_up_archive(read_archive(request.archive), request);
    write_period_tables(request.out_path, t);
    if (log::level() != log::Level::Quiet)
        std::cout << "aggregate: " << t.period_labels.size() << " periods x " << t.zone_ids.size()
                  << " zones (" << request.stats_text << ") -> " << request.out_path << std::endl;
    return kExitOk;
}

int cmd_gaps(const Args& args, Comm& comm)
{
    po::options_description desc("sezu gaps options");
    desc.add_options()
        ("interpolate", "add <stat>_filled: linear across gap and missing months, marked");
    desc.add(stat_csv_options("statistic to list"));
    const auto cmd = parse_archive_command(
        "gaps", desc, args, comm,
        "usage: sezu gaps ARCHIVE [--interpolate] [-o FILE.csv]\n\nFlags every month of every "
        "zone observed, gap or missing (CSV).\n");
    if (!cmd || comm.rank() != 0)
        return kExitOk;
    const std::string stat = StatSelection::canonical_name(cmd->vm["stat"].as<std::string>());
    const bool fill = cmd->vm.count("interpolate") > 0;
    const ArchiveData archive = read_archive(cmd->archive);
    OutputStream out(cmd->vm, "gaps", {cmd->archive});
    const PeriodUnit unit = archive.provenance.period; // rows are months, or years (annual)
    std::vector<std::string> header = {archive.period_word(), "zone", "zone_name", "status",
                                       "zero_cvg_fraction", "flag", stat};
    if (fill) {
        header.push_back(stat + "_filled");
        header.push_back("interpolated");
    }
    out.stream() << csv::row(header);
    for (std::size_t z = 0; z < archive.zone_ids.size(); ++z) {
        const MonthlySeries s = series_of(archive, z, stat);
        const FilledSeries filled = interpolate_gaps(s, cmd->usable.gap_threshold);
        for (std::size_t m = 0; m < s.months.size(); ++m) {
            std::vector<std::string> row = {period_text(s.months[m], unit), archive.zone_ids[z],
                                            archive.zone_names[z], to_string(s.status[m]),
                                            csv::number(s.zero_cvg_fraction[m]),
                                            to_string(filled.flag[m]), csv::number(s.value[m])};
            if (fill) {
                row.push_back(csv::number(filled.value[m]));
                row.push_back(filled.interpolated[m] ? "1" : "0");
            }
            out.stream() << csv::row(row);
        }
    }
    out.commit();
    return kExitOk;
}

int cmd_before_after(const Args& args, Comm& comm)
{
    po::options_description desc("sezu before-after options");
    desc.add(stat_csv_options("statistic to compare"));
    const auto cmd = parse_archive_command(
        "before-after", desc, args, comm,
        "usage: sezu before-after ARCHIVE [--stat sum_of_lights] [-o FILE.csv]\n\nMean monthly "
        "light and trend before and after each zone's event date (the zones file's eventField, "
        "default established).\n");
    if (!cmd || comm.rank() != 0)
        return kExitOk;
    const std::string stat = StatSelection::canonical_name(cmd->vm["stat"].as<std::string>());
    const ArchiveData archive = read_archive(cmd->archive);
    OutputStream out(cmd->vm, "before-after", {cmd->archive});
    // In an annual archive the rows counted and the first one after the event are years.
    const PeriodUnit unit = archive.provenance.period;
    const std::string word = archive.period_word();
    out.stream() << csv::row({"zone", "zone_name", "event", "first_" + word + "_after",
                              word + "s_before", word + "s_after", "mean_before", "mean_after",
                              "ratio", "slope_before_per_year", "slope_after_per_year", "reason"});
    for (std::size_t z = 0; z < archive.zone_ids.size(); ++z) {
        const std::string event_text = z < archive.zone_events.size() ? archive.zone_events[z] : "";
        std::string error;
        const auto event = parse_event(event_text, &error);
        BeforeAfter r = before_after(series_of(archive, z, stat), event, cmd->usable);
        if (!error.empty())
            r.reason = error;
        out.stream() << csv::row({archive.zone_ids[z], archive.zone_names[z], event_text,
                                  event ? first_after(*event, unit) : "",
                                  std::to_string(r.months_before),
                                  std::to_string(r.months_after), csv::number(r.mean_before),
                                  csv::number(r.mean_after), csv::number(r.ratio),
                                  csv::number(r.slope_before), csv::number(r.slope_after),
                                  r.reason});
    }
    out.commit();
    return kExitOk;
}

} // namespace sezu::cli
