#include "sezu/zones/zone_checks.hpp"

#include "sezu/core/log.hpp"
#include "sezu/core/text_encoding.hpp"

#include <cmath>
#include <cstdio>

namespace sezu {

namespace {

constexpr double kEarthRadiusKm = 6371.0088; // IUGG mean radius
constexpr double kDegree = 3.14159265358979323846 / 180.0;
constexpr std::size_t kMaxNamed = 10;

// Shoelace area of a ring, signed, after mapping each point with `map`.
template <class Map> double ring_area(const Ring& ring, Map map)
{
    double twice = 0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const Point a = map(ring[i]);
        const Point b = map(ring[(i + 1) % ring.size()]);
        twice += a.x * b.y - b.x * a.y;
    }
    return twice / 2;
}

std::string km2(double value)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.6g km2", value);
    return buf;
}

std::string parts(std::size_t n)
{
    return std::to_string(n) + (n == 1 ? " part" : " parts");
}

} // namespace

double approx_area_km2(const MultiPolygon& geometry, bool lonlat, double unit_m)
{
    // Cylindrical equal-area (x = R·λ, y = R·sin φ) keeps areas: the plane's shoelace is the
    // sphere's area for edges short against the Earth.
    const auto map = [&](const Point& p) -> Point {
        if (lonlat)
            return {kEarthRadiusKm * p.x * kDegree, kEarthRadiusKm * std::sin(p.y * kDegree)};
        return {p.x * unit_m / 1000.0, p.y * unit_m / 1000.0};
    };
    double total = 0;
    for (const Polygon& poly : geometry.parts)
        for (std::size_t r = 0; r < poly.rings.size(); ++r) {
            const double a = std::abs(ring_area(poly.rings[r], map));
            total += r == 0 ? a : -a;
        }
    return total;
}

std::string describe_repair(const std::string& who, const MultiPolygon& before,
                            const MultiPolygon& after, bool lonlat, double unit_m)
{
    return "zones: " + who +
           " is not a valid polygon (it crosses or touches itself, or a hole "
           "lies outside it) and was repaired (GEOS MakeValid): area as drawn about " +
           km2(approx_area_km2(before, lonlat, unit_m)) + " (" + parts(before.parts.size()) +
           "), after the repair about " + km2(approx_area_km2(after, lonlat, unit_m)) + " (" +
           parts(after.parts.size()) + "); check it, or fix it in a GIS (ogr2ogr -makevalid)";
}

std::vector<std::string> zones_outside(const ZoneSet& zones, const Grid& data)
{
    const BBox extent = data.extent();
    std::vector<std::string> ids;
    for (const Zone& zone : zones.zones) {
        const BBox b = zone.geometry.bbox();
        const bool rows = b.ymin < extent.ymax && extent.ymin < b.ymax;
        const bool cols = data.wraps() || (b.xmin < extent.xmax && extent.xmin < b.xmax);
        if (!(rows && cols))
            ids.push_back(zone.id);
    }
    return ids;
}

void warn_about_zones(const ZoneSet& zones, const Grid& data, const std::string& data_name)
{
    for (const std::string& note : zones.notes)
        log::warn(note);
    for (const std::string& repair : zones.repairs)
        log::warn(repair);
    const std::vector<std::string> outside = zones_outside(zones, data);
    if (outside.empty())
        return;
    std::string names;
    for (std::size_t i = 0; i < outside.size() && i < kMaxNamed; ++i)
        names += (i ? ", '" : "'") + printable_text(outside[i]) + "'";
    if (outside.size() > kMaxNamed)
        names += " and " + std::to_string(outside.size() - kMaxNamed) + " more";
    log::warn("zones: " + std::to_string(outside.size()) + " of " +
              std::to_string(zones.zones.size()) +
              (outside.size() == 1 ? " zones lies" : " zones lie") + " wholly outside " +
              data_name + " and get no statistics (cell_count 0, the rest NaN): " + names);
}

} // namespace sezu
