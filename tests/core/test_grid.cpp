#include "sezu/core/grid.hpp"

#include <gtest/gtest.h>

using namespace sezu;

TEST(Grid, WindowForBoxSnapsOutwardAndClips)
{
    const Grid g{0, 10, 1, 1, 10, 10};
    EXPECT_EQ(g.window_for({2, 3, 4, 5}), (Window{2, 5, 2, 2}));
    EXPECT_EQ(g.window_for({2.5, 3.5, 4.1, 5.2}), (Window{2, 4, 3, 3}));
    EXPECT_EQ(g.window_for({-5, -5, 1.5, 20}), (Window{0, 0, 2, 10}));
    EXPECT_TRUE(g.window_for({20, 20, 30, 30}).empty());
}

TEST(Grid, CropAndAlignment)
{
    const Grid g{0, 10, 0.5, 0.5, 20, 20};
    const Grid c = g.crop({4, 2, 3, 3});
    EXPECT_DOUBLE_EQ(c.x0, 2.0);
    EXPECT_DOUBLE_EQ(c.y0, 9.0);
    EXPECT_TRUE(g.aligned_with(c, 1e-12));
    Grid shifted = c;
    shifted.x0 += 0.1;
    EXPECT_FALSE(g.aligned_with(shifted, 1e-9));
}

TEST(Geometry, AreaAndContainment)
{
    MultiPolygon square{{Polygon{{Ring{{0, 0}, {4, 0}, {4, 4}, {0, 4}},
                                  Ring{{1, 1}, {1, 2}, {2, 2}, {2, 1}}}}}};
    EXPECT_DOUBLE_EQ(signed_area(square.parts[0].rings[0]), 16.0);
    EXPECT_DOUBLE_EQ(signed_area(square.parts[0].rings[1]), -1.0);
    EXPECT_TRUE(contains(square, {3, 3}));
    EXPECT_FALSE(contains(square, {1.5, 1.5}));
    EXPECT_FALSE(contains(square, {5, 1}));
    const BBox b = square.bbox();
    EXPECT_EQ(b.xmax, 4.0);
    EXPECT_FALSE(square.empty());
}
