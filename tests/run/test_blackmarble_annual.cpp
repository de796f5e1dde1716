// The annual Black Marble products end to end, as a user runs them: `sezu mirror --product
// vnp46a4` writes the yearly tree, `sezu run --product vnp46a4` reads it (numbers checked against
// the same granules read through GDAL), and the archive, whose rows are years, is read by info,
// export, report, gaps and xarray, resumed, and refused where months are needed.
#include "sezu/archive/archive.hpp"
#include "sezu/mirror/blackmarble_mirror.hpp"

#include "granule_expect.hpp"
#include "report_browser.hpp"
#include "report_fixture.hpp"
#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

// Lagos and Douala in h18v08 (Lagos's tile is missing in every leap year: 2016 here), Da Nang
// in h28v07; on whole cells of 1/6 degree (scale 40).
using test::Rect;
const Rect kZones[] = {
    {"lagos", 3, 6, 4, 7}, {"douala", 9, 4, 10, 5}, {"danang", 108, 15.5, 108.5, 16.5}};
const char* const kYears = " --span-start 2014 --span-end 2016";

std::string contains(const std::string& text, const std::string& part)
{
    return text.find(part) == std::string::npos ? "'" + part + "' not in:\n" + text : "";
}

// One mirror, one run over 2014-2016, shared by the tests (writing granules and running mpirun
// costs seconds).
class Annual : public test::SharedDirSuite<Annual> {
public:
    static void prepare(const test::TempDir& dir)
    {
        GDALAllRegister();
        s_mirror = dir.file("m");
        s_written = sezu_cmd("mirror --product vnp46a4 --out " + s_mirror + kYears + " --scale 40");
        std::vector<std::string> ids, wkts;
        for (const auto& r : kZones) {
            ids.push_back(r.id);
            wkts.push_back(test::wkt(r));
        }
        test::write_zones_geojson(dir.file("zones.geojson"), ids, wkts);
        s_run = mpirun(1, "run" + common() + " -o " + archive());
    }

protected:
    static std::string source()
    {
        return blackmarble_mirror_template(s_mirror, find_product("vnp46a4"));
    }
    static std::string common()
    {
        return " --product vnp46a4 --source " + source() + " --zones " +
               s_dir->file("zones.geojson") + " --id-field zone_id --cache-dir " +
               s_dir->file("cache") + kYears;
    }
    static std::string archive() { return s_dir->file("annual.h5"); }

    static inline std::string s_mirror;
    static inline test::CommandResult s_written, s_run;
};

} // namespace

TEST_F(Annual, MirrorWritesTheYearlyTreeAndPrintsItsTemplate)
{
    ASSERT_EQ(s_written.status, 0) << s_written.output;
    EXPECT_EQ(contains(s_written.output, "source template: " + source()), "");
    EXPECT_NE(source().find("/VNP46A4/{YYYY}/{DDD}/"), std::string::npos) << source();
    const std::string folder = s_mirror + "/archive/allData/5200/VNP46A4/";
    const std::string listing = test::read_text(folder + "2015/001.csv");
    EXPECT_EQ(listing.rfind("name,last_modified,size\n", 0), 0u) << listing;
    // Made after the year ends (day 41 of the next), listed with the next year's date.
    EXPECT_EQ(contains(listing, "VNP46A4.A2015001.h18v08.002.2016041143012.h5,2016-01-10 14:30,"),
              "");
    EXPECT_TRUE(fs::exists(folder + "2015/001/VNP46A4.A2015001.h28v07.002.2016041143012.h5"));
    EXPECT_FALSE(fs::exists(folder + "2015/032")); // one folder per year, none per month
    EXPECT_NE(test::granule_of(s_mirror, "VNP46A4", YearMonth(2015, 1), "h18v08"), "");
    EXPECT_EQ(test::granule_of(s_mirror, "VNP46A4", YearMonth(2016, 1), "h18v08"), ""); // leap
    EXPECT_EQ(contains(test::read_text(folder + "2016/001.csv"), "h28v07"), "");
}

