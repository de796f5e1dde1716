#include "sezu/core/error.hpp"
#include "sezu/products/blackmarble_grid.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace sezu;

namespace {
std::string names(const std::vector<BlackMarbleTile>& tiles)
{
    std::ostringstream out;
    for (const auto& t : tiles)
        out << t << ' ';
    return out.str();
}
} // namespace

TEST(BlackMarbleGrid, TilesOnWholeDegreesRowZeroNorth)
{
    const BlackMarbleTile t{5, 4};
    EXPECT_EQ(t.name(), "h05v04");
    EXPECT_EQ(t.west(), -130);
    EXPECT_EQ(t.north(), 50);
    const Grid g = blackmarble_tile_grid(t, 1);
    EXPECT_EQ(g.x0, -130.0); // no half-cell offset, exactly
    EXPECT_EQ(g.y0, 50.0);
    EXPECT_EQ(g.cols, 2400);
    EXPECT_EQ(g.rows, 2400);
    EXPECT_DOUBLE_EQ(g.dx, 1.0 / 240);
    EXPECT_DOUBLE_EQ(g.xmax(), -120.0);
    EXPECT_DOUBLE_EQ(g.ymin(), 40.0);
    const Grid k20 = blackmarble_tile_grid(t, 20);
    EXPECT_EQ(k20.cols, 120);
    EXPECT_DOUBLE_EQ(k20.dx, 1.0 / 12);
    EXPECT_THROW(blackmarble_tile_grid(t, 7), ConfigError);
    EXPECT_EQ(blackmarble_scale_from_cell_size(1.0 / 12), 20);
    EXPECT_THROW(blackmarble_scale_from_cell_size(0.004166666666667 * 1.5), DataError);
}

TEST(BlackMarbleGrid, GlobalGridAndNeighboursAbut)
{
    const Grid world = blackmarble_global_grid(1);
    EXPECT_EQ(world.cols, 86400);
    EXPECT_EQ(world.rows, 43200);
    EXPECT_TRUE(world.wraps());
    for (int scale : {1, 10, 40}) {
        const Grid a = blackmarble_tile_grid({17, 8}, scale);
        const Grid east = blackmarble_tile_grid({18, 8}, scale);
        const Grid south = blackmarble_tile_grid({17, 9}, scale);
        EXPECT_DOUBLE_EQ(a.xmax(), east.x0);
        EXPECT_DOUBLE_EQ(a.ymin(), south.y0);
        EXPECT_TRUE(a.aligned_with(blackmarble_global_grid(scale), 1e-9));
    }
    EXPECT_EQ(blackmarble_tile_grid({35, 17}, 1).xmax(), 180.0);
    EXPECT_EQ(blackmarble_tile_grid({35, 17}, 1).ymin(), -90.0);
}

TEST(BlackMarbleGrid, TileNames)
{
    EXPECT_EQ(BlackMarbleTile::parse("h35v17"), (BlackMarbleTile{35, 17}));
    EXPECT_FALSE(BlackMarbleTile::parse("h36v00"));
    EXPECT_FALSE(BlackMarbleTile::parse("h00v18"));
    EXPECT_FALSE(BlackMarbleTile::parse("h1v1"));
}

TEST(BlackMarbleGrid, OnlyTheTilesABoxTouches)
{
    // Lagos (about 3.0..3.7E, 6.3..6.8N): 183/10 -> h18; (90 - 6.8)/10 -> v08.
    EXPECT_EQ(names(blackmarble_tiles_touching(BBox{3.0, 6.3, 3.7, 6.8})), "h18v08 ");
    // Across 0E and the equator: four tiles, north row first.
    EXPECT_EQ(names(blackmarble_tiles_touching(BBox{-1, -1, 1, 1})),
              "h17v08 h18v08 h17v09 h18v09 ");
    // A box exactly on a tile's edges takes that tile only.
    EXPECT_EQ(names(blackmarble_tiles_touching(BBox{-130, 40, -120, 50})), "h05v04 ");
    // Past 180E (a zone across the antimeridian) wraps to 180W; past the pole is clipped.
    EXPECT_EQ(names(blackmarble_tiles_touching(BBox{179, 85, 181, 95})), "h00v00 h35v00 ");
    EXPECT_TRUE(blackmarble_tiles_touching(BBox{}).empty());
    // Far-apart zones: their own tiles, not the 10 x 3 tiles of their common extent.
    EXPECT_EQ(names(blackmarble_tiles_touching({BBox{3.0, 6.3, 3.7, 6.8},
                                                BBox{101, 20.5, 101.5, 21}, BBox{3.1, 6.0, 3.2,
                                                                                 6.1}})),
              "h28v06 h18v08 ");
}

TEST(BlackMarbleName, ParsesThePublishedPattern)
{
    const auto n = parse_blackmarble_name("2024/032/VNP46A3.A2024032.h05v04.002.2024062143012.h5");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->file_name, "VNP46A3.A2024032.h05v04.002.2024062143012.h5");
    EXPECT_EQ(n->short_name, "VNP46A3");
    EXPECT_EQ(n->year, 2024);
    EXPECT_EQ(n->day_of_year, 32);
    EXPECT_EQ(n->tile, (BlackMarbleTile{5, 4}));
    EXPECT_EQ(n->version, "002");
    EXPECT_EQ(n->production, "2024062143012");
    EXPECT_EQ(n->month(), YearMonth(2024, 2));
    EXPECT_FALSE(parse_blackmarble_name("VNP46A3.A2024032.h05v04.002.2024062143012.h5.met"));
    EXPECT_FALSE(parse_blackmarble_name("VNP46A2.A2024032.h05v04.002.2024062143012.h5"));
    EXPECT_FALSE(parse_blackmarble_name("VNP46A3.A2024032.h36v04.002.2024062143012.h5"));
    EXPECT_FALSE(parse_blackmarble_name("VNP46A3.A2024032.h05v04.002.202406214301.h5"));
    auto odd = *parse_blackmarble_name("VJ146A3.A2024033.h05v04.002.2024062143012.h5");
    EXPECT_THROW(odd.month(), DataError); // day 33 begins no month
}

TEST(BlackMarbleName, DayOfYearOfTheMonthsFirstDay)
{
    EXPECT_EQ(first_day_of_year(YearMonth(2024, 1)), 1);
    EXPECT_EQ(first_day_of_year(YearMonth(2024, 2)), 32);
    EXPECT_EQ(first_day_of_year(YearMonth(2023, 3)), 60);
    EXPECT_EQ(first_day_of_year(YearMonth(2024, 3)), 61); // leap year
    EXPECT_EQ(first_day_of_year(YearMonth(2024, 12)), 336);
    const std::string name =
        format_blackmarble_name("VNP46A3", YearMonth(2024, 3), {18, 8}, "002", "2024100120000");
    EXPECT_EQ(name, "VNP46A3.A2024061.h18v08.002.2024100120000.h5");
    EXPECT_EQ(parse_blackmarble_name(name)->month(), YearMonth(2024, 3));
}
