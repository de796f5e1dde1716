// AllTouched rule: GDAL 3.6's line walker, which sets every cell an edge passes through (see
// walk_edge in pixel_mask.hpp).
#include "pixel_mask.hpp"

#include <cmath>
#include <utility>

namespace sezu::detail {

namespace {

/// How close to a cell boundary both ends of a run along one column (row) must be for the run
/// to set nothing (GDAL 3.6; later versions use 1e-4).
constexpr double kOnBoundary = 0.01;

bool near_integer(double v)
{
    return std::abs(v - std::round(v)) < kOnBoundary;
}

/// An edge within one column, or nearly vertical: a run down the column of b (a.x <= b.x).
void walk_column(const PixelPoint& a, const PixelPoint& b, const Grid& grid, Mask& mask)
{
    if (near_integer(a.x) && near_integer(b.x))
        return;
    const long col = long(std::floor(b.x));
    const double ylo = std::min(a.y, b.y);
    const double yhi = std::max(a.y, b.y);
    const long r0 = std::max(0L, long(std::floor(ylo)));
    const long r1 = std::min(long(grid.rows) - 1, long(std::floor(yhi)));
    if (col < 0 || col >= grid.cols)
        return;
    for (long r = r0; r <= r1; ++r)
        mask.set(r, col);
}

/// An edge within one row, or nearly horizontal: a run along the row of a (a.x <= b.x).
void walk_row(const PixelPoint& a, const PixelPoint& b, const Grid& grid, Mask& mask)
{
    if (near_integer(a.y) && near_integer(b.y))
        return;
    const long row = long(std::floor(a.y));
    if (row < 0 || row >= grid.rows)
        return;
    const long c0 = std::max(0L, long(std::floor(a.x)));
    const long c1 = std::min(long(grid.cols) - 1, long(std::floor(b.x)));
    mask.set_span(row, c0, c1 + 1);
}

/// Clips a sloped edge from a to b (a.x < b.x) to the grid: x first, then y.
void clip_to_grid(PixelPoint& a, PixelPoint& b, double slope, const Grid& grid)
{
    const double width = double(grid.cols);
    const double height = double(grid.rows);
    if (b.x > width) {
        b.y -= (b.x - width) * slope;
        b.x = width;
    }
    if (a.x < 0.0) {
        a.y += (0.0 - a.x) * slope;
        a.x = 0.0;
    }
    // Clipping the far end matters: a walk must stop where the edge leaves the grid, or a cell
    // whose corner the edge merely touches on the way out would be set.
    if (b.y > a.y) {
        if (a.y < 0.0) {
            a.x += (0.0 - a.y) / slope;
            a.y = 0.0;
        }
        if (b.y >= height) {
            b.x -= (b.y - height) / slope;
            b.y = height;
        }
    } else {
        if (a.y >= height) {
            a.x += (height - a.y) / slope;
            a.y = height;
        }
        if (b.y < 0.0) {
            b.x -= (b.y - 0.0) / slope;
            b.y = 0.0;
        }
    }
}

/// Walks a clipped sloped edge from a to b, setting the cell it is in at each step.
void step_through_cells(const PixelPoint& a, const PixelPoint& b, double slope, const Grid& grid,
                        Mask& mask)
{
    // Step to the next cell boundary; a step that would stay on a row boundary is nudged by
    // 1e-9 so the walk always makes progress.
    double x = a.x, y = a.y;
    while (x >= 0.0 && x < b.x) {
        const long col = long(std::floor(x));
        const long row = long(std::floor(y));
        if (row >= 0 && row < grid.rows)
            mask.set(row, col);
        const double step_x = std::floor(x + 1.0) - x;
        const double step_y = step_x * slope;
        if (long(std::floor(y + step_y)) == row) {
            x += step_x;
            y += step_y;
        } else if (slope < 0.0) {
            const double dy = std::min(double(row) - y, -1e-9);
            x += dy / slope;
            y += dy;
        } else {
            const double dy = std::max(double(row + 1) - y, 1e-9);
            x += dy / slope;
            y += dy;
        }
    }
}

} // namespace

void walk_edge(PixelPoint a, PixelPoint b, const Grid& grid, Mask& mask)
{
    const double width = double(grid.cols);
    const double height = double(grid.rows);
    if ((a.y < 0.0 && b.y < 0.0) || (a.y > height && b.y > height) || (a.x < 0.0 && b.x < 0.0) ||
        (a.x > width && b.x > width))
        return;
    if (a.x > b.x)
        std::swap(a, b);
    if (std::floor(a.x) == std::floor(b.x) || std::abs(b.x - a.x) < 0.01) {
        walk_column(a, b, grid, mask);
        return;
    }
    if (std::floor(a.y) == std::floor(b.y) || std::abs(b.y - a.y) < 0.01) {
        walk_row(a, b, grid, mask);
        return;
    }
    const double slope = (b.y - a.y) / (b.x - a.x);
    clip_to_grid(a, b, slope, grid);
    step_through_cells(a, b, slope, grid, mask);
}

} // namespace sezu::detail
