#pragma once
// Expected statistics computed straight from the mirror's pixel model, and zones placed on the
// mirror's cells, shared by the MPI and end-to-end tests.
#include "sezu/mirror/mirror.hpp"
#include "sezu/products/tile_grid.hpp"

#include <cstdio>
#include <string>

namespace sezu::test {

/// WKT of the rectangle covering exactly the cells of window `w` of global_grid(scale).
inline std::string window_wkt(const Window& w, int scale)
{
    const Grid g = global_grid(scale);
    const double x0 = g.x0 + double(w.col) * g.dx, x1 = g.x0 + double(w.col + w.cols) * g.dx;
    const double y0 = g.y0 - double(w.row) * g.dy, y1 = g.y0 - double(w.row + w.rows) * g.dy;
    char buf[512];
    std::snprintf(buf, sizeof buf, "POLYGON((%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g))",
                  x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    return buf;
}

/// Sum, min and max of the model's radiance over a window (every cell fully covered).
struct Truth {
    double count = 0, sum = 0, min = 1e300, max = -1e300, zero_cvg = 0;
};
inline Truth truth(const MirrorModel& model, const YearMonth& month, const Window& w)
{
    Truth t;
    for (long r = w.row; r < w.row + w.rows; ++r)
        for (long c = w.col; c < w.col + w.cols; ++c) {
            const double v = model.radiance(month, c, r);
            t.count += 1;
            t.sum += v;
            t.min = v < t.min ? v : t.min;
            t.max = v > t.max ? v : t.max;
            t.zero_cvg += model.cvg(month, c, r) == 0 ? 1 : 0;
        }
    return t;
}

/// A window straddling the inner corner where 4 tiles meet (tiles 0, 1, 3 and 4).
inline Window four_tile_corner(int scale)
{
    const long col = tile_grid(tile_specs()[0], scale).cols;
    const long row = tile_grid(tile_specs()[0], scale).rows;
    return {col - 7, row - 5, 13, 11};
}

} // namespace sezu::test
