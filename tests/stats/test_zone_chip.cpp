// A zone's chip: the window's observed cells averaged down by a whole factor, placed on the map.
#include "sezu/stats/zone_chip.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace sezu;

namespace {

const Grid kGrid{-180.0, 75.0, 0.5, 0.25, 720, 560}; // dx 0.5°, dy 0.25°

} // namespace

TEST(ZoneChip, SmallWindowIsOneCellPerPixelPlacedOnTheGrid)
{
    ChipBuilder b(kGrid, Window{10, 20, 3, 2});
    b.add(0, 0, 1.5);
    b.add(1, 2, -0.25);
    b.add(5, 0, 99.0); // outside the window: ignored
    const ZoneChip c = b.chip();
    EXPECT_EQ(c.rows, 2);
    EXPECT_EQ(c.cols, 3);
    EXPECT_EQ(c.factor, 1);
    EXPECT_DOUBLE_EQ(c.west, -175.0);
    EXPECT_DOUBLE_EQ(c.north, 70.0);
    EXPECT_DOUBLE_EQ(c.east, -173.5);
    EXPECT_DOUBLE_EQ(c.south, 69.5);
    EXPECT_EQ(c.at(0, 0), 1.5f);
    EXPECT_EQ(c.at(1, 2), -0.25f);
    EXPECT_TRUE(std::isnan(c.at(0, 1))); // never observed: NaN, not dark
}

TEST(ZoneChip, LargeWindowIsAveragedByAWholeFactor)
{
    // 300 x 100 cells: factor ceil(300 / 128) = 3, 100 x 34 pixels (the last row holds one
    // cell row).
    ChipBuilder b(kGrid, Window{0, 0, 300, 100});
    for (long r = 0; r < 100; ++r)
        for (long c = 0; c < 300; ++c)
            b.add(r, c, double(c % 3)); // 0, 1, 2 across each pixel: mean 1
    b.add(99, 0, 5.0);                  // a second value for that cell: counted as a cell
    const ZoneChip chip = b.chip();
    EXPECT_EQ(chip.factor, 3);
    EXPECT_EQ(chip.cols, 100);
    EXPECT_EQ(chip.rows, 34);
    EXPECT_LE(std::max(chip.rows, chip.cols), kChipMaxSide);
    EXPECT_FLOAT_EQ(chip.at(0, 0), 1.0f);
    EXPECT_FLOAT_EQ(chip.at(33, 1), 1.0f);
    EXPECT_FLOAT_EQ(chip.at(33, 0), 2.0f); // (0 + 1 + 2 + 5) / 4
    EXPECT_DOUBLE_EQ(chip.east, kGrid.x0 + 300 * 0.5);
    EXPECT_DOUBLE_EQ(chip.south, kGrid.y0 - 34 * 3 * 0.25); // whole pixels, past the window
}

TEST(ZoneChip, PiecesMergeToTheWhole)
{
    const Window w{4, 4, 200, 10};
    ChipBuilder whole(kGrid, w), left(kGrid, w), right(kGrid, w), untouched(kGrid, w);
    for (long r = 0; r < 10; ++r)
        for (long c = 0; c < 200; ++c) {
            const double v = double(r * 7 + c) * 0.01;
            whole.add(r, c, v);
            (c < 101 ? left : right).add(r, c, v); // split inside a pixel (factor 2)
        }
    left.merge(untouched); // a tile that did not touch the zone adds nothing
    untouched.merge(left);
    untouched.merge(right);
    EXPECT_EQ(untouched.chip(), whole.chip());
    EXPECT_NE(left.chip(), whole.chip());
}

TEST(ZoneChip, BlocksGiveTheirObservedCellsShiftedAcrossTheEdge)
{
    // A window past the east edge of a wrapping grid: cells of column 0.. come back shifted.
    const Window w{718, 0, 4, 1};
    RasterBlock east, west;
    east.window = {718, 0, 2, 1};
    east.value = {1.0f, 2.0f};
    east.cvg = {3, 0}; // the second cell not observed
    west.window = {0, 0, 3, 1};
    west.value = {4.0f, NAN, 100.0f}; // NaN: NoData; the third past the window
    west.scale = ValueScale{2.0, 1.0};
    RasterBlock nodata;
    nodata.window = {0, 0, 1, 1};
    nodata.value = {-999.0f};
    nodata.has_nodata = true;
    nodata.nodata = -999.0;
    ChipBuilder b(kGrid, w);
    b.add_block(east);
    b.add_block(west, kGrid.cols);
    b.add_block(nodata, kGrid.cols);
    const ZoneChip c = b.chip();
    ASSERT_EQ(c.cols, 4);
    EXPECT_EQ(c.at(0, 0), 1.0f);
    EXPECT_TRUE(std::isnan(c.at(0, 1)));
    EXPECT_EQ(c.at(0, 2), 9.0f); // 4 x 2 + 1
    EXPECT_TRUE(std::isnan(c.at(0, 3)));
    EXPECT_DOUBLE_EQ(c.east, 181.0);
}

TEST(ZoneChip, NoWindowNoChipAndPrintable)
{
    EXPECT_TRUE(ChipBuilder().chip().empty());
    EXPECT_TRUE(ChipBuilder(kGrid, Window{}).chip().empty());
    std::ostringstream os;
    os << ChipBuilder(kGrid, Window{0, 0, 2, 1}).chip();
    EXPECT_NE(os.str().find("2x1"), std::string::npos) << os.str();
}

TEST(ZoneChip, TheChipWindowIsTheZonesWithAMargin)
{
    // 16 cells on each side for a small window; a quarter of the longer side for a large one.
    EXPECT_EQ(chip_window(kGrid, Window{100, 100, 4, 2}), (Window{84, 84, 36, 34}));
    EXPECT_EQ(chip_window(kGrid, Window{100, 100, 200, 80}), (Window{50, 50, 300, 180}));
    // Clipped to the grid's rows and first column; past the east edge only on a wrapping grid
    // (kGrid is 360° wide), never more than once around.
    EXPECT_EQ(chip_window(kGrid, Window{5, 550, 4, 10}), (Window{0, 534, 25, 26}));
    EXPECT_EQ(chip_window(kGrid, Window{715, 0, 4, 2}), (Window{699, 0, 36, 18}));
    const Grid narrow{0.0, 10.0, 0.5, 0.5, 100, 20};
    EXPECT_EQ(chip_window(narrow, Window{95, 5, 2, 2}), (Window{79, 0, 21, 20}));
    EXPECT_TRUE(chip_window(kGrid, Window{}).empty());
}
