// The pixel rules by name and the choice of how a zone's coverage is computed (areas on the
// ellipsoid: cell_area.cpp). The computations themselves: exact_coverage.cpp,
// coverage_wrap.cpp, gdal_rules.cpp.
#include "sezu/zones/coverage.hpp"

#include "coverage_rules.hpp"

#include "sezu/core/error.hpp"

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

} // namespace sezu