TEST_F(Annual, RunGivesOneRowPerYearAgreeingWithGdal)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
    EXPECT_EQ(contains(s_run.output, "3 of 3 years ok"), "");
    const ArchiveData a = read_archive(archive());
    EXPECT_EQ(a.provenance.product_name, "vnp46a4");
    EXPECT_EQ(a.provenance.period, PeriodUnit::Year);
    ASSERT_EQ(a.months,
              (std::vector<YearMonth>{YearMonth(2014, 1), YearMonth(2015, 1), YearMonth(2016, 1)}));
    for (std::size_t y = 0; y < 3; ++y) {
        ASSERT_EQ(a.status[y], MonthStatus::Ok) << a.label(y) << a.reasons[y];
        EXPECT_EQ(a.tiles[y].at(0).file_name.rfind("VNP46A4.A" + a.label(y) + "001.", 0), 0u)
            << a.tiles[y].at(0).file_name;
        for (std::size_t z = 0; z < 3; ++z) {
            const std::string g =
                test::granule_of(s_mirror, "VNP46A4", a.months[y], z == 2 ? "h28v07" : "h18v08");
            const std::string where = a.label(y) + " " + kZones[z].id;
            if (g.empty()) { // Lagos's tile in 2016: no number, and the reason says so
                EXPECT_TRUE(std::isnan(a.at("sum_of_lights", y, z))) << where;
                EXPECT_EQ(contains(a.reasons[y], "no granule for h18v08"), "");
                continue;
            }
            const test::Expected e = test::from_gdal(g, kZones[z], {255});
            EXPECT_GT(e.count, 10.0) << where;
            EXPECT_NEAR(a.at("cell_count", y, z), e.count, 1e-6) << where;
            EXPECT_NEAR(a.at("sum_of_lights", y, z), e.sum, 1e-4) << where;
            EXPECT_NEAR(a.at("zero_cvg_fraction", y, z), e.zero_cvg, 1e-9) << where;
        }
    }
    // The annual granule holds July's values (blackmarble_mirror_value_month), not January's:
    // the cell of Da Nang's centre in 2015, as the mirror defines it, is in the zone's sum.
    const BlackMarbleCell july = blackmarble_mirror_cell(40, YearMonth(2015, 7), 0, 0);
    const BlackMarbleCell january = blackmarble_mirror_cell(40, YearMonth(2015, 1), 0, 0);
    EXPECT_NE(july.quality == 255 ? 0.0 : july.radiance,
              january.quality == 255 ? 0.0 : january.radiance);
}

TEST_F(Annual, XarrayAndNetcdf4ReadTheYearsAsDates)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
    const ArchiveData a = read_archive(archive());
    const auto number = [](double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", v);
        return std::string(buf);
    };
    const auto r = test::run_command(
        "/usr/bin/python3 " + std::string(SEZU_SOURCE_DIR) + "/tests/run/read_annual_archive.py " +
        archive() + " danang 2014,2015,2016 " + number(a.at("sum_of_lights", 0, 2)) + "," +
        number(a.at("sum_of_lights", 1, 2)) + "," + number(a.at("sum_of_lights", 2, 2)));
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(contains(r.output, "\nok\n"), "");
    // R's ncdf4: the same series, as zone x year.
    const auto rs = test::run_command("Rscript " + std::string(SEZU_SOURCE_DIR) +
                                      "/tests/run/read_archive.R " + archive() + " danang");
    ASSERT_EQ(rs.status, 0) << rs.output;
    EXPECT_EQ(contains(rs.output, "sum_of_lights: " + number(a.at("sum_of_lights", 0, 2)) + " " +
                                      number(a.at("sum_of_lights", 1, 2)) + " " +
                                      number(a.at("sum_of_lights", 2, 2)) + " \n"),
              "");
}

