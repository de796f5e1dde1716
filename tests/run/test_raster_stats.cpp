// `sezu stats` on any raster: python-rasterstats' own fixtures (projected CRS, NoData) and the
// real VIIRS clips against the reference statistics.
#include "sezu/core/error.hpp"
#include "sezu/run/raster_stats.hpp"

#include "error_message.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

using namespace sezu;

TEST(RasterStats, ReproducesRasterstatsOwnFixtures)
{
    // python-rasterstats' test suite asserts these for slope.tif (EPSG:26913-like projected CRS,
    // NoData -9999) and polygons.shp under its default pixel-centre rule.
    RasterStatsOptions o;
    o.rule = PixelRule::Center;
    const auto r = raster_zonal_stats(test::data_path("peers/rasterstats/slope.tif"),
                                      test::data_path("peers/rasterstats/polygons.shp"), o);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].stats.count, 75);
    EXPECT_EQ(r[1].stats.count, 50);
    EXPECT_NEAR(r[0].stats.mean, 14.66, 0.005);
    // A NoData override of 0 changes nothing (there are no zeros), as rasterstats also asserts.
    o.nodata = 0.0;
    const auto z = raster_zonal_stats(test::data_path("peers/rasterstats/slope.tif"),
                                      test::data_path("peers/rasterstats/polygons.shp"), o);
    EXPECT_EQ(z[0].stats.count, 75);
    EXPECT_EQ(z[1].stats.count, 50);
}

TEST(RasterStats, ZonesWithAMislabelledCrsAreRefusedClearly)
{
    // multipolygons.prj says WGS 84 but its coordinates are the raster's projected metres:
    // transforming them must fail loudly rather than give numbers for the wrong place.
    RasterStatsOptions o;
    o.rule = PixelRule::Center;
    try {
        raster_zonal_stats(test::data_path("peers/rasterstats/slope.tif"),
                           test::data_path("peers/rasterstats/multipolygons.shp"), o);
        FAIL() << "a mislabelled CRS must not pass";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("multipolygons.shp"), std::string::npos) << e.what();
    }
}

TEST(RasterStats, CsvMatchesTheReferenceForARealClip)
{
    const std::string stem =
        "SVDNB_npp_20170301-20170331_75N180W_vcmcfg_v10_c201705020851.avg_rade9h_clip";
    RasterStatsOptions o;
    o.rule = PixelRule::Center;
    o.id_field = "zone_id";
    const auto results = raster_zonal_stats(test::data_path("viirs_sanjuan/" + stem + ".tif"),
                                            test::data_path("zones_dev.geojson"), o);
    std::ostringstream csv;
    write_csv(csv, results);
    // Parse both CSVs and compare the shared columns.
    auto parse = [](const std::string& text) {
        std::istringstream in(text);
        std::string line;
        std::getline(in, line);
        std::vector<std::string> header;
        std::istringstream hs(line);
        for (std::string h; std::getline(hs, h, ',');)
            header.push_back(h);
        std::map<std::string, std::map<std::string, double>> rows;
        while (std::getline(in, line)) {
            std::istringstream ls(line);
            std::string cell, id;
            for (size_t i = 0; std::getline(ls, cell, ','); ++i) {
                if (i == 0)
                    id = cell;
                else
                    rows[id][header[i]] = std::strtod(cell.c_str(), nullptr);
            }
        }
        return rows;
    };
    const auto ours = parse(csv.str());
    const auto golden = parse(test::read_text(test::data_path("golden/" + stem + ".center.csv")));
    ASSERT_EQ(ours.size(), golden.size());
    for (const auto& [id, cols] : golden)
        for (const char* stat : {"count", "sum", "mean", "min", "max", "std"}) {
            const double want = cols.at(stat), got = ours.at(id).at(stat);
            if (std::isnan(want)) {
                EXPECT_TRUE(std::isnan(got) || (std::string(stat) == "sum" && got == 0)) << id << stat;
                continue;
            }
            EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::abs(want))) << id << " " << stat;
        }
}

