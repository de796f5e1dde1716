#pragma once
// Zones for the coverage tests: boxes, random star-shaped rings, and the sum of a coverage.
#include "sezu/zones/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace sezu::coverage_test {

/// The box [x0, x1] x [y0, y1] as a zone.
inline MultiPolygon box(double x0, double y0, double x1, double y1)
{
    return MultiPolygon{{Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}}};
}

/// Σ weight of a coverage.
inline double total(const Coverage& cov)
{
    double s = 0;
    for (double w : cov.weights())
        s += w;
    return s;
}

/// Σ weight per column of a grid `columns` wide (a window past its east edge, as on a grid that
/// wraps, folded back onto columns 0..columns-1).
inline std::vector<double> weight_of_column(const Coverage& cov, long columns)
{
    std::vector<double> by_col(std::size_t(columns), 0.0);
    const std::vector<double> weight = cov.weights();
    for (long r = 0; r < cov.window.rows; ++r)
        for (long c = 0; c < cov.window.cols; ++c)
            by_col[std::size_t((cov.window.col + c) % columns)] +=
                weight[std::size_t(r * cov.window.cols + c)];
    return by_col;
}

/// A random star-shaped ring around (cx, cy); with `snap`, some vertices are moved onto cell
/// edges, corners and centres of a unit grid to provoke ties.
inline Ring random_ring(std::mt19937_64& rng, double cx, double cy, double radius, int n, bool ccw,
                        bool snap = false)
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> angles(static_cast<std::size_t>(n));
    for (double& a : angles)
        a = unit(rng) * 2 * M_PI;
    std::sort(angles.begin(), angles.end());
    Ring ring;
    for (double a : angles) {
        const double r = radius * (0.3 + 0.7 * unit(rng));
        Point p{cx + r * std::cos(a), cy + r * std::sin(a)};
        const double dice = snap ? unit(rng) : 1.0;
        if (dice < 0.15)
            p.x = std::round(p.x);
        else if (dice < 0.25)
            p = {std::round(p.x), std::round(p.y)};
        else if (dice < 0.35)
            p = {std::floor(p.x) + 0.5, std::floor(p.y) + 0.5};
        ring.push_back(p);
    }
    if (!ccw)
        std::reverse(ring.begin(), ring.end());
    ring.push_back(ring.front());
    return ring;
}

} // namespace sezu::coverage_test
