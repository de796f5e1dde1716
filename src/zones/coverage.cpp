// The pixel rules by name, the choice of how a zone's coverage is computed, and areas on the
// ellipsoid. The computations themselves: exact_coverage.cpp, coverage_wrap.cpp, gdal_rules.cpp.
#include "sezu/zones/coverage.hpp"

#include "coverage_rules.hpp"

#include "sezu/core/error.hpp"

#include <cmath>

namespace sezu {

PixelRule parse_pixel_rule(const std::string& text)
{
    if (text == "exact")
        return PixelRule::Exact;
    if (text == "center" || text == "centre")
        return PixelRule::Center;
    if (text == "all_touched" || text == "all-touched")
        return PixelRule::AllTouched;
    throw ConfigError("config: unknown pixel rule '" + text +
                      "'; use one of exact, center, all_touched");
}

std::string to_string(PixelRule rule)
{
    switch (rule) {
    case PixelRule::Exact: return "exact";
    case PixelRule::Center: return "center";
    case PixelRule::AllTouched: return "all_touched";
    }
    return "unknown";
}

Coverage compute_coverage(const MultiPolygon& zone, const Grid& grid, PixelRule rule)
{
    if (zone.empty() || grid.cols <= 0 || grid.rows <= 0)
        return {};
    const BBox box = zone.bbox();
    // Past ±180° the global grid continues on its other side, whatever the rule.
    if (detail::needs_wrap(box, grid))
        return detail::wrapped_coverage(zone, grid, rule);
    if (rule != PixelRule::Exact)
        return detail::raster_coverage(zone, grid, rule);
    if (!box.intersects(grid.extent()))
        return {};
    return detail::exact_coverage(zone, grid, grid.window_for(box));
}

double cell_area_km2(const Grid& g, long row)
{
    // Area between two parallels over a span of longitude on an ellipsoid of revolution:
    // A = Δλ/2 · b² · [f(φ2) − f(φ1)], f(φ) = sinφ/(1 − e²sin²φ) + ln((1 + e sinφ)/(1 − e sinφ))/(2e)
    // (tends to R²·Δλ·(sinφ2 − sinφ1) on a sphere).
    constexpr double a = 6378.137;                 // km
    constexpr double flattening = 1 / 298.257223563;
    constexpr double b = a * (1 - flattening);
    const double e2 = flattening * (2 - flattening);
    const double e = std::sqrt(e2);
    constexpr double deg = 3.14159265358979323846 / 180.0;
    auto f = [&](double lat) {
        const double s = std::sin(lat * deg);
        return s / (1 - e2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
    };
    const double north = g.y0 - double(row) * g.dy;
    const double south = north - g.dy;
    return std::abs(g.dx * deg / 2 * b * b * (f(north) - f(south)));
}

double coverage_area_km2(const Coverage& coverage, const Grid& g)
{
    double area = 0;
    const Window& w = coverage.window;
    for (long r = 0; r < w.rows; ++r) {
        double row_weight = 0;
        for (long c = 0; c < w.cols; ++c)
            row_weight += coverage.weight[size_t(r * w.cols + c)];
        if (row_weight > 0)
            area += row_weight * cell_area_km2(g, w.row + r);
    }
    return area;
}

} // namespace sezu
