// Exact rule: the fraction of each cell's area inside a zone, by signed-area accumulation per
// row strip.
//
// In local cell units (u to the right, v downwards, the window's top-left corner at 0,0) the
// area of cell (c, r) inside the zone is Σ_edges s·∫ clamp(c + 1 - u(v), 0, 1) dv over the part
// of each edge inside row strip [r, r + 1], where s normalises each ring so that exteriors add
// and holes subtract. Each edge piece inside one cell adds its trapezoid to that cell ("area")
// and its full height to every cell right of it ("cover", summed along the row at the end).
// Both are kept as a list of deposits, one per edge piece, not as arrays over the window: sorted
// by row and column, a row's deposits are swept west to east into runs of equal weight, so the
// memory and the work grow with the cells the edges cross (the zone's boundary), not with its
// bounding box. A cell's sums are added in the order the edges deposited them, as an array
// would, so the weights are the same to the bit.
#include "coverage_rules.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace sezu::detail {

namespace {

struct LocalPoint {
    double u, v;
};

/// One edge piece's contribution: `area` to cell `col` of `row`, or (`cover`) its height to
/// every cell of the row from column `col` on (col 0 also for pieces west of the window).
struct Deposit {
    long row;
    long col;
    double value;
    bool cover;
};

// The deposits of a zone, reused from zone to zone on each thread: fresh pages for every zone
// cost page faults (about a tenth of `sezu stats`'s time with many zones). A list grown past
// kKeepDeposits by a large zone is given back afterwards, so one country does not pin it.
struct Scratch {
    std::vector<Deposit> deposits;
    std::vector<LocalPoint> local;
};
constexpr std::size_t kKeepDeposits = std::size_t(1) << 18; // 6 MB

Scratch& scratch()
{
    thread_local Scratch s;
    return s;
}

void release_if_large(Scratch& s)
{
    if (s.deposits.capacity() > kKeepDeposits)
        std::vector<Deposit>().swap(s.deposits);
}

/// Rounding in the piecewise sums leaves ~1e-15 where the answer is 0 or 1; a cell is either
/// untouched or crossed, and both must come out exact. Overlapping parts of an invalid zone
/// could exceed one cell.
double snapped(double value)
{
    if (std::abs(value) < 1e-12)
        value = 0.0;
    else if (std::abs(value - 1.0) < 1e-12)
        value = 1.0;
    return std::clamp(value, 0.0, 1.0);
}

class ExactRasterizer {
public:
    ExactRasterizer(long cols, long rows, Scratch& scratch)
        : m_cols(cols), m_rows(rows), m_deposits(scratch.deposits)
    {
        m_deposits.clear();
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

    /// The window's coverage: each row's deposits swept west to east.
    Coverage runs(const Window& window)
    {
        // Stable: deposits into one cell keep the order the edges made them in.
        std::stable_sort(m_deposits.begin(), m_deposits.end(),
                         [](const Deposit& a, const Deposit& b) {
                             return a.row != b.row ? a.row < b.row : a.col < b.col;
                         });
        CoverageBuilder builder(window);
        std::size_t i = 0;
        for (long r = 0; r < m_rows; ++r) {
            double running = 0.0;
            long next = 0; // first cell of the row not yet emitted
            while (i < m_deposits.size() && m_deposits[i].row == r) {
                const long col = m_deposits[i].col;
                double cover = 0.0, area = 0.0;
                for (; i < m_deposits.size() && m_deposits[i].row == r && m_deposits[i].col == col;
                     ++i)
                    (m_deposits[i].cover ? cover : area) += m_deposits[i].value;
                if (col >= m_cols)
                    continue; // a height past the last cell: it covers nothing
                builder.add(next, col - next, snapped(running));
                running += cover;
                builder.add(col, 1, snapped(running + area));
                next = col + 1;
            }
            builder.add(next, m_cols - next, snapped(running));
            builder.end_row();
        }
        return builder.finish();
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
        const double lo = std::min(u1, u2);
        const double hi = std::max(u1, u2);
        if (hi <= 0.0) { // wholly left of the window: covers every cell of the row
            m_deposits.push_back({r, 0, dv, true});
            return;
        }
        if (lo >= width)
            return;
        if (hi == lo) {
            deposit(r, lo, lo, dv);
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
                m_deposits.push_back({r, 0, part, true});
            else if (start < width)
                deposit(r, start, end, part);
            start = end;
        }
    }

    /// A piece wholly inside one column [k, k + 1] (0 <= lo <= hi <= cols).
    void deposit(long r, double lo, double hi, double dv)
    {
        if (lo >= double(m_cols))
            return;
        const long k = std::min(m_cols - 1, long(std::floor(lo)));
        m_deposits.push_back({r, k, dv * (double(k + 1) - 0.5 * (lo + hi)), false});
        m_deposits.push_back({r, k + 1, dv, true});
    }

    long m_cols, m_rows;
    std::vector<Deposit>& m_deposits;
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
    cov = raster.runs(window);
    release_if_large(work);
    return cov;
}

} // namespace sezu::detail
