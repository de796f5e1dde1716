// Exact rule: the fraction of each cell's area inside a zone, by signed-area accumulation per
// row strip.
//
// In local cell units (u to the right, v downwards, the window's top-left corner at 0,0) the
// area of cell (c, r) inside the zone is Σ_edges s·∫ clamp(c + 1 - u(v), 0, 1) dv over the part
// of each edge inside row strip [r, r + 1], where s normalises each ring so that exteriors add
// and holes subtract. Each edge piece inside one cell adds its trapezoid to that cell ("area")
// and its full height to every cell right of it ("cover", summed along the row at the end), so
// the work is proportional to the cells crossed plus the cells of the window.
#include "coverage_rules.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace sezu::detail {

namespace {

struct LocalPoint {
    double u, v;
};

// The rasterizer's work arrays, reused from zone to zone on each thread: fresh pages for every
// zone cost page faults (about a tenth of `sezu stats`'s time with many zones). Arrays grown
// past kKeepCells by a large zone are given back afterwards, so one country does not pin them.
struct Scratch {
    std::vector<double> area, cover;
    std::vector<LocalPoint> local;
};
constexpr std::size_t kKeepCells = std::size_t(1) << 20; // 8 MB per array

Scratch& scratch()
{
    thread_local Scratch s;
    return s;
}

void release_if_large(Scratch& s)
{
    if (s.area.capacity() > kKeepCells || s.cover.capacity() > kKeepCells) {
        std::vector<double>().swap(s.area);
        std::vector<double>().swap(s.cover);
    }
}

class ExactRasterizer {
public:
    ExactRasterizer(long cols, long rows, Scratch& scratch)
        : m_cols(cols), m_rows(rows), m_area(scratch.area), m_cover(scratch.cover)
    {
        m_area.assign(std::size_t(cols * rows), 0.0);
        m_cover.assign(std::size_t((cols + 1) * rows), 0.0);
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

    /// Cell weights of the window, row-major, noise snapped to 0 and 1. They replace the
    /// per-cell areas in place (each is read before it is written), so a large window needs no
    /// third array; a small one is copied out and the scratch kept for the next zone.
    std::vector<double> weights()
    {
        for (long r = 0; r < m_rows; ++r) {
            double running = 0.0;
            const double* cover = &m_cover[std::size_t(r * (m_cols + 1))];
            double* area = &m_area[std::size_t(r * m_cols)];
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
                area[c] = std::clamp(value, 0.0, 1.0);
            }
        }
        if (m_area.size() > kKeepCells)
            return std::move(m_area);
        return m_area;
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
    std::vector<double>& m_area;  // per cell: trapezoids of the pieces inside it
    std::vector<double>& m_cover; // per row, cols + 1 entries: heights added to cells c >= index
};
} // namespace

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
    Scratch& work = scratch();
    ExactRasterizer raster(window.cols, window.rows, work);
    std::vector<LocalPoint>& local = work.local;
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
    release_if_large(work);
    return cov;
}

} // namespace sezu::detail
