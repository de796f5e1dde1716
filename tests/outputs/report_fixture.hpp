#pragma once
// The reports' test archives: a small one whose figures are worked out by hand (the comment on
// synthetic() says how), written as an archive with zone outlines.
#include "sezu/archive/archive.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace sezu::test {


// An archive of `n` months from `first`, each ok with no reason, for `zones` zones whose every
// statistic is `fill`: the callers name the zones and set what differs.
inline ArchiveData months_from(YearMonth first, int n, std::size_t zones, double fill)
{
    ArchiveData a;
    for (int i = 0; i < n; ++i)
        a.months.push_back(YearMonth::from_index(first.index() + i));
    a.status.assign(std::size_t(n), MonthStatus::Ok);
    a.reasons.assign(std::size_t(n), "");
    for (const auto& name : ZoneStats::names())
        a.stats[name].assign(std::size_t(n) * zones, fill);
    return a;
}

// `a` written as the archive at `path`, with the source and configuration a run records.
// Zones with outlines (`wkts`, one per zone; "" for none) and points at their first vertex.
inline void write_report_archive(const std::string& path, const ArchiveData& a, const std::string& source,
                          const std::string& config_json, const std::vector<std::string>& wkts = {})
{
    RunProvenance prov;
    prov.source = source;
    prov.config_json = config_json;
    std::vector<ArchiveZone> zones;
    for (std::size_t z = 0; z < a.zone_ids.size(); ++z) {
        ArchiveZone zone(a.zone_ids[z]);
        zone.name = a.zone_names[z];
        zone.event = a.zone_events[z];
        zone.wkt = z < wkts.size() ? wkts[z] : "";
        zones.push_back(zone);
    }
    write_archive_with_zones(path, zones, results_from(a), prov);
}

// A JSON document the page draws from: its <script id="sezu-data"> (months, zones, before/after),
// "sezu-geometry" or "sezu-series-sol" (mean, lit, cf).
inline nlohmann::json page_data(const std::string& html, const std::string& id = "sezu-data")
{
    const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
    const auto begin = html.find(open);
    const auto end = html.find("</script>", begin);
    if (begin == std::string::npos || end == std::string::npos)
        return nullptr;
    return nlohmann::json::parse(html.substr(begin + open.size(), end - begin - open.size()));
}

// Months 2013-07 .. 2014-07. 2013-09 failed, 2014-07 not published.
// Zone A (event 2014): sum 10 before 2014, 20 from 2014-01 on; 2013-11 is a gap (cloud-free
// share 20 %, sum 3). Usable before: 07, 08, 10, 12 -> mean 10, trend 0; after: 01..06 -> mean
// 20, trend 0; ratio 2.
// Zone "B&co" (name "<Beta & co>", no event): sum 5.123456789 every month (5.12346 in the page),
// always seen.
// Zone "C" (outside the grid): no value in any month.
inline ArchiveData synthetic()
{
    ArchiveData a = months_from(YearMonth(2013, 7), 13, 3, std::nan(""));
    a.status[2] = MonthStatus::Failed;
    a.reasons[2] = "tile 00N060W: archive is truncated";
    a.status[12] = MonthStatus::NotPublished;
    a.reasons[12] = "the month's folder is not on the source";
    a.zone_ids = {"A", "B&co", "C"};
    a.zone_names = {"Alpha", "<Beta & co>", "Nowhere"};
    a.zone_events = {"2014", "", ""};
    for (std::size_t m = 0; m < 13; ++m) {
        if (a.status[m] != MonthStatus::Ok)
            continue;
        const double sum_a = m == 4 ? 3 : (m < 6 ? 10 : 20);
        const double sums[2] = {sum_a, 5.123456789};
        for (std::size_t z = 0; z < 2; ++z) {
            const std::size_t i = m * 3 + z;
            a.stats["sum_of_lights"][i] = sums[z];
            a.stats["cell_count"][i] = 10;
            a.stats["radiance_mean"][i] = sums[z] / 10;
            a.stats["radiance_max"][i] = sums[z] / 5;
            a.stats["lit_fraction"][i] = 0.5;
            a.stats["zero_cvg_fraction"][i] = (z == 0 && m == 4) ? 0.8 : 0.0;
            a.stats["area_km2"][i] = 100;
        }
    }
    // Chips of the newest ok month (2014-06): A's window 9.9..11.1 in 12 x 12 pixels of 0.1°
    // whose radiance grows by 0.5 per pixel (one never observed), B's 12..13.5 x 10..10.5 in
    // 15 x 5 at 30; C (outside the grid) has none.
    a.chips_month = YearMonth(2014, 6);
    ZoneChip chip_a, chip_b;
    chip_a.cols = chip_a.rows = 12;
    chip_a.west = chip_a.south = 9.9;
    chip_a.east = chip_a.north = 11.1;
    for (int i = 0; i < 144; ++i)
        chip_a.radiance.push_back(i == 13 ? NAN : 0.5f * float(i));
    chip_b.cols = 15;
    chip_b.rows = 5;
    chip_b.west = 12;
    chip_b.east = 13.5;
    chip_b.south = 10;
    chip_b.north = 10.5;
    chip_b.radiance.assign(75, 30.0f);
    a.chips = {chip_a, chip_b, ZoneChip{}};
    return a;
}

// Outlines of the three zones: a square, two squares, a square with a hole.
inline const std::vector<std::string>& synthetic_wkts()
{
    static const std::vector<std::string> wkts = {
        "POLYGON ((10 10,11 10,11 11,10 11,10 10))",
        "MULTIPOLYGON (((12 10,12.5 10,12.5 10.5,12 10.5,12 10)),((13 10,13.5 10,13.5 10.5,13 10.5,"
        "13 10)))",
        "POLYGON ((10 12,12 12,12 14,10 14,10 12),(10.5 12.5,11 12.5,11 13,10.5 13,10.5 12.5))"};
    return wkts;
}

// Text from a zones file or an archive is data, never code: zone ids, names, events, the event
// field and reasons that would run script in the page (setting window.pwned) if any of them
// reached it as markup or code.
inline ArchiveData hostile()
{
    ArchiveData a = months_from(YearMonth(2014, 1), 3, 6, 1.0);
    a.status[1] = MonthStatus::Failed;
    a.reasons[1] = "<img src=x onerror=window.pwned=1> `touch pwned-reason`";
    a.zone_ids = {"</script><script>window.pwned=2</script>", "q\"`x`\"'", "nl\nid",
                  "<!--", "\xE2\x80\xA8sep", "bad\xFFutf8"};
    a.zone_names = {"<b onmouseover=window.pwned=3>bold</b>", "it's \"quoted\" `back`",
                    "line1\nline2\r\tend", "]]></script>", "&amp; &lt;", ""};
    a.zone_events = {"2014-02", "2014-02", "", "", "", ""};
    return a;
}

} // namespace sezu::test
