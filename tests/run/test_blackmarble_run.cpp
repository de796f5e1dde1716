// `sezu mirror --product vnp46a3` and `sezu run --product vnp46a3` end to end, as a user runs
// them; the statistics are checked against the same granules read through GDAL's HDF5 driver.
#include "sezu/archive/archive.hpp"
#include "sezu/mirror/blackmarble_mirror.hpp"

#include "granule_expect.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

constexpr int kScale = 40; // cells of 1/6 degree: 60 x 60 per tile

// Zones on whole cell edges (multiples of 1/6 degree), so every cell inside has weight 1:
// Lagos (6 x 6 cells in h18v08, missing every February), Douala (h18v08), Da Nang (h28v07).
using test::Rect;
const Rect kZones[] = {
    {"lagos", 3, 6, 4, 7}, {"douala", 9, 4, 10, 5}, {"danang", 108, 15.5, 108.5, 16.5}};

std::string granule_of(const std::string& mirror, const YearMonth& m, const char* tile)
{
    return test::granule_of(mirror, "VNP46A3", m, tile);
}

// The line of `text` that starts with `start` (e.g. a month in a table), or "".
std::string line_starting(const std::string& text, const std::string& start)
{
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(start, 0) == 0)
            return line;
    return "";
}

} // namespace

TEST(BlackMarbleRun, MirrorAndRunAgreeWithGdalOnTheSameGranules)
{
    GDALAllRegister();
    test::allow_mpirun();
    test::TempDir dir;
    const std::string mirror = dir.file("m");
    const auto written = test::run_command(test::sezu_command(
        "mirror --product vnp46a3 --out " + mirror +
        " --span-start 202401 --span-end 202403 --scale 40"));
    ASSERT_EQ(written.status, 0) << written.output;
    const std::string source = blackmarble_mirror_template(mirror, find_product("vnp46a3"));
    EXPECT_NE(written.output.find("source template: " + source), std::string::npos)
        << written.output;
    EXPECT_TRUE(fs::exists(mirror + "/archive/allData/5200/VNP46A3/2024/032.csv"));
    EXPECT_EQ(granule_of(mirror, YearMonth(2024, 2), "h18v08"), ""); // Lagos's tile, February

    std::vector<std::string> ids, wkts;
    for (const auto& r : kZones) {
        ids.push_back(r.id);
        wkts.push_back(test::wkt(r));
    }
    test::write_zones_geojson(dir.file("zones.geojson"), ids, wkts);
    const std::string common = " --product vnp46a3 --source " + source + " --zones " +
                               dir.file("zones.geojson") + " --id-field zone_id --cache-dir " +
                               dir.file("cache") + " --span-start 202401 --span-end 202403";
    for (const std::vector<int>& drop : {std::vector<int>{255}, std::vector<int>{1, 2, 255}}) {
        const std::string out = dir.file("bm" + std::to_string(drop.size()) + ".h5");
        const auto run = test::run_command(test::mpirun_command(
            1, "run -q" + common + " --drop-quality " + (drop.size() == 1 ? "255" : "1,2,255") +
                   " -o " + out));
        ASSERT_EQ(run.status, 0) << run.output;
        const ArchiveData a = read_archive(out);
        EXPECT_EQ(a.provenance.product_name, "vnp46a3");
        EXPECT_EQ(a.provenance.collection, "5200");
        EXPECT_EQ(a.provenance.variable, "NearNadir_Composite_Snow_Free");
        ASSERT_EQ(a.months.size(), 3u);
        for (std::size_t m = 0; m < 3; ++m) {
            ASSERT_EQ(a.status[m], MonthStatus::Ok) << a.months[m] << a.reasons[m];
            for (std::size_t z = 0; z < 3; ++z) {
                const char* tile = z == 2 ? "h28v07" : "h18v08";
                const std::string g = granule_of(mirror, a.months[m], tile);
                if (g.empty()) { // the missing tile: its zones have no numbers, and it is said
                    for (const char* stat : {"cell_count", "sum_of_lights", "radiance_mean"})
                        EXPECT_TRUE(std::isnan(a.at(stat, m, z)))
                            << stat << " " << a.months[m] << kZones[z].id;
                    EXPECT_NE(a.reasons[m].find("no granule for h18v08"), std::string::npos);
                    EXPECT_NE(a.reasons[m].find(kZones[z].id), std::string::npos) << a.reasons[m];
                    continue;
                }
                const test::Expected e = test::from_gdal(g, kZones[z], drop);
                EXPECT_GT(e.count, 10.0); // 36 cells (18 for Da Nang) less the dropped
                const std::string where = a.months[m].to_string() + " " + kZones[z].id;
                EXPECT_NEAR(a.at("cell_count", m, z), e.count, 1e-6) << where;
                EXPECT_NEAR(a.at("sum_of_lights", m, z), e.sum, 1e-4) << where;
                EXPECT_NEAR(a.at("zero_cvg_fraction", m, z), e.zero_cvg, 1e-9);
            }
        }
        // Only the tiles the zones touch were fetched: h18v08 and h28v07 (h18v08 not in Feb).
        EXPECT_EQ(a.tiles[0].size(), 2u);
        EXPECT_EQ(a.tiles[1].size(), 1u);
    }

    // The commands that read an archive work on a Black Marble one as on any other.
    const std::string bm = dir.file("bm1.h5");
    const auto info = test::run_command(test::sezu_command("info " + bm));
    EXPECT_EQ(info.status, 0) << info.output;
    EXPECT_NE(info.output.find("vnp46a3"), std::string::npos) << info.output;
    for (const std::string& args :
         {"export " + bm + " --csv " + dir.file("bm.csv") + " --geojson " + dir.file("bm.geojson"),
          "report " + bm + " -o " + dir.file("report"), "gaps " + bm,
          "aggregate " + bm + " --by quarter -o " + dir.file("agg.h5")}) {
        const auto r = test::run_command(test::sezu_command(args));
        EXPECT_EQ(r.status, 0) << args << "\n" << r.output;
    }
    EXPECT_NE(test::read_text(dir.file("bm.csv")).find("lagos"), std::string::npos);
    EXPECT_TRUE(fs::exists(dir.file("report/index.html")));
    // quicklook draws the EOG mosaic only: refused up front, saying what to use.
    const auto look = test::run_command(test::sezu_command(
        "quicklook --product vnp46a3 --source " + source + " --zones " +
        dir.file("zones.geojson") + " --id-field zone_id --month 202401 -o " +
        dir.file("look.png")));
    EXPECT_EQ(look.status, 2) << look.output;
    EXPECT_NE(look.output.find("sezu quicklook: the product vnp46a3"), std::string::npos)
        << look.output;
    EXPECT_FALSE(fs::exists(dir.file("look.png")));

    // One archive holds one product: adding EOG months to it is refused, as bad input.
    const auto mixed = test::run_command(test::mpirun_command(
        1, "run -q --zones " + dir.file("zones.geojson") + " --id-field zone_id --source " +
               mirror + " --span-start 202401 --span-end 202401 -o " + dir.file("bm1.h5")));
    EXPECT_EQ(mixed.status, 2) << mixed.output;
    EXPECT_NE(mixed.output.find("holds vnp46a3 5200 NearNadir_Composite_Snow_Free"),
              std::string::npos)
        << mixed.output;
}

