// Center rule: GDAL 3.6's scanline fill of the cells whose centre is inside a polygon, tie for
// tie (see fill_centers in pixel_mask.hpp).
#include "pixel_mask.hpp"

#include <cmath>

namespace sezu::detail {

namespace {

/// A non-horizontal edge and the rows of the window whose centre line it crosses.
struct Edge {
    double y1, y2, x1, x2; // y1 < y2
    long first, last;      // rows whose centre line it crosses, within the window
};

/// The edges that cross a centre line of the window, and per row of the window the edges that
/// start there.
struct EdgeTable {
    std::vector<Edge> edges;
    std::vector<std::vector<std::size_t>> starting;
};

/// A horizontal edge from p to q: set on its own when it runs right to left exactly on a
/// centre line of the window.
void burn_horizontal(const PixelPoint& p, const PixelPoint& q, Mask& mask, const Window& window)
{
    if (!(p.x > q.x))
        return;
    const double row = p.y - 0.5;
    if (row != std::floor(row) || row < double(window.row) ||
        row >= double(window.row + window.rows))
        return;
    mask.set_span(long(row), long(std::floor(q.x + 0.5)), long(std::floor(p.x + 0.5)));
}

/// Sets e.first and e.last to the rows of the window whose centre line e crosses; false when
/// it crosses none.
bool find_rows_crossed(Edge& e, const Window& window)
{
    const long row_end = window.row + window.rows;
    // First and last r with y1 <= r + 0.5 < y2, settled by the same comparisons GDAL makes (the
    // ceil is only a first guess).
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
    e.first = std::max(first, window.row);
    e.last = std::min(last, row_end - 1);
    return e.first <= e.last;
}

/// The rings' edges that cross a centre line of the window; horizontal edges on a centre line
/// are burned into the mask on the way.
EdgeTable collect_edges(const PixelRings& rings, Mask& mask, const Window& window)
{
    EdgeTable table;
    table.starting.resize(std::size_t(window.rows));
    for (const auto& ring : rings) {
        const std::size_t n = ring.size();
        for (std::size_t i = 0; i < n; ++i) {
            const PixelPoint& p = ring[i == 0 ? n - 1 : i - 1];
            const PixelPoint& q = ring[i];
            if (p.y == q.y) {
                burn_horizontal(p, q, mask, window);
                continue;
            }
            Edge e = p.y < q.y ? Edge{p.y, q.y, p.x, q.x, 0, 0} : Edge{q.y, p.y, q.x, p.x, 0, 0};
            if (!std::isfinite(e.y1) || !std::isfinite(e.y2) || !std::isfinite(e.x1) ||
                !std::isfinite(e.x2))
                continue;
            if (!find_rows_crossed(e, window))
                continue;
            table.starting[std::size_t(e.first - window.row)].push_back(table.edges.size());
            table.edges.push_back(e);
        }
    }
    return table;
}

/// Row by row, the crossings of the active edges with the centre line, sorted; the cells
/// between pairs are set.
void scan_rows(const EdgeTable& table, Mask& mask, const Window& window)
{
    std::vector<std::size_t> active;
    std::vector<double> xs;
    for (long r = window.row; r < window.row + window.rows; ++r) {
        for (std::size_t i : table.starting[std::size_t(r - window.row)])
            active.push_back(i);
        active.erase(std::remove_if(active.begin(), active.end(),
                                    [&](std::size_t i) { return table.edges[i].last < r; }),
                     active.end());
        if (active.empty())
            continue;
        const double y = double(r) + 0.5;
        xs.clear();
        for (std::size_t i : active) {
            const Edge& e = table.edges[i];
            // GDAL's expression, operation for operation: ties depend on the rounding.
            xs.push_back((y - e.y1) * (e.x2 - e.x1) / (e.y2 - e.y1) + e.x1);
        }
        std::sort(xs.begin(), xs.end());
        for (std::size_t i = 0; i + 1 < xs.size(); i += 2)
            mask.set_span(r, long(std::floor(xs[i] + 0.5)), long(std::floor(xs[i + 1] + 0.5)));
    }
}

} // namespace

void fill_centers(const PixelRings& rings, Mask& mask, const Window& window)
{
    scan_rows(collect_edges(rings, mask, window), mask, window);
}

} // namespace sezu::detail
