#include "report_data.hpp"

#include "sezu/outputs/analysis.hpp"
#include "sezu/products/tile_grid.hpp"

#include "radiance_ramp.hpp"

#include <nlohmann/json.hpp>
#include <ogr_geometry.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

namespace sezu::detail {

namespace {

using Stat = ReportStatNames;

// A JSON string; bytes that are not UTF-8 become U+FFFD rather than failing the report.
std::string quoted(const std::string& text)
{
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <class T, class F>
void json_array(std::ostringstream& out, const std::vector<T>& items, F&& write_item)
{
    out << '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i)
            out << ',';
        write_item(items[i]);
    }
    out << ']';
}

void string_array(std::ostringstream& out, const std::vector<std::string>& items)
{
    json_array(out, items, [&](const std::string& s) { out << quoted(s); });
}

// One array per zone of its values month by month (zone-major: the page draws a zone at a
// time), `transform` applied to each archive value.
template <class F>
void zone_series(std::ostringstream& out, const ArchiveData& a, const char* stat, int digits,
                 F&& transform)
{
    out << '[';
    for (std::size_t z = 0; z < a.zone_ids.size(); ++z) {
        out << (z ? ",[" : "[");
        for (std::size_t m = 0; m < a.months.size(); ++m) {
            const bool ok = a.status[m] == MonthStatus::Ok;
            out << (m ? "," : "") << compact_number(ok ? transform(a.at(stat, m, z)) : NAN, digits);
        }
        out << ']';
    }
    out << ']';
}

double identity(double v) { return v; }
double percent(double v) { return 100.0 * v; }
double percent_seen(double v) { return 100.0 * (1.0 - v); }

// What the page shows of each statistic: its key in the page's data, the archive's statistic,
// significant digits kept, the transform (shares in percent), and whether its whole series goes
// in (or only the newest month's figure, for the table).
struct Figure {
    const char* key;
    const char* stat;
    int digits;
    double (*transform)(double);
    bool series;
};
const Figure kFigures[] = {
    {"sol", Stat::sum_of_lights, 6, identity, true},
    {"mean", Stat::radiance_mean, 6, identity, true},
    {"lit", Stat::lit_share, 4, percent, true},
    {"cf", Stat::unobserved_share, 4, percent_seen, true},
    {"max", Stat::radiance_max, 6, identity, false},
    {"area", Stat::area_km2, 6, identity, false},
};

std::string coordinate(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.5f", v);
    std::string s = buf;
    while (s.back() == '0')
        s.pop_back();
    if (s.back() == '.')
        s.pop_back();
    return s == "-0" ? "0" : s;
}

void ring_json(std::ostringstream& out, const OGRLinearRing& ring)
{
    out << '[';
    for (int i = 0; i < ring.getNumPoints(); ++i)
        out << (i ? ",[" : "[") << coordinate(ring.getX(i)) << ',' << coordinate(ring.getY(i))
            << ']';
    out << ']';
}

void polygon_json(std::ostringstream& out, const OGRPolygon& polygon)
{
    out << '[';
    if (const OGRLinearRing* exterior = polygon.getExteriorRing())
        ring_json(out, *exterior);
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i) {
        out << ',';
        ring_json(out, *polygon.getInteriorRing(i));
    }
    out << ']';
}

// Each zone's month flags (analysis.hpp: 0 observed, 1 gap, 2 missing) as one string of digits.
std::string flags_of(const ArchiveData& a, std::size_t zone, double gap_threshold)
{
    std::string s;
    for (const MonthFlag f : flag_months(series_of(a, zone, Stat::sum_of_lights), gap_threshold))
        s += char('0' + int(f));
    return s;
}

void before_after_json(std::ostringstream& out, const ArchiveData& a, const UsableMonths& usable)
{
    // Per zone [months before, months after, mean before, mean after, ratio, trend before,
    // trend after, note], or null for a zone without an event.
    out << '[';
    for (std::size_t z = 0; z < a.zone_ids.size(); ++z) {
        out << (z ? "," : "");
        if (a.zone_events[z].empty()) {
            out << "null";
            continue;
        }
        std::string error;
        const auto event = parse_event(a.zone_events[z], &error);
        const BeforeAfter ba = before_after(series_of(a, z, Stat::sum_of_lights), event, usable);
        out << '[' << ba.months_before << ',' << ba.months_after << ','
            << compact_number(ba.mean_before) << ',' << compact_number(ba.mean_after) << ','
            << compact_number(ba.ratio) << ',' << compact_number(ba.slope_before) << ','
            << compact_number(ba.slope_after) << ',' << quoted(error.empty() ? ba.reason : error)
            << ']';
    }
    out << ']';
}

// The chips the page shows (chips/Z.png, written by the report): their month, the colour ramp
// they are drawn on (radiance_ramp.hpp: the page draws its colour bars from it) and per zone
// [west, south, east, north, cols, rows, factor], null for a zone without one; null when the
// archive has no chips.
void chips_json(std::ostringstream& out, const ArchiveData& a)
{
    if (!a.chips_month || a.chips.size() != a.zone_ids.size()) {
        out << "null";
        return;
    }
    out << "{\"month\":\"" << a.chips_month->label() << "\",\"ramp\":[";
    for (const RampStop& stop : kRamp)
        out << (&stop == kRamp ? "[" : ",[") << compact_number(stop.radiance) << ','
            << int(stop.colour[0]) << ',' << int(stop.colour[1]) << ',' << int(stop.colour[2])
            << ']';
    out << "],\"zones\":[";
    for (std::size_t z = 0; z < a.chips.size(); ++z) {
        const ZoneChip& c = a.chips[z];
        out << (z ? "," : "");
        if (c.empty()) {
            out << "null";
            continue;
        }
        out << '[' << compact_number(c.west, 10) << ',' << compact_number(c.south, 10) << ','
            << compact_number(c.east, 10) << ',' << compact_number(c.north, 10) << ',' << c.cols
            << ',' << c.rows << ',' << c.factor << ']';
    }
    out << "]}";
}

void zones_json(std::ostringstream& out, const ArchiveData& a, double gap_threshold)
{
    const std::size_t n = a.zone_ids.size();
    out << "{\"id\":";
    string_array(out, a.zone_ids);
    out << ",\"name\":";
    string_array(out, a.zone_names);
    out << ",\"event\":";
    string_array(out, a.zone_events);
    std::vector<std::string> event_months(n), flags(n);
    for (std::size_t z = 0; z < n; ++z) {
        if (const auto e = parse_event(a.zone_events[z]))
            event_months[z] = period_label(*e, a.provenance.period); // compared to the labels
        flags[z] = flags_of(a, z, gap_threshold);
    }
    out << ",\"eventMonth\":";
    string_array(out, event_months);
    out << ",\"flags\":";
    string_array(out, flags);
    out << ",\"point\":[";
    for (std::size_t z = 0; z < n; ++z) {
        const bool known = z < a.zone_lat.size() && std::isfinite(a.zone_lat[z]) &&
                           std::isfinite(a.zone_lon[z]);
        out << (z ? "," : "")
            << (known ? "[" + coordinate(a.zone_lat[z]) + "," + coordinate(a.zone_lon[z]) + "]"
                      : std::string("null"));
    }
    out << "]}";
}

// The newest ok month's figure of each zone, `transform` applied; nulls when no month is ok.
template <class F>
void newest_figures(std::ostringstream& out, const ArchiveData& a, const char* stat, int digits,
                    F&& transform)
{
    const auto newest = a.newest_ok_month();
    out << '[';
    for (std::size_t z = 0; z < a.zone_ids.size(); ++z)
        out << (z ? "," : "")
            << compact_number(newest ? transform(a.at(stat, *newest, z)) : NAN, digits);
    out << ']';
}

} // namespace

