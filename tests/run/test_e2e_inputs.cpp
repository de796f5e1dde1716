// The real binary given inputs that are wrong in small ways: numbers that are no numbers, a
// repeated config key, a source sezu cannot read, missing files, text in another encoding,
// zones that are broken or outside the data. Each gets one clear message (exit 2) or a warning
// said once, never a silent result.
#include "sezu/archive/archive.hpp"
#include "sezu/mirror/mirror.hpp"

#include "mirror_truth.hpp"
#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

constexpr int kScale = test::kMirrorJobScale;

// A zone at 80°N (the tiles end at 75°N), a bow tie inside the data, and a city.
constexpr const char* kArctic = "POLYGON((10 80,11 80,11 81,10 81,10 80))";
constexpr const char* kBowTie = "POLYGON((10 10,11 11,11 10,10 11,10 10))";

class InputsEndToEnd : public test::SharedDirSuite<InputsEndToEnd> {
public:
    static void prepare(const test::TempDir& dir)
    {
        const auto r = test::write_mirror_job(
            dir, {"city0"}, {test::window_wkt(default_model(kScale).city_window(0), kScale)});
        ASSERT_EQ(r.status, 0) << r.output;
        const Grid g{-180, 60, 1, 1, 360, 120}; // 60°N..60°S
        test::write_float_tiff(dir.file("small.tif"), g,
                               std::vector<float>(std::size_t(g.cols * g.rows), 1.0f));
    }

protected:
    // One month of the mirror job, into `archive`.
    static std::string one_month(const std::string& archive)
    {
        return "run -c " + s_dir->file("job.json") + " --span-start 201708 --span-end 201708 -o " +
               archive;
    }
};

struct Case {
    std::string args;
    std::string says;
};

void expect_refused(const test::CommandResult& r, const Case& c, const std::string& archive)
{
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
    EXPECT_EQ(test::occurrences(r.output, "sezu: "), 1u) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << "\n" << r.output;
    EXPECT_FALSE(fs::exists(archive)) << c.args;
}

} // namespace

TEST_F(InputsEndToEnd, NumbersThatAreNoNumbersAreRefused)
{
    const std::string out = s_dir->file("nan.h5");
    const std::string big = s_dir->file("big.json");
    std::ofstream(big) << R"({"zones": "zones.geojson", "litThreshold": 1e999})";
    const std::string zones = s_dir->file("zones.geojson");
    const std::vector<Case> cases = {
        {one_month(out) + " --lit-threshold nan", "lit threshold"},
        {one_month(out) + " --lit-threshold inf", "lit threshold"},
        {one_month(out) + " --checkpoint-seconds inf", "checkpointSeconds"},
        {"run -c " + big + " --span-start 201708 --span-end 201708 -o " + out, "big.json"},
        {"stats " + s_dir->file("small.tif") + " " + zones + " --lit-threshold=-inf",
         "lit threshold"},
    };
    for (const auto& c : cases) // under MPI once: every rank stops, one prints
        expect_refused(&c == &cases.front() ? mpirun(2, c.args) : sezu_cmd(c.args), c, out);
}

TEST_F(InputsEndToEnd, ARepeatedConfigKeyIsAnError)
{
    const std::string config = s_dir->file("twice.json");
    std::ofstream(config) << R"({"options": {"spanStart": "201708", "spanEnd": "201708"},
        "source": "mirror/{YYYY}/{YYYYMM}/{cfg}/", "zones": "zones.geojson",
        "cacheDir": "cache", "litThreshold": 0.5, "litThreshold": 2})";
    const std::string out = s_dir->file("twice.h5");
    const Case c{"run -c " + config + " -o " + out, "\"litThreshold\" is given twice"};
    const auto r = mpirun(2, c.args);
    expect_refused(r, c, out);
    EXPECT_NE(r.output.find("twice.json"), std::string::npos) << r.output;
}

TEST_F(InputsEndToEnd, ASourceSezuCannotReadIsRefusedUpFront)
{
    const std::string out = s_dir->file("ftp.h5");
    const std::vector<Case> cases = {
        {one_month(out) + " --source ftp://user:secret@example.org/{YYYYMM}/", "ftp://"},
        {one_month(out) + " --source gopher://example.org/{YYYYMM}/", "https://"},
        {one_month(out) + " --source noaaa", "noaaa"},
        {"discover --span-start 201708 --span-end 201708 --source ftp://example.org/{YYYYMM}/",
         "ftp://"},
    };
    for (const auto& c : cases) {
        const auto r = &c == &cases.front() ? mpirun(2, c.args) : sezu_cmd(c.args);
        expect_refused(r, c, out);
        EXPECT_NE(r.output.find("preset (noaa, eog)"), std::string::npos) << r.output;
        EXPECT_EQ(r.output.find("secret"), std::string::npos) << r.output;
    }
}

