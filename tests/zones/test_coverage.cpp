// Coverage of zones on grids: the pixel rules by name, whole and partial cells, holes, parts,
// zones partly or wholly outside, ring orientation, the exact rule against per-cell clipping,
// tiles that meet at a corner, and zones that wrap around the antimeridian.
#include "sezu/zones/coverage.hpp"
#include "sezu/core/error.hpp"

#include "clipped_area.hpp"
#include "coverage_cases.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace sezu;
using namespace sezu::coverage_test;

TEST(PixelRule, ParseAndPrint)
{
    for (PixelRule r : {PixelRule::Exact, PixelRule::Center, PixelRule::AllTouched})
        EXPECT_EQ(parse_pixel_rule(to_string(r)), r);
    EXPECT_EQ(parse_pixel_rule("centre"), PixelRule::Center);
    EXPECT_THROW(parse_pixel_rule("majority"), ConfigError);
}

TEST(Coverage, PolygonOnCellEdgesIsWholeCells)
{
    // 10x10 unit grid with top-left (0, 10); box x 2..5, y 3..7 -> columns 2..4, rows 3..6.
    const Grid g{0, 10, 1, 1, 10, 10};
    for (PixelRule rule : {PixelRule::Exact, PixelRule::Center, PixelRule::AllTouched}) {
        SCOPED_TRACE(to_string(rule));
        const Coverage cov = compute_coverage(box(2, 3, 5, 7), g, rule);
        EXPECT_EQ(cov.window, (Window{2, 3, 3, 4}));
        for (double w : cov.weights())
            EXPECT_EQ(w, 1.0);
        EXPECT_EQ(cov.at(1, 4), 0.0);
        EXPECT_EQ(cov.at(5, 4), 0.0);
        EXPECT_EQ(cov.at(3, 7), 0.0);
    }
}

// A 1° lon/lat grid 360° wide whose cells straddle the meridians by half a degree, as the VIIRS
// grid does by half a cell: column 0 spans -180.5..-179.5, i.e. also 179.5..180.5.
TEST(Coverage, ZonesAcrossTheAntimeridianWrapAround)
{
    const Grid g{-180.5, 1, 1, 1, 360, 2};
    ASSERT_TRUE(g.wraps());
    const auto weight_of_column = [](const Coverage& cov) {
        return coverage_test::weight_of_column(cov, 360);
    };
    // Split at ±180°: [179.25, 180] and [-180, -179.25] x [0, 1]. Column 359 (178.5..179.5) gets
    // 0.25; column 0 gets 0.5 from each part; column 1 (-179.5..-178.5) gets 0.25.
    const MultiPolygon split{{box(179.25, 0, 180, 1).parts[0], box(-180, 0, -179.25, 1).parts[0]}};
    const Coverage cov = compute_coverage(split, g, PixelRule::Exact);
    EXPECT_EQ(cov.window, (Window{359, 0, 3, 1}));
    auto by_col = weight_of_column(cov);
    EXPECT_DOUBLE_EQ(by_col[359], 0.25);
    EXPECT_DOUBLE_EQ(by_col[0], 1.0);
    EXPECT_DOUBLE_EQ(by_col[1], 0.25);
    EXPECT_DOUBLE_EQ(by_col[358] + by_col[2], 0.0);
    // The window's pieces in the grid: column 359, then columns 0..1 (shifted by 360).
    const auto pieces = g.pieces(cov.window);
    ASSERT_EQ(pieces.size(), 2u);
    EXPECT_EQ(pieces[0].in_grid, (Window{359, 0, 1, 1}));
    EXPECT_EQ(pieces[0].shift, 0);
    EXPECT_EQ(pieces[1].in_grid, (Window{0, 0, 2, 1}));
    EXPECT_EQ(pieces[1].shift, 360);

    // Wholly in the sliver east of the last column: [179.6, 180] is column 0.
    const Coverage sliver = compute_coverage(box(179.6, 0, 180, 1), g, PixelRule::Exact);
    by_col = weight_of_column(sliver);
    EXPECT_NEAR(by_col[0], 0.4, 1e-12);
    EXPECT_DOUBLE_EQ(by_col[359], 0.0);

    // Given in 0..360 longitudes: [181, 182] is -179..-178, column 1.
    by_col = weight_of_column(compute_coverage(box(181, 0, 182, 1), g, PixelRule::Exact));
    EXPECT_NEAR(by_col[1], 0.5, 1e-12);
    EXPECT_NEAR(by_col[2], 0.5, 1e-12);

    // Grids that are not global lon/lat do not wrap.
    EXPECT_FALSE((Grid{0, 10, 1, 1, 10, 10}.wraps()));
    EXPECT_FALSE((Grid{-180.5, 1, 1, 1, 359, 2}.wraps()));
    EXPECT_FALSE((Grid{500000, 4000000, 10, 10, 36, 36}.wraps())); // 360 m wide, projected
}

