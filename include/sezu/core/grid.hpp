#pragma once
/// Small geometric value types shared by every stage: a regular north-up raster grid, windows
/// into it, and polygons in plain coordinates. Pure: no GDAL, no I/O.
#include <cstddef>
#include <ostream>
#include <vector>

namespace sezu {

/// An axis-aligned box in map coordinates (degrees for VIIRS).
struct BBox {
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
    bool empty() const { return !(xmax > xmin && ymax > ymin); }
    bool intersects(const BBox& o) const
    {
        return xmin < o.xmax && o.xmin < xmax && ymin < o.ymax && o.ymin < ymax;
    }
};

/// A rectangle of cells: columns [col, col + cols), rows [row, row + rows).
struct Window {
    long col = 0, row = 0, cols = 0, rows = 0;
    long size() const { return cols * rows; }
    bool empty() const { return cols <= 0 || rows <= 0; }
    /// The common part of two windows (empty when they do not overlap).
    Window intersect(const Window& o) const;
    bool contains(const Window& o) const
    {
        return o.col >= col && o.row >= row && o.col + o.cols <= col + cols &&
               o.row + o.rows <= row + rows;
    }
    friend bool operator==(const Window& a, const Window& b)
    {
        return a.col == b.col && a.row == b.row && a.cols == b.cols && a.rows == b.rows;
    }
};
std::ostream& operator<<(std::ostream& os, const Window& w);

/// A north-up regular grid: cell (c, r) spans x in [x0 + c*dx, x0 + (c+1)*dx] and
/// y in [y0 - (r+1)*dy, y0 - r*dy]. dx and dy are positive cell sizes; (x0, y0) is the
/// top-left corner, as in a GDAL geotransform (x0, dx, 0, y0, 0, -dy).
struct Grid {
    double x0 = 0, y0 = 0, dx = 1, dy = 1;
    long cols = 0, rows = 0;

    double xmax() const { return x0 + cols * dx; }
    double ymin() const { return y0 - rows * dy; }
    BBox extent() const { return {x0, ymin(), xmax(), y0}; }
    double cell_x(long col) const { return x0 + (col + 0.5) * dx; } ///< centre x
    double cell_y(long row) const { return y0 - (row + 0.5) * dy; } ///< centre y
    Window full() const { return {0, 0, cols, rows}; }

    /// The smallest window of cells that covers the box, clipped to the grid (may be empty).
    Window window_for(const BBox& box) const;
    /// The grid of the cells of a window (same cell size, shifted origin).
    Grid crop(const Window& w) const;

    /// Same cell size and cell alignment within `tol` (origins differ by whole cells).
    bool aligned_with(const Grid& o, double tol) const;

    /// A lon/lat grid 360 degrees wide (starting within a cell of 180°W or 0°, inside ±90°)
    /// wraps around: column cols + c is column c again. Its
    /// windows may reach past the east edge (col + cols > grid.cols), for zones across the
    /// antimeridian or the half cell the VIIRS grid leaves beyond 180 degrees east.
    bool wraps() const;
    /// A window's parts that lie in the grid, each with the shift (0 or cols) that takes its
    /// columns back into the window's own numbering. One part unless the window wraps.
    struct Piece {
        Window in_grid;
        long shift = 0;
    };
    std::vector<Piece> pieces(const Window& window) const;

    friend bool operator==(const Grid& a, const Grid& b)
    {
        return a.x0 == b.x0 && a.y0 == b.y0 && a.dx == b.dx && a.dy == b.dy &&
               a.cols == b.cols && a.rows == b.rows;
    }
    friend bool operator!=(const Grid& a, const Grid& b) { return !(a == b); }
};
std::ostream& operator<<(std::ostream& os, const Grid& g);

struct Point {
    double x = 0, y = 0;
};

/// A closed ring; the last point may or may not repeat the first.
using Ring = std::vector<Point>;

/// A polygon: rings[0] is the exterior, the others are holes. Orientation is not assumed.
struct Polygon {
    std::vector<Ring> rings;
};

/// The geometry of a zone: one or more non-overlapping polygons.
struct MultiPolygon {
    std::vector<Polygon> parts;
    BBox bbox() const;
    bool empty() const;
};

/// Signed area of a ring by the shoelace formula (positive when counter-clockwise).
double signed_area(const Ring& ring);

/// Point-in-polygon by the even-odd rule over all rings (a hole is outside).
bool contains(const MultiPolygon& geom, Point p);

} // namespace sezu
