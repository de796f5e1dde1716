// Sutherland-Hodgman clipping of a ring to a box: the tests' reference for exact coverage.
#include "clipped_area.hpp"

#include <cmath>
#include <utility>
#include <vector>

namespace sezu::test {

long double clipped_ring_area(const Ring& ring, const BBox& box)
{
    using P = std::pair<long double, long double>;
    std::vector<P> pts;
    for (const Point& p : ring)
        pts.push_back({(long double)p.x - box.xmin, (long double)p.y - box.ymin});
    const long double w = (long double)box.xmax - box.xmin;
    const long double h = (long double)box.ymax - box.ymin;
    // Clip against x >= 0, x <= w, y >= 0, y <= h in turn.
    for (int side = 0; side < 4; ++side) {
        const auto inside = [&](const P& p) {
            switch (side) {
            case 0:
                return p.first >= 0;
            case 1:
                return p.first <= w;
            case 2:
                return p.second >= 0;
            default:
                return p.second <= h;
            }
        };
        const auto cut = [&](const P& a, const P& b) {
            const long double t = side == 0   ? (0 - a.first) / (b.first - a.first)
                                  : side == 1 ? (w - a.first) / (b.first - a.first)
                                  : side == 2 ? (0 - a.second) / (b.second - a.second)
                                              : (h - a.second) / (b.second - a.second);
            return P{a.first + t * (b.first - a.first), a.second + t * (b.second - a.second)};
        };
        std::vector<P> out;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            const P& a = pts[(i + pts.size() - 1) % pts.size()];
            const P& b = pts[i];
            if (inside(b)) {
                if (!inside(a))
                    out.push_back(cut(a, b));
                out.push_back(b);
            } else if (inside(a)) {
                out.push_back(cut(a, b));
            }
        }
        pts = std::move(out);
        if (pts.empty())
            return 0;
    }
    long double twice = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const P& a = pts[i];
        const P& b = pts[(i + 1) % pts.size()];
        twice += a.first * b.second - b.first * a.second;
    }
    return std::abs(twice) / 2;
}

} // namespace sezu::test
