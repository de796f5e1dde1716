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

#include <fstream>
#include <optional>
#include <iostream>
#include <sstream>

namespace sezu::cli {

namespace {

// Output to -o FILE or stdout.
class Output {
public:
    explicit Output(const po::variables_map& vm)
    {
        if (vm.count("output")) {
            m_file.open(vm["output"].as<std::string>());
            if (!m_file)
                throw ConfigError("cannot write '" + vm["output"].as<std::string>() +
                                  "': check the folder exists and is writable");
        }
    }
    std::ostream& stream() { return m_file.is_open() ? m_file : std::cout; }

private:
    std::ofstream m_file;
};

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

} // namespace

int cmd_aggregate(const Args& args, Comm& comm)
{
    po::options_description desc("sezu aggregate options");
    desc.add_options()
        ("by", po::value<std::string>()->default_value("year"), "year, quarter or periods")
        ("periods", po::value<std::string>(),
         "with --by periods: LABEL=YYYYMM:YYYYMM[,...], e.g. fy2014=201304:201403")
        ("stats", po::value<std::string>()->default_value("sum,mean"),
         "statistics to roll up, comma-separated (names in docs/archive.md)")
        ("min-months", po::value<int>()->default_value(0),
         "usable months a period needs (default 0: more than half of its months)")
        ("output,o", po::value<std::string>(), "file to write (default ARCHIVE.by-<by>.h5)");
    const auto parsed = parse_archive_command(
        "aggregate", desc, args, comm,
        "usage: sezu aggregate ARCHIVE [--by year|quarter|periods] [-o OUT.h5]\n\nRolls months up "
        "into periods, per zone, into a new HDF5 file (docs/analysis.md).\n");
    if (!parsed)
        return kExitOk;
    const po::variables_map& vm = *parsed;
    const std::string path = vm["archive"].as<std::string>();
    const std::string by = vm["by"].as<std::string>();
    if (by != "year" && by != "quarter" && by != "periods")
        throw ConfigError("aggregate: --by must be year, quarter or periods, not '" + by + "'");
    if ((by == "periods") != (vm.count("periods") > 0))
        throw ConfigError("aggregate: --periods goes with --by periods (and --by periods needs it)");
    const int min_months = vm["min-months"].as<int>();
    if (min_months < 0)
        throw ConfigError("aggregate: --min-months must be 0 or more");
    const UsableMonths usable = usable_from(vm);
    const auto stats = split_list(vm["stats"].as<std::string>());
    std::string out_path = vm.count("output") ? vm["output"].as<std::string>() : path;
    if (!vm.count("output")) {
        if (out_path.size() > 3 && out_path.compare(out_path.size() - 3, 3, ".h5") == 0)
            out_path.resize(out_path.size() - 3);
        out_path += ".by-" + by + ".h5";
    }
    if (out_path == path)
        throw ConfigError("aggregate: the output would replace the archive; choose another -o");
    if (comm.rank() != 0)
        return kExitOk;

    const ArchiveData archive = read_archive(path);
    const std::vector<Period> periods = by == "year"      ? periods_by_year(archive.months)
                                        : by == "quarter" ? periods_by_quarter(archive.months)
                                                          : parse_periods(vm["periods"].as<std::string>());
    PeriodTables t;
    for (const auto& p : periods) {
        t.period_labels.push_back(p.label);
        t.period_first.push_back(p.first.yyyymm());
        t.period_last.push_back(p.last.yyyymm());
    }
    t.zone_ids = archive.zone_ids;
    t.zone_names = archive.zone_names;
    const std::size_t nz = archive.zone_ids.size();
    for (const auto& stat : stats) {
        auto& total = t.numbers[stat + "_total"];
        auto& mean = t.numbers[stat + "_mean"];
        auto& used = t.numbers[stat + "_months_used"];
        auto& reason = t.texts[stat + "_reason"];
        total.resize(periods.size() * nz);
        mean.resize(periods.size() * nz);
        used.resize(periods.size() * nz);
        reason.resize(periods.size() * nz);
        for (std::size_t z = 0; z < nz; ++z) {
            const MonthlySeries series = series_of(archive, z, stat);
            for (std::size_t p = 0; p < periods.size(); ++p) {
                const Rollup r = roll_up(series, periods[p], min_months, usable);
                total[p * nz + z] = r.total;
                mean[p * nz + z] = r.mean;
                used[p * nz + z] = r.months_used;
                reason[p * nz + z] = r.reason;
            }
        }
        t.descriptions[stat + "_total"] = "sum over the period's usable months of monthly " + stat;
        t.descriptions[stat + "_mean"] = "mean over the period's usable months of monthly " + stat;
        t.descriptions[stat + "_months_used"] = "usable months behind " + stat + "_total/_mean";
        t.descriptions[stat + "_reason"] = "why " + stat + "_total/_mean are NaN (empty if not)";
    }
    t.attributes["source_archive"] = path;
    t.attributes["by"] = by;
    t.attributes["statistics"] = vm["stats"].as<std::string>();
    t.attributes["min_months"] = std::to_string(min_months);
    t.attributes["gap_threshold"] = csv::number(usable.gap_threshold);
    t.attributes["use_gaps"] = usable.use_gaps ? "true" : "false";
    t.attributes["created"] = utc_now_iso8601();
    t.attributes["sezu_version"] = SEZU_VERSION;
    write_period_tables(out_path, t);
    if (log::level() != log::Level::Quiet)
        std::cout << "aggregate: " << periods.size() << " periods x " << nz << " zones ("
                  << vm["stats"].as<std::string>() << ") -> " << out_path << std::endl;
    return kExitOk;
}

int cmd_gaps(const Args& args, Comm& comm)
{
    po::options_description desc("sezu gaps options");
    desc.add_options()
        ("stat", po::value<std::string>()->default_value("sum"), "statistic to list")
        ("interpolate", "add <stat>_filled: linear across gap and missing months, marked")
        ("output,o", po::value<std::string>(), "CSV file (default: stdout)");
    const auto parsed = parse_archive_command(
        "gaps", desc, args, comm,
        "usage: sezu gaps ARCHIVE [--interpolate] [-o FILE.csv]\n\nFlags every month of every "
        "zone observed, gap or missing (CSV).\n");
    if (!parsed)
        return kExitOk;
    const po::variables_map& vm = *parsed;
    const std::string path = vm["archive"].as<std::string>();
    const UsableMonths usable = usable_from(vm);
    const std::string stat = vm["stat"].as<std::string>();
    const bool fill = vm.count("interpolate") > 0;
    if (comm.rank() != 0)
        return kExitOk;
    const ArchiveData archive = read_archive(path);
    Output out(vm);
    std::vector<std::string> header = {"yyyymm", "zone_id", "status", "zero_cvg_fraction", "flag",
                                       stat};
    if (fill) {
        header.push_back(stat + "_filled");
        header.push_back("interpolated");
    }
    out.stream() << csv::row(header);
    for (std::size_t z = 0; z < archive.zone_ids.size(); ++z) {
        const MonthlySeries s = series_of(archive, z, stat);
        const FilledSeries filled = interpolate_gaps(s, usable.gap_threshold);
        for (std::size_t m = 0; m < s.months.size(); ++m) {
            std::vector<std::string> row = {s.months[m].to_string(), archive.zone_ids[z],
                                            to_string(s.status[m]),
                                            csv::number(s.zero_cvg_fraction[m]),
                                            to_string(filled.flag[m]), csv::number(s.value[m])};
            if (fill) {
                row.push_back(csv::number(filled.value[m]));
                row.push_back(filled.interpolated[m] ? "1" : "0");
            }
            out.stream() << csv::row(row);
        }
    }
    out.stream().flush();
    return kExitOk;
}

int cmd_before_after(const Args& args, Comm& comm)
{
    po::options_description desc("sezu before-after options");
    desc.add_options()
        ("stat", po::value<std::string>()->default_value("sum"), "statistic to compare")
        ("output,o", po::value<std::string>(), "CSV file (default: stdout)");
    const auto parsed = parse_archive_command(
        "before-after", desc, args, comm,
        "usage: sezu before-after ARCHIVE [--stat sum] [-o FILE.csv]\n\nMean monthly light and "
        "trend before and after each zone's event date (the zones file's eventField, default "
        "established).\n");
    if (!parsed)
        return kExitOk;
    const po::variables_map& vm = *parsed;
    const std::string path = vm["archive"].as<std::string>();
    const UsableMonths usable = usable_from(vm);
    const std::string stat = vm["stat"].as<std::string>();
    if (comm.rank() != 0)
        return kExitOk;
    const ArchiveData archive = read_archive(path);
    Output out(vm);
    out.stream() << csv::row({"zone_id", "event", "first_month_after", "months_before",
                              "months_after", "mean_before", "mean_after", "ratio",
                              "slope_before_per_year", "slope_after_per_year", "reason"});
    for (std::size_t z = 0; z < archive.zone_ids.size(); ++z) {
        const std::string event_text = z < archive.zone_events.size() ? archive.zone_events[z] : "";
        std::string error;
        const auto event = parse_event(event_text, &error);
        BeforeAfter r = before_after(series_of(archive, z, stat), event, usable);
        if (!error.empty())
            r.reason = error;
        out.stream() << csv::row({archive.zone_ids[z], event_text,
                                  event ? event->to_string() : "", std::to_string(r.months_before),
                                  std::to_string(r.months_after), csv::number(r.mean_before),
                                  csv::number(r.mean_after), csv::number(r.ratio),
                                  csv::number(r.slope_before), csv::number(r.slope_after),
                                  r.reason});
    }
    out.stream().flush();
    return kExitOk;
}

} // namespace sezu::cli