TEST(RasterStats, JsonHasNullForUndefined)
{
    ZoneStats empty;
    empty.mean = NAN;
    std::ostringstream out;
    write_json(out, {{"a,b", empty}});
    EXPECT_NE(out.str().find("\"mean\": null"), std::string::npos) << out.str();
    std::ostringstream csv;
    write_csv(csv, {{"a,\"b", empty}});
    EXPECT_NE(csv.str().find("\"a,\"\"b\""), std::string::npos) << csv.str();
}

TEST(RasterStats, BadInputsAreConfigErrors)
{
    RasterStatsOptions o;
    EXPECT_THROW(raster_zonal_stats("/nonexistent.tif", test::data_path("zones_dev.geojson"), o),
                 ConfigError);
    EXPECT_THROW(raster_zonal_stats(test::data_path("peers/rasterstats/slope.tif"),
                                    "/nonexistent.geojson", o),
                 ConfigError);
    o.band = 2;
    EXPECT_THROW(raster_zonal_stats(test::data_path("peers/rasterstats/slope.tif"),
                                    test::data_path("peers/rasterstats/polygons.shp"), o),
                 ConfigError);
}

// A global lon/lat raster (1° cells straddling the meridians by half a cell, as VIIRS does) and
// a zone across the antimeridian split at ±180°: both parts count, and the half cell east of the
// last column is read from column 0. Values are the column index.
TEST(RasterStats, ZoneAcrossTheAntimeridianOnAGlobalRaster)
{
    test::TempDir dir;
    const Grid grid{-180.5, 1, 1, 1, 360, 2};
    std::vector<float> values(720);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = float(i % 360);
    test::write_float_tiff(dir.file("global.tif"), grid, values);
    test::write_zones_geojson(
        dir.file("zones.geojson"), {"fiji"},
        {"MULTIPOLYGON (((179.25 0, 180 0, 180 1, 179.25 1, 179.25 0)),"
         " ((-180 0, -179.25 0, -179.25 1, -180 1, -180 0)))"});
    const auto r = raster_zonal_stats(dir.file("global.tif"), dir.file("zones.geojson"), {});
    ASSERT_EQ(r.size(), 1u);
    // Column 359 weight 0.25, column 0 weight 0.5 + 0.5, column 1 weight 0.25.
    EXPECT_DOUBLE_EQ(r[0].stats.count, 1.5);
    EXPECT_DOUBLE_EQ(r[0].stats.sum, 359 * 0.25 + 0 * 1.0 + 1 * 0.25);
    EXPECT_EQ(r[0].stats.min, 0.0);
    EXPECT_EQ(r[0].stats.max, 359.0);
}

TEST(RasterStats, MissingInputsAndNonFiniteThresholdsAreRefusedSayingWhy)
{
    test::TempDir dir;
    const std::string raster = dir.file("one.tif");
    test::write_float_tiff(raster, Grid{0, 2, 1, 1, 2, 2}, {1, 2, 3, 4});
    const std::string zones = dir.file("z.geojson");
    test::write_zones_geojson(zones, {"a"}, {"POLYGON((0 0,2 0,2 2,0 2,0 0))"});
    const auto message = [](auto&& f) { return test::error_message<ConfigError>(f); };
    RasterStatsOptions o;
    const std::string no_raster =
        message([&] { raster_zonal_stats(dir.file("nope.tif"), zones, o); });
    EXPECT_NE(no_raster.find("nope.tif': no such file"), std::string::npos) << no_raster;
    const std::string no_zones =
        message([&] { raster_zonal_stats(raster, dir.file("nope.geojson"), o); });
    EXPECT_NE(no_zones.find("nope.geojson'"), std::string::npos) << no_zones;
    EXPECT_NE(no_zones.find(": no such file"), std::string::npos) << no_zones;
    const std::string not_a_raster = message([&] { raster_zonal_stats(zones, zones, o); });
    EXPECT_NE(not_a_raster.find("not recognized"), std::string::npos) << not_a_raster;
    for (const double bad : {NAN, INFINITY, -INFINITY}) {
        o.stats.lit_threshold = bad;
        EXPECT_NE(message([&] { raster_zonal_stats(raster, zones, o); }).find("lit threshold"),
                  std::string::npos);
    }
}
