#pragma once
/// Which cells of a grid a zone covers, and by how much. Depends only on the grid and the zone,
/// so it is computed once per run and reused for every month. Pure computation.
#include "sezu/grid.hpp"

#include <string>
#include <vector>

namespace sezu {

/// How a cell counts toward a zone.
enum class PixelRule {
    Exact,       ///< weight = fraction of the cell's area inside the polygon (exactextract)
    Center,      ///< weight 1 when the cell centre is inside (GDAL rasterize / rasterstats default)
    AllTouched,  ///< weight 1 for every cell the polygon touches (GDAL ALL_TOUCHED)
};
PixelRule parse_pixel_rule(const std::string& text);   ///< "exact", "center", "all_touched"
std::string to_string(PixelRule rule);

/// Weights of the cells of `window` (row-major, window.size() entries) for one zone.
/// Cells with weight 0 are not part of the zone. The window lies inside the grid it was computed
/// for; it is empty for a zone wholly outside.
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
Coverage compute_coverage(const MultiPolygon& zone, const Grid& grid, PixelRule rule);

} // namespace sezu
