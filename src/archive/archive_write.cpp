// Writing the archive: its coordinates, the per-zone columns, each month's status, one month x
// zone table per statistic, the tiles' provenance and the run's, as named steps inside one
// write_atomically (layout: docs/archive.md).
#include "sezu/archive/archive.hpp"

#include "sezu/products/tile_grid.hpp"

#include "archive_chips.hpp"
#include "h5.hpp"
#include "table_axes.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace sezu {
using namespace detail;

namespace {

// Units, descriptions and CF cell_methods of the statistics ("area" is the zone: each is taken
// over the zone's cells, weighted by the fraction of each cell inside it). Skewness and the
// coefficient of variation have no CF method and get no cell_methods. Unknown names get none.
struct StatMeta {
    const char* name;
    const char* units;
    const char* long_name;
    const char* cell_methods;   // nullptr: no CF method says what it is
};
const StatMeta kStatMeta[] = {
    {"cell_count", "1", "number of the zone's cells, each weighted by its covered fraction",
     "area: sum"},
    {"valid_count", "1",
     "number of the zone's cells with cloud-free observations (weighted by covered fraction)",
     "area: sum"},
    // Σ w·v: radiance times a dimensionless weight, so the unit of radiance; it grows with the
    // zone's number of cells (docs/archive.md).
    {"sum_of_lights", "nW cm-2 sr-1",
     "sum over the zone's cells of radiance x covered fraction (sum of lights)", "area: sum"},
    {"radiance_mean", "nW cm-2 sr-1", "mean radiance of the zone (weighted by covered fraction)",
     "area: mean"},
    {"radiance_min", "nW cm-2 sr-1", "minimum radiance of the zone's cells", "area: minimum"},
    {"radiance_max", "nW cm-2 sr-1", "maximum radiance of the zone's cells", "area: maximum"},
    {"radiance_std", "nW cm-2 sr-1",
     "population standard deviation of radiance in the zone (weighted by covered fraction)",
     "area: standard_deviation"},
    {"negative_count", "1",
     "number of the zone's cells with negative radiance (weighted by covered fraction)",
     "area: sum"},
    {"lit_count", "1",
     "number of the zone's cells above the lit threshold (weighted by covered fraction)",
     "area: sum"},
    {"lit_fraction", "1", "share of the zone above the lit threshold", "area: mean"},
    {"cvg_mean", "1", "mean number of cloud-free observations (weighted by covered fraction)",
     "area: mean"},
    {"cvg_min", "1", "minimum number of cloud-free observations of the zone's cells",
     "area: minimum"},
    {"zero_cvg_fraction", "1", "share of the zone with no cloud-free observation (a gap)",
     "area: mean"},
    {"area_km2", "km2", "area of the zone's cells on the WGS 84 ellipsoid (x covered fraction)",
     "area: sum"},
    {"sum_of_lights_per_km2", "nW cm-2 sr-1 km-2",
     "sum of lights per km2: sum_of_lights / area_km2",
     "area: sum (comment: divided by area_km2)"},
    {"radiance_skew", "1",
     "population skewness of radiance in the zone (third standardized moment, weighted)", nullptr},
    {"radiance_cv", "1", "coefficient of variation of radiance: radiance_std / radiance_mean",
     nullptr},
    {"nonfinite_count", "1",
     "number of the zone's cells whose radiance is +Inf or -Inf (in no other statistic)",
     "area: sum"},
};

/// The statistics the provenance names (empty: the default selection).
StatSelection chosen_statistics(const RunProvenance& prov)
{
    return prov.statistics.empty() ? StatSelection() : StatSelection::parse(prov.statistics);
}

/// The month coordinate: CF time (days since the epoch), a dimension scale. In an annual
/// archive the same dimension holds years, each at its first day, and says so (`period_unit`):
/// every reader keeps working, and xarray's `sel(month="2015")` picks the year 2015.
H5Id write_month_axis(ArchiveFile& f, const std::vector<MonthResult>& results, PeriodUnit unit)
{
    std::vector<int> days;
    for (const auto& r : results)
        days.push_back(int(r.month.days_since_epoch()));
    H5Id month = f.dataset("month", H5T_NATIVE_INT, {hsize_t(results.size())}, days.data());
    f.check(H5DSset_scale(month, "month"), "set month scale", 0);
    f.attr(month, "units", "days since 1970-01-01 00:00:00");
    f.attr(month, "calendar", "standard");
    f.attr(month, "standard_name", "time");
    f.attr(month, "long_name",
           unit == PeriodUnit::Month ? "first day of the month" : "first day of the year");
    f.attr(month, "axis", "T");
    if (unit == PeriodUnit::Year)
        f.attr(month, "period_unit", "year");
    return month;
}

/// yyyymm, status, status_reason, satellite, first_day and last_day, one entry per period.
void write_months(ArchiveFile& f, TableAxes& axes, const std::vector<MonthResult>& results,
                  PeriodUnit unit)
{
    std::vector<int> yyyymm, first_day, last_day;
    std::vector<signed char> status;
    std::vector<std::string> reasons, satellites;
    for (const auto& r : results) {
        yyyymm.push_back(r.month.yyyymm());
        status.push_back(static_cast<signed char>(r.status));
        reasons.push_back(r.reason);
        satellites.push_back(r.satellite);
        first_day.push_back(r.first_day);
        last_day.push_back(r.last_day);
    }
    axes.strings("satellite", satellites, Along::Rows,
                 "satellite of the month's files: npp = Suomi NPP, j01 = NOAA-20 (empty when "
                 "none were found)");
    axes.dataset("first_day", H5T_NATIVE_INT, Along::Rows, first_day.data(),
                 "first day the month's files cover, as YYYYMMDD (0 when none were found)");
    axes.dataset("last_day", H5T_NATIVE_INT, Along::Rows, last_day.data(),
                 "last day the month's files cover, as YYYYMMDD; before the month's last day in "
                 "a partial month (0 when none were found)");
    const bool annual = unit == PeriodUnit::Year;
    axes.dataset("yyyymm", H5T_NATIVE_INT, Along::Rows, yyyymm.data(),
                 annual ? "first month of the year as YYYYMM (YYYY01)" : "month as YYYYMM");
    H5Id st = axes.dataset("status", H5T_NATIVE_SCHAR, Along::Rows, status.data(),
                           annual ? "processing status of the year"
                                  : "processing status of the month");
    f.attr<signed char>(st, "flag_values", H5T_NATIVE_SCHAR, {0, 1, 2, 3});
    f.attr(st, "flag_meanings", "ok incomplete failed not_published");
    axes.strings("status_reason", reasons, Along::Rows,
                 annual ? "why a year is not ok (empty when ok)"
                        : "why a month is not ok (empty when ok)");
}

/// Along the zone dimension (whose coordinate, the ids, TableAxes wrote): zone_name, zone_event,
/// the representative point (lat, lon) and the geometry as WKT.
void write_zones(ArchiveFile& f, TableAxes& axes, const std::vector<ArchiveZone>& zones)
{
    // CF discrete sampling geometry: each zone is one time series, identified by `zone`.
    f.attr(axes.zones(), "cf_role", "timeseries_id");
    std::vector<std::string> names, events, wkts;
    std::vector<double> lat, lon;
    for (const auto& z : zones) {
        names.push_back(z.name);
        events.push_back(z.event);
        wkts.push_back(z.wkt);
        lat.push_back(z.lat);
        lon.push_back(z.lon);
    }
    axes.strings("zone_name", names, Along::Zones,
                 "zone name from the zones file (empty when none)");
    axes.strings("zone_event", events, Along::Zones,
                 "zone event date (YYYY or YYYY-MM, e.g. when it was established; empty when "
                 "none)");
    const auto point = [&](const char* name, const std::vector<double>& values, const char* units,
                           const char* standard_name) {
        H5Id ds = axes.dataset(name, H5T_NATIVE_DOUBLE, Along::Zones, values.data(),
                               std::string(standard_name) + " of a point inside the zone");
        f.attr(ds, "units", units);
        f.attr(ds, "standard_name", standard_name);
    };
    point("lat", lat, "degrees_north", "latitude");
    point("lon", lon, "degrees_east", "longitude");
    axes.strings("zone_geometry", wkts, Along::Zones,
                 "zone polygon as WKT, WGS 84 longitude latitude (empty when not known)");
}

/// Units, description and cell_methods of a quantile (radiance_median, radiance_q10, ...):
/// radiance's units; CF has a method for the median only.
StatMeta quantile_meta(const std::string& name, std::string& long_name)
{
    const bool median = name == "radiance_median";
    const std::string prefix = "radiance_q";
    long_name = (median ? std::string("median") : name.substr(prefix.size()) + "th percentile") +
                " of radiance in the zone (weighted by covered fraction; exactextract's "
                "weighted quantile)";
    return {name.c_str(), "nW cm-2 sr-1", long_name.c_str(), median ? "area: median" : nullptr};
}

/// One month x zone table per chosen statistic (`names`, in order); NaN where the month is not
/// ok.
void write_statistics(ArchiveFile& f, TableAxes& axes, const std::vector<MonthResult>& results,
                      const std::vector<std::string>& names)
{
    const hsize_t nm = axes.row_count(), nz = axes.zone_count();
    for (const std::string& name : names) {
        std::vector<double> table(nm * nz, std::nan(""));
        for (hsize_t m = 0; m < nm; ++m)
            if (results[m].stats.size() == nz)
                for (hsize_t z = 0; z < nz; ++z)
                    table[m * nz + z] = results[m].stats[z].value(name);
        std::string long_name;
        StatMeta meta{nullptr, nullptr, nullptr, nullptr};
        for (const auto& known : kStatMeta)
            if (name == known.name)
                meta = known;
        if (!meta.name && StatSelection::quantile_level(name) >= 0)
            meta = quantile_meta(name, long_name);
        H5Id ds = axes.dataset(name, H5T_NATIVE_DOUBLE, Along::Both, table.data(),
                               meta.name ? meta.long_name : name.c_str());
        if (meta.name)
            f.attr(ds, "units", meta.units);
        if (meta.cell_methods)
            f.attr(ds, "cell_methods", meta.cell_methods);
        f.attr(ds, "coordinates", "yyyymm zone_name lat lon");
    }
}

/// The archive's tile axis: the 6 EOG tiles in index order (as every archive of eog-monthly
/// has it), or, for another product's tiles (Black Marble's "h18v08"), the tiles its months
/// used, sorted.
std::vector<std::string> tile_axis(const std::vector<MonthResult>& results)
{
    std::set<std::string> other;
    for (const auto& r : results)
        for (const auto& t : r.tiles)
            if (!find_tile(t.tile))
                other.insert(t.tile);
    if (!other.empty())
        return {other.begin(), other.end()};
    std::vector<std::string> names;
    for (const auto& spec : tile_specs())
        names.emplace_back(spec.name); // in index order 0..5
    return names;
}

/// Provenance of every tile: month x tile tables of file names, stamps, digests and sizes.
void write_tiles(ArchiveFile& f, hid_t month, const std::vector<MonthResult>& results)
{
    const std::vector<std::string> tile_names = tile_axis(results);
    std::map<std::string, hsize_t> column;
    for (const auto& name : tile_names)
        column.emplace(name, column.size());
    const hsize_t nm = results.size(), nt = tile_names.size();
    std::vector<std::string> files(nm * nt), stamps(nm * nt), digests(nm * nt);
    std::vector<long long> bytes(nm * nt, 0);
    for (hsize_t m = 0; m < nm; ++m)
        for (const auto& t : results[m].tiles)
            if (auto c = column.find(t.tile); c != column.end()) {
                const hsize_t i = m * nt + c->second;
                files[i] = t.file_name;
                stamps[i] = t.stamp;
                digests[i] = t.sha256;
                bytes[i] = t.bytes;
            }
    H5Id tile = f.index_dimension("tile", nt, "tile index (see tile_name)");
    const H5Id str = vlen_string_type();
    const auto tn = c_strings(tile_names);
    H5Id tname = f.dataset("tile_name", str, {nt}, tn.data());
    f.attach(tname, {tile});
    const auto month_by_tile = [&](const char* name, const std::vector<std::string>& values,
                                   const char* long_name) {
        const auto ptrs = c_strings(values);
        H5Id ds = f.dataset(name, str, {nm, nt}, ptrs.data());
        f.attr(ds, "long_name", long_name);
        f.attach(ds, {month, tile});
    };
    month_by_tile("tile_file", files, "archive file used for each tile");
    month_by_tile("tile_stamp", stamps, "creation stamp of each tile's archive");
    month_by_tile("tile_sha256", digests, "SHA-256 of each tile's archive file (hex)");
    H5Id tb = f.dataset("tile_bytes", H5T_NATIVE_LLONG, {nm, nt}, bytes.data());
    f.attr(tb, "units", "bytes");
    f.attach(tb, {month, tile});
}

/// The run's provenance as root attributes.
void write_provenance(ArchiveFile& f, const RunProvenance& prov)
{
    const hid_t root = f.id();
    f.attr(root, "Conventions", "CF-1.8");
    f.attr(root, "title", prov.period == PeriodUnit::Year
                              ? "VIIRS DNB annual night lights per zone (sezu)"
                              : "VIIRS DNB monthly night lights per zone (sezu)");
    f.attr(root, "featureType", "timeSeries");
    f.attr(root, "sezu_version", prov.sezu_version);
    f.attr(root, "created", prov.created);
    f.attr(root, "product", prov.product);
    // Archives of runs that name no product stay as they were (readers of old archives read
    // their absence as eog-monthly).
    if (!prov.product_name.empty()) {
        f.attr(root, "product_name", prov.product_name);
        f.attr(root, "collection", prov.collection);
        f.attr(root, "variable", prov.variable);
    }
    f.attr(root, "satellite", prov.satellite);
    if (prov.period == PeriodUnit::Year)
        f.attr(root, "period_unit", "year");
    f.attr(root, "source", prov.source);
    f.attr(root, "pixel_rule", prov.pixel_rule);
    f.attr(root, "stats_options", prov.stats_options);
    f.attr(root, "statistics", chosen_statistics(prov).describe());
    f.attr(root, "zones_source", prov.zones_source);
    f.attr(root, "zones_id_field", prov.zones_id_field);
    f.attr(root, "zones_layer", prov.zones_layer);
    f.attr(root, "zones_crs", prov.zones_crs);
    f.attr(root, "zones_fingerprint", prov.zones_fingerprint);
    f.attr(root, "config", prov.config_json);
}

} // namespace

