// `sezu info`'s text: read only from the file (archive or aggregate tables), never from the run.
#include "sezu/outputs/file_summary.hpp"

#include "sezu/archive/archive.hpp"
#include "sezu/archive/file_info.hpp"
#include "sezu/archive/period_tables.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/core/text_encoding.hpp"
#include "sezu/products/tile_grid.hpp"

#include <map>
#include <ostream>

namespace sezu {

namespace {

void write_zones(std::ostream& out, const std::vector<std::string>& ids,
                 const std::vector<std::string>& names)
{
    // Control characters in a file's texts are shown escaped, never sent to the terminal.
    constexpr std::size_t kWhole = 1000;
    for (std::size_t z = 0; z < ids.size(); ++z)
        out << "  " << printable_text(ids[z], kWhole)
            << (z < names.size() && !names[z].empty() ? "  " + printable_text(names[z], kWhole)
                                                      : std::string())
            << "\n";
}

/// What sets month m apart from the run's others: "partial: 20220701-20220726", "from j01
/// (NOAA-20)"; "" for a whole month of the run's satellite.
std::string month_notes(const ArchiveData& a, std::size_t m)
{
    std::string notes;
    if (a.partial(m))
        notes += "  partial: " + a.partial_days(m);
    if (const std::string other = a.other_satellite(m); !other.empty())
        notes += "  from " + other + " (" + satellite_title(other) + ")";
    return notes;
}

/// Consecutive ok months as "201201-201810 (82 months)"; the others one per line with reasons.
/// A partial month, or one from another satellite than the run's, has a line of its own. An
/// annual archive's rows are years: "years: 3 (ok 3)", "2014-2016  ok (3 years)".
void write_months(std::ostream& out, const ArchiveData& a)
{
    const PeriodUnit unit = a.provenance.period;
    const std::string word = to_string(unit);
    const auto text = [&](std::size_t m) { return period_text(a.months[m], unit); };
    std::map<MonthStatus, std::size_t> counts;
    for (const auto s : a.status)
        ++counts[s];
    out << word << "s: " << a.months.size();
    const char* sep = " (";
    for (const auto& [status, n] : counts) {
        out << sep << to_string(status) << " " << n;
        sep = ", ";
    }
    out << (counts.empty() ? "" : ")") << "\n";
    for (std::size_t m = 0; m < a.months.size();) {
        if (a.status[m] != MonthStatus::Ok) {
            out << "  " << text(m) << "  " << to_string(a.status[m])
                << (a.reasons[m].empty() ? "" : "  " + a.reasons[m]) << "\n";
            ++m;
            continue;
        }
        const std::string notes = month_notes(a, m);
        std::size_t last = m;
        while (notes.empty() && last + 1 < a.months.size() &&
               a.status[last + 1] == MonthStatus::Ok &&
               a.months[last + 1] == next_period(a.months[last], unit) &&
               month_notes(a, last + 1).empty())
            ++last;
        out << "  " << text(m);
        if (last > m)
            out << "-" << text(last);
        out << "  ok (" << (last - m + 1) << " " << word << (last > m ? "s)" : ")") << notes
            << "\n";
        m = last + 1;
    }
}

void write_archive_summary(std::ostream& out, const std::string& path)
{
    const ArchiveData a = read_archive(path);
    const RunProvenance& p = a.provenance;
    out << "product: " << (p.product.empty() ? "not recorded (written before sezu recorded it)"
                                             : p.product);
    if (!p.product_name.empty())
        out << " [" << p.product_name << ", collection " << p.collection << ", " << p.variable
            << "]";
    if (!p.satellite.empty())
        out << "\nsatellite: " << p.satellite << " (" << satellite_title(p.satellite)
            << "; months from another are marked below)";
    out << "\ncreated: " << p.created << " by sezu " << p.sezu_version
        << "\nsource: " << redact_url(p.source) << "\nzones: " << a.zone_ids.size() << " from "
        << p.zones_source << " (rule " << p.pixel_rule << ")\n";
    write_zones(out, a.zone_ids, a.zone_names);
    write_months(out, a);
}

void write_tables_summary(std::ostream& out, const std::string& path)
{
    const PeriodTables t = read_period_tables(path);
    for (const auto& [name, value] : t.attributes)
        out << name << ": " << value << "\n";
    out << "zones: " << t.zone_ids.size() << "\n";
    write_zones(out, t.zone_ids, t.zone_names);
    out << "periods: " << t.period_labels.size() << "\n";
    for (std::size_t i = 0; i < t.period_labels.size(); ++i)
        out << "  " << t.period_labels[i] << "  " << t.period_first[i] << "-" << t.period_last[i]
            << "\n";
}

} // namespace

void write_file_summary(std::ostream& out, const std::string& path)
{
    const SezuFileInfo info = describe_sezu_file(path);
    out << "file: " << path << " (" << info.kind << ")\n";
    if (info.kind == SezuFileKind::Archive)
        write_archive_summary(out, path);
    else
        write_tables_summary(out, path);
    out << "variables: " << info.variables.size() << "\n";
    for (const auto& v : info.variables)
        out << "  " << v << "\n";
}

} // namespace sezu
