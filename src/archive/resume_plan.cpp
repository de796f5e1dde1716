#include "sezu/archive/resume_plan.hpp"

#include "sezu/core/error.hpp"

#include <filesystem>
#include <map>

namespace sezu {
namespace fs = std::filesystem;

bool operator==(const ResumePlan& a, const ResumePlan& b)
{
    return a.kept == b.kept && a.todo == b.todo;
}

bool operator!=(const ResumePlan& a, const ResumePlan& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const ResumePlan& p)
{
    os << "ResumePlan{todo";
    for (const auto& m : p.todo)
        os << ' ' << m;
    os << ", kept";
    for (const auto& r : p.kept) {
        os << ' ' << r.month;
        if (r.status != MonthStatus::Ok)
            os << '(' << to_string(r.status) << ')';
    }
    return os << '}';
}

namespace {

// Months made differently cannot be mixed into one archive: its tables would mean two things.
void check_made_alike(const std::string& path, const RunProvenance& old,
                      const RunProvenance& wanted)
{
    const std::string hint = "; rerun with --new-archive to replace it, or choose another --output";
    // Archives from before products existed hold eog-monthly's avg_rade9h (collection v10).
    const auto or_eog = [](const std::string& value, const char* eog) {
        return value.empty() ? std::string(eog) : value;
    };
    const std::string old_product = or_eog(old.product_name, "eog-monthly");
    const std::string new_product = or_eog(wanted.product_name, "eog-monthly");
    const std::string old_data = old_product + " " + or_eog(old.collection, "v10") + " " +
                                 or_eog(old.variable, "avg_rade9h");
    const std::string new_data = new_product + " " + or_eog(wanted.collection, "v10") + " " +
                                 or_eog(wanted.variable, "avg_rade9h");
    if (old_data != new_data)
        throw ConfigError("output: " + path + " holds " + old_data + " (product, collection, "
                          "variable), not " + new_data + "; one archive holds one product: rerun "
                          "with --product " + old_product + " to add to it, with --new-archive to "
                          "replace it, or choose another --output");
    if (old.zones_fingerprint != wanted.zones_fingerprint)
        throw ConfigError("output: " + path + " was made with other zones (" + old.zones_source +
                          ") than " + wanted.zones_source + hint);
    if (old.pixel_rule != wanted.pixel_rule)
        throw ConfigError("output: " + path + " was made with pixel rule " + old.pixel_rule +
                          ", not " + wanted.pixel_rule + hint);
    // Archives from before stats_options was recorded used the defaults.
    const std::string old_options =
        old.stats_options.empty() ? StatsOptions{}.describe() : old.stats_options;
    if (old_options != wanted.stats_options)
        throw ConfigError("output: " + path + " was made with " + old_options + ", not " +
                          wanted.stats_options + hint);
    // Its tables are the statistics chosen then; others cannot be added to the old months.
    // Archives from before --stats hold the default selection.
    const std::string default_stats = StatSelection().describe();
    const std::string old_stats = old.statistics.empty() ? default_stats : old.statistics;
    const std::string new_stats = wanted.statistics.empty() ? default_stats : wanted.statistics;
    if (old_stats != new_stats)
        throw ConfigError("output: " + path + " holds the statistics " + old_stats +
                          ", not the ones asked for (--stats " + new_stats +
                          "); rerun with --stats " + old_stats + " to resume it, with "
                          "--new-archive to replace it, or choose another --output");
}

} // namespace

ResumePlan plan_resume(const std::string& archive_path, const RunProvenance& wanted,
                       const std::vector<YearMonth>& span, bool replace)
{
    ResumePlan plan;
    if (replace || !fs::exists(archive_path)) {
        plan.todo = span;
        return plan;
    }
    const ArchiveData old = read_archive(archive_path);
    check_made_alike(archive_path, old.provenance, wanted);
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

} // namespace sezu
