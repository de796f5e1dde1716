#include "sezu/zones/coverage.hpp"

#include "sezu/core/error.hpp"

#include <algorithm>
#include <cmath>

namespace sezu {

PixelRule parse_pixel_rule(const std::string& text)
{
    if (text == "exact")
        return PixelRule::Exact;
    if (text == "center" || text == "centre")
        return PixelRule::Center;
    if (text == "all_touched" || text == "all-touched")
        return PixelRule::AllTouched;
    throw ConfigError("config: unknown pixel rule '" + text +
                      "'; use one of exact, center, all_touched");
}

std::string to_string(PixelRule rule)
{
    switch (rule) {
    case PixelRule::Exact: return "exact";
    case PixelRule::Center: return "center";
    case PixelRule::AllTouched: return "all_touched";
    }
    return "unknown";
}

namespace {

// ---------------------------------------------------------------------------------------------
// Exact rule: signed-area accumulation per row strip.
//
// In local cell units (u to the right, v downwards, the window's top-left corner at 0,0) the
// area of cell (c, r) inside the zone is Σ_edges s·∫ clamp(c + 1 - u(v), 0, 1) dv over the part
// of each edge inside row strip [r, r + 1], where s normalises each ring so that exteriors add
// and holes subtract. Each edge piece inside one cell adds its trapezoid to that cell ("area")
// and its full height to every cell right of it ("cover", summed along the row at the end), so
// the work is proportional to the cells crossed plus the cells of the window.
// ---------------------------------------------------------------------------------------------

struct LocalPoint {
    double u, v;
};

class ExactRasterizer {
public:
    ExactRasterizer(long cols, long rows)
        : m_cols(cols), m_rows(rows), m_area(std::size_t(cols * rows), 0.0),
          m_cover(std::size_t((cols + 1) * rows), 0.0)
    {
    }

    void add_ring(const std::vector<LocalPoint>& ring, bool exterior)
    {
        const std::size_t n = ring.size();
        if (n < 3)
            return;
        // -∮u dv is the area the accumulation deposits for this ring; its sign tells how the
        // ring is oriented in these (left-handed) coordinates.
        double deposited = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const LocalPoint& a = ring[i];
            const LocalPoint& b = ring[(i + 1) % n];
            deposited -= 0.5 * (a.u + b.u) * (b.v - a.v);
        }
        if (deposited == 0.0 || !std::isfinite(deposited))
            return;
        const double sign = (deposited > 0.0) == exterior ? 1.0 : -1.0;
        for (std::size_t i = 0; i < n; ++i)
            add_edge(ring[i], ring[(i + 1) % n], sign);
    }

    /// Cell weights of the window, row-major, noise snapped to 0 and 1.
    std::vector<double> weights() const
    {
        std::vector<double> out(std::size_t(m_cols * m_rows), 0.0);
        for (long r = 0; r < m_rows; ++r) {
            double running = 0.0;
            const double* cover = &m_cover[std::size_t(r * (m_cols + 1))];
            const double* area = &m_area[std::size_t(r * m_cols)];
            double* w = &out[std::size_t(r * m_cols)];
            for (long c = 0; c < m_cols; ++c) {
                running += cover[c];
                double value = running + area[c];
                // Rounding in the piecewise sums leaves ~1e-15 where the answer is 0 or 1;
                // a cell is either untouched or crossed, and both must come out exact.
                if (std::abs(value) < 1e-12)
                    value = 0.0;
                else if (std::abs(value - 1.0) < 1e-12)
                    value = 1.0;
                // Overlapping parts of an invalid zone could exceed one cell.
                w[c] = std::clamp(value, 0.0, 1.0);
            }
        }
        return out;
    }

private:
    void add_edge(const LocalPoint& a, const LocalPoint& b, double sign)
    {
        if (a.v == b.v || !std::isfinite(a.u) || !std::isfinite(b.u) || !std::isfinite(a.v) ||
            !std::isfinite(b.v))
            return;
        const double vlo = std::min(a.v, b.v);
        const double vhi = std::max(a.v, b.v);
        if (vhi <= 0.0 || vlo >= double(m_rows))
            return;
        const long r0 = std::max(0L, long(std::floor(vlo)));
        const long r1 = std::min(m_rows - 1, long(std::ceil(vhi)) - 1);
        const double slope = (b.u - a.u) / (b.v - a.v);
        // u at v, exact at the end points so that pieces meet where the ring's vertices are.
        const auto u_at = [&](double v) {
            if (v == a.v)
                return a.u;
            if (v == b.v)
                return b.u;
            return a.u + (v - a.v) * slope;
        };
        for (long r = r0; r <= r1; ++r) {
            const double v1 = std::clamp(a.v, double(r), double(r + 1));
            const double v2 = std::clamp(b.v, double(r), double(r + 1));
            if (v1 == v2)
                continue;
            add_piece(r, u_at(v1), u_at(v2), sign * (v2 - v1));
        }
    }

