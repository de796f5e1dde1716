// Zones as users bring them: a GeoPackage with one layer per administrative level, a shapefile
// whose .prj is wrong or missing. Each is read as asked, or refused saying what to do.
#include "sezu/core/error.hpp"
#include "sezu/zones/zone_checks.hpp"
#include "sezu/zones/zones.hpp"

#include "error_message.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

std::string config_error(const ZoneSource& source, const std::string& target = "EPSG:4326")
{
    return test::error_message<ConfigError>([&] { load_zones(source, target); });
}

/// Two levels: the country (one zone) and its two provinces.
std::string admin_levels(const test::TempDir& dir)
{
    const std::string path = dir.file("admin.gpkg");
    test::write_zones_geopackage(
        path, {{"adm0", {"land"}, {"POLYGON((0 0,4 0,4 2,0 2,0 0))"}},
               {"adm1", {"west", "east"},
                {"POLYGON((0 0,2 0,2 2,0 2,0 0))", "POLYGON((2 0,4 0,4 2,2 2,2 0))"}}});
    return path;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

TEST(ZoneSource, SeveralLayersAndNoneChosenIsRefusedListingThem)
{
    test::TempDir dir;
    const std::string path = admin_levels(dir);
    const std::string message = config_error({path, "zone_id", "", ""});
    EXPECT_TRUE(contains(message, "has 2 layers: 'adm0' (1 features), 'adm1' (2 features)"))
        << message;
    EXPECT_TRUE(contains(message, "--zones-layer")) << message;
    const std::string unknown = config_error({path, "zone_id", "adm2", ""});
    EXPECT_TRUE(contains(unknown, "has no layer 'adm2'")) << unknown;
    EXPECT_TRUE(contains(unknown, "'adm0' (1 features), 'adm1' (2 features)")) << unknown;
}

TEST(ZoneSource, TheChosenLayerIsRead)
{
    test::TempDir dir;
    const std::string path = admin_levels(dir);
    const ZoneSet provinces = load_zones(ZoneSource{path, "zone_id", "adm1", ""});
    ASSERT_EQ(provinces.zones.size(), 2u);
    EXPECT_EQ(provinces.zones[1].id, "east");
    EXPECT_EQ(provinces.layer, "adm1");
    const ZoneSet country = load_zones(ZoneSource{path, "zone_id", "adm0", ""});
    ASSERT_EQ(country.zones.size(), 1u);
    EXPECT_EQ(country.zones[0].id, "land");
    EXPECT_NE(country.fingerprint(), provinces.fingerprint());
}

TEST(ZoneSource, APrjSayingWgs84OverMetresIsRefusedPointingToZonesCrs)
{
    // python-rasterstats' multipolygon fixture with a .prj that says WGS 84: its coordinates are
    // the Albers metres of slope.tif. Going to lon/lat (sezu run) or to the raster's CRS (sezu
    // stats) both fail naming the first coordinate that cannot be a longitude/latitude.
    const std::string path = test::data_path("peers/rasterstats/multipolygons.shp");
    for (const std::string target : {"EPSG:4326", "EPSG:5070"}) {
        const std::string message = config_error({path, "", "", ""}, target);
        EXPECT_TRUE(contains(message, "coordinates (244")) << message;
        EXPECT_TRUE(contains(message, "are not valid longitude/latitude — is the .prj wrong? "
                                      "use --zones-crs"))
            << message;
    }
}

TEST(ZoneSource, AnAssignedCrsReplacesTheDeclaredOne)
{
    // The same square declared in EPSG:4326 but assigned EPSG:3857: it is then reprojected from
    // Web Mercator (x = R·λ, R = 6378137: 1113194.9079 m is 10°), not taken as degrees.
    test::TempDir dir;
    const std::string path = dir.file("mislabelled.geojson");
    test::write_zones_geojson(path, {"m"},
                              {"POLYGON((1113194.9079327357 0,1224514.3987260093 0,"
                               "1224514.3987260093 1000,1113194.9079327357 1000,"
                               "1113194.9079327357 0))"});
    EXPECT_TRUE(contains(config_error({path, "zone_id", "", ""}), "not valid longitude/latitude"));
    const ZoneSet set = load_zones(ZoneSource{path, "zone_id", "", "EPSG:3857"});
    const BBox b = set.zones[0].geometry.bbox();
    EXPECT_NEAR(b.xmin, 10.0, 1e-9);
    EXPECT_NEAR(b.xmax, 11.0, 1e-9);
    EXPECT_EQ(set.crs, "EPSG:3857");
    EXPECT_TRUE(set.notes.empty());
    EXPECT_TRUE(contains(config_error({path, "zone_id", "", "EPSG:nonsense"}), "--zones-crs"));
}

TEST(ZoneSource, ASourceWithoutCrsIsTakenToBeInTheTargetWithANote)
{
    test::TempDir dir;
    const std::string shp = dir.file("plain.shp");
    test::write_zones_shapefile(shp, {"a"}, {"x"}, {"POLYGON((0 0,1 0,1 1,0 1,0 0))"}, "");
    fs::remove(dir.file("plain.prj"));
    const ZoneSet set = load_zones(ZoneSource{shp, "zone_id", "", ""});
    ASSERT_EQ(set.notes.size(), 1u);
    EXPECT_TRUE(contains(set.notes[0], "'" + shp + "' declares no CRS")) << set.notes[0];
    EXPECT_TRUE(contains(set.notes[0], "taken to be in EPSG:4326")) << set.notes[0];
    EXPECT_TRUE(contains(set.notes[0], "--zones-crs")) << set.notes[0];
    EXPECT_EQ(set.zones[0].geometry.bbox().xmax, 1.0);
    // With the CRS assigned, nothing is assumed.
    EXPECT_TRUE(load_zones(ZoneSource{shp, "zone_id", "", "EPSG:4326"}).notes.empty());
}

TEST(ZoneSource, AnUnreadablePrjIsRefusedUnlessTheCrsIsGiven)
{
    // GDAL reads a garbage .prj as "no CRS"; assuming the raster's CRS would silently misplace
    // every zone whose .prj was meant to say something else.
    test::TempDir dir;
    const std::string shp = dir.file("garbled.shp");
    test::write_zones_shapefile(shp, {"a"}, {"x"}, {"POLYGON((0 0,1 0,1 1,0 1,0 0))"}, "");
    std::ofstream(dir.file("garbled.prj"), std::ios::trunc) << "this is not a CRS\n";
    const std::string message = config_error({shp, "zone_id", "", ""});
    EXPECT_TRUE(contains(message, "'" + dir.file("garbled.prj") + "'")) << message;
    EXPECT_TRUE(contains(message, "not a CRS GDAL can read")) << message;
    EXPECT_TRUE(contains(message, "--zones-crs")) << message;
    EXPECT_EQ(load_zones(ZoneSource{shp, "zone_id", "", "EPSG:4326"}).zones.size(), 1u);
}

TEST(ZoneSource, AnEmptySourceSaysItHasNoFeaturesEvenWithAnIdField)
{
    test::TempDir dir;
    const std::string path = dir.file("empty.geojson");
    std::ofstream(path) << R"({"type": "FeatureCollection", "features": []})";
    const std::string message = config_error({path, "zone_id", "", ""});
    EXPECT_TRUE(contains(message, "has no features")) << message;
}

TEST(ZoneSource, ANamedFieldMustExist)
{
    test::TempDir dir;
    const std::string shp = dir.file("named.shp");
    test::write_zones_shapefile(shp, {"a"}, {"x"}, {"POLYGON((0 0,1 0,1 1,0 1,0 0))"}, "");
    const ZoneSet set = load_zones(ZoneSource{shp, "zone_id", "", ""});
    EXPECT_NO_THROW(require_field(set, "zone_id", "--name-field"));
    const std::string message = test::error_message<ConfigError>(
        [&] { require_field(set, "nmae", "--name-field (config nameField)"); });
    EXPECT_TRUE(contains(message, "no field 'nmae' for --name-field (config nameField)"))
        << message;
    EXPECT_TRUE(contains(message, "zone_id")) << message; // the fields there are
}
