#include "sezu/archive/archive.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/temp_file.hpp"
#include "sezu/products/tile_grid.hpp"

#include "h5.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace sezu {
namespace fs = std::filesystem;
using namespace detail;

namespace {

// Units and descriptions of the statistics, as CF attributes. Unknown names get none.
struct StatMeta {
    const char* name;
    const char* units;
    const char* long_name;
};
const StatMeta kStatMeta[] = {
    {"count", "1", "coverage-weighted number of cells in the zone"},
    {"valid_count", "1", "coverage-weighted number of cells with cloud-free observations"},
    {"sum", "nW cm-2 sr-1", "sum of lights: coverage-weighted sum of radiance"},
    {"mean", "nW cm-2 sr-1", "coverage-weighted mean radiance"},
    {"min", "nW cm-2 sr-1", "minimum radiance of cells in the zone"},
    {"max", "nW cm-2 sr-1", "maximum radiance of cells in the zone"},
    {"std", "nW cm-2 sr-1", "coverage-weighted population standard deviation of radiance"},
    {"negative_count", "1", "coverage-weighted number of cells with negative radiance"},
    {"lit_count", "1", "coverage-weighted number of cells above the lit threshold"},
    {"lit_fraction", "1", "share of the zone above the lit threshold"},
    {"cvg_mean", "1", "coverage-weighted mean number of cloud-free observations"},
    {"cvg_min", "1", "minimum number of cloud-free observations"},
    {"zero_cvg_fraction", "1", "share of the zone with no cloud-free observation (a gap)"},
    {"area_km2", "km2", "area of the zone's cells on the WGS 84 ellipsoid (coverage-weighted)"},
    {"sum_per_km2", "nW cm-2 sr-1 km-2", "sum of lights per km2 of the zone"},
    {"skew", "1", "coverage-weighted population skewness of radiance (third standardized moment)"},
};

} // namespace

std::optional<std::size_t> ArchiveData::newest_ok_month() const
{
    // Archives are stored sorted by month, but compare rather than rely on it.
    std::optional<std::size_t> newest;
    for (std::size_t m = 0; m < months.size(); ++m)
        if (status[m] == MonthStatus::Ok && (!newest || months[*newest] < months[m]))
            newest = m;
    return newest;
}