TEST_F(InputsEndToEnd, AFolderWithASpaceAndNonAsciiNamesIsASource)
{
    // The mirror, reached through a folder whose name has a space and an accented letter: the
    // folder template becomes a percent-encoded file:// URL that curl reads.
    const std::string folder = s_dir->file("my data");
    fs::create_directories(folder);
    fs::create_directory_symlink(s_dir->file("mirror"), folder + "/caf\xc3\xa9");
    const std::string source = " --source '" + folder + "/caf\xc3\xa9/{YYYY}/{YYYYMM}/{cfg}/'";
    const auto found = sezu_cmd("discover --span-start 201708 --span-end 201708" + source);
    EXPECT_EQ(found.status, 0) << found.output;
    EXPECT_NE(found.output.find("201708  complete"), std::string::npos) << found.output;
    const std::string out = s_dir->file("spaced.h5");
    const auto run = sezu_cmd(one_month(out) + source);
    EXPECT_EQ(run.status, 0) << run.output;
    EXPECT_TRUE(fs::exists(out)) << run.output;
    // A file:// URL written by hand with a raw space is not one curl reads: said up front.
    const std::string never = s_dir->file("raw-space.h5");
    const Case raw{one_month(never) + " --source 'file://" + folder + "/{YYYYMM}/'", "%20"};
    expect_refused(sezu_cmd(raw.args), raw, never);
}

TEST_F(InputsEndToEnd, AMissingFileSaysWhy)
{
    const std::string out = s_dir->file("missing.h5");
    const std::string zones = s_dir->file("zones.geojson");
    const std::vector<Case> cases = {
        {"stats " + s_dir->file("nope.tif") + " " + zones, "nope.tif': no such file"},
        {"stats " + s_dir->file("small.tif") + " " + s_dir->file("nope.geojson"), ": no such file"},
        {one_month(out) + " --zones " + s_dir->file("nope.geojson"), ": no such file"},
    };
    for (const auto& c : cases)
        expect_refused(sezu_cmd(c.args), c, out);
}

TEST_F(InputsEndToEnd, ZoneTextThatIsNotUtf8IsRefusedNamingTheFeature)
{
    const std::string zones = s_dir->file("latin1.geojson");
    const std::string city = test::window_wkt(default_model(kScale).city_window(0), kScale);
    test::write_zones_geojson(zones, {"a", "b"}, {city, city}, {"fine", "Zon\xE9"});
    const std::string out = s_dir->file("latin1.h5");
    const Case c{one_month(out) + " --zones " + zones + " --id-field zone_id",
                 "feature 1 (FID 1) of layer 'latin1'"};
    const auto r = mpirun(2, c.args);
    expect_refused(r, c, out);
    EXPECT_NE(r.output.find("field 'name' is not valid UTF-8 text (\"Zon\\xE9\")"),
              std::string::npos)
        << r.output;
}

TEST_F(InputsEndToEnd, AShapefileDeclaringItsEncodingIsStoredAsUtf8)
{
    const std::string zones = s_dir->file("ansi.shp");
    const std::string city = test::window_wkt(default_model(kScale).city_window(0), kScale);
    test::write_zones_shapefile(zones, {"z"}, {"Zon\xE9"}, {city}, "ANSI 1252");
    const std::string out = s_dir->file("ansi.h5");
    const auto r = sezu_cmd(one_month(out) + " -q --zones " + zones + " --id-field zone_id");
    ASSERT_EQ(r.status, 0) << r.output;
    const ArchiveData a = read_archive(out);
    ASSERT_EQ(a.zone_names.size(), 1u);
    EXPECT_EQ(a.zone_names[0], "Zon\xC3\xA9"); // é in UTF-8
}

TEST_F(InputsEndToEnd, RepairedAndOutsideZonesAreNamedOnce)
{
    const std::string zones = s_dir->file("odd.geojson");
    const std::string city = test::window_wkt(default_model(kScale).city_window(0), kScale);
    test::write_zones_geojson(zones, {"city", "bow", "arctic"}, {city, kBowTie, kArctic});
    const std::string out = s_dir->file("odd.h5");
    const auto run = mpirun(3, one_month(out) + " --zones " + zones + " --id-field zone_id");
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_EQ(test::occurrences(run.output, "was repaired"), 1u) << run.output;
    EXPECT_NE(run.output.find("zone 'bow' (feature 1)"), std::string::npos) << run.output;
    EXPECT_EQ(test::occurrences(run.output, "wholly outside"), 1u) << run.output;
    EXPECT_NE(run.output.find("1 of 3 zones lies wholly outside the VIIRS tiles"),
              std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find(": 'arctic'"), std::string::npos) << run.output;

    // `sezu stats` on a raster of 60°N..60°S: the arctic zone is outside it too.
    const auto stats = sezu_cmd("stats " + s_dir->file("small.tif") + " " + zones +
                                " --id-field zone_id -o " + s_dir->file("odd.csv"));
    ASSERT_EQ(stats.status, 0) << stats.output;
    EXPECT_EQ(test::occurrences(stats.output, "was repaired"), 1u) << stats.output;
    EXPECT_NE(stats.output.find("wholly outside the raster"), std::string::npos) << stats.output;
    EXPECT_NE(stats.output.find(": 'arctic'"), std::string::npos) << stats.output;
}

