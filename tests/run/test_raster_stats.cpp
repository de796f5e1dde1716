// `sezu stats` on any raster: python-rasterstats' own fixtures (projected CRS, NoData) and the
// real VIIRS clips against the reference statistics.
#include "sezu/core/error.hpp"
#include "sezu/run/raster_stats.hpp"

#include "error_message.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

/// python-rasterstats' slope.tif and polygons.shp under the centre rule.
std::vector<ZoneResult> slope_polygons_centre(RasterStatsOptions o = {})
{
    o.rule = PixelRule::Center;
    return raster_zonal_stats(test::data_path("peers/rasterstats/slope.tif"),
                              test::data_path("peers/rasterstats/polygons.shp"), o);
}

} // namespace

TEST(RasterStats, ReproducesRasterstatsOwnFixtures)
{
    // python-rasterstats' test suite asserts these for slope.tif (EPSG:26913-like projected CRS,
    // NoData -9999) and polygons.shp under its default pixel-centre rule.
    const auto r = slope_polygons_centre();
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].stats.count, 75);
    EXPECT_EQ(r[1].stats.count, 50);
    EXPECT_NEAR(r[0].stats.mean, 14.66, 0.005);
    // A NoData override of 0 changes nothing (there are no zeros), as rasterstats also asserts.
    RasterStatsOptions o;
    o.nodata = 0.0;
    const auto z = slope_polygons_centre(o);
    EXPECT_EQ(z[0].stats.count, 75);
    EXPECT_EQ(z[1].stats.count, 50);
}

TEST(RasterStats, ZonesWithAMislabelledCrsAreRefusedClearly)
{
    // multipolygons.prj says WGS 84 but its coordinates are the raster's projected metres:
    // transforming them must fail loudly rather than give numbers for the wrong place.
    RasterStatsOptions o;
    o.rule = PixelRule::Center;
    const std::string message = test::error_message<ConfigError>([&] {
        raster_zonal_stats(test::data_path("peers/rasterstats/slope.tif"),
                           test::data_path("peers/rasterstats/multipolygons.shp"), o);
    });
    EXPECT_NE(message.find("multipolygons.shp"), std::string::npos) << message;
    EXPECT_NE(message.find("coordinates (244"), std::string::npos) << message;
    EXPECT_NE(message.find("are not valid longitude/latitude — is the .prj wrong? use "
                           "--zones-crs"),
              std::string::npos)
        << message;
}

TEST(RasterStats, MultipolygonFixtureGivesRasterstatsCountWithoutPrjAndWithZonesCrs)
{
    // python-rasterstats ships multipolygons.shp without a .prj and asserts 125 cells under its
    // centre rule: without a CRS the zones are taken to be in the raster's. With the wrong WGS 84
    // .prj of tests/data, --zones-crs naming the raster's CRS gives the same 125.
    test::TempDir dir;
    for (const char* ext : {".shp", ".shx", ".dbf"})
        fs::copy_file(test::data_path(std::string("peers/rasterstats/multipolygons") + ext),
                      dir.file(std::string("multipolygons") + ext));
    const std::string slope = test::data_path("peers/rasterstats/slope.tif");
    RasterStatsOptions o;
    o.rule = PixelRule::Center;
    const auto plain = raster_zonal_stats(slope, dir.file("multipolygons.shp"), o);
    ASSERT_EQ(plain.size(), 1u);
    EXPECT_EQ(plain[0].stats.count, 125);
    o.zones_crs = "+proj=aea +lat_0=34 +lon_0=-120 +lat_1=43 +lat_2=48 +x_0=600000 +y_0=0 "
                  "+ellps=GRS80 +units=m +no_defs"; // gdalsrsinfo -o proj4 slope.tif
    const auto assigned = raster_zonal_stats(
        slope, test::data_path("peers/rasterstats/multipolygons.shp"), o);
    ASSERT_EQ(assigned.size(), 1u);
    EXPECT_EQ(assigned[0].stats.count, 125);
    EXPECT_EQ(assigned[0].stats.sum, plain[0].stats.sum);
}

