#pragma once
/// Internal to the zones module: the ways compute_coverage (coverage.cpp) computes a coverage.
/// All pure: no GDAL call, although the Center and AllTouched rules decide as GDAL does.
#include "sezu/zones/coverage.hpp"

namespace sezu::detail {

/// Exact rule: the fraction of each cell of `window` inside the zone (exact_coverage.cpp).
Coverage exact_coverage(const MultiPolygon& zone, const Grid& grid, const Window& window);

/// Whether a zone with bounding box `box` reaches past the east or west edge of a grid that
/// wraps, or spans more than half of it, so that its coverage must wrap (coverage_wrap.cpp).
bool needs_wrap(const BBox& box, const Grid& grid);

/// Any rule on a grid that wraps: the zone on the grid repeated three times side by side, so the
/// Center and AllTouched rules see the cells past ±180° as GDAL would on a wider grid; the window
/// may reach past the east edge (coverage_wrap.cpp).
Coverage wrapped_coverage(const MultiPolygon& zone, const Grid& grid, PixelRule rule);

/// Center and AllTouched rules, cell for cell as GDAL 3.6's rasterizer (gdal_rules.cpp).
Coverage raster_coverage(const MultiPolygon& zone, const Grid& grid, PixelRule rule);

} // namespace sezu::detail
