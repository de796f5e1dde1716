// all_touched as GDAL 3.6 decides it, in the two cases where that is not "every cell the zone
// touches" (docs/usage.md, Pixel rules): cells beyond an edge that lies along a cell line are
// added, and a thin sliver's cell can be missed. Pinned as pictures, so that a change (ours or
// GDAL's, against which test_coverage_gdal checks the rule) is noticed.
#include "sezu/zones/coverage.hpp"

#include "coverage_cases.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace sezu;
using namespace sezu::coverage_test;

namespace {

const Grid kUnit{0, 6, 1, 1, 6, 6}; // 6 x 6 unit cells, top-left (0, 6)

/// One character per cell, rows north to south: '#' selected and partly covered, '+' selected
/// but not covered at all (exact coverage 0), '-' covered but not selected, '.' neither.
std::string picture(const MultiPolygon& zone)
{
    const Coverage exact = compute_coverage(zone, kUnit, PixelRule::Exact);
    const Coverage touched = compute_coverage(zone, kUnit, PixelRule::AllTouched);
    std::string out;
    for (long r = 0; r < kUnit.rows; ++r) {
        for (long c = 0; c < kUnit.cols; ++c) {
            const bool covered = exact.at(c, r) > 0, selected = touched.at(c, r) > 0;
            out += selected ? (covered ? '#' : '+') : (covered ? '-' : '.');
        }
        out += '\n';
    }
    return out;
}

} // namespace

TEST(AllTouched, EdgesAlongCellLinesAddCellsThatOnlyTouchTheLine)
{
    // Box x 0.5..3.5, y 2..4: its south edge lies on the cell line y = 2. The cells below its
    // two south corners (columns 0 and 3 of the row y 1..2) share only that line with it.
    EXPECT_EQ(picture(box(0.5, 2, 3.5, 4)), "......\n"
                                            "......\n"
                                            "####..\n"
                                            "####..\n"
                                            "+..+..\n"
                                            "......\n");
    // Box x 1..4, y 2.5..3.5: its east edge lies on the cell line x = 4, and the column east of
    // it (x 4..5) is added; its west edge on x = 1 adds nothing.
    EXPECT_EQ(picture(box(1, 2.5, 4, 3.5)), "......\n"
                                            "......\n"
                                            ".###+.\n"
                                            ".###+.\n"
                                            "......\n"
                                            "......\n");
    // Wholly on cell lines: no cell added.
    EXPECT_EQ(picture(box(1, 2, 4, 4)), "......\n"
                                        "......\n"
                                        ".###..\n"
                                        ".###..\n"
                                        "......\n"
                                        "......\n");
}

TEST(AllTouched, AThinSliverCanMissACellItCrosses)
{
    // Triangle (0.5, 4.9), (4.5, 5.01), (3, 5): above y = 5 it is a sliver from x = 3 to 4.5
    // at most 0.01 thick; its edge from (3, 5) to (4.5, 5.01) runs through the cell x 3..4,
    // y 5..6, which holds a small positive area of it (the triangle (3, 5), (4, 5),
    // (4, 5 + 1/150) less nothing: the edge (0.5, 4.9)-(4.5, 5.01) meets y = 5 at x = 4.14),
    // yet GDAL does not select it.
    const MultiPolygon sliver{{Polygon{{Ring{{0.5, 4.9}, {4.5, 5.01}, {3, 5}, {0.5, 4.9}}}}}};
    EXPECT_EQ(picture(sliver), "...-#.\n"
                               "#####.\n"
                               "......\n"
                               "......\n"
                               "......\n"
                               "......\n");
    const Coverage exact = compute_coverage(sliver, kUnit, PixelRule::Exact);
    EXPECT_GT(exact.at(3, 0), 0.0);
    EXPECT_LT(exact.at(3, 0), 0.01);
}