    /// A piece of an edge inside row strip r, from u1 to u2, spanning dv (signed, with the
    /// ring's sign applied).
    void add_piece(long r, double u1, double u2, double dv)
    {
        const double width = double(m_cols);
        double* cover = &m_cover[std::size_t(r * (m_cols + 1))];
        double* area = &m_area[std::size_t(r * m_cols)];
        const double lo = std::min(u1, u2);
        const double hi = std::max(u1, u2);
        if (hi <= 0.0) { // wholly left of the window: covers every cell of the row
            cover[0] += dv;
            return;
        }
        if (lo >= width)
            return;
        if (hi == lo) {
            deposit(cover, area, lo, lo, dv);
            return;
        }
        // Split at u = 0, u = cols and the cell boundaries between; dv is linear in u.
        double start = lo;
        while (start < hi) {
            double end;
            if (start < 0.0)
                end = std::min(hi, 0.0);
            else if (start >= width)
                end = hi;
            else
                end = std::min(hi, std::floor(start) + 1.0);
            const double part = dv * ((end - start) / (hi - lo));
            if (end <= 0.0)
                cover[0] += part;
            else if (start < width)
                deposit(cover, area, start, end, part);
            start = end;
        }
    }

    /// A piece wholly inside one column [k, k + 1] (0 <= lo <= hi <= cols).
    void deposit(double* cover, double* area, double lo, double hi, double dv)
    {
        if (lo >= double(m_cols))
            return;
        const long k = std::min(m_cols - 1, long(std::floor(lo)));
        area[k] += dv * (double(k + 1) - 0.5 * (lo + hi));
        cover[k + 1] += dv;
    }

    long m_cols, m_rows;
    std::vector<double> m_area;  // per cell: trapezoids of the pieces inside it
    std::vector<double> m_cover; // per row, cols + 1 entries: heights added to cells c >= index
};

Coverage exact_coverage(const MultiPolygon& zone, const Grid& grid, const Window& window)
{
    Coverage cov;
    cov.window = window;
    if (window.empty())
        return cov;
    // Local coordinates relative to the window's corner: subtracting nearby numbers is exact,
    // so partial cells keep the precision of the input coordinates.
    const double gx = grid.x0 + double(window.col) * grid.dx;
    const double gy = grid.y0 - double(window.row) * grid.dy;
    ExactRasterizer raster(window.cols, window.rows);
    std::vector<LocalPoint> local;
    for (const Polygon& poly : zone.parts)
        for (std::size_t k = 0; k < poly.rings.size(); ++k) {
            const Ring& ring = poly.rings[k];
            local.clear();
            for (const Point& p : ring)
                local.push_back({(p.x - gx) / grid.dx, (gy - p.y) / grid.dy});
            if (local.size() > 1 && local.front().u == local.back().u &&
                local.front().v == local.back().v)
                local.pop_back();
            raster.add_ring(local, k == 0);
        }
    cov.weight = raster.weights();
    return cov;
}

// ---------------------------------------------------------------------------------------------
// Center and all-touched rules, decided as GDAL's rasterizer (GDAL 3.6) decides them, so that
// counts agree with gdal_rasterize / rasterio / python-rasterstats cell for cell. The zone is
// mapped to pixel/line coordinates of the whole grid with the arithmetic of GDAL's inverse
// geotransform, because ties (a cell centre on an edge) are settled by those exact doubles.
// ---------------------------------------------------------------------------------------------

struct PixelPoint {
    double x, y;
};

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
        cov.window = {m_window.col + c0, m_window.row + r0, c1 - c0 + 1, r1 - r0 + 1};
        cov.weight.reserve(std::size_t(cov.window.size()));
        for (long r = r0; r <= r1; ++r)
            for (long c = c0; c <= c1; ++c)
                cov.weight.push_back(m_cells[std::size_t(r * m_window.cols + c)]);
        return cov;
    }

private:
    Window m_window;
    std::vector<double> m_cells;
};

