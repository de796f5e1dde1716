#include "sezu/core/grid.hpp"

#include <algorithm>
#include <cmath>

namespace sezu {

Window Window::intersect(const Window& o) const
{
    const long c0 = std::max(col, o.col);
    const long r0 = std::max(row, o.row);
    const long c1 = std::min(col + cols, o.col + o.cols);
    const long r1 = std::min(row + rows, o.row + o.rows);
    if (c1 <= c0 || r1 <= r0)
        return {c0, r0, 0, 0};
    return {c0, r0, c1 - c0, r1 - r0};
}

std::ostream& operator<<(std::ostream& os, const Window& w)
{
    return os << "Window(col=" << w.col << ", row=" << w.row << ", " << w.cols << "x" << w.rows
              << ")";
}

Window Grid::window_for(const BBox& box) const
{
    // floor/ceil of the fractional cell positions: a box edge exactly on a cell edge does not
    // pull in the neighbouring cell.
    const double fc0 = (box.xmin - x0) / dx;
    const double fc1 = (box.xmax - x0) / dx;
    const double fr0 = (y0 - box.ymax) / dy;
    const double fr1 = (y0 - box.ymin) / dy;
    const auto clamp_col = [&](double v) { return std::clamp(v, 0.0, double(cols)); };
    const auto clamp_row = [&](double v) { return std::clamp(v, 0.0, double(rows)); };
    const long c0 = long(std::floor(clamp_col(fc0)));
    const long c1 = long(std::ceil(clamp_col(fc1)));
    const long r0 = long(std::floor(clamp_row(fr0)));
    const long r1 = long(std::ceil(clamp_row(fr1)));
    return {c0, r0, std::max(0L, c1 - c0), std::max(0L, r1 - r0)};
}

bool Grid::wraps() const
{
    // 360 wide to a micro-degree (the VIIRS cell size, 15 arc-seconds, is not exact in binary),
    // starting within a cell of 180°W or 0°, inside ±90°: nothing but a global lon/lat grid.
    const bool global_width = std::abs(double(cols) * dx - 360.0) < 1e-6;
    const bool lon_origin = std::abs(x0 + 180.0) <= dx || std::abs(x0) <= dx;
    return global_width && lon_origin && y0 <= 90.0 + dy && ymin() >= -90.0 - dy;
}

std::vector<Grid::Piece> Grid::pieces(const Window& window) const
{
    if (!wraps() || window.col + window.cols <= cols)
        return {{window.intersect(full()), 0}};
    const Window east{window.col, window.row, cols - window.col, window.rows};
    const Window west{0, window.row, window.col + window.cols - cols, window.rows};
    return {{east.intersect(full()), 0}, {west.intersect(full()), cols}};
}

Grid Grid::crop(const Window& w) const
{
    return {x0 + w.col * dx, y0 - w.row * dy, dx, dy, w.cols, w.rows};
}

bool Grid::aligned_with(const Grid& o, double tol) const
{
    if (std::abs(dx - o.dx) > tol || std::abs(dy - o.dy) > tol)
        return false;
    const double cx = (o.x0 - x0) / dx;
    const double cy = (y0 - o.y0) / dy;
    return std::abs(cx - std::round(cx)) * dx <= tol && std::abs(cy - std::round(cy)) * dy <= tol;
}

std::ostream& operator<<(std::ostream& os, const Grid& g)
{
    os.precision(15);
    return os << "Grid(x0=" << g.x0 << ", y0=" << g.y0 << ", dx=" << g.dx << ", dy=" << g.dy
              << ", " << g.cols << "x" << g.rows << ")";
}

BBox MultiPolygon::bbox() const
{
    BBox b{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (const auto& poly : parts)
        for (const auto& ring : poly.rings)
            for (const auto& p : ring) {
                b.xmin = std::min(b.xmin, p.x);
                b.ymin = std::min(b.ymin, p.y);
                b.xmax = std::max(b.xmax, p.x);
                b.ymax = std::max(b.ymax, p.y);
            }
    return b;
}

bool MultiPolygon::empty() const
{
    for (const auto& poly : parts)
        if (!poly.rings.empty() && poly.rings.front().size() >= 3)
            return false;
    return true;
}

double signed_area(const Ring& ring)
{
    const size_t n = ring.size();
    if (n < 3)
        return 0.0;
    double twice = 0.0;
    for (size_t i = 0; i < n; ++i) {
        const Point& a = ring[i];
        const Point& b = ring[(i + 1) % n];
        twice += a.x * b.y - b.x * a.y;
    }
    return twice / 2.0;
}

bool contains(const MultiPolygon& geom, Point p)
{
    bool inside = false;
    for (const auto& poly : geom.parts)
        for (const auto& ring : poly.rings) {
            const size_t n = ring.size();
            for (size_t i = 0, j = n - 1; i < n; j = i++) {
                const Point& a = ring[i];
                const Point& b = ring[j];
                // Half-open in y so a vertex on the scan line is counted once.
                if ((a.y > p.y) != (b.y > p.y) &&
                    p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
                    inside = !inside;
            }
        }
    return inside;
}

} // namespace sezu
