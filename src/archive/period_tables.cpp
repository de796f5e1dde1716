#include "sezu/archive/period_tables.hpp"

#include "h5.hpp"
#include "table_axes.hpp"

#include <hdf5_hl.h>

namespace sezu {
using namespace detail;

void write_period_tables(const std::string& path, const PeriodTables& t)
{
    write_atomically(path, [&](ArchiveFile& f) {
        const hsize_t np = t.period_labels.size();
        const hsize_t nz = t.zone_ids.size();
        TableAxes axes(f, f.index_dimension("period", np, "period index (see period_label)"), np,
                       nz);
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
        axes.strings("zone_id", t.zone_ids, Along::Zones,
                     described("zone_id", "zone identifier from the zones file"));
        std::vector<std::string> names = t.zone_names;
        names.resize(nz);
        axes.strings("zone_name", names, Along::Zones,
                     described("zone_name", "zone name (empty when none)"));
        for (const auto& [name, values] : t.numbers) {
            if (values.size() != np * nz)
                throw ArchiveError("archive: table " + name + " has " +
                                   std::to_string(values.size()) + " values, not periods x zones");
            axes.dataset(name, H5T_NATIVE_DOUBLE, Along::Both, values.data(),
                         described(name, name));
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
    t.zone_ids = f.read_strings("zone_id");
    t.zone_names = f.read_strings("zone_name");
    // Every other period x zone dataset is a table: numbers or texts by their HDF5 type.
    const std::size_t n = t.period_labels.size() * t.zone_ids.size();
    H5G_info_t info{};
    f.check(H5Gget_info(f.id(), &info), "list", 0);
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        char name[256] = {};
        if (H5Lget_name_by_idx(f.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                               H5P_DEFAULT) < 0)
            continue;
        const std::string key = name;
        if (key == "period" || key == "zone" || key.rfind("period_", 0) == 0 ||
            key.rfind("zone_", 0) == 0)
            continue;
        H5Id ds(f.check(H5Dopen2(f.id(), name, H5P_DEFAULT), "open " + key), H5Dclose);
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