// `sezu discover --product vnp46a3`: per period, the tiles the zones touch, found of needed, the
// missing ones holding the zones' cells (gaps) apart from those only their boxes reach (ocean).
TEST(BlackMarbleRun, DiscoverListsTheZonesTilesAndTellsGapsFromOcean)
{
    test::TempDir dir;
    const std::string mirror = dir.file("m");
    write_blackmarble_mirror({mirror, {YearMonth(2024, 1), YearMonth(2024, 2)},
                              find_product("vnp46a3"), 60});
    const std::string source = blackmarble_mirror_template(mirror, find_product("vnp46a3"));
    test::write_zones_geojson(dir.file("cities.geojson"), {"lagos", "danang"},
                              {wkt(kZones[0]), wkt(kZones[2])});
    // A wedge whose cells lie in h18v08, h19v08 and h18v07 (land; the mirror publishes the
    // first two) and whose box also reaches h19v07 (the mirror's ocean).
    test::write_zones_geojson(dir.file("wedge.geojson"), {"wedge"},
                              {"POLYGON((1 1,19 1,1 19,1 1))"});
    const std::string common = "discover --product vnp46a3 --source " + source +
                               " --span-start 202401 --span-end 202402 --id-field zone_id";

    const auto cities =
        test::run_command(test::sezu_command(common + " --zones " + dir.file("cities.geojson")));
    EXPECT_EQ(cities.status, 1) << cities.output; // February lacks Lagos's tile
    EXPECT_EQ(line_starting(cities.output, "202401"), "202401  complete    2/2    -")
        << cities.output;
    const std::string february = line_starting(cities.output, "202402");
    EXPECT_EQ(february.rfind("202402  incomplete  1/2    h18v08   not published this period", 0), 0u) << cities.output;
    EXPECT_NE(february.find("zones with cells there get no numbers: lagos"), std::string::npos)
        << cities.output;

    const auto wedge = test::run_command(
        test::sezu_command(common + " --json --zones " + dir.file("wedge.geojson")));
    EXPECT_EQ(wedge.status, 1) << wedge.output;
    const auto rows = nlohmann::json::parse(wedge.output, nullptr, false);
    ASSERT_TRUE(rows.is_array() && rows.size() == 2) << wedge.output;
    EXPECT_EQ(rows[0]["tiles_needed"], 4);
    EXPECT_EQ(rows[0]["tiles_found"], 2);
    EXPECT_EQ(rows[0]["missing"], nlohmann::json::array({"h18v07"}));
    EXPECT_NE(rows[0]["reason"].get<std::string>().find("(ocean, not a gap): h19v07"),
              std::string::npos)
        << rows[0]["reason"];
    EXPECT_EQ(rows[1]["missing"], nlohmann::json::array({"h18v07", "h18v08"})) << rows[1];

    // Without zones there are no tiles to look for: bad input, one message.
    const auto none = test::run_command(test::sezu_command(common));
    EXPECT_EQ(none.status, 2) << none.output;
    EXPECT_NE(none.output.find("give --zones FILE"), std::string::npos) << none.output;
}