TEST(RasterStats, AreaOfAProjectedRasterIsTheEllipsoidalAreaOfTheCellsCounted)
{
    // slope.tif is in Albers equal-area on GRS80 (the WGS 84 ellipsoid to 0.1 mm): each cell's
    // ellipsoidal area is its map area, 25.525146574506131² m². Centre rule: 75 and 50 cells.
    const auto r = slope_polygons_centre();
    ASSERT_EQ(r.size(), 2u);
    const double cell_km2 = 25.525146574506131 * 25.525146574506131 / 1e6;
    EXPECT_NEAR(r[0].stats.area_km2, 75 * cell_km2, 1e-6 * 75 * cell_km2);
    EXPECT_NEAR(r[1].stats.area_km2, 50 * cell_km2, 1e-6 * 50 * cell_km2);
    EXPECT_NEAR(r[0].stats.sum_per_km2, r[0].stats.sum / (75 * cell_km2), 1e-6 * r[0].stats.sum);
}

TEST(RasterStats, CoverageRasterFillsTheCoverageColumns)
{
    // Four cells of 1°, all in the zone; cf_cvg 0, 3, 5, 0: two observed cells.
    test::TempDir dir;
    const Grid grid{0, 2, 1, 1, 2, 2};
    test::write_float_tiff(dir.file("rade.tif"), grid, {1, 2, 3, 4});
    test::write_float_tiff(dir.file("cvg.tif"), grid, {0, 3, 5, 0});
    test::write_zones_geojson(dir.file("z.geojson"), {"a"}, {"POLYGON((0 0,2 0,2 2,0 2,0 0))"});
    RasterStatsOptions o;
    o.coverage = dir.file("cvg.tif");
    const auto r = raster_zonal_stats(dir.file("rade.tif"), dir.file("z.geojson"), o);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].stats.count, 4);
    EXPECT_EQ(r[0].stats.valid_count, 2);
    EXPECT_EQ(r[0].stats.cvg_mean, 2);
    EXPECT_EQ(r[0].stats.cvg_min, 0);
    EXPECT_EQ(r[0].stats.zero_cvg_fraction, 0.5);
    EXPECT_EQ(r[0].raster, dir.file("rade.tif"));
    // A coverage raster on another grid is refused, naming both.
    test::write_float_tiff(dir.file("shifted.tif"), Grid{1, 2, 1, 1, 2, 2}, {0, 3, 5, 0});
    o.coverage = dir.file("shifted.tif");
    const std::string message = test::error_message<ConfigError>(
        [&] { raster_zonal_stats(dir.file("rade.tif"), dir.file("z.geojson"), o); });
    EXPECT_NE(message.find("'" + dir.file("shifted.tif") + "' is not on the grid of '" +
                           dir.file("rade.tif") + "'"),
              std::string::npos)
        << message;
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
                if (header[i] == "zone" || header[i] == "zone_id") // ours, the reference's
                    id = cell;
                else if (header[i] != "raster")
                    rows[id][header[i]] = std::strtod(cell.c_str(), nullptr);
            }
        }
        return rows;
    };
    const auto ours = parse(csv.str());
    const auto golden = parse(test::read_text(test::data_path("golden/" + stem + ".center.csv")));
    ASSERT_EQ(ours.size(), golden.size());
    // The reference's column, ours (sezu's names since 0.3).
    const std::pair<const char*, const char*> columns[] = {
        {"count", "cell_count"},    {"sum", "sum_of_lights"}, {"mean", "radiance_mean"},
        {"min", "radiance_min"},    {"max", "radiance_max"},  {"std", "radiance_std"}};
    for (const auto& [id, cols] : golden)
        for (const auto& [stat, column] : columns) {
            const double want = cols.at(stat), got = ours.at(id).at(column);
            if (std::isnan(want)) {
                EXPECT_TRUE(std::isnan(got) || (std::string(stat) == "sum" && got == 0))
                    << id << stat;
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
    write_json(out, {{"a,b", empty, "x.tif"}});
    EXPECT_NE(out.str().find("\"radiance_mean\": null"), std::string::npos) << out.str();
    std::ostringstream csv;
    write_csv(csv, {{"a,\"b", empty, "x.tif"}});
    EXPECT_NE(csv.str().find("\"a,\"\"b\""), std::string::npos) << csv.str();
    EXPECT_EQ(csv.str().rfind("raster,zone,cell_count,valid_count,sum_of_lights,radiance_mean,", 0),
              0u)
        << csv.str();
    EXPECT_NE(csv.str().find("\nx.tif,\"a,"), std::string::npos) << csv.str();
    EXPECT_NE(out.str().find("\"raster\": \"x.tif\""), std::string::npos) << out.str();
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

namespace {

// A 40 x 30 raster of cells 1° wide from (0, 30), value 100 r + c at column c, row r, stored
// deflated with one row per block, so zones share and span many blocks.
std::string write_ramp(const test::TempDir& dir)
{
    const Grid grid{0, 30, 1, 1, 40, 30};
    std::vector<float> values;
    for (long r = 0; r < grid.rows; ++r)
        for (long c = 0; c < grid.cols; ++c)
            values.push_back(float(100 * r + c));
    test::write_float_tiff(dir.file("plain.tif"), grid, values);
    GDALDatasetUniquePtr src(GDALDataset::Open(dir.file("plain.tif").c_str(), GDAL_OF_RASTER));
    const char* options[] = {"COMPRESS=DEFLATE", "BLOCKYSIZE=1", nullptr};
    GDALDatasetUniquePtr(GetGDALDriverManager()->GetDriverByName("GTiff")->CreateCopy(
        dir.file("ramp.tif").c_str(), src.get(), FALSE, const_cast<char**>(options), nullptr,
        nullptr));
    return dir.file("ramp.tif");
}

// A box of whole and half cells: columns x0..x1, rows r0..r1 (r counted from the top).
std::string box_wkt(double x0, double x1, double r0, double r1)
{
    std::ostringstream os;
    os << "POLYGON((" << x0 << ' ' << 30 - r1 << ',' << x1 << ' ' << 30 - r1 << ',' << x1 << ' '
       << 30 - r0 << ',' << x0 << ' ' << 30 - r0 << ',' << x0 << ' ' << 30 - r1 << "))";
    return os.str();
}

} // namespace

TEST(RasterStats, ZonesComeOutInFileOrderWithTheSameNumbersOnAnyThreadCount)
{
    test::TempDir dir;
    const std::string ramp = write_ramp(dir);
    // Listed south to north and overlapping, so the visit order (top row first) is not the
    // file's; "tall" spans almost every block, "out" lies north of the raster.
    const std::vector<std::string> ids = {"south", "tall", "half", "north", "out", "mid"};
    test::write_zones_geojson(dir.file("z.geojson"), ids,
                              {box_wkt(2, 5, 26, 29), box_wkt(30, 31, 1, 29),
                               box_wkt(10.5, 12.5, 10, 13), box_wkt(0, 40, 0, 2),
                               "POLYGON((0 40,5 40,5 45,0 45,0 40))", box_wkt(2, 5, 14, 16)});
    // By hand: sum over the cells of weight * (100 r + c).
    const auto whole = [](long c0, long c1, long r0, long r1) { // cells c0..c1-1, r0..r1-1
        double sum = 0;
        for (long r = r0; r < r1; ++r)
            for (long c = c0; c < c1; ++c)
                sum += 100.0 * r + c;
        return sum;
    };
    const std::vector<double> count = {9, 28, 6, 80, 0, 6};
    const std::vector<double> sum = {
        whole(2, 5, 26, 29), whole(30, 31, 1, 29),
        // columns 10 and 12 half covered, 11 whole; rows 10..12
        3 * (0.5 * 10 + 11 + 0.5 * 12) + 2 * 100.0 * (10 + 11 + 12), whole(0, 40, 0, 2), 0,
        whole(2, 5, 14, 16)};
    std::vector<ZoneResult> one;
    for (int threads : {1, 2, 4}) {
        RasterStatsOptions o;
        o.id_field = "zone_id";
        o.threads = threads;
        const auto r = raster_zonal_stats(ramp, dir.file("z.geojson"), o);
        ASSERT_EQ(r.size(), ids.size());
        for (std::size_t z = 0; z < ids.size(); ++z) {
            EXPECT_EQ(r[z].zone_id, ids[z]);
            EXPECT_EQ(r[z].stats.count, count[z]) << ids[z];
            EXPECT_EQ(r[z].stats.sum, sum[z]) << ids[z];
            if (threads > 1) {
                EXPECT_EQ(r[z].stats, one[z].stats) << ids[z] << " on " << threads << " threads";
            }
        }
        if (threads == 1)
            one = r;
    }
    RasterStatsOptions bad;
    bad.threads = -1;
    EXPECT_THROW(raster_zonal_stats(ramp, dir.file("z.geojson"), bad), ConfigError);
}