TEST_F(Annual, InfoExportAndGapsSpeakInYears)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
    const auto info = sezu_cmd("info " + archive());
    ASSERT_EQ(info.status, 0) << info.output;
    EXPECT_EQ(contains(info.output, "vnp46a4"), "");
    EXPECT_EQ(contains(info.output, "years: 3 (ok 3)\n  2014-2016  ok (3 years)\n"), "");

    const auto csv = sezu_cmd("export " + archive() + " --csv -");
    ASSERT_EQ(csv.status, 0) << csv.output;
    EXPECT_EQ(csv.output.rfind("year,zone,zone_name,status,reason,cell_count,", 0), 0u)
        << csv.output;
    EXPECT_EQ(contains(csv.output, "\n2015,danang,,ok,,"), "");
    EXPECT_EQ(contains(csv.output, "\n2016,lagos,,ok,"), "");

    const std::string geojson = s_dir->file("latest.geojson");
    const auto exported = sezu_cmd("export " + archive() + " --geojson " + geojson + " --zones " +
                                   s_dir->file("zones.geojson"));
    ASSERT_EQ(exported.status, 0) << exported.output;
    const std::string features = test::read_text(geojson);
    EXPECT_EQ(contains(features, "\"latest_year\": \"2016\""), "");
    EXPECT_EQ(contains(features, "\"years_ok\": 3"), "");

    const auto gaps = sezu_cmd("gaps " + archive());
    ASSERT_EQ(gaps.status, 0) << gaps.output;
    EXPECT_EQ(gaps.output.rfind("year,zone,zone_name,status,zero_cvg_fraction,flag,", 0), 0u)
        << gaps.output;
    EXPECT_EQ(contains(gaps.output, "\n2016,danang,,ok,"), "");

    const auto before_after = sezu_cmd("before-after " + archive());
    ASSERT_EQ(before_after.status, 0) << before_after.output;
    EXPECT_EQ(before_after.output.rfind("zone,zone_name,event,first_year_after,years_before,"
                                        "years_after,",
                                        0),
              0u)
        << before_after.output;

    // Roll-ups count months; an annual archive is refused with what to do instead.
    const auto aggregate = test::run_command(
        test::sezu_command("aggregate " + archive() + " -o " + s_dir->file("agg.h5")));
    EXPECT_EQ(aggregate.status, 2) << aggregate.output;
    EXPECT_EQ(contains(aggregate.output, "holds annual values (vnp46a4)"), "");
    EXPECT_FALSE(fs::exists(s_dir->file("agg.h5")));
}

TEST_F(Annual, ReportLabelsAndTicksYears)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
    const auto r = test::run_command(
        test::sezu_command("report -q " + archive() + " -o " + s_dir->file("report")));
    ASSERT_EQ(r.status, 0) << r.output;
    const std::string html = test::read_text(s_dir->file("report/index.html"));
    const auto d = test::page_data(html);
    EXPECT_EQ(d["periodUnit"], "year");
    EXPECT_EQ(d["months"], nlohmann::json({"2014", "2015", "2016"}));
    EXPECT_EQ(contains(html, "3 zones &times; 3 years (2014 to 2016): <b>3 years ok</b>"), "");
    // In the browser: the zone's chart has one point per year and its x axis reads in years.
    const auto page = test::drive_report(*s_dir, s_dir->file("report/index.html"), R"(
      w.sezuReport.showZone(2);
      var labels = [];
      doc.querySelectorAll('#zone-chart .dygraph-axis-label-x').forEach(function (e) {
        labels.push(e.textContent); });
      return {labels: labels, points: doc.body.dataset.zonePoints};)");
    ASSERT_FALSE(page.contains("harnessError")) << page.dump(2);
    EXPECT_EQ(page["errors"], nlohmann::json::array()) << page.dump(2);
    EXPECT_EQ(page["result"]["labels"], nlohmann::json({"2014", "2015", "2016"})) << page.dump(2);
    EXPECT_EQ(page["result"]["points"], "3");
}

