#pragma once
/// Which cells of a grid a zone covers, and by how much. Depends only on the grid and the zone,
/// so it is computed once per run and reused for every month. Pure computation.
#include "sezu/core/grid.hpp"

#include <string>
#include <vector>

namespace sezu {

/// How a cell counts toward a zone.
enum class PixelRule {
    Exact,       ///< weight = fraction of the cell's area inside the polygon (exactextract)
    Center,      ///< weight 1 when the cell centre is inside (GDAL rasterize / rasterstats default)
    AllTouched,  ///< weight 1 for every cell the polygon touches (GDAL ALL_TOUCHED)
};
/// "exact", "center" (or "centre"), "all_touched" (or "all-touched"); else ConfigError.
PixelRule parse_pixel_rule(const std::string& text);
std::string to_string(PixelRule rule);

/// Weights of the cells of `window` (row-major, window.size() entries) for one zone.
/// Cells with weight 0 are not part of the zone. The window lies inside the grid it was computed
/// for, except on a grid that wraps (Grid::wraps), where a coverage (any rule) may reach past the
/// east edge: column grid.cols + c is column c (Grid::pieces splits such a window). It is empty
/// for a zone wholly outside.
struct Coverage {
    Window window;
    std::vector<double> weight;
    bool empty() const { return window.empty(); }
    double at(long col, long row) const   ///< global col/row; 0 outside the window
    {
        if (col < window.col || row < window.row || col >= window.col + window.cols ||
            row >= window.row + window.rows)
            return 0.0;
        return weight[std::size_t((row - window.row) * window.cols + (col - window.col))];
    }
};

/// Coverage of a zone on a grid under a rule. Cells outside the grid are not cells.
///
/// Exact: each cell's covered area fraction in double precision (rings normalised so that
/// exteriors add and holes subtract whatever their stored orientation; parts add); values within
/// 1e-12 of 0 or 1 are snapped, cells no edge crosses are exactly 0 or 1. The window is the zone's
/// bounding box on the grid. Cost: cells of the window plus cell crossings of the edges.
/// Center and AllTouched: the cells GDAL 3.6's rasterizer (gdal_rasterize, rasterio,
/// python-rasterstats) selects, tie for tie: the zone is mapped to pixel coordinates with GDAL's
/// inverse geotransform arithmetic, the parts are burned one by one with its scanline fill
/// (centres on an edge decided as GDAL decides) and, for AllTouched, its edge walker. Their
/// window is shrunk to the selected cells (empty when none is).
/// Every rule, on a grid that wraps: a zone across the antimeridian (parts on both sides of ±180°)
/// or past an edge (longitudes beyond 180°) continues on the other side, so no part of it is lost;
/// Center and AllTouched then decide its cells as GDAL would on a grid wide enough to hold it.
Coverage compute_coverage(const MultiPolygon& zone, const Grid& grid, PixelRule rule);

} // namespace sezu
