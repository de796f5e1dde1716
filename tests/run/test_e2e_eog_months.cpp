// EOG as it publishes today, end to end: the default mirror over 2022-06..2022-09 has a partial
// 2022-07 (Suomi NPP's safe mode, files 20220701-20220726) and a 2022-08 that exists only for
// NOAA-20 (in 2022/202208/NOAA-20/vcmcfg/). `sezu run --satellite auto` gives 4 ok months with
// the mirror's numbers, the days and satellites recorded; --satellite npp says why 2022-08 is
// not there; info, export and the report show what sets the two months apart.
#include "sezu/archive/archive.hpp"
#include "sezu/mirror/mirror.hpp"

#include "mirror_truth.hpp"
#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

constexpr int kScale = test::kMirrorJobScale;

class EogMonths : public test::SharedDirSuite<EogMonths> {
public:
    static void prepare(const test::TempDir& dir)
    {
        const auto m = sezu_cmd("mirror --out " + dir.file("mirror") +
                                " --span-start 202206 --span-end 202209 --scale " +
                                std::to_string(kScale) + " -q");
        ASSERT_EQ(m.status, 0) << m.output;
        const MirrorModel model = default_model(kScale);
        test::write_zones_geojson(dir.file("zones.geojson"), {"city0", "corner"},
                                  {test::window_wkt(model.city_window(0), kScale),
                                   test::window_wkt(test::four_tile_corner(kScale), kScale)});
    }

    /// `sezu run` over the four months with `satellite`, into OUT.
    static test::CommandResult run(const std::string& satellite, const std::string& out)
    {
        const std::string source = "file://" + s_dir->file("mirror") +
                                   "/{YYYY}/{YYYYMM}/{satfolder}{cfg}/";
        return mpirun(2, "run -q --span-start 202206 --span-end 202209 --source '" + source +
                             "' --zones " + s_dir->file("zones.geojson") +
                             " --id-field zone_id --cache-dir " + s_dir->file("cache") +
                             " --satellite " + satellite + " -o " + out);
    }
};

std::string read_text(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

} // namespace

TEST_F(EogMonths, TheMirrorHasThePartialMonthAndNoaa20sAugustWhereEogHasThem)
{
    const std::string root = s_dir->file("mirror");
    EXPECT_TRUE(fs::exists(root + "/2022/202207/vcmcfg/"
                                  "SVDNB_npp_20220701-20220726_75N180W_vcmcfg_v10_c" +
                           mirror_stamp(YearMonth(2022, 7), tile_specs()[0]) + ".tgz"));
    EXPECT_FALSE(fs::exists(root + "/2022/202208/vcmcfg"));
    EXPECT_TRUE(fs::exists(root + "/2022/202208/NOAA-20/vcmcfg/"
                                  "SVDNB_j01_20220801-20220831_00N060E_vcmcfg_v10_c" +
                           mirror_stamp(YearMonth(2022, 8), tile_specs()[5]) + ".tgz"));
    // The month's page lists the satellite's folder, which lists its configuration.
    EXPECT_NE(read_text(root + "/2022/202208/index.html").find("href=\"NOAA-20/\""),
              std::string::npos);
    EXPECT_NE(read_text(root + "/2022/202208/NOAA-20/index.html").find("href=\"vcmcfg/\""),
              std::string::npos);
    // The printed template reaches the NOAA-20 folder.
    const auto again = sezu_cmd("mirror --out " + root + " --span-start 202208 --span-end 202208 "
                                "--scale " + std::to_string(kScale));
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_NE(again.output.find("/{YYYY}/{YYYYMM}/{satfolder}{cfg}/"), std::string::npos)
        << again.output;
}

