// Reading an archive back: every table, the tiles' and the run's provenance. Archives written
// before a dataset existed (zone_name, zone_event, lat, lon, zone_geometry, tile_sha256,
// satellite, first_day, last_day, a statistic) read as empty (NaN; 0 days: whole months); those whose `zone` was an index have their ids in `zone_id`;
// those from before the statistics were renamed (2026-12) have their old names (docs/archive.md).
#include "sezu/archive/archive.hpp"

#include "sezu/products/tile_grid.hpp"

#include "archive_chips.hpp"
#include "h5.hpp"
#include "table_axes.hpp"

#include <limits>

namespace sezu {
using namespace detail;

ArchiveData read_archive(const std::string& path)
{
    const ArchiveFile f = open_read_only(path, "an archive", "yyyymm");
    // Every archive sezu ever wrote has these; without them it is damaged or not sezu's.
    for (const char* name : {"status", "status_reason", "zone", "tile_file"})
        if (!f.has(name))
            throw ConfigError("'" + path + "' is not a complete archive: it has 'yyyymm' but no '" +
                              name + "' (damaged, or written by another program?); `sezu info " +
                              path + "` tells what it holds");
    ArchiveData out;

    auto read_ints = [&](const std::string& name) { return f.read_ints(name); };
    auto read_strings = [&](const std::string& name) { return f.read_strings(name); };
    for (long long ym : read_ints("yyyymm"))
        out.months.emplace_back(int(ym / 100), int(ym % 100));
    for (long long s : read_ints("status"))
        out.status.push_back(MonthStatus(int(s)));
    out.reasons = read_strings("status_reason");
    // Archives from before sezu recorded a month's satellite and days have none: whole months.
    const std::size_t nm = out.months.size();
    out.satellites = f.has("satellite") ? read_strings("satellite") : std::vector<std::string>(nm);
    const auto optional_days = [&](const char* name) {
        std::vector<int> days(nm, 0);
        if (f.has(name)) {
            const auto stored = read_ints(name);
            for (std::size_t m = 0; m < nm && m < stored.size(); ++m)
                days[m] = int(stored[m]);
        }
        return days;
    };
    out.first_days = optional_days("first_day");
    out.last_days = optional_days("last_day");
    out.zone_ids = read_zone_ids(f);
    const std::size_t nz = out.zone_ids.size();
    auto optional_zone_strings = [&](const char* name) {
        return f.has(name) ? read_strings(name) : std::vector<std::string>(nz);
    };
    out.zone_names = optional_zone_strings("zone_name");
    out.zone_events = optional_zone_strings("zone_event");
    out.zone_geometry = optional_zone_strings("zone_geometry");
    const auto optional_zone_numbers = [&](const char* name) {
        return f.has(name) ? f.read_doubles(name)
                           : std::vector<double>(nz, std::numeric_limits<double>::quiet_NaN());
    };
    out.zone_lat = optional_zone_numbers("lat");
    out.zone_lon = optional_zone_numbers("lon");
    // The chosen statistics, in their order; archives from before --stats hold the default.
    // Archives from before the rename (2026-12) name them the old way (sum, mean, q10): read
    // under the new names, so a resumed archive is rewritten with them.
    const std::string chosen = read_string_attr(f.id(), "statistics");
    const StatSelection selection = chosen.empty() ? StatSelection() : StatSelection::parse(chosen);
    out.statistics = selection.names();
    for (const auto& name : out.statistics) {
        const std::string old_name = StatSelection::old_name(name);
        if (f.has(name))
            out.stats[name] = f.read_doubles(name);
        else if (!old_name.empty() && f.has(old_name))
            out.stats[name] = f.read_doubles(old_name);
    }
    const auto files = read_strings("tile_file");
    const auto stamps = read_strings("tile_stamp");
    const auto bytes = read_ints("tile_bytes");
    // Archives written before tile_sha256 existed simply have no digests.
    const auto digests =
        f.has("tile_sha256") ? read_strings("tile_sha256") : std::vector<std::string>(files.size());
    // The tile axis: the 6 EOG tiles, or another product's tiles (tile_axis in archive_write).
    const auto tile_names = read_strings("tile_name");
    const size_t nt = tile_names.size();
    for (size_t m = 0; m < out.months.size(); ++m) {
        std::vector<TileProvenance> tiles;
        for (size_t t = 0; t < nt && (m + 1) * nt <= files.size(); ++t) {
            const size_t i = m * nt + t;
            if (!files[i].empty())
                tiles.push_back({tile_names[t], files[i], stamps[i], bytes[i], digests[i]});
        }
        out.tiles.push_back(std::move(tiles));
    }
    const hid_t root = f.id();
    out.provenance.product = read_string_attr(root, "product"); // "" before sezu recorded it
    out.provenance.product_name = read_string_attr(root, "product_name"); // "" before products
    out.provenance.collection = read_string_attr(root, "collection");
    out.provenance.variable = read_string_attr(root, "variable");
    out.provenance.satellite = read_string_attr(root, "satellite"); // "" before it was recorded
    out.provenance.period = parse_period_unit(read_string_attr(root, "period_unit"));
    out.provenance.source = read_string_attr(root, "source");
    out.provenance.pixel_rule = read_string_attr(root, "pixel_rule");
    out.provenance.stats_options = read_string_attr(root, "stats_options");
    out.provenance.statistics = chosen.empty() ? "" : selection.describe();
    out.provenance.zones_source = read_string_attr(root, "zones_source");
    out.provenance.zones_id_field = read_string_attr(root, "zones_id_field");
    out.provenance.zones_layer = read_string_attr(root, "zones_layer");
    out.provenance.zones_crs = read_string_attr(root, "zones_crs");
    out.provenance.zones_fingerprint = read_string_attr(root, "zones_fingerprint");
    out.provenance.config_json = read_string_attr(root, "config");
    out.provenance.sezu_version = read_string_attr(root, "sezu_version");
    out.provenance.created = read_string_attr(root, "created");
    read_chips(f, out);
    return out;
}

} // namespace sezu
