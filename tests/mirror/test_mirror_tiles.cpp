// The mirror's tile archives: two GeoTIFFs on the tile grid whose pixels equal the model's
// truth (cities fading outward with roads, the outage, the coverage gap), and the older
// duplicate beside one of them.
#include "mirror_fixture.hpp"

#include "sezu/core/error.hpp"

#include <gtest/gtest.h>

#include "sezu/read/tar_reader.hpp"

#include <cmath>
#include <filesystem>

using namespace sezu;
using namespace sezu::test;
namespace fs = std::filesystem;

TEST_F(Mirror, ArchivesHoldTwoGeoTiffsOnTheTileGrid)
{
    for (const auto& m : {kSep, kOct})
        for (const auto& t : tile_specs()) {
            SCOPED_TRACE(m.to_string() + " " + t.name);
            const std::string name = archive_name(m, t);
            const std::string stem = name.substr(0, name.size() - 4);
            EXPECT_EQ(list_members(month_dir(s_root, m) + "/" + name),
                      (std::vector<std::string>{"./" + stem + ".avg_rade9h.tif",
                                                "./" + stem + ".cf_cvg.tif"}));
            const TileData& d = s_tiles->at({m.index(), t.index});
            EXPECT_EQ(d.cols, kTileCols);
            EXPECT_EQ(d.rows, t.north == 75 ? kNorthRows : kSouthRows);
            const Grid g = tile_grid(t, kScale);
            const double expected_gt[6] = {g.x0, g.dx, 0, g.y0, 0, -g.dy};
            for (int i = 0; i < 6; ++i)
                EXPECT_EQ(d.gt[i], expected_gt[i]) << i;
            // Half a (scaled) published pixel off the round degrees, as the real tiles.
            EXPECT_NEAR(d.gt[0], t.west - 60 * 0.00208333335, 1e-12);
            EXPECT_NEAR(d.gt[3], t.north + 60 * 0.00208333335, 1e-12);
            EXPECT_NEAR(d.gt[1], 0.25, 1e-12);
        }
}

TEST_F(Mirror, PixelsEqualTheModel)
{
    const MirrorModel model = default_model(kScale);
    long negatives = 0, checked = 0;
    for (const auto& m : {kSep, kOct})
        for (const auto& t : tile_specs()) {
            const TileData& d = s_tiles->at({m.index(), t.index});
            const long col0 = t.grid_col * kTileCols;
            const long row0 = t.grid_row * kNorthRows;
            const long step = m == kOct ? 1 : 5;  // every cell in one month, a sample in the other
            for (long r = 0; r < d.rows; r += step)
                for (long c = 0; c < d.cols; c += step) {
                    const float v = d.rad[std::size_t(r * d.cols + c)];
                    const std::uint16_t cv = d.cvg[std::size_t(r * d.cols + c)];
                    ASSERT_EQ(v, model.radiance(m, col0 + c, row0 + r))
                        << m << " " << t.name << " cell " << c << "," << r;
                    ASSERT_EQ(cv, model.cvg(m, col0 + c, row0 + r))
                        << m << " " << t.name << " cell " << c << "," << r;
                    if (cv == 0) {
                        ASSERT_EQ(v, 0.0f);
                    }
                    negatives += v < 0;
                    ++checked;
                }
        }
    EXPECT_GT(checked, 6 * 480 * 260);
    EXPECT_GT(negatives, checked / 5);
}