TEST(Coverage, SubPixelTriangleHasItsArea)
{
    // Grid of 0.5-degree cells; triangle of area 0.5 * 0.2 * 0.3 = 0.03 inside cell (1, 1),
    // i.e. 0.03 / 0.25 = 0.12 of the cell.
    const Grid g{0, 2, 0.5, 0.5, 4, 4};
    const MultiPolygon tri{{Polygon{{Ring{{0.6, 1.1}, {0.8, 1.1}, {0.6, 1.4}}}}}};
    const Coverage exact = compute_coverage(tri, g, PixelRule::Exact);
    EXPECT_EQ(exact.window, (Window{1, 1, 1, 1}));
    EXPECT_NEAR(exact.at(1, 1), 0.12, 1e-14);
    // The cell centre (0.75, 1.25) is outside the triangle ((x-0.6)/0.2 + (y-1.1)/0.3 = 1.25
    // > 1), so the center rule selects nothing, while all_touched selects the cell.
    EXPECT_TRUE(compute_coverage(tri, g, PixelRule::Center).empty());
    const Coverage touched = compute_coverage(tri, g, PixelRule::AllTouched);
    EXPECT_EQ(touched.window, (Window{1, 1, 1, 1}));
    EXPECT_EQ(touched.at(1, 1), 1.0);
}

TEST(Coverage, TriangleAcrossCells)
{
    // Right triangle (0,0) (2,0) (0,2) on a unit grid with top-left (0, 2): the lower-left
    // cell is whole, the two cells on the hypotenuse are halves, the upper-right cell only
    // touches at a corner.
    const Grid g{0, 2, 1, 1, 2, 2};
    const MultiPolygon tri{{Polygon{{Ring{{0, 0}, {2, 0}, {0, 2}}}}}};
    const Coverage cov = compute_coverage(tri, g, PixelRule::Exact);
    EXPECT_EQ(cov.at(0, 1), 1.0);
    EXPECT_NEAR(cov.at(1, 1), 0.5, 1e-15);
    EXPECT_NEAR(cov.at(0, 0), 0.5, 1e-15);
    EXPECT_EQ(cov.at(1, 0), 0.0);
}

TEST(Coverage, HoleSubtracts)
{
    const Grid g{0, 4, 1, 1, 4, 4};
    // 4x4 box with a hole covering cell (1, 2) wholly and half of cell (2, 2).
    MultiPolygon holed = box(0, 0, 4, 4);
    holed.parts[0].rings.push_back(Ring{{1, 1}, {1, 2}, {2.5, 2}, {2.5, 1}, {1, 1}});
    const Coverage cov = compute_coverage(holed, g, PixelRule::Exact);
    EXPECT_EQ(cov.window, (Window{0, 0, 4, 4}));
    EXPECT_EQ(cov.at(1, 2), 0.0);
    EXPECT_NEAR(cov.at(2, 2), 0.5, 1e-15);
    EXPECT_EQ(cov.at(0, 0), 1.0);
    EXPECT_NEAR(total(cov), 16 - 1.5, 1e-13);
    // Center rule: the hole removes the centres of cells (1,2) and (2,2) ((2.5, 1.5) lies on
    // the hole's right edge and counts as inside the hole, as GDAL decides).
    const Coverage center = compute_coverage(holed, g, PixelRule::Center);
    EXPECT_EQ(center.at(1, 2), 0.0);
    EXPECT_EQ(center.at(0, 2), 1.0);
    EXPECT_EQ(total(center), 14.0);
}

