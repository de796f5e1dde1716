// The antimeridian under every pixel rule: a zone written with longitudes beyond 180°, or split
// at ±180°, keeps all its cells on a global grid (1° cells straddling the meridians by half a
// cell, as the VIIRS grid does: column 0 spans -180.5..-179.5, i.e. also 179.5..180.5).
#include "sezu/zones/coverage.hpp"

#include "coverage_cases.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace sezu;
using namespace sezu::coverage_test;

namespace {

const Grid kGlobal{-180.5, 1, 1, 1, 360, 2};

/// Σ weight per grid column (a window past the east edge folded back onto columns 0..359).
std::vector<double> weight_of_column(const Coverage& cov)
{
    return coverage_test::weight_of_column(cov, 360);
}

/// Columns 356..359 and 0..5: the 10 cells between 175.5°E and 185.5°E (= 174.5°W).
std::vector<double> ten_columns()
{
    std::vector<double> expected(360, 0.0);
    for (std::size_t c : {356, 357, 358, 359, 0, 1, 2, 3, 4, 5})
        expected[c] = 1.0;
    return expected;
}

} // namespace

TEST(CoverageWrap, ZoneBeyond180DegreesKeepsItsTenCellsUnderEveryRule)
{
    ASSERT_TRUE(kGlobal.wraps());
    // 175.5..185.5°E on cell lines, one row: 10 whole cells by hand (4 west of 179.5°E, column 0
    // astride 180°, 5 east of it). Before every rule wrapped, center and all_touched gave 4.
    const MultiPolygon zone = box(175.5, 0, 185.5, 1);
    for (PixelRule rule : {PixelRule::Exact, PixelRule::Center, PixelRule::AllTouched}) {
        SCOPED_TRACE(to_string(rule));
        const Coverage cov = compute_coverage(zone, kGlobal, rule);
        EXPECT_DOUBLE_EQ(total(cov), 10.0);
        EXPECT_EQ(weight_of_column(cov), ten_columns());
    }
}

TEST(CoverageWrap, ZoneSplitAtTheAntimeridianKeepsBothPartsUnderEveryRule)
{
    // The same 10 cells given as two parts, 175.5..180 and -180..-174.5 (RFC 7946's way). The
    // centre of column 0 lies on the seam (180°): exactly one of the parts takes it.
    const MultiPolygon split{{box(175.5, 0, 180, 1).parts[0], box(-180, 0, -174.5, 1).parts[0]}};
    for (PixelRule rule : {PixelRule::Exact, PixelRule::Center}) {
        SCOPED_TRACE(to_string(rule));
        const Coverage cov = compute_coverage(split, kGlobal, rule);
        EXPECT_DOUBLE_EQ(total(cov), 10.0);
        EXPECT_EQ(weight_of_column(cov), ten_columns());
    }
    // all_touched as GDAL 3.6 (checked on its rasterizer): the parts' shared corner (180°, 0°)
    // lies on the cell line 0°N mid-cell, and GDAL adds the cell below it (column 0 of the row
    // 0..1°S), which only touches the zone along that line (docs/usage.md, Pixel rules).
    const Coverage touched = compute_coverage(split, kGlobal, PixelRule::AllTouched);
    EXPECT_DOUBLE_EQ(total(touched), 11.0);
    std::vector<double> eleven = ten_columns();
    eleven[0] = 2.0;
    EXPECT_EQ(weight_of_column(touched), eleven);
    EXPECT_EQ(touched.at(0, 1) + touched.at(360, 1), 1.0);
}

TEST(CoverageWrap, ZoneInsideTheGridIsAsBefore)
{
    // No wrap for a zone that stays inside: centres 10.0..14.0 of columns 190..194 (x 9.5..14.5).
    for (PixelRule rule : {PixelRule::Exact, PixelRule::Center, PixelRule::AllTouched}) {
        SCOPED_TRACE(to_string(rule));
        const Coverage cov = compute_coverage(box(9.5, 0, 14.5, 1), kGlobal, rule);
        EXPECT_EQ(cov.window, (Window{190, 0, 5, 1}));
        EXPECT_DOUBLE_EQ(total(cov), 5.0);
    }
}
