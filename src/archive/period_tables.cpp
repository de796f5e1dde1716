#include "sezu/archive/period_tables.hpp"

#include "h5.hpp"
#include "table_axes.hpp"

#include "sezu/core/months.hpp"

#include <hdf5_hl.h>

namespace sezu {
using namespace detail;

namespace {

/// CF time of the periods, so that xarray decodes them: `time`, the first day of each period,
/// with bounds `time_bnds` (period x nv: that day and the first day after the period), in days
/// since 1970-01-01.
void write_time(ArchiveFile& f, TableAxes& axes, const PeriodTables& t)
{
    const auto day = [](int yyyymm) { return YearMonth(yyyymm / 100, yyyymm % 100); };
    std::vector<int> first, bounds;
    for (std::size_t p = 0; p < t.period_first.size(); ++p) {
        first.push_back(int(day(t.period_first[p]).days_since_epoch()));
        bounds.push_back(first.back());
        bounds.push_back(int(day(t.period_last.at(p)).next().days_since_epoch()));
    }
    const char* units = "days since 1970-01-01 00:00:00";
    H5Id time = axes.dataset("time", H5T_NATIVE_INT, Along::Rows, first.data(),
                             "first day of the period");
    f.attr(time, "units", units);
    f.attr(time, "calendar", "standard");
    f.attr(time, "standard_name", "time");
    f.attr(time, "axis", "T");
    f.attr(time, "bounds", "time_bnds");
    H5Id nv = f.index_dimension("nv", 2, "bound: 0 first day of the period, 1 the day after it");
    H5Id bnds = f.dataset("time_bnds", H5T_NATIVE_INT, {hsize_t(first.size()), 2}, bounds.data());
    // CF: bounds inherit the units of their coordinate; xarray still reads them when stated.
    f.attr(bnds, "units", units);
    f.attr(bnds, "calendar", "standard");
    f.attach(bnds, {axes.rows(), nv});
}

/// Variables of the file that are not period x zone tables.
bool is_axis_variable(const std::string& name)
{
    return name == "period" || name == "zone" || name == "time" || name == "time_bnds" ||
           name == "nv" || name.rfind("period_", 0) == 0 || name.rfind("zone_", 0) == 0;
}

} // namespace

void write_period_tables(const std::string& path, const PeriodTables& t)
{
    write_atomically(path, [&](ArchiveFile& f) {
        const hsize_t np = t.period_labels.size();
        const hsize_t nz = t.zone_ids.size();
        TableAxes axes(f, f.index_dimension("period", np, "period index (see period_label)"), np,
                       t.zone_ids);
        // The caller's description of a table, else `fallback`.
        const auto described = [&](const std::string& name, const std::string& fallback) {
            const auto it = t.descriptions.find(name);
            return it == t.descriptions.end() ? fallback : it->second;
        };
        axes.strings("period_label", t.period_labels, Along::Rows,
                     described("period_label", "period label"));
        axes.dataset("period_first", H5T_NATIVE_INT, Along::Rows, t.period_first.data(),
                     "first month of the period, YYYYMM");
        axes.dataset("period_last", H5T_NATIVE_INT, Along::Rows, t.period_last.data(),
                     "last month of the period, YYYYMM (inclusive)");
        std::vector<std::string> names = t.zone_names;
        names.resize(nz);
        axes.strings("zone_name", names, Along::Zones,
                     described("zone_name", "zone name (empty when none)"));
        write_time(f, axes, t);
        for (const auto& [name, values] : t.numbers) {
            if (values.size() != np * nz)
                throw ArchiveError("archive: table " + name + " has " +
                                   std::to_string(values.size()) + " values, not periods x zones");
            H5Id ds = axes.dataset(name, H5T_NATIVE_DOUBLE, Along::Both, values.data(),
                                   described(name, name));
            f.attr(ds, "coordinates", "time period_label zone_name");
        }
        for (const auto& [name, values] : t.texts) {
            if (values.size() != np * nz)
                throw ArchiveError("archive: table " + name + " has " +
                                   std::to_string(values.size()) + " texts, not periods x zones");
            axes.strings(name, values, Along::Both, described(name, name));
        }
        f.attr(f.id(), "Conventions", "CF-1.8");
        for (const auto& [name, value] : t.attributes)
            f.attr(f.id(), name, value);
    }, "file");
}

PeriodTables read_period_tables(const std::string& path)
{
    const ArchiveFile f = open_read_only(path, "an aggregate table file", "period_label");
    PeriodTables t;
    t.period_labels = f.read_strings("period_label");
    for (long long v : f.read_ints("period_first"))
        t.period_first.push_back(int(v));
    for (long long v : f.read_ints("period_last"))
        t.period_last.push_back(int(v));
    t.zone_ids = read_zone_ids(f);
    t.zone_names = f.read_strings("zone_name");
    // Every other period x zone dataset is a table: numbers or texts by their HDF5 type.
    const std::size_t n = t.period_labels.size() * t.zone_ids.size();
    for (const std::string& key : f.dataset_names()) {
        if (is_axis_variable(key))
            continue;
        H5Id ds(f.check(H5Dopen2(f.id(), key.c_str(), H5P_DEFAULT), "open " + key), H5Dclose);
        H5Id type(H5Dget_type(ds), H5Tclose);
        if (H5Tget_class(type) == H5T_STRING) {
            t.texts[key] = f.read_strings(key);
            if (t.texts[key].size() != n)
                t.texts.erase(key);
        } else {
            t.numbers[key] = f.read_doubles(key);
            if (t.numbers[key].size() != n)
                t.numbers.erase(key);
        }
        t.descriptions[key] = read_string_attr(ds, "long_name");
    }
    for (const char* attr : {"source_archive", "by", "statistics", "min_months", "gap_threshold",
                             "use_gaps", "created", "sezu_version"})
        if (H5Aexists(f.id(), attr) > 0)
            t.attributes[attr] = read_string_attr(f.id(), attr);
    return t;
}

} // namespace sezu