TEST(Coverage, MultiPolygonPartsAdd)
{
    const Grid g{0, 4, 1, 1, 8, 4};
    MultiPolygon multi = box(0.5, 0, 1.5, 1);   // halves of two cells
    multi.parts.push_back(box(5, 2, 7, 4).parts[0]); // four whole cells
    const Coverage cov = compute_coverage(multi, g, PixelRule::Exact);
    EXPECT_EQ(cov.window, (Window{0, 0, 7, 4}));
    EXPECT_NEAR(total(cov), 5.0, 1e-13);
    EXPECT_NEAR(cov.at(0, 3), 0.5, 1e-15);
    EXPECT_NEAR(cov.at(1, 3), 0.5, 1e-15);
    EXPECT_EQ(cov.at(5, 0), 1.0);
    EXPECT_EQ(cov.at(3, 1), 0.0);
}

TEST(Coverage, ZonePartlyOutsideIsClipped)
{
    const Grid g{0, 4, 1, 1, 4, 4};
    // Box x -2..1.25, y 3.25..6: inside the grid only x 0..1.25, y 3.25..4 (row 0).
    const MultiPolygon zone = box(-2, 3.25, 1.25, 6);
    const Coverage cov = compute_coverage(zone, g, PixelRule::Exact);
    EXPECT_EQ(cov.window, (Window{0, 0, 2, 1}));
    EXPECT_NEAR(cov.at(0, 0), 0.75, 1e-15);
    EXPECT_NEAR(cov.at(1, 0), 0.1875, 1e-15);
    // Centre (0.5, 3.5) is inside, (1.5, 3.5) is not.
    EXPECT_EQ(compute_coverage(zone, g, PixelRule::Center).window, (Window{0, 0, 1, 1}));
    EXPECT_EQ(compute_coverage(zone, g, PixelRule::AllTouched).window, (Window{0, 0, 2, 1}));
}

TEST(Coverage, ZoneWhollyOutsideIsEmpty)
{
    const Grid g{0, 4, 1, 1, 4, 4};
    for (PixelRule rule : {PixelRule::Exact, PixelRule::Center, PixelRule::AllTouched}) {
        EXPECT_TRUE(compute_coverage(box(10, 10, 12, 12), g, rule).empty()) << to_string(rule);
        // Sharing only the grid's border is not overlapping either.
        EXPECT_TRUE(compute_coverage(box(4, 0, 6, 4), g, rule).empty()) << to_string(rule);
        EXPECT_TRUE(compute_coverage(MultiPolygon{}, g, rule).empty()) << to_string(rule);
    }
}

TEST(Coverage, OppositeRingOrientationsGiveTheSameCoverage)
{
    std::mt19937_64 rng(7);
    const Grid g{100, 50, 0.25, 0.25, 40, 40};
    for (int trial = 0; trial < 20; ++trial) {
        MultiPolygon ccw{{Polygon{{random_ring(rng, 105, 45, 4, 12, true)}}}};
        ccw.parts[0].rings.push_back(
            Ring{{104.4, 44.2}, {105.2, 44.2}, {105.2, 45.2}, {104.4, 45.2}});
        MultiPolygon cw = ccw;
        for (Ring& r : cw.parts[0].rings)
            std::reverse(r.begin(), r.end());
        const Coverage a = compute_coverage(ccw, g, PixelRule::Exact);
        const Coverage b = compute_coverage(cw, g, PixelRule::Exact);
        ASSERT_EQ(a.window, b.window);
        const std::vector<double> wa = a.weights(), wb = b.weights();
        for (std::size_t i = 0; i < wa.size(); ++i)
            EXPECT_NEAR(wa[i], wb[i], 1e-14);
        // The hole ring carries the exterior's orientation in `cw`: still a hole.
        EXPECT_EQ(a.at(18, 21), 0.0); // x 104.5..104.75, y 44.5..44.75: inside the hole
    }
}