std::vector<std::string> ReportStatNames::all()
{
    return {sum_of_lights, radiance_mean, radiance_max, lit_share, unobserved_share, area_km2};
}

std::string compact_number(double v, int digits)
{
    if (!std::isfinite(v))
        return "null";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

std::string geojson_of_wkt(const std::string& wkt)
{
    if (wkt.empty())
        return "null";
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &raw) != OGRERR_NONE || !raw)
        return "null";
    const std::unique_ptr<OGRGeometry> geometry(raw);
    std::ostringstream out;
    switch (wkbFlatten(geometry->getGeometryType())) {
    case wkbPolygon:
        out << "{\"type\":\"Polygon\",\"coordinates\":";
        polygon_json(out, *geometry->toPolygon());
        out << '}';
        return out.str();
    case wkbMultiPolygon: {
        out << "{\"type\":\"MultiPolygon\",\"coordinates\":[";
        bool first = true;
        for (const OGRPolygon* p : *geometry->toMultiPolygon()) {
            out << (first ? "" : ",");
            polygon_json(out, *p);
            first = false;
        }
        out << "]}";
        return out.str();
    }
    default: // zones are polygons; anything else is drawn from its point
        return "null";
    }
}

ReportData report_data(const ArchiveData& a, const std::string& archive_name,
                       const std::string& event_field, const ReportOptions& options)
{
    std::ostringstream out;
    out << "{\"archive\":" << quoted(archive_name) << ",\"eventField\":" << quoted(event_field)
        << ",\"gapThreshold\":" << compact_number(options.usable.gap_threshold)
        << ",\"periodUnit\":" << quoted(a.period_word()) << ",\"months\":[";
    for (std::size_t m = 0; m < a.months.size(); ++m)
        out << (m ? ",\"" : "\"") << a.label(m) << '"';
    out << "],\"status\":[";
    for (std::size_t m = 0; m < a.months.size(); ++m)
        out << (m ? "," : "") << quoted(to_string(a.status[m]));
    out << "],\"reasons\":";
    string_array(out, a.reasons);
    // Per month: whether its files cover only some days (the page shades it), and what sets it
    // apart from the run's other months, said in its readout ("" for a whole month of the run's
    // satellite).
    std::vector<std::string> notes;
    out << ",\"partial\":[";
    for (std::size_t m = 0; m < a.months.size(); ++m) {
        out << (m ? "," : "") << (a.partial(m) ? "true" : "false");
        std::string note = a.partial(m) ? "partial month: days " + a.partial_days(m) : "";
        if (const std::string other = a.other_satellite(m); !other.empty())
            note += (note.empty() ? "" : " · ") + std::string("from ") + satellite_title(other) +
                    " (" + other + ")";
        notes.push_back(note);
    }
    out << "],\"monthNotes\":";
    string_array(out, notes);
    const auto newest = a.newest_ok_month();
    out << ",\"newest\":" << (newest ? std::to_string(*newest) : std::string("null"))
        << ",\"zones\":";
    zones_json(out, a, options.usable.gap_threshold);
    // The table's figures, so that the page needs no whole series to show it.
    out << ",\"newestMonth\":{";
    for (const Figure& f : kFigures) {
        out << (&f == kFigures ? "\"" : ",\"") << f.key << "\":";
        newest_figures(out, a, f.stat, f.digits, f.transform);
    }
    out << "},\"beforeAfter\":";
    before_after_json(out, a, options.usable);
    out << ",\"chips\":";
    chips_json(out, a);
    out << '}';

    ReportData data;
    data.meta = out.str();
    std::ostringstream geometry;
    geometry << '[';
    for (std::size_t z = 0; z < a.zone_ids.size(); ++z)
        geometry << (z ? "," : "")
                 << geojson_of_wkt(z < a.zone_geometry.size() ? a.zone_geometry[z] : "");
    geometry << ']';
    data.geometry = geometry.str();
    for (const Figure& f : kFigures) {
        if (!f.series)
            continue;
        std::ostringstream s;
        zone_series(s, a, f.stat, f.digits, f.transform);
        data.series.emplace_back(f.key, s.str());
    }
    return data;
}

} // namespace sezu::detail
