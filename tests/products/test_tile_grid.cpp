#include "sezu/core/error.hpp"
#include "sezu/products/tile_grid.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace sezu;

TEST(TileGrid, FullResolutionMatchesPublishedOrigins)
{
    const Grid g = tile_grid(*find_tile("75N180W"), 1);
    EXPECT_DOUBLE_EQ(g.x0, -180.00208333335);
    EXPECT_DOUBLE_EQ(g.y0, 75.00208333335);
    EXPECT_EQ(g.cols, 28800);
    EXPECT_EQ(g.rows, 18000);
    EXPECT_DOUBLE_EQ(tile_grid(*find_tile("75N060E"), 1).x0, 59.99791666665);
    EXPECT_EQ(tile_grid(*find_tile("00N060W"), 1).rows, 15600);
}

TEST(TileGrid, TilesAbutAndCoverTheGlobe)
{
    for (int scale : {1, 20, 60}) {
        const auto& t = tile_specs();
        for (int i = 0; i < kTileCount; ++i) {
            const Grid g = tile_grid(t[i], scale);
            if (t[i].grid_col < 2) {
                const Grid right = tile_grid(t[i + 1], scale);
                EXPECT_NEAR(g.xmax(), right.x0, kEdgeTolerance) << t[i].name << " scale " << scale;
            }
            if (t[i].grid_row == 0) {
                const Grid below = tile_grid(t[i + 3], scale);
                EXPECT_NEAR(g.ymin(), below.y0, kEdgeTolerance) << t[i].name;
            }
        }
        const Grid world = global_grid(scale);
        EXPECT_EQ(world.cols, 86400 / scale);
        EXPECT_EQ(world.rows, 33600 / scale);
        EXPECT_NEAR(world.xmax(), tile_grid(t[2], scale).xmax(), kEdgeTolerance);
        EXPECT_NEAR(world.ymin(), tile_grid(t[5], scale).ymin(), kEdgeTolerance);
    }
}

TEST(TileGrid, Scales)
{
    EXPECT_TRUE(is_valid_scale(20));
    EXPECT_FALSE(is_valid_scale(7));
    EXPECT_THROW(tile_grid(tile_specs()[0], 7), ConfigError);
    EXPECT_EQ(scale_from_pixel_size(20 * kPublishedPixelSize), 20);
    EXPECT_THROW(scale_from_pixel_size(0.01), DataError);
    EXPECT_FALSE(find_tile("10N000E").has_value());
}
