// Ellipsoidal cell areas (area_km2) in any CRS, against values derived without GeographicLib:
// the closed form for cells between parallels, the surface of the ellipsoid, Simpson's rule, and
// the scale factor of transverse Mercator.
#include "sezu/zones/cell_area.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace sezu;

namespace {

constexpr double kA = 6378.137, kF = 1 / 298.257223563; // WGS 84, km
const double kE2 = kF * (2 - kF);
constexpr double kDeg = M_PI / 180;

/// Area (km²) between parallels lat1 < lat2 over `dlon` degrees of longitude on WGS 84:
/// Δλ/2 · b² · [q(φ2) − q(φ1)], q(φ) = sinφ/(1 − e²sin²φ) + ln((1 + e sinφ)/(1 − e sinφ))/(2e).
double band_km2(double lat1, double lat2, double dlon)
{
    const double b = kA * (1 - kF), e = std::sqrt(kE2);
    const auto q = [&](double lat) {
        const double s = std::sin(lat * kDeg);
        return s / (1 - kE2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
    };
    return dlon * kDeg / 2 * b * b * (q(lat2) - q(lat1));
}

} // namespace

TEST(CellArea, OneDegreeCellAtTheEquatorIsTheClosedForm)
{
    const CellAreas areas(Grid{0, 1, 1, 1, 1, 1}, "EPSG:4326");
    EXPECT_NEAR(band_km2(0, 1, 1), 12308.46, 0.01); // the closed form, by hand
    EXPECT_NEAR(areas.cell_km2(0, 0), band_km2(0, 1, 1), 1e-9 * 12308);
    // At 60°N..61°N a degree cell is about cos(60.5°) as large.
    const CellAreas north(Grid{10, 61, 1, 1, 1, 1}, "EPSG:4326");
    EXPECT_NEAR(north.cell_km2(0, 0), band_km2(60, 61, 1), 1e-9 * 6000);
}

TEST(CellArea, LonLatCellsAddUpToTheEllipsoidAndMatchNumericIntegration)
{
    // A 1-degree global grid: its cells must add up to the WGS 84 ellipsoid's surface,
    // 510,065,621.7 km2.
    const Grid world{-180, 90, 1, 1, 360, 180};
    const CellAreas areas(world);
    double total = 0;
    for (long r = 0; r < world.rows; ++r)
        total += 360 * areas.cell_km2(0, r);
    EXPECT_NEAR(total, 510065621.7, 1.0);
    // Independently: integrate M(phi) N(phi) cos(phi) over a VIIRS cell by Simpson's rule.
    auto integrand = [&](double phi) {
        const double w = 1 - kE2 * std::sin(phi) * std::sin(phi);
        return kA * (1 - kE2) / std::pow(w, 1.5) * kA / std::sqrt(w) * std::cos(phi);
    };
    const Grid viirs{-66.4, 18.5, 1.0 / 240, 1.0 / 240, 10, 10};
    const double north = 18.5 * kDeg, south = (18.5 - 1.0 / 240) * kDeg;
    const int n = 100;
    double simpson = 0;
    for (int i = 0; i <= n; ++i) {
        const double phi = south + (north - south) * i / n;
        simpson += (i == 0 || i == n ? 1 : i % 2 ? 4 : 2) * integrand(phi);
    }
    simpson *= (north - south) / (3 * n) * (1.0 / 240) * kDeg;
    const CellAreas viirs_areas(viirs);
    EXPECT_NEAR(viirs_areas.cell_km2(3, 0), simpson, 1e-9 * simpson);
    EXPECT_NEAR(viirs_areas.cell_km2(3, 0), 0.2028, 0.0005); // ~440 m x 461 m at 18.5N
    EXPECT_GT(areas.cell_km2(0, 89), areas.cell_km2(0, 10)); // cells shrink toward the poles
}

TEST(CellArea, UtmCellIsItsMapAreaOverTheScaleFactorSquared)
{
    // UTM is conformal: a small map area A is A / k² on the ellipsoid. On the central meridian
    // k = k0 = 0.9996 exactly, so a 1 km x 1 km cell there is 1 / 0.9996² = 1.00080048 km²
    // (k grows by x²/(2R²) ~ 3e-9 across the cell's 500 m half-width: negligible).
    const Grid on_meridian{499500, 1000, 1000, 1000, 1, 1}; // x 499.5..500.5 km, y 0..1 km
    EXPECT_NEAR(CellAreas(on_meridian, "EPSG:32633").cell_km2(0, 0), 1 / (0.9996 * 0.9996),
                1e-7);
    // 300 km east of it, at the equator: k = k0 (1 + x²/(2 ρν)), x = 300 km / k0, ρν = a²(1−e²)
    // (Snyder, Map Projections, eq. 8-11 to second order; the fourth-order term is ~1e-6).
    const double x = 300.0 / 0.9996, k = 0.9996 * (1 + x * x / (2 * kA * kA * (1 - kE2)));
    const Grid east{799500, 1000, 1000, 1000, 1, 1};
    EXPECT_NEAR(CellAreas(east, "EPSG:32633").cell_km2(0, 0), 1 / (k * k), 5e-6);
    EXPECT_LT(CellAreas(east, "EPSG:32633").cell_km2(0, 0), 0.9987); // not the map's 1 km²
}

TEST(CellArea, CoverageAreaIsTheWeightedSumOfItsCells)
{
    const Grid g{0, 1, 0.5, 0.5, 4, 4};
    const Coverage c = Coverage::from_weights({1, 1, 2, 1}, {1.0, 0.5});
    EXPECT_NEAR(CellAreas(g).coverage_km2(c), 1.5 * band_km2(0, 0.5, 0.5), 1e-9);
    // Projected: the two cells on the central meridian of UTM zone 33.
    const Grid utm{499000, 1000, 1000, 1000, 2, 1};
    const Coverage both = Coverage::from_weights({0, 0, 2, 1}, {1.0, 0.25});
    EXPECT_NEAR(CellAreas(utm, "EPSG:32633").coverage_km2(both), 1.25 / (0.9996 * 0.9996), 1e-6);
}
