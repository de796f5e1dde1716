// The archive's values in memory: provenance, months carried into the next version.
#include "sezu/archive/archive.hpp"

#include <cmath>
#include <ctime>

namespace sezu {

bool operator==(const RunProvenance& a, const RunProvenance& b)
{
    return a.product == b.product && a.product_name == b.product_name &&
           a.collection == b.collection && a.variable == b.variable &&
           a.satellite == b.satellite && a.period == b.period && a.source == b.source &&
           a.pixel_rule == b.pixel_rule &&
           a.stats_options == b.stats_options && a.statistics == b.statistics &&
           a.zones_source == b.zones_source && a.zones_id_field == b.zones_id_field &&
           a.zones_layer == b.zones_layer && a.zones_crs == b.zones_crs &&
           a.zones_fingerprint == b.zones_fingerprint &&
           a.config_json == b.config_json && a.sezu_version == b.sezu_version &&
           a.created == b.created;
}

bool operator!=(const RunProvenance& a, const RunProvenance& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const RunProvenance& p)
{
    return os << "RunProvenance{product=" << p.product << " product_name=" << p.product_name
              << " collection=" << p.collection << " variable=" << p.variable
              << " satellite=" << p.satellite << " period=" << to_string(p.period)
              << " source=" << p.source
              << " pixel_rule=" << p.pixel_rule << " stats_options=" << p.stats_options
              << " statistics=" << p.statistics << " zones_source=" << p.zones_source
              << " zones_id_field=" << p.zones_id_field
              << " zones_layer=" << p.zones_layer << " zones_crs=" << p.zones_crs
              << " zones_fingerprint=" << p.zones_fingerprint << " config=" << p.config_json
              << " sezu_version=" << p.sezu_version << " created=" << p.created << '}';
}

namespace {
bool same_number(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}
} // namespace

bool operator==(const ArchiveZone& a, const ArchiveZone& b)
{
    return a.id == b.id && a.name == b.name && a.event == b.event && same_number(a.lat, b.lat) &&
           same_number(a.lon, b.lon) && a.wkt == b.wkt;
}

bool operator!=(const ArchiveZone& a, const ArchiveZone& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const ArchiveZone& z)
{
    return os << "ArchiveZone{id=" << z.id << " name=" << z.name << " event=" << z.event
              << " lat=" << z.lat << " lon=" << z.lon << " wkt=" << z.wkt << '}';
}

std::string ArchiveData::satellite(std::size_t m) const
{
    return m < satellites.size() ? satellites[m] : std::string();
}

std::string ArchiveData::other_satellite(std::size_t m) const
{
    const std::string s = satellite(m);
    return s.empty() || s == provenance.satellite ? std::string() : s;
}

bool ArchiveData::partial(std::size_t m) const
{
    return m < first_days.size() && m < last_days.size() &&
           covers_part_of(months[m], first_days[m], last_days[m]);
}

std::string ArchiveData::partial_days(std::size_t m) const
{
    return partial(m) ? std::to_string(first_days[m]) + "-" + std::to_string(last_days[m])
                      : std::string();
}

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
        r.satellite = a.satellite(m);
        r.first_day = m < a.first_days.size() ? a.first_days[m] : 0;
        r.last_day = m < a.last_days.size() ? a.last_days[m] : 0;
        if (r.status == MonthStatus::Ok) {
            r.stats.resize(a.zone_ids.size());
            for (const auto& stat : ZoneStats::fields()) {
                // Not stored (not chosen, or from before the statistic existed): undefined.
                const bool stored = a.stats.count(stat.name) > 0;
                for (size_t z = 0; z < a.zone_ids.size(); ++z)
                    r.stats[z].*stat.member = stored ? a.at(stat.name, m, z) : std::nan("");
            }
            for (const auto& name : a.statistics)
                if (StatSelection::quantile_level(name) >= 0 && a.stats.count(name))
                    for (size_t z = 0; z < a.zone_ids.size(); ++z)
                        r.stats[z].set(name, a.at(name, m, z));
            if (a.chips_month && *a.chips_month == r.month)
                r.chips = a.chips;
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

} // namespace sezu