TEST(Coverage, ExactWeightsEqualPerCellClipping)
{
    std::mt19937_64 rng(11);
    const Grid g{-66.435415758149986, 18.518749548149998, 0.0041666667, 0.0041666667, 60, 60};
    for (int trial = 0; trial < 20; ++trial) {
        const double cx = g.x0 + 30 * g.dx, cy = g.y0 - 30 * g.dy;
        Ring ring = random_ring(rng, cx, cy, 25 * g.dx, 15, trial % 2 == 0);
        const MultiPolygon zone{{Polygon{{ring}}}};
        const Coverage cov = compute_coverage(zone, g, PixelRule::Exact);
        double sum = 0;
        for (long r = 0; r < cov.window.rows; ++r)
            for (long c = 0; c < cov.window.cols; ++c) {
                const long col = cov.window.col + c, row = cov.window.row + r;
                const double x0 = g.x0 + col * g.dx, y1 = g.y0 - row * g.dy;
                const double expected =
                    double(test::clipped_ring_area(ring, BBox{x0, y1 - g.dy, x0 + g.dx, y1})) /
                    (g.dx * g.dy);
                const double w = cov.at(col, row);
                EXPECT_NEAR(w, expected, 1e-11) << "cell " << col << "," << row;
                sum += w;
            }
        Ring shifted;
        for (const Point& p : ring)
            shifted.push_back({p.x - cx, p.y - cy});
        EXPECT_NEAR(sum, std::abs(signed_area(shifted)) / (g.dx * g.dy), 1e-10);
    }
}

TEST(Coverage, UntouchedCellsAreExactlyZeroOrOne)
{
    const Grid g{0, 100, 1, 1, 100, 100};
    const MultiPolygon zone{{Polygon{{Ring{{3.3, 2.2}, {97.1, 9.9}, {60.5, 98.7}, {3.3, 2.2}}}}}};
    const Coverage cov = compute_coverage(zone, g, PixelRule::Exact);
    int whole = 0;
    for (double w : cov.weights()) {
        EXPECT_GE(w, 0.0);
        EXPECT_LE(w, 1.0);
        whole += w == 1.0;
    }
    EXPECT_GT(whole, 3000); // interior cells are exactly 1, not 0.9999999999999998
    EXPECT_EQ(cov.at(50, 50), 1.0);
}

TEST(Coverage, FourGridsAroundACornerEqualOneGrid)
{
    // A union grid of 16x16 cells and its four 8x8 quadrants (as tiles meeting at a corner).
    const double dx = 1.0 / 240;
    const Grid whole{-60.0 - dx / 2, 0.0 + dx / 2, dx, dx, 16, 16};
    std::mt19937_64 rng(3);
    const double cx = whole.x0 + 8 * dx, cy = whole.y0 - 8 * dx;
    MultiPolygon zone{{Polygon{{random_ring(rng, cx, cy, 6.5 * dx, 14, true)}}}};
    zone.parts[0].rings.push_back(Ring{{cx - dx, cy - dx}, {cx + 1.5 * dx, cy - dx},
                                       {cx + 1.5 * dx, cy + 0.5 * dx}, {cx - dx, cy + 0.5 * dx}});
    for (PixelRule rule : {PixelRule::Exact, PixelRule::Center, PixelRule::AllTouched}) {
        SCOPED_TRACE(to_string(rule));
        const Coverage ref = compute_coverage(zone, whole, rule);
        double sum = 0;
        for (long qr = 0; qr < 2; ++qr)
            for (long qc = 0; qc < 2; ++qc) {
                const Window quadrant{qc * 8, qr * 8, 8, 8};
                const Grid tile = whole.crop(quadrant);
                const Coverage part = compute_coverage(zone, tile, rule);
                EXPECT_FALSE(part.empty());
                for (long r = 0; r < 8; ++r)
                    for (long c = 0; c < 8; ++c) {
                        const double w = part.at(c, r);
                        // A tile's origin in degrees is known to ~1 ulp of 60 (7e-15 degree,
                        // 2e-12 of a cell), so fractions agree to a few 1e-12.
                        EXPECT_NEAR(w, ref.at(quadrant.col + c, quadrant.row + r), 5e-12)
                            << "tile " << qc << "," << qr << " cell " << c << "," << r;
                        sum += w;
                    }
            }
        EXPECT_NEAR(sum, total(ref), 1e-11);
    }
}
