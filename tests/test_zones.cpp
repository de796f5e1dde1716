#include "sezu/error.hpp"
#include "sezu/zones.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

using namespace sezu;

namespace {

/// Runs f and returns the ConfigError message it throws (fails the test if it does not).
template <class F>
std::string config_error(F&& f)
{
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no ConfigError";
    return "";
}

const Zone* find(const ZoneSet& set, const std::string& id)
{
    for (const Zone& z : set.zones)
        if (z.id == id)
            return &z;
    return nullptr;
}

} // namespace

TEST(Zones, LoadsDevZones)
{
    const ZoneSet set = load_zones(test::data_path("zones_dev.geojson"), "zone_id");
    ASSERT_EQ(set.zones.size(), 8u);
    EXPECT_EQ(set.zones[0].id, "san_juan");
    EXPECT_EQ(set.id_field, "zone_id");

    const Zone* multi = find(set, "multi");
    ASSERT_TRUE(multi);
    EXPECT_EQ(multi->geometry.parts.size(), 2u);
    const Zone* holed = find(set, "holed");
    ASSERT_TRUE(holed);
    ASSERT_EQ(holed->geometry.parts.size(), 1u);
    ASSERT_EQ(holed->geometry.parts[0].rings.size(), 2u);
    // Coordinates come through untouched (lon, lat order).
    const Zone* inside = find(set, "inside_box");
    ASSERT_TRUE(inside);
    const BBox b = inside->geometry.bbox();
    EXPECT_EQ(b.xmin, -66.3713);
    EXPECT_EQ(b.ymax, 18.3077);
    EXPECT_EQ(inside->properties.at("zone_id"), "inside_box");
}

TEST(Zones, LoadsSezZones)
{
    const ZoneSet set = load_zones(test::data_path("sez/sez_zones.geojson"), "zone_id");
    ASSERT_EQ(set.zones.size(), 9u);
    for (const Zone& z : set.zones) {
        EXPECT_FALSE(z.geometry.empty()) << z.id;
        EXPECT_TRUE(z.properties.count("country")) << z.id;
        const BBox b = z.geometry.bbox();
        EXPECT_GE(b.xmin, -180.0);
        EXPECT_LE(b.xmax, 180.0);
        EXPECT_GE(b.ymin, -65.0);
        EXPECT_LE(b.ymax, 75.0);
    }
}

TEST(Zones, ShapefileUsesFeatureIndexAsId)
{
    const ZoneSet set = load_zones(test::data_path("viirs_sanjuan/San_Juan.shp"));
    ASSERT_EQ(set.zones.size(), 1u);
    EXPECT_EQ(set.zones[0].id, "0");
    EXPECT_TRUE(set.id_field.empty());
    // The study area lies in San Juan (the layer's extent as ogrinfo reports it); the .prj's
    // lat/lon axis order must not swap the coordinates.
    const BBox b = set.zones[0].geometry.bbox();
    EXPECT_NEAR(b.xmin, -66.228138, 1e-6);
    EXPECT_NEAR(b.ymin, 18.321981, 1e-6);
    EXPECT_NEAR(b.xmax, -65.946347, 1e-6);
    EXPECT_NEAR(b.ymax, 18.473527, 1e-6);
}

TEST(Zones, ReprojectsToLonLat)
{
    // A square in Web Mercator around lon 10, lat 0..~1, written with an explicit CRS.
    test::TempDir dir;
    const std::string path = dir.file("mercator.geojson");
    {
        GDALAllRegister();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
        GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_TRUE(ds);
        OGRSpatialReference merc;
        merc.importFromEPSG(3857);
        OGRLayer* layer = ds->CreateLayer("zones", &merc, wkbPolygon, nullptr);
        ASSERT_TRUE(layer);
        OGRFieldDefn field("zone_id", OFTString);
        ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField("zone_id", "m1");
        OGRPolygon poly;
        OGRLinearRing ring;
        // x = R·λ with R = 6378137: lon 10° -> 1113194.9079 m, lon 11° -> 1224514.3987 m.
        ring.addPoint(1113194.9079327357, 0);
        ring.addPoint(1224514.3987260093, 0);
        ring.addPoint(1224514.3987260093, 111325.14286638486); // lat 1°
        ring.addPoint(1113194.9079327357, 111325.14286638486);
        ring.closeRings();
        poly.addRing(&ring);
        feature.SetGeometry(&poly);
        ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    }
    const ZoneSet set = load_zones(path, "zone_id");
    ASSERT_EQ(set.zones.size(), 1u);
    const BBox b = set.zones[0].geometry.bbox();
    EXPECT_NEAR(b.xmin, 10.0, 1e-9);
    EXPECT_NEAR(b.xmax, 11.0, 1e-9);
    EXPECT_NEAR(b.ymin, 0.0, 1e-9);
    EXPECT_NEAR(b.ymax, 1.0, 1e-6);
}

