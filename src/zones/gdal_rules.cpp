// Center and AllTouched rules, decided as GDAL's rasterizer (GDAL 3.6) decides them, so that
// counts agree with gdal_rasterize / rasterio / python-rasterstats cell for cell. The zone is
// mapped to pixel/line coordinates of the whole grid with the arithmetic of GDAL's inverse
// geotransform, because ties (a cell centre on an edge) are settled by those exact doubles.
// Pure: GDAL itself is not called.
#include "coverage_rules.hpp"
#include "pixel_mask.hpp"

#include <algorithm>

namespace sezu::detail {

namespace {

/// GDAL's geo -> pixel transform for a north-up geotransform (x0, dx, 0, y0, 0, -dy).
struct PixelTransform {
    explicit PixelTransform(const Grid& g)
        : m_ox(-g.x0 / g.dx), m_sx(1.0 / g.dx), m_oy(-g.y0 / -g.dy), m_sy(1.0 / -g.dy)
    {
    }
    PixelPoint operator()(const Point& p) const { return {m_ox + p.x * m_sx, m_oy + p.y * m_sy}; }

private:
    double m_ox, m_sx, m_oy, m_sy;
};

/// The rings of each part of a zone in pixel coordinates, as GDAL prepares them: closed and
/// turned clockwise (in map coordinates).
std::vector<PixelRings> pixel_parts(const MultiPolygon& zone, const Grid& grid)
{
    const PixelTransform to_pixel(grid);
    std::vector<PixelRings> parts;
    for (const Polygon& poly : zone.parts) {
        PixelRings rings;
        for (const Ring& ring : poly.rings) {
            if (ring.size() < 2)
                continue;
            std::vector<PixelPoint> pts;
            pts.reserve(ring.size() + 1);
            for (const Point& p : ring)
                pts.push_back(to_pixel(p));
            if (ring.front().x != ring.back().x || ring.front().y != ring.back().y)
                pts.push_back(pts.front());
            // The orientation decides which horizontal edges on a centre line are burned.
            if (signed_area(ring) > 0.0)
                std::reverse(pts.begin(), pts.end());
            rings.push_back(std::move(pts));
        }
        if (!rings.empty())
            parts.push_back(std::move(rings));
    }
    return parts;
}

} // namespace

Coverage raster_coverage(const MultiPolygon& zone, const Grid& grid, PixelRule rule)
{
    const BBox box = zone.bbox();
    const BBox extent = grid.extent();
    // Closed-box test: a zone meeting the grid only along its border touches no cell.
    if (!(box.xmin <= extent.xmax && box.xmax >= extent.xmin && box.ymin <= extent.ymax &&
          box.ymax >= extent.ymin))
        return {};
    // GDAL may set the cell just beyond a vertex that lies on a cell boundary, so look one
    // cell further than the box; the result is shrunk to the cells actually set.
    Window window = grid.window_for(box);
    window = Window{window.col - 1, window.row - 1, window.cols + 2, window.rows + 2}.intersect(
        grid.full());
    if (window.empty())
        return {};
    Mask mask(window);
    // GDAL burns the parts of a multipolygon one by one (parity only within a part).
    for (const PixelRings& rings : pixel_parts(zone, grid)) {
        if (rule == PixelRule::AllTouched)
            for (const auto& ring : rings)
                for (std::size_t i = 1; i < ring.size(); ++i)
                    walk_edge(ring[i - 1], ring[i], grid, mask);
        fill_centers(rings, mask, window);
    }
    return mask.shrink();
}

} // namespace sezu::detail