TEST_F(EogMonths, SatelliteAutoGivesFourMonthsWithTheirDaysAndSatellites)
{
    const std::string out = s_dir->file("auto.h5");
    const auto r = run("auto", out);
    ASSERT_EQ(r.status, 0) << r.output;
    const ArchiveData a = read_archive(out);
    ASSERT_EQ(a.months.size(), 4u);
    for (std::size_t m = 0; m < 4; ++m)
        EXPECT_EQ(a.status[m], MonthStatus::Ok) << a.months[m] << ": " << a.reasons[m];
    EXPECT_EQ(a.provenance.satellite, "npp");
    EXPECT_EQ(a.satellites, (std::vector<std::string>{"npp", "npp", "j01", "npp"}));
    EXPECT_EQ(a.first_days, (std::vector<int>{20220601, 20220701, 20220801, 20220901}));
    EXPECT_EQ(a.last_days, (std::vector<int>{20220630, 20220726, 20220831, 20220930}));
    EXPECT_FALSE(a.partial(0));
    EXPECT_TRUE(a.partial(1));
    EXPECT_EQ(a.partial_days(1), "20220701-20220726");
    EXPECT_EQ(a.other_satellite(2), "j01");
    EXPECT_EQ(a.other_satellite(1), "");
    EXPECT_EQ(a.tiles[2][0].file_name.rfind("SVDNB_j01_20220801-20220831_75N180W_vcmcfg_v10_c", 0),
              0u);
    EXPECT_EQ(a.tiles[1][0].file_name.rfind("SVDNB_npp_20220701-20220726_75N180W_vcmcfg_v10_c", 0),
              0u);

    // Every month's numbers are the mirror's truth (the partial and the NOAA-20 month too).
    const MirrorModel model = default_model(kScale);
    for (std::size_t m = 0; m < a.months.size(); ++m) {
        const auto t = test::truth(model, a.months[m], model.city_window(0));
        EXPECT_NEAR(a.at("sum_of_lights", m, 0), t.sum, 1e-9 * std::abs(t.sum)) << a.months[m];
        EXPECT_EQ(a.at("radiance_max", m, 0), t.max) << a.months[m];
        const auto c = test::truth(model, a.months[m], test::four_tile_corner(kScale));
        EXPECT_NEAR(a.at("sum_of_lights", m, 1), c.sum, 1e-9 * std::max(1.0, std::abs(c.sum)))
            << a.months[m];
        EXPECT_EQ(a.at("cell_count", m, 1), double(c.count)) << a.months[m];
    }

    // sezu info: the partial month and the NOAA-20 month on lines of their own.
    const auto info = sezu_cmd("info " + out);
    ASSERT_EQ(info.status, 0) << info.output;
    EXPECT_NE(info.output.find("satellite: npp (Suomi NPP"), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("202206  ok (1 month)\n"), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("202207  ok (1 month)  partial: 20220701-20220726\n"),
              std::string::npos)
        << info.output;
    EXPECT_NE(info.output.find("202208  ok (1 month)  from j01 (NOAA-20)\n"), std::string::npos)
        << info.output;

    // sezu export: the satellite and the days in columns of their own.
    const std::string csv = s_dir->file("auto.csv");
    const auto ex = sezu_cmd("export " + out + " --csv " + csv);
    ASSERT_EQ(ex.status, 0) << ex.output;
    const std::string table = read_text(csv);
    EXPECT_EQ(table.rfind("month,zone,zone_name,status,reason,satellite,partial_days,", 0), 0u)
        << table.substr(0, 200);
    EXPECT_NE(table.find("2022-07,city0,,ok,,npp,20220701-20220726,"), std::string::npos) << table;
    EXPECT_NE(table.find("2022-08,city0,,ok,,j01,,"), std::string::npos) << table;
}

TEST_F(EogMonths, SuomiNppAloneHasNoAugustAndSaysWhy)
{
    const std::string out = s_dir->file("npp.h5");
    const auto r = run("npp", out);
    EXPECT_EQ(r.status, 1) << r.output; // a month not published: the run says so in its status
    const ArchiveData a = read_archive(out);
    ASSERT_EQ(a.months.size(), 4u);
    EXPECT_EQ(a.status[0], MonthStatus::Ok);
    EXPECT_EQ(a.status[1], MonthStatus::Ok); // the partial month is published
    EXPECT_TRUE(a.partial(1));
    EXPECT_EQ(a.status[2], MonthStatus::NotPublished);
    EXPECT_EQ(a.status[3], MonthStatus::Ok);
    // The reason names the folder looked in, and where the month is.
    EXPECT_NE(a.reasons[2].find("no listing at file://"), std::string::npos) << a.reasons[2];
    EXPECT_NE(a.reasons[2].find("2022/202208/vcmcfg/"), std::string::npos) << a.reasons[2];
    EXPECT_NE(a.reasons[2].find("NOAA-20 (j01) has this month: --satellite auto"),
              std::string::npos)
        << a.reasons[2];
    EXPECT_NE(r.output.find("202208"), std::string::npos) << r.output;
    EXPECT_TRUE(std::isnan(a.at("sum_of_lights", 2, 0)));
    EXPECT_EQ(a.satellites[2], "");
}

TEST_F(EogMonths, TheReportShadesThePartialMonthAndNamesTheSatellite)
{
    const std::string out = s_dir->file("auto.h5");
    if (!fs::exists(out)) { // this test run alone
        ASSERT_EQ(run("auto", out).status, 0);
    }
    const std::string dir = s_dir->file("report");
    const auto r = sezu_cmd("report -q " + out + " -o " + dir);
    ASSERT_EQ(r.status, 0) << r.output;
    const std::string page = read_text(dir + "/index.html");
    EXPECT_NE(page.find("\"partial\":[false,true,false,false]"), std::string::npos);
    EXPECT_NE(page.find("\"monthNotes\":[\"\",\"partial month: days 20220701-20220726\","
                        "\"from NOAA-20 (j01)\",\"\"]"),
              std::string::npos);
}