TEST_F(Annual, ResumesAsAnnualAndRefusesMonthsAndYearMonthSpans)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
    const std::string copy = s_dir->file("resumed.h5");
    fs::copy_file(archive(), copy);
    const ArchiveData before = read_archive(copy);
    // 2017 added to the mirror: a run over 2014-2017 keeps the three years and adds one.
    ASSERT_EQ(sezu_cmd("mirror -q --product vnp46a4 --out " + s_mirror +
                       " --span-start 2017 --span-end 2017 --scale 40")
                  .status,
              0);
    std::string longer = common();
    longer.replace(longer.find(kYears), std::string(kYears).size(),
                   " --span-start 2014 --span-end 2017");
    const auto resumed = mpirun(1, "run" + longer + " -o " + copy);
    ASSERT_EQ(resumed.status, 0) << resumed.output;
    EXPECT_EQ(contains(resumed.output, "4 of 4 years ok"), "");
    const ArchiveData after = read_archive(copy);
    ASSERT_EQ(after.months.size(), 4u);
    EXPECT_EQ(after.label(3), "2017");
    for (std::size_t y = 0; y < 3; ++y)
        EXPECT_EQ(after.stats.at("sum_of_lights")[y * 3 + 2],
                  before.stats.at("sum_of_lights")[y * 3 + 2]);

    // A monthly product never resumes into an annual archive.
    const auto monthly =
        mpirun(1, "run -q --product vnp46a3 --zones " + s_dir->file("zones.geojson") +
                      " --id-field zone_id --span-start 201501 --span-end 201501 -o " + copy);
    EXPECT_EQ(monthly.status, 2) << monthly.output;
    EXPECT_EQ(contains(monthly.output, "holds vnp46a4 5200 NearNadir_Composite_Snow_Free"), "");

    // An annual product's span is in years: a month is refused, saying how to write it.
    const auto months =
        mpirun(1, "run -q --product vnp46a4 --zones " + s_dir->file("zones.geojson") +
                      " --span-start 201401 --span-end 201612 -o " + s_dir->file("never.h5"));
    EXPECT_EQ(months.status, 2) << months.output;
    EXPECT_EQ(contains(months.output, "'201401' is not a year"), "");
    EXPECT_EQ(contains(months.output, "--span-start 2014 --span-end 2016"), "");
    EXPECT_FALSE(fs::exists(s_dir->file("never.h5")));
}

TEST_F(Annual, SatelliteAutoTakesNoaa20ForAYearWithoutSuomiNpp)
{
    // VNP46A4 has 2015 (the suite's mirror) but no 2018; VJ146A4 has 2018. (NOAA-20's annual
    // files start in 2018: a mirror of vj146a4 for 2015 is refused like a run.)
    const auto early = sezu_cmd("mirror -q --product vj146a4 --out " + s_mirror +
                                " --span-start 2015 --span-end 2015 --scale 40");
    EXPECT_EQ(early.status, 2) << early.output;
    EXPECT_EQ(contains(early.output, "Set spanStart to 2018"), "");
    EXPECT_EQ(contains(early.output, "--product vnp46a4"), "");
    ASSERT_EQ(sezu_cmd("mirror -q --product vj146a4 --out " + s_mirror +
                       " --span-start 2018 --span-end 2018 --scale 40")
                  .status,
              0);
    const std::string out = s_dir->file("auto.h5");
    const std::string any_product =
        "file://" + s_mirror + "/archive/allData/{coll}/{short}/{YYYY}/{DDD}/";
    const std::string run = "run -q --product vnp46a4 --satellite auto --source " + any_product +
                            " --zones " + s_dir->file("zones.geojson") +
                            " --id-field zone_id --cache-dir " + s_dir->file("cache") + " -o " +
                            out;
    // Two runs into one archive: 2015 (Suomi NPP's), then 2018 (NOAA-20's).
    const auto first = mpirun(1, run + " --span-start 2015 --span-end 2015");
    ASSERT_EQ(first.status, 0) << first.output;
    const auto second = mpirun(1, run + " --span-start 2018 --span-end 2018");
    ASSERT_EQ(second.status, 0) << second.output;
    const ArchiveData a = read_archive(out);
    ASSERT_EQ(a.months, (std::vector<YearMonth>{YearMonth(2015, 1), YearMonth(2018, 1)}));
    ASSERT_EQ(a.status, (std::vector<MonthStatus>{MonthStatus::Ok, MonthStatus::Ok}));
    EXPECT_EQ(a.tiles[0].at(0).file_name.rfind("VNP46A4.A2015001.", 0), 0u)
        << a.tiles[0].at(0).file_name;
    EXPECT_EQ(a.tiles[1].at(0).file_name.rfind("VJ146A4.A2018001.", 0), 0u)
        << a.tiles[1].at(0).file_name;
}
