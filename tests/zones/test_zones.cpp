#include "sezu/core/error.hpp"
#include "sezu/products/tile_grid.hpp"
#include "sezu/zones/zone_checks.hpp"
#include "sezu/zones/zones.hpp"

#include "error_message.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <utility>

using namespace sezu;

namespace {

/// Runs f and returns the ConfigError message it throws (fails the test if it does not).
template <class F>
std::string config_error(F&& f)
{
    return test::error_message<ConfigError>(std::forward<F>(f));
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

// An id names the zone in every table and terminal line: empty ids and control characters
// (a newline splits CSV rows; ESC sets a terminal's title and colours) are refused.
TEST(Zones, EmptyIdsAndControlCharactersAreRefused)
{
    test::TempDir dir;
    const std::string square = "POLYGON((0 0,1 0,1 1,0 1,0 0))";
    const std::string blank = dir.file("blank.geojson");
    test::write_zones_geojson(blank, {" "}, {square});
    const std::string blank_msg = config_error([&] { load_zones(blank, "zone_id"); });
    EXPECT_NE(blank_msg.find("has an empty id in field 'zone_id'"), std::string::npos)
        << blank_msg;
    const std::string escape = dir.file("escape.geojson");
    test::write_zones_geojson(escape, {"a\\u001b]0;HACKED\\u0007"}, {square}); // JSON escapes
    const std::string escape_msg = config_error([&] { load_zones(escape, "zone_id"); });
    EXPECT_NE(escape_msg.find("control character (\"a\\x1B]0;HACKED\\x07\")"),
              std::string::npos)
        << escape_msg;
    EXPECT_EQ(escape_msg.find('\x1b'), std::string::npos) << "the message itself is safe";
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
    // The repair is told, once, with what it did: the lobes of the bow tie cancel as drawn.
    ASSERT_EQ(set.repairs.size(), 1u);
    const std::string& note = set.repairs[0];
    EXPECT_NE(note.find("zone 'bow' (feature 0) in '" + path + "'"), std::string::npos) << note;
    EXPECT_NE(note.find("area as drawn about 0 km2 (1 part)"), std::string::npos) << note;
    EXPECT_NE(note.find("after the repair about 618"), std::string::npos) << note;
    EXPECT_NE(note.find("(2 parts)"), std::string::npos) << note;
    EXPECT_TRUE(load_zones(test::data_path("zones_dev.geojson"), "zone_id").repairs.empty());
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

TEST(Zones, AMissingFileSaysWhy)
{
    test::TempDir dir;
    const std::string missing = dir.file("nope.geojson");
    const std::string message = config_error([&] { load_zones(missing); });
    EXPECT_NE(message.find("nope.geojson' as a vector file (GeoJSON, GeoPackage, Shapefile, ...): "
                           "no such file or directory"),
              std::string::npos)
        << message;
    const std::string text = dir.file("notes.txt");
    std::ofstream(text) << "not zones\n";
    const std::string unreadable = config_error([&] { load_zones(text); });
    EXPECT_NE(unreadable.find("not recognized"), std::string::npos) << unreadable;
}

// "Zoné" with é as the single Latin-1 / CP1252 byte 0xE9.
const std::string kLatin1Name = "Zon\xE9";
const std::string kUtf8Name = "Zon\xC3\xA9";
constexpr const char* kSquare = "POLYGON((0 0,1 0,1 1,0 1,0 0))";

TEST(Zones, ShapefileTextIsDecodedWithItsDeclaredEncoding)
{
    test::TempDir dir;
    // GDAL recodes what its .cpg names in a form it knows ...
    const std::string iso = dir.file("iso.shp");
    test::write_zones_shapefile(iso, {"z"}, {kLatin1Name}, {kSquare}, "ISO-8859-1");
    EXPECT_EQ(load_zones(iso, "zone_id").zones[0].properties.at("name"), kUtf8Name);
    // ... and sezu what ESRI's tools write and GDAL 3.6 leaves undecoded.
    for (const char* cpg : {"ANSI 1252", "ANSI 1252\r\n", "8859_1"}) {
        const std::string path = dir.file("esri.shp");
        test::write_zones_shapefile(path, {kLatin1Name}, {kLatin1Name}, {kSquare}, cpg);
        const ZoneSet set = load_zones(path, "zone_id");
        EXPECT_EQ(set.zones[0].properties.at("name"), kUtf8Name) << cpg;
        EXPECT_EQ(set.zones[0].id, kUtf8Name) << cpg; // the id is text like any other
    }
}

TEST(Zones, TextThatIsNotInItsDeclaredEncodingIsRefusedNamingTheFeature)
{
    test::TempDir dir;
    const std::string geojson = dir.file("latin1.geojson");
    test::write_zones_geojson(geojson, {"a", "b"}, {kSquare, kSquare}, {"ok", kLatin1Name});
    const std::string g = config_error([&] { load_zones(geojson, "zone_id"); });
    EXPECT_NE(g.find("feature 1 (FID 1) of layer 'latin1' in '" + geojson +
                     "': field 'name' is not valid UTF-8 text (\"Zon\\xE9\")"),
              std::string::npos)
        << g;
    EXPECT_NE(g.find("UTF-8 by definition"), std::string::npos) << g;

    // A shapefile whose .cpg says UTF-8, and one that declares nothing: what to do differs.
    const std::string declared = dir.file("declared.shp");
    test::write_zones_shapefile(declared, {"a"}, {kLatin1Name}, {kSquare}, "UTF-8");
    const std::string d = config_error([&] { load_zones(declared, "zone_id"); });
    EXPECT_NE(d.find("feature 0 (FID 0) of layer 'declared'"), std::string::npos) << d;
    EXPECT_NE(d.find("field 'name'"), std::string::npos) << d;
    EXPECT_NE(d.find("its encoding is UTF-8 (from its .cpg file)"), std::string::npos) << d;
    const std::string silent = dir.file("silent.shp");
    test::write_zones_shapefile(silent, {"a", "b"}, {"ok", kLatin1Name}, {kSquare, kSquare}, "");
    const std::string s = config_error([&] { load_zones(silent, "zone_id"); });
    EXPECT_NE(s.find("feature 1 (FID 1) of layer 'silent'"), std::string::npos) << s;
    EXPECT_NE(s.find("add a .cpg file"), std::string::npos) << s;
    // Plain ASCII needs no declaration.
    test::write_zones_shapefile(silent, {"a"}, {"Zone"}, {kSquare}, "");
    EXPECT_EQ(load_zones(silent, "zone_id").zones[0].properties.at("name"), "Zone");
}

TEST(Zones, ApproximateAreaIsThatOfTheSphere)
{
    MultiPolygon degree;
    degree.parts.push_back({{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}});
    // R² · Δλ · (sin φ2 − sin φ1) with R = 6371.0088 km.
    EXPECT_NEAR(approx_area_km2(degree, true), 12363.7, 0.1);
    // At 60°N a degree square is about cos(60.5°) as large.
    MultiPolygon north = degree;
    for (Point& p : north.parts[0].rings[0])
        p.y += 60;
    EXPECT_NEAR(approx_area_km2(north, true) / approx_area_km2(degree, true), 0.4924, 1e-3);
    MultiPolygon metres;
    metres.parts.push_back({{{{0, 0}, {2000, 0}, {2000, 3000}, {0, 3000}},
                             {{10, 10}, {1010, 10}, {1010, 1010}, {10, 1010}}}});
    EXPECT_NEAR(approx_area_km2(metres, false, 1.0), 5.0, 1e-12); // 6 km² less a 1 km² hole
}

TEST(Zones, ZonesOutsideTheDataAreFound)
{
    ZoneSet set;
    const auto add = [&](const std::string& id, double x0, double y0, double x1, double y1) {
        Zone z;
        z.id = id;
        z.geometry.parts.push_back({{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}}});
        set.zones.push_back(z);
    };
    add("arctic", 10, 80, 11, 81);
    add("city", 10, 10, 11, 11);
    add("straddle", 10, 74, 11, 76); // partly inside: it has numbers
    add("antarctic", 10, -70, 11, -66);
    add("east", 185, 10, 186, 11); // past 180°E on a grid that wraps: inside
    const Grid viirs = global_grid(1);
    EXPECT_EQ(zones_outside(set, viirs), (std::vector<std::string>{"arctic", "antarctic"}));
    const Grid box{0, 20, 1, 1, 20, 20}; // 0..20°E, 0..20°N, does not wrap
    EXPECT_EQ(zones_outside(set, box),
              (std::vector<std::string>{"arctic", "straddle", "antarctic", "east"}));
}