void write_archive_with_zones(const std::string& path, const std::vector<ArchiveZone>& zones,
                   std::vector<MonthResult> results, const RunProvenance& prov, bool compress)
{
    std::sort(results.begin(), results.end(),
              [](const MonthResult& a, const MonthResult& b) { return a.month < b.month; });
    std::vector<std::string> ids;
    for (const auto& z : zones)
        ids.push_back(z.id);
    write_atomically(path, [&](ArchiveFile& f) {
        TableAxes axes(f, write_month_axis(f, results, prov.period), results.size(), ids,
                       compress ? kTableDeflate : 0);
        write_months(f, axes, results, prov.period);
        write_zones(f, axes, zones);
        write_statistics(f, axes, results, chosen_statistics(prov).names());
        write_tiles(f, axes.rows(), results);
        write_chips(f, axes.zones(), results, zones.size(), compress ? kTableDeflate : 0);
        write_provenance(f, prov);
    });
}

void write_archive(const std::string& path, const std::vector<std::string>& zone_ids,
                   std::vector<MonthResult> results, const RunProvenance& prov,
                   const std::vector<std::string>& zone_names,
                   const std::vector<std::string>& zone_events)
{
    std::vector<ArchiveZone> zones;
    for (std::size_t z = 0; z < zone_ids.size(); ++z) {
        zones.emplace_back(zone_ids[z]);
        zones.back().name = z < zone_names.size() ? zone_names[z] : "";
        zones.back().event = z < zone_events.size() ? zone_events[z] : "";
    }
    write_archive_with_zones(path, zones, std::move(results), prov);
}

} // namespace sezu