using PixelRings = std::vector<std::vector<PixelPoint>>;

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

/// Cells whose centre is inside a polygon: GDAL's scanline fill. On the line through the centres of
/// row r (y = r + 0.5) every edge with y1 <= y < y2 crosses at x; crossings are sorted and the
/// cells between pairs are set, a cell counting as inside when x_left < centre <= x_right
/// (columns floor(x_left + 0.5) .. floor(x_right + 0.5) - 1). Horizontal edges that run
/// right to left exactly on a centre line are set on their own.
void fill_centers(const PixelRings& rings, Mask& mask, const Window& window)
{
    struct Edge {
        double y1, y2, x1, x2; // y1 < y2
        long first, last;      // rows whose centre line it crosses, within the window
    };
    const long row_end = window.row + window.rows;
    std::vector<Edge> edges;
    std::vector<std::vector<std::size_t>> starting(std::size_t(window.rows));
    for (const auto& ring : rings) {
        const std::size_t n = ring.size();
        for (std::size_t i = 0; i < n; ++i) {
            const PixelPoint& p = ring[i == 0 ? n - 1 : i - 1];
            const PixelPoint& q = ring[i];
            if (p.y == q.y) {
                if (!(p.x > q.x))
                    continue;
                const double row = p.y - 0.5;
                if (row != std::floor(row) || row < double(window.row) || row >= double(row_end))
                    continue;
                mask.set_span(long(row), long(std::floor(q.x + 0.5)), long(std::floor(p.x + 0.5)));
                continue;
            }
            Edge e = p.y < q.y ? Edge{p.y, q.y, p.x, q.x, 0, 0} : Edge{q.y, p.y, q.x, p.x, 0, 0};
            if (!std::isfinite(e.y1) || !std::isfinite(e.y2) || !std::isfinite(e.x1) ||
                !std::isfinite(e.x2))
                continue;
            // First and last r with y1 <= r + 0.5 < y2, settled by the same comparisons GDAL
            // makes (the ceil is only a first guess).
            const auto crosses = [&](long r) {
                const double c = double(r) + 0.5;
                return c >= e.y1 && c < e.y2;
            };
            const double lo = std::max(e.y1 - 0.5, double(window.row) - 1.0);
            const double hi = std::min(e.y2 - 0.5, double(row_end) + 1.0);
            long first = long(std::ceil(lo));
            long last = long(std::ceil(hi)) - 1;
            while (first > window.row && crosses(first - 1))
                --first;
            while (first <= last && !crosses(first))
                ++first;
            while (last + 1 < row_end && crosses(last + 1))
                ++last;
            while (last >= first && !crosses(last))
                --last;
            first = std::max(first, window.row);
            last = std::min(last, row_end - 1);
            if (first > last)
                continue;
            e.first = first;
            e.last = last;
            starting[std::size_t(first - window.row)].push_back(edges.size());
            edges.push_back(e);
        }
    }
    std::vector<std::size_t> active;
    std::vector<double> xs;
    for (long r = window.row; r < row_end; ++r) {
        for (std::size_t i : starting[std::size_t(r - window.row)])
            active.push_back(i);
        active.erase(std::remove_if(active.begin(), active.end(),
                                    [&](std::size_t i) { return edges[i].last < r; }),
                     active.end());
        if (active.empty())
            continue;
        const double y = double(r) + 0.5;
        xs.clear();
        for (std::size_t i : active) {
            const Edge& e = edges[i];
            // GDAL's expression, operation for operation: ties depend on the rounding.
            xs.push_back((y - e.y1) * (e.x2 - e.x1) / (e.y2 - e.y1) + e.x1);
        }
        std::sort(xs.begin(), xs.end());
        for (std::size_t i = 0; i + 1 < xs.size(); i += 2)
            mask.set_span(r, long(std::floor(xs[i] + 0.5)), long(std::floor(xs[i + 1] + 0.5)));
    }
}