TEST_F(Mirror, CitiesFadeOutwardWithRoadsOutageAndGap)
{
    const MirrorModel model = default_model(kScale);
    const Grid g = global_grid(kScale);
    for (const auto& m : {kSep, kOct})
        for (std::size_t i = 0; i < model.cities.size(); ++i) {
            if ((m == kOct && i == 1) || (m == kSep && i == 0))
                continue; // the gap and the outage: below
            SCOPED_TRACE(model.cities[i].name + " " + m.to_string());
            const Window core = model.city_window(i);
            const long cc = core.col + core.cols / 2, rc = core.row + core.rows / 2;
            // The centre cell holds the city's point.
            EXPECT_EQ(cc, long(std::floor((model.cities[i].lon - g.x0) / g.dx)));
            // Bright core fading outward (the light halves, then thirds, then fifths; the
            // noise of +-0.6 cannot reorder these at the cities' levels).
            const float centre = rad_at(m, cc, rc);
            EXPECT_GT(centre, 5.0f);
            EXPECT_NEAR(centre, model.city_radiance(i, m), 0.61f);
            const long side = i % 2 == 0 ? 1 : -1; // the side the roads leave on
            EXPECT_GT(centre, rad_at(m, cc - side, rc));
            EXPECT_GT(rad_at(m, cc - side, rc), rad_at(m, cc - side, rc - side));
            const long ring = model.cities[i].radius + 1;
            EXPECT_GT(rad_at(m, cc - side, rc - side),
                      rad_at(m, cc - side * ring, rc - side * ring));
            // Beyond the ring, off the roads: background noise.
            EXPECT_LE(rad_at(m, cc - side * (ring + 1), rc + side), 0.60f);
            EXPECT_LE(rad_at(m, cc - side * (ring + 1), rc), 0.60f); // the side with no road
            // The roads: lit cells leaving the ring along the centre's row and column, dimmer
            // further out, and ending after kRoadCells.
            const long far = ring + MirrorModel::kRoadCells;
            EXPECT_GT(rad_at(m, cc + side * (ring + 1), rc), 1.0f);
            EXPECT_GT(rad_at(m, cc, rc + side * (ring + 1)), 1.0f);
            EXPECT_GT(rad_at(m, cc + side * (ring + 1), rc) + 0.6f,
                      rad_at(m, cc + side * far, rc));
            EXPECT_LE(rad_at(m, cc + side * (far + 1), rc), 0.60f);
            // And the tile holds exactly the model's values over the whole footprint.
            const Window f = model.city_footprint(i);
            for (long r = f.row; r < f.row + f.rows; ++r)
                for (long c = f.col; c < f.col + f.cols; ++c)
                    ASSERT_EQ(rad_at(m, c, r), model.radiance(m, c, r)) << c << "," << r;
        }
    // Outage: the first city's core is dark (0.5) in 2017-09 only, and sheds no other light.
    const Window c0 = model.city_window(0);
    for (long r = c0.row; r < c0.row + c0.rows; ++r)
        for (long c = c0.col; c < c0.col + c0.cols; ++c)
            EXPECT_EQ(rad_at(kSep, c, r), 0.5f);
    EXPECT_LE(rad_at(kSep, c0.col + c0.cols, c0.row + 1), 0.60f); // its road, dark too
    EXPECT_GT(rad_at(kOct, c0.col + 1, c0.row + 1), 10.0f);
    // Gap: zero coverage and zero radiance over the second city and a 2-cell ring, in 2017-10.
    const Window gw = model.gap_window();
    EXPECT_EQ(gw.cols, 7);
    for (long r = gw.row; r < gw.row + gw.rows; ++r)
        for (long c = gw.col; c < gw.col + gw.cols; ++c) {
            EXPECT_EQ(cvg_at(kOct, c, r), 0);
            EXPECT_EQ(rad_at(kOct, c, r), 0.0f);
            EXPECT_GT(cvg_at(kSep, c, r), 0);
        }
    EXPECT_GT(cvg_at(kOct, gw.col + gw.cols, gw.row), 0);
    // Bole Lemi (the second city) is bright in 2017-09.
    const Window c1 = model.city_window(1);
    EXPECT_GT(rad_at(kSep, c1.col + 1, c1.row + 1), 10.0f);
}

TEST_F(Mirror, OlderDuplicateDiffersFromTheCurrentArchive)
{
    const std::string dir = month_dir(s_root, kSep);
    const TileSpec& t0 = tile_specs()[0];
    const std::string stale = dir + "/" + archive_name(kSep, t0, true);
    ASSERT_TRUE(fs::exists(stale));
    EXPECT_EQ(list_members(stale).size(), 2u);
    EXPECT_NE(read_bytes(stale), read_bytes(dir + "/" + archive_name(kSep, t0)));
    EXPECT_FALSE(fs::exists(month_dir(s_root, kOct) + "/" + archive_name(kOct, t0, true)));
}
