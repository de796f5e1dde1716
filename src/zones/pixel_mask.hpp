#pragma once
/// Internal to the zones module: what the Center and AllTouched rules share. A zone in the
/// pixel/line coordinates of the whole grid (as GDAL's inverse geotransform maps it), the 0/1
/// mask its cells are burned into, and GDAL 3.6's two ways of burning: the scanline fill of
/// cell centres (scanline_fill.cpp) and the all-touched edge walk (edge_walk.cpp).
#include "sezu/zones/coverage.hpp"

#include <algorithm>
#include <vector>

namespace sezu::detail {

/// A point in pixel/line coordinates of a grid (x to the right, y downwards, in cells).
struct PixelPoint {
    double x, y;
};

/// A 0/1 mask over a window of the grid.
class Mask {
public:
    explicit Mask(const Window& w) : m_window(w), m_cells(std::size_t(w.size()), 0.0) {}

    void set(long row, long col)
    {
        if (row < m_window.row || row >= m_window.row + m_window.rows || col < m_window.col ||
            col >= m_window.col + m_window.cols)
            return;
        m_cells[std::size_t((row - m_window.row) * m_window.cols + (col - m_window.col))] = 1.0;
    }
    /// Columns [c0, c1) of a row.
    void set_span(long row, long c0, long c1)
    {
        if (row < m_window.row || row >= m_window.row + m_window.rows)
            return;
        c0 = std::max(c0, m_window.col);
        c1 = std::min(c1, m_window.col + m_window.cols);
        double* line = &m_cells[std::size_t((row - m_window.row) * m_window.cols)];
        for (long c = c0; c < c1; ++c)
            line[c - m_window.col] = 1.0;
    }

    /// The coverage, with the window shrunk to the cells that are set (empty when none is).
    Coverage shrink() const
    {
        long c0 = m_window.cols, c1 = -1, r0 = m_window.rows, r1 = -1;
        for (long r = 0; r < m_window.rows; ++r)
            for (long c = 0; c < m_window.cols; ++c)
                if (m_cells[std::size_t(r * m_window.cols + c)] != 0.0) {
                    c0 = std::min(c0, c);
                    c1 = std::max(c1, c);
                    r0 = std::min(r0, r);
                    r1 = std::max(r1, r);
                }
        Coverage cov;
        if (c1 < 0) {
            cov.window = {m_window.col, m_window.row, 0, 0};
            return cov;
        }
        CoverageBuilder builder({m_window.col + c0, m_window.row + r0, c1 - c0 + 1, r1 - r0 + 1});
        for (long r = r0; r <= r1; ++r) {
            for (long c = c0; c <= c1; ++c)
                builder.add(c - c0, 1, m_cells[std::size_t(r * m_window.cols + c)]);
            builder.end_row();
        }
        return builder.finish();
    }

private:
    Window m_window;
    std::vector<double> m_cells;
};

/// The rings of one polygon in pixel coordinates, closed.
using PixelRings = std::vector<std::vector<PixelPoint>>;

/// Cells of `window` whose centre is inside a polygon: GDAL's scanline fill. On the line
/// through the centres of row r (y = r + 0.5) every edge with y1 <= y < y2 crosses at x;
/// crossings are sorted and the cells between pairs are set, a cell counting as inside when
/// x_left < centre <= x_right (columns floor(x_left + 0.5) .. floor(x_right + 0.5) - 1).
/// Horizontal edges that run right to left exactly on a centre line are set on their own.
void fill_centers(const PixelRings& rings, Mask& mask, const Window& window);

/// Cells an edge passes through: GDAL's all-touched line walker. Edges within one column (row)
/// or within 0.01 cell of vertical (horizontal) are drawn as a run along one column (row); a
/// run whose two ends both lie within 0.01 of a cell boundary sets nothing, so a zone drawn on
/// cell edges touches only its own cells (GDAL 3.6 uses 0.01 here, later versions 1e-4; the
/// goldens and the installed GDAL are 3.6). Other edges are walked from left to right, one cell
/// boundary at a time.
void walk_edge(PixelPoint a, PixelPoint b, const Grid& grid, Mask& mask);

} // namespace sezu::detail