std::vector<MonthResult> results_from(const ArchiveData& a)
{
    std::vector<MonthResult> out;
    for (size_t m = 0; m < a.months.size(); ++m) {
        MonthResult r;
        r.month = a.months[m];
        r.status = a.status[m];
        r.reason = a.reasons[m];
        if (m < a.tiles.size()) // an ArchiveData made in memory may carry no tiles
            r.tiles = a.tiles[m];
        if (r.status == MonthStatus::Ok) {
            r.stats.resize(a.zone_ids.size());
            for (const auto& stat : ZoneStats::fields()) {
                // An archive from before a statistic existed has no table for it.
                const bool stored = a.stats.count(stat.name) > 0;
                for (size_t z = 0; z < a.zone_ids.size(); ++z)
                    r.stats[z].*stat.member = stored ? a.at(stat.name, m, z) : std::nan("");
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::string utc_now_iso8601()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {

void check_output_path(const std::string& given);

} // namespace

void check_output_writable(const std::string& given)
{
    // A path the file system refuses outright (a name over NAME_MAX, a path over PATH_MAX) makes
    // std::filesystem throw: bad input, said as such.
    try {
        check_output_path(given);
    } catch (const fs::filesystem_error& e) {
        throw ConfigError("output: cannot use '" + given + "': " + e.code().message() +
                          "; choose a shorter name or another folder");
    }
}

namespace {

void check_output_path(const std::string& given)
{
    const std::string path = resolve_output_path(given);
    const fs::path target(path);
    if (fs::is_directory(target))
        throw ConfigError("output: '" + path + "' is a directory; give a file name such as " +
                          (target / "sezu.h5").string());
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(dir))
        throw ConfigError("output: folder '" + dir.string() + "' of '" + path +
                          "' does not exist; create it first");
    // Create the very file the output is first written as: permissions alone do not tell (a
    // read-only mount, ACLs), and a name the file system refuses (too long once the temporary's
    // suffix is added) must fail now, not after hours of work.
    const std::string probe = temp_path_for(path);
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int error_number = errno;
        if (error_number == EEXIST)
            return; // another host's process with our pid: the name works
        if (error_number == ENAMETOOLONG)
            throw ConfigError("output: the name '" + path + "' is too long for the file system "
                              "(it is first written as '" + probe + "'); choose a shorter name");
        throw ConfigError("output: cannot write in folder '" + dir.string() + "' for '" + path +
                          "': " + std::strerror(error_number) + " (it is first written as '" +
                          probe + "'); choose a writable folder");
    }
    ::close(fd);
    ::unlink(probe.c_str());
}

} // namespace

void write_archive(const std::string& path, const std::vector<std::string>& zone_ids,
                   std::vector<MonthResult> results, const RunProvenance& prov,
                   const std::vector<std::string>& zone_names,
                   const std::vector<std::string>& zone_events)
{
    std::sort(results.begin(), results.end(),
              [](const MonthResult& a, const MonthResult& b) { return a.month < b.month; });
    write_atomically(path, [&](ArchiveFile& f) {
        const hsize_t nm = results.size();
        const hsize_t nz = zone_ids.size();

        // Coordinates: month (CF time, days since epoch) and zone (index), as dimension scales.
        std::vector<int> days, yyyymm;
        std::vector<signed char> status;
        std::vector<std::string> reasons;
        for (const auto& r : results) {
            days.push_back(int(r.month.days_since_epoch()));
            yyyymm.push_back(r.month.yyyymm());
            status.push_back(static_cast<signed char>(r.status));
            reasons.push_back(r.reason);
        }

        H5Id month = f.dataset("month", H5T_NATIVE_INT, {nm}, days.data());
        f.check(H5DSset_scale(month, "month"), "set month scale", 0);
        f.attr(month, "units", "days since 1970-01-01 00:00:00");
        f.attr(month, "calendar", "standard");
        f.attr(month, "standard_name", "time");
        f.attr(month, "long_name", "first day of the month");
        f.attr(month, "axis", "T");
        H5Id zone = f.index_dimension("zone", nz, "zone index (order of the zones file)");
        auto attach = [&](hid_t ds, bool month_dim, bool zone_dim) {
            if (month_dim)
                f.attach(ds, {month, zone_dim ? hid_t(zone) : hid_t(-1)});
            else if (zone_dim)
                f.attach(ds, {zone});
        };

        H5Id ym = f.dataset("yyyymm", H5T_NATIVE_INT, {nm}, yyyymm.data());
        f.attr(ym, "long_name", "month as YYYYMM");
        attach(ym, true, false);

        H5Id str = vlen_string_type();
        auto ids = c_strings(zone_ids);
        H5Id zid = f.dataset("zone_id", str, {nz}, ids.data());
        f.attr(zid, "long_name", "zone identifier from the zones file");
        attach(zid, false, true);
        auto zone_strings = [&](const char* name, std::vector<std::string> values,
                                const char* long_name) {
            values.resize(zone_ids.size());
            auto ptrs = c_strings(values);
            H5Id ds = f.dataset(name, str, {nz}, ptrs.data());
            f.attr(ds, "long_name", long_name);
            attach(ds, false, true);
        };
        zone_strings("zone_name", zone_names, "zone name from the zones file (empty when none)");
        zone_strings("zone_event", zone_events,
                     "zone event date (YYYY or YYYY-MM, e.g. when it was established; empty "
                     "when none)");

        H5Id st = f.dataset("status", H5T_NATIVE_SCHAR, {nm}, status.data());
        f.attr(st, "long_name", "processing status of the month");
        f.attr<signed char>(st, "flag_values", H5T_NATIVE_SCHAR, {0, 1, 2, 3});
        f.attr(st, "flag_meanings", "ok incomplete failed not_published");
        attach(st, true, false);
        auto reason_ptrs = c_strings(reasons);
        H5Id rs = f.dataset("status_reason", str, {nm}, reason_ptrs.data());
        f.attr(rs, "long_name", "why a month is not ok (empty when ok)");
        attach(rs, true, false);

        // One month x zone table per statistic; NaN where the month is not ok.
        for (const auto& stat : ZoneStats::fields()) {
            std::vector<double> table(nm * nz, std::nan(""));
            for (hsize_t m = 0; m < nm; ++m)
                if (results[m].stats.size() == nz)
                    for (hsize_t z = 0; z < nz; ++z)
                        table[m * nz + z] = results[m].stats[z].*stat.member;
            H5Id ds = f.dataset(stat.name, H5T_NATIVE_DOUBLE, {nm, nz}, table.data());
            for (const auto& meta : kStatMeta)
                if (stat.name == meta.name) {
                    f.attr(ds, "units", meta.units);
                    f.attr(ds, "long_name", meta.long_name);
                }
            f.attr(ds, "coordinates", "yyyymm zone_id");
            attach(ds, true, true);
        }

        // Provenance of every tile: month x tile tables of names and sizes.
        const hsize_t nt = kTileCount;
        std::vector<std::string> files(nm * nt), stamps(nm * nt), digests(nm * nt);
        std::vector<long long> bytes(nm * nt, 0);
        for (hsize_t m = 0; m < nm; ++m)
            for (const auto& t : results[m].tiles)
                if (auto spec = find_tile(t.tile)) {
                    files[m * nt + spec->index] = t.file_name;
                    stamps[m * nt + spec->index] = t.stamp;
                    digests[m * nt + spec->index] = t.sha256;
                    bytes[m * nt + spec->index] = t.bytes;
                }
        std::vector<std::string> tile_names;
        for (const auto& spec : tile_specs())
            tile_names.emplace_back(spec.name); // in index order 0..5
        H5Id tile = f.index_dimension("tile", nt, "tile index (see tile_name)");
        auto tn = c_strings(tile_names);
        H5Id tname = f.dataset("tile_name", str, {nt}, tn.data());
        f.attach(tname, {tile});
        auto attach_mt = [&](hid_t ds) { f.attach(ds, {month, tile}); };
        auto fp = c_strings(files);
        H5Id tf = f.dataset("tile_file", str, {nm, nt}, fp.data());
        f.attr(tf, "long_name", "archive file used for each tile");
        attach_mt(tf);
        auto sp = c_strings(stamps);
        H5Id ts = f.dataset("tile_stamp", str, {nm, nt}, sp.data());
        f.attr(ts, "long_name", "creation stamp of each tile's archive");
        attach_mt(ts);
        auto dp = c_strings(digests);
        H5Id td = f.dataset("tile_sha256", str, {nm, nt}, dp.data());
        f.attr(td, "long_name", "SHA-256 of each tile's archive file (hex)");
        attach_mt(td);
        H5Id tb = f.dataset("tile_bytes", H5T_NATIVE_LLONG, {nm, nt}, bytes.data());
        f.attr(tb, "units", "bytes");
        attach_mt(tb);

        const hid_t root = f.id();
        f.attr(root, "Conventions", "CF-1.8");
        f.attr(root, "title", "VIIRS DNB monthly night lights per zone (sezu)");
        f.attr(root, "sezu_version", prov.sezu_version);
        f.attr(root, "created", prov.created);
        f.attr(root, "source", prov.source);
        f.attr(root, "pixel_rule", prov.pixel_rule);
        f.attr(root, "stats_options", prov.stats_options);
        f.attr(root, "zones_source", prov.zones_source);
        f.attr(root, "zones_id_field", prov.zones_id_field);
        f.attr(root, "zones_fingerprint", prov.zones_fingerprint);
        f.attr(root, "config", prov.config_json);
    });
}

ArchiveData read_archive(const std::string& path)
{
    const ArchiveFile f = open_read_only(path);
    ArchiveData out;

    auto read_ints = [&](const std::string& name) { return f.read_ints(name); };
    auto read_strings = [&](const std::string& name) { return f.read_strings(name); };
    for (long long ym : read_ints("yyyymm"))
        out.months.emplace_back(int(ym / 100), int(ym % 100));
    for (long long s : read_ints("status"))
        out.status.push_back(MonthStatus(int(s)));
    out.reasons = read_strings("status_reason");
    out.zone_ids = read_strings("zone_id");
    auto optional_zone_strings = [&](const char* name) {
        return f.has(name) ? read_strings(name) : std::vector<std::string>(out.zone_ids.size());
    };
    out.zone_names = optional_zone_strings("zone_name");
    out.zone_events = optional_zone_strings("zone_event");
    for (const auto& name : ZoneStats::names()) {
        if (f.has(name))
            out.stats[name] = f.read_doubles(name);
    }
    const auto files = read_strings("tile_file");
    const auto stamps = read_strings("tile_stamp");
    const auto bytes = read_ints("tile_bytes");
    // Archives written before tile_sha256 existed simply have no digests.
    const auto digests =
        f.has("tile_sha256") ? read_strings("tile_sha256") : std::vector<std::string>(files.size());
    for (size_t m = 0; m < out.months.size(); ++m) {
        std::vector<TileProvenance> tiles;
        for (const auto& spec : tile_specs()) {
            const size_t i = m * kTileCount + size_t(spec.index);
            if (!files[i].empty())
                tiles.push_back({spec.name, files[i], stamps[i], bytes[i], digests[i]});
        }
        out.tiles.push_back(std::move(tiles));
    }
    const hid_t root = f.id();
    out.provenance.source = read_string_attr(root, "source");
    out.provenance.pixel_rule = read_string_attr(root, "pixel_rule");
    out.provenance.stats_options = read_string_attr(root, "stats_options");
    out.provenance.zones_source = read_string_attr(root, "zones_source");
    out.provenance.zones_id_field = read_string_attr(root, "zones_id_field");
    out.provenance.zones_fingerprint = read_string_attr(root, "zones_fingerprint");
    out.provenance.config_json = read_string_attr(root, "config");
    out.provenance.sezu_version = read_string_attr(root, "sezu_version");
    out.provenance.created = read_string_attr(root, "created");
    return out;
}

} // namespace sezu
