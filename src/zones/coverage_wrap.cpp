// Coverage on a grid that wraps around the globe (Grid::wraps), under any pixel rule.
//
// On such a grid a zone reaching past its east or west edge continues on the other side: a zone
// across the antimeridian given as parts on both sides of ±180°, or the sliver between 180°E and
// the VIIRS grid's east edge (half a cell short of it), which belongs to column 0. Such a zone is
// computed on the grid repeated three times side by side, with the western parts of a split zone
// moved 360° east so that it is one piece; its window is then numbered in the grid again and may
// reach past the east edge.
#include "coverage_rules.hpp"

#include <algorithm>

namespace sezu::detail {

namespace {

/// The zone with the parts in the western half of the grid moved one grid width east, when the
/// zone spans more than 180° (parts on both sides of the antimeridian); else the zone as it is.
MultiPolygon joined_across_the_edge(const MultiPolygon& zone, const Grid& grid, double width)
{
    MultiPolygon joined = zone;
    const BBox box = zone.bbox();
    if (box.xmax - box.xmin > 180.0)
        for (Polygon& part : joined.parts) {
            double part_xmax = -1e300;
            for (const Point& p : part.rings.front())
                part_xmax = std::max(part_xmax, p.x);
            if (part_xmax <= grid.x0 + width / 2)
                for (Ring& ring : part.rings)
                    for (Point& p : ring)
                        p.x += width;
        }
    return joined;
}

} // namespace

bool needs_wrap(const BBox& box, const Grid& grid)
{
    return grid.wraps() && (box.xmax > grid.xmax() || box.xmin < grid.x0 ||
                            box.xmax - box.xmin > 180.0);
}

Coverage wrapped_coverage(const MultiPolygon& zone, const Grid& grid, PixelRule rule)
{
    const double width = double(grid.cols) * grid.dx;
    const MultiPolygon joined = joined_across_the_edge(zone, grid, width);
    Grid three = grid;
    three.x0 = grid.x0 - width;
    three.cols = 3 * grid.cols;
    Coverage cov = rule == PixelRule::Exact
                       ? exact_coverage(joined, three, three.window_for(joined.bbox()))
                       : raster_coverage(joined, three, rule);
    if (cov.empty())
        return {};
    cov.window.col = ((cov.window.col - grid.cols) % grid.cols + grid.cols) % grid.cols;
    return cov;
}

} // namespace sezu::detail