TEST_F(InputsEndToEnd, ZonesLayersAreChosenOrListed)
{
    // A GeoPackage with one layer per administrative level: without --zones-layer both commands
    // stop listing the layers; with it, that layer is read, recorded, and used again by export.
    const std::string gpkg = s_dir->file("admin.gpkg");
    const std::string west = "POLYGON((0 0,2 0,2 2,0 2,0 0))";
    const std::string east = "POLYGON((2 0,4 0,4 2,2 2,2 0))";
    test::write_zones_geopackage(gpkg, {{"adm0", {"land"}, {"POLYGON((0 0,4 0,4 2,0 2,0 0))"}},
                                        {"adm1", {"west", "east"}, {west, east}}});
    const std::string out = s_dir->file("layers.h5");
    const std::string small = s_dir->file("small.tif");
    const std::vector<Case> cases = {
        {one_month(out) + " --zones " + gpkg, "has 2 layers: 'adm0' (1 features), 'adm1' (2"},
        {"stats " + small + " " + gpkg, "--zones-layer NAME"},
        {"stats " + small + " " + gpkg + " --zones-layer adm9", "has no layer 'adm9'"},
    };
    for (const auto& c : cases)
        expect_refused(&c == &cases.front() ? mpirun(2, c.args) : sezu_cmd(c.args), c, out);

    const auto stats = sezu_cmd("stats " + small + " " + gpkg + " --zones-layer adm1 " +
                                "--id-field zone_id --rule center");
    ASSERT_EQ(stats.status, 0) << stats.output;
    EXPECT_NE(stats.output.find(small + ",west,4,"), std::string::npos) << stats.output;
    EXPECT_NE(stats.output.find(small + ",east,4,"), std::string::npos) << stats.output;

    const auto run = sezu_cmd(one_month(out) + " --zones " + gpkg + " --zones-layer adm1 " +
                              "--id-field zone_id");
    ASSERT_EQ(run.status, 0) << run.output;
    const ArchiveData a = read_archive(out);
    EXPECT_EQ(a.zone_ids, (std::vector<std::string>{"west", "east"}));
    EXPECT_EQ(a.provenance.zones_layer, "adm1");
    const auto exported = sezu_cmd("export " + out + " --geojson " + s_dir->file("layers.json"));
    EXPECT_EQ(exported.status, 0) << exported.output;
}

TEST_F(InputsEndToEnd, StatsOfSeveralRastersMakeOneTable)
{
    // Rasters given by a quoted pattern that sezu expands (sorted), one table with their names;
    // a pattern that matches nothing is refused naming it.
    const std::string folder = s_dir->file("months");
    fs::create_directories(folder);
    fs::copy_file(s_dir->file("small.tif"), folder + "/m201708.tif");
    fs::copy_file(s_dir->file("small.tif"), folder + "/m201709.tif");
    const std::string zones = s_dir->file("two.geojson");
    test::write_zones_geojson(zones, {"a"}, {"POLYGON((0 0,2 0,2 2,0 2,0 0))"});
    const auto stats = sezu_cmd("stats '" + folder + "/m*.tif' " + zones + " --id-field zone_id");
    ASSERT_EQ(stats.status, 0) << stats.output;
    EXPECT_NE(stats.output.find("raster,zone,cell_count,"), std::string::npos) << stats.output;
    const auto first = stats.output.find(folder + "/m201708.tif,a,4,");
    const auto second = stats.output.find(folder + "/m201709.tif,a,4,");
    EXPECT_NE(first, std::string::npos) << stats.output;
    EXPECT_NE(second, std::string::npos) << stats.output;
    EXPECT_LT(first, second) << stats.output;
    const std::string out = s_dir->file("never.h5");
    const std::vector<Case> cases = {
        {"stats '" + folder + "/x*.tif' " + zones, "/x*.tif' matches no file"},
        {"stats '" + folder + "/m*.tif' " + zones + " --coverage " + s_dir->file("small.tif"),
         "1 coverage raster(s) for 2 raster(s)"},
    };
    for (const auto& c : cases)
        expect_refused(sezu_cmd(c.args), c, out);
}

TEST_F(InputsEndToEnd, ANameOrEventFieldTheZonesLackIsRefused)
{
    // The defaults ("name", "established") may be absent; a field the user names may not.
    const std::string out = s_dir->file("fields.h5");
    const std::vector<Case> cases = {
        {one_month(out) + " --name-field nmae", "no field 'nmae' for --name-field"},
        {one_month(out) + " --event-field opened", "no field 'opened' for --event-field"},
    };
    for (const auto& c : cases)
        expect_refused(sezu_cmd(c.args), c, out);
}