TEST(Zones, ErrorsNameTheProblem)
{
    test::TempDir dir;
    const std::string missing = dir.file("nope.geojson");
    EXPECT_NE(config_error([&] { load_zones(missing, "zone_id"); }).find(missing),
              std::string::npos);

    const std::string field_msg =
        config_error([&] { load_zones(test::data_path("zones_dev.geojson"), "name"); });
    EXPECT_NE(field_msg.find("'name'"), std::string::npos) << field_msg;
    EXPECT_NE(field_msg.find("zone_id"), std::string::npos) << field_msg; // lists fields

    const std::string dup = dir.file("dup.geojson");
    test::write_zones_geojson(dup, {"a", "b", "a"},
                              {"POLYGON((0 0,1 0,1 1,0 1,0 0))", "POLYGON((2 0,3 0,3 1,2 1,2 0))",
                               "POLYGON((4 0,5 0,5 1,4 1,4 0))"});
    const std::string dup_msg = config_error([&] { load_zones(dup, "zone_id"); });
    EXPECT_NE(dup_msg.find("duplicate id 'a'"), std::string::npos) << dup_msg;

    const std::string line = dir.file("line.geojson");
    test::write_zones_geojson(line, {"ok", "road"},
                              {"POLYGON((0 0,1 0,1 1,0 1,0 0))", "LINESTRING(0 0,1 1)"});
    const std::string line_msg = config_error([&] { load_zones(line, "zone_id"); });
    EXPECT_NE(line_msg.find("'road'"), std::string::npos) << line_msg;

    const std::string empty = dir.file("empty.geojson");
    std::ofstream(empty) << R"({"type":"FeatureCollection","features":[)"
                         << R"({"type":"Feature","properties":{"zone_id":"void"},)"
                         << R"("geometry":{"type":"Polygon","coordinates":[]}}]})";
    const std::string empty_msg = config_error([&] { load_zones(empty, "zone_id"); });
    EXPECT_NE(empty_msg.find("'void'"), std::string::npos) << empty_msg;
}

TEST(Zones, RepairsInvalidPolygons)
{
    if (!OGRGeometryFactory::haveGEOS())
        GTEST_SKIP() << "GDAL built without GEOS";
    // A bow tie (self-intersecting) becomes two triangles of area 0.25 each.
    test::TempDir dir;
    const std::string path = dir.file("bowtie.geojson");
    test::write_zones_geojson(path, {"bow"}, {"POLYGON((0 0,1 1,1 0,0 1,0 0))"});
    const ZoneSet set = load_zones(path, "zone_id");
    ASSERT_EQ(set.zones.size(), 1u);
    double area = 0;
    for (const Polygon& p : set.zones[0].geometry.parts)
        area += std::abs(signed_area(p.rings[0]));
    EXPECT_NEAR(area, 0.5, 1e-12);
}

TEST(Zones, FingerprintIsStableAndSensitive)
{
    const ZoneSet a = load_zones(test::data_path("zones_dev.geojson"), "zone_id");
    const ZoneSet b = load_zones(test::data_path("zones_dev.geojson"), "zone_id");
    EXPECT_EQ(a.fingerprint(), b.fingerprint());
    EXPECT_EQ(a.fingerprint().size(), 16u);
    ZoneSet moved = a;
    moved.zones[1].geometry.parts[0].rings[0][0].x += 1e-12;
    EXPECT_NE(moved.fingerprint(), a.fingerprint());
    ZoneSet renamed = a;
    renamed.zones[0].id = "other";
    EXPECT_NE(renamed.fingerprint(), a.fingerprint());
}