/// Cells an edge passes through: GDAL's all-touched line walker. Edges within one column (row)
/// or within 0.01 cell of vertical (horizontal) are drawn as a run along one column (row); a
/// run whose two ends both lie within 0.01 of a cell boundary sets nothing, so a zone drawn on
/// cell edges touches only its own cells (GDAL 3.6 uses 0.01 here, later versions 1e-4; the
/// goldens and the installed GDAL are 3.6). Other edges are walked from left to right, one cell
/// boundary at a time.
void walk_edge(PixelPoint a, PixelPoint b, const Grid& grid, Mask& mask)
{
    constexpr double on_boundary = 0.01;
    const double width = double(grid.cols);
    const double height = double(grid.rows);
    if ((a.y < 0.0 && b.y < 0.0) || (a.y > height && b.y > height) || (a.x < 0.0 && b.x < 0.0) ||
        (a.x > width && b.x > width))
        return;
    if (a.x > b.x)
        std::swap(a, b);
    const auto near_integer = [](double v) { return std::abs(v - std::round(v)) < on_boundary; };

    if (std::floor(a.x) == std::floor(b.x) || std::abs(b.x - a.x) < 0.01) {
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
        return;
    }
    if (std::floor(a.y) == std::floor(b.y) || std::abs(b.y - a.y) < 0.01) {
        if (near_integer(a.y) && near_integer(b.y))
            return;
        const long row = long(std::floor(a.y));
        if (row < 0 || row >= grid.rows)
            return;
        const long c0 = std::max(0L, long(std::floor(a.x)));
        const long c1 = std::min(long(grid.cols) - 1, long(std::floor(b.x)));
        mask.set_span(row, c0, c1 + 1);
        return;
    }

    const double slope = (b.y - a.y) / (b.x - a.x);
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

// On a grid that wraps (Grid::wraps), a zone reaching past its east or west edge continues on
// the other side: a zone across the antimeridian given as parts on both sides of ±180°, or the
// sliver between 180°E and the VIIRS grid's east edge (half a cell short of it), which belongs to
// column 0. Such a zone is computed on the grid repeated three times side by side, with the
// western parts of a split zone moved 360° east so that it is one piece; its window is then
// numbered in the grid again and may reach past the east edge.
bool needs_wrap(const BBox& box, const Grid& grid)
{
    return grid.wraps() && (box.xmax > grid.xmax() || box.xmin < grid.x0 ||
                            box.xmax - box.xmin > 180.0);
}

Coverage wrapped_coverage(const MultiPolygon& zone, const Grid& grid)
{
    const double width = double(grid.cols) * grid.dx;
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
    Grid three = grid;
    three.x0 = grid.x0 - width;
    three.cols = 3 * grid.cols;
    Coverage cov = exact_coverage(joined, three, three.window_for(joined.bbox()));
    if (cov.empty())
        return {};
    cov.window.col = ((cov.window.col - grid.cols) % grid.cols + grid.cols) % grid.cols;
    return cov;
}

} // namespace

Coverage compute_coverage(const MultiPolygon& zone, const Grid& grid, PixelRule rule)
{
    if (zone.empty() || grid.cols <= 0 || grid.rows <= 0)
        return {};
    if (rule != PixelRule::Exact)
        return raster_coverage(zone, grid, rule);
    const BBox box = zone.bbox();
    if (needs_wrap(box, grid))
        return wrapped_coverage(zone, grid);
    if (!box.intersects(grid.extent()))
        return {};
    return exact_coverage(zone, grid, grid.window_for(box));
}

double cell_area_km2(const Grid& g, long row)
{
    // Area between two parallels over a span of longitude on an ellipsoid of revolution:
    // A = Δλ/2 · b² · [f(φ2) − f(φ1)], f(φ) = sinφ/(1 − e²sin²φ) + ln((1 + e sinφ)/(1 − e sinφ))/(2e)
    // (tends to R²·Δλ·(sinφ2 − sinφ1) on a sphere).
    constexpr double a = 6378.137;                 // km
    constexpr double flattening = 1 / 298.257223563;
    constexpr double b = a * (1 - flattening);
    const double e2 = flattening * (2 - flattening);
    const double e = std::sqrt(e2);
    constexpr double deg = 3.14159265358979323846 / 180.0;
    auto f = [&](double lat) {
        const double s = std::sin(lat * deg);
        return s / (1 - e2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
    };
    const double north = g.y0 - double(row) * g.dy;
    const double south = north - g.dy;
    return std::abs(g.dx * deg / 2 * b * b * (f(north) - f(south)));
}

double coverage_area_km2(const Coverage& coverage, const Grid& g)
{
    double area = 0;
    const Window& w = coverage.window;
    for (long r = 0; r < w.rows; ++r) {
        double row_weight = 0;
        for (long c = 0; c < w.cols; ++c)
            row_weight += coverage.weight[size_t(r * w.cols + c)];
        if (row_weight > 0)
            area += row_weight * cell_area_km2(g, w.row + r);
    }
    return area;
}

} // namespace sezu
