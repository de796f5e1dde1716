// `sezu report` on a small synthetic archive whose tables are worked out by hand, rendered in
// headless Chromium with no network: every picture loads, the screenshot is not blank.
#include "sezu/archive.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

// Months 2013-07 .. 2014-07. 2013-09 failed, 2014-07 not published.
// Zone A (event 2014): sum 10 before 2014, 20 from 2014-01 on; 2013-11 is a gap (cloud-free
// share 20 %, sum 3). Usable before: 07, 08, 10, 12 -> mean 10, trend 0; after: 01..06 -> mean
// 20, trend 0; ratio 2.
// Zone "B&co" (name "<Beta & co>", no event): sum 5 every month, always seen.
// Zone "C" (outside the grid): no value in any month.
ArchiveData synthetic()
{
    ArchiveData a;
    for (int i = 0; i < 13; ++i)
        a.months.push_back(YearMonth::from_index(YearMonth(2013, 7).index() + i));
    a.status.assign(13, MonthStatus::Ok);
    a.reasons.assign(13, "");
    a.status[2] = MonthStatus::Failed;
    a.reasons[2] = "tile 00N060W: archive is truncated";
    a.status[12] = MonthStatus::NotPublished;
    a.reasons[12] = "the month's folder is not on the source";
    a.zone_ids = {"A", "B&co", "C"};
    a.zone_names = {"Alpha", "<Beta & co>", "Nowhere"};
    a.zone_events = {"2014", "", ""};
    for (const auto& name : ZoneStats::names())
        a.stats[name].assign(13 * 3, std::nan(""));
    for (std::size_t m = 0; m < 13; ++m) {
        if (a.status[m] != MonthStatus::Ok)
            continue;
        const double sum_a = m == 4 ? 3 : (m < 6 ? 10 : 20);
        const double sums[2] = {sum_a, 5};
        for (std::size_t z = 0; z < 2; ++z) {
            const std::size_t i = m * 3 + z;
            a.stats["sum"][i] = sums[z];
            a.stats["count"][i] = 10;
            a.stats["mean"][i] = sums[z] / 10;
            a.stats["max"][i] = sums[z] / 5;
            a.stats["lit_fraction"][i] = 0.5;
            a.stats["zero_cvg_fraction"][i] = (z == 0 && m == 4) ? 0.8 : 0.0;
            a.stats["area_km2"][i] = 100;
        }
    }
    return a;
}

std::string sezu_cmd(const std::string& args)
{
    return std::string(SEZU_BINARY) + " " + args;
}

class Report : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = new test::TempDir();
        const ArchiveData a = synthetic();
        RunProvenance prov;
        prov.source = "file:///mirror/{YYYY}/{YYYYMM}/{cfg}/";
        prov.config_json = R"({"eventField": "established"})";
        write_archive(s_dir->file("a.h5"), a.zone_ids, results_from(a), prov, a.zone_names,
                      a.zone_events);
        // A quicklook map saved in the report's folder beforehand, as scripts/demo.sh does.
        fs::create_directories(s_dir->file("report"));
        GDALAllRegister();
        GDALDatasetUniquePtr map(GetGDALDriverManager()->GetDriverByName("MEM")->Create(
            "", 40, 20, 3, GDT_Byte, nullptr));
        GDALDatasetUniquePtr(GetGDALDriverManager()->GetDriverByName("PNG")->CreateCopy(
            s_dir->file("report/quicklook-201406.png").c_str(), map.get(), FALSE, nullptr,
            nullptr, nullptr));
        s_run = new test::CommandResult(
            test::run_command(sezu_cmd("report " + s_dir->file("a.h5") + " -o " + s_dir->file("report"))));
    }
    static void TearDownTestSuite()
    {
        delete s_run;
        delete s_dir;
    }
    static std::string page() { return test::read_text(s_dir->file("report/index.html")); }
    static test::TempDir* s_dir;
    static test::CommandResult* s_run;
};
test::TempDir* Report::s_dir = nullptr;
test::CommandResult* Report::s_run = nullptr;

} // namespace

TEST_F(Report, TablesHoldTheHandComputedFigures)
{
    ASSERT_EQ(s_run->status, 0) << s_run->output;
    const std::string html = page();
    EXPECT_NE(html.find("<p>2014-06, per zone.</p>"), std::string::npos); // newest ok month
    // Before/after of zone A: 4 / 6 usable months, means 10 and 20, ratio 2, flat trends.
    EXPECT_NE(html.find("<td class=\"n\">4 / 6</td><td class=\"n\">10</td><td class=\"n\">20</td>"
                        "<td class=\"n\">2.000</td><td class=\"n\">0</td><td class=\"n\">0</td>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("Before and after each zone's established"), std::string::npos);
    // Months that are not ok, with their reasons.
    EXPECT_NE(html.find("<td>2013-09</td><td>failed</td><td>tile 00N060W: archive is truncated"),
              std::string::npos);
    EXPECT_NE(html.find("<td>2014-07</td><td>not published</td>"), std::string::npos);
    // Zone names are text, never markup.
    EXPECT_NE(html.find("&lt;Beta &amp; co&gt;"), std::string::npos);
    EXPECT_EQ(html.find("<Beta"), std::string::npos);
    EXPECT_NE(html.find("<img src=\"quicklook-201406.png\""), std::string::npos);
    // Nothing is loaded from elsewhere.
    for (const char* external : {"src=\"http", "href=\"http", "<link", "@import", "url("})
        EXPECT_EQ(html.find(external), std::string::npos) << external;
}

TEST_F(Report, EachZoneHasAPlotWithUnitsMonthsGapsAndTheEvent)
{
    ASSERT_EQ(s_run->status, 0) << s_run->output;
    const std::string a = test::read_text(s_dir->file("report/plots/zone-1.svg"));
    const std::string b = test::read_text(s_dir->file("report/plots/zone-2.svg"));
    ASSERT_NE(a.find("<svg"), std::string::npos);
    ASSERT_NE(b.find("<svg"), std::string::npos);
    EXPECT_NE(a.find("nW/cm²/sr"), std::string::npos);
    EXPECT_NE(a.find(">2013-07<"), std::string::npos); // month labels on the time axis
    EXPECT_NE(a.find(">2014-06<"), std::string::npos);
    EXPECT_NE(a.find("established 2014-01"), std::string::npos); // the event line's label
    EXPECT_EQ(b.find("established"), std::string::npos);         // zone B has no event
    EXPECT_NE(a.find("gap: mostly no cloud-free night"), std::string::npos);
    EXPECT_NE(a.find("failed, incomplete or not published"), std::string::npos);
    EXPECT_NE(a.find("zone A - Alpha"), std::string::npos);
    // The numbers behind the plot: the gap month's sum is in its own column for the marker.
    const std::string data = test::read_text(s_dir->file("report/data/zone-1.tsv"));
    EXPECT_NE(data.find("2013-11-15\t3\t0.3\t20\t3\t0.3\n"), std::string::npos) << data;
    EXPECT_NE(data.find("2013-09-15\tNaN\tNaN\tNaN\tNaN\tNaN\n"), std::string::npos) << data;
    // A zone with no value at all still gets its (empty) plot, saying why.
    const std::string c = test::read_text(s_dir->file("report/plots/zone-3.svg"));
    EXPECT_NE(c.find("no value in any month"), std::string::npos);
}

TEST_F(Report, RendersInHeadlessChromiumWithNoFailedLoads)
{
    ASSERT_EQ(s_run->status, 0) << s_run->output;
    const std::string flags =
        "chromium --headless --no-sandbox --disable-gpu --no-first-run "
        "--disable-background-networking --user-data-dir=" + s_dir->file("chromium") +
        " --window-size=1100,1400 --virtual-time-budget=10000 ";
    const std::string url = "file://" + s_dir->file("report/index.html");
    const auto dom = test::run_command("HOME=" + s_dir->path() + " " + flags + "--dump-dom " + url +
                                       " 2>/dev/null");
    ASSERT_EQ(dom.status, 0) << dom.output;
    EXPECT_NE(dom.output.find("data-loaded=\"yes\""), std::string::npos) << dom.output.substr(0, 2000);
    EXPECT_NE(dom.output.find("data-failed-resources=\"\""), std::string::npos)
        << dom.output.substr(0, 2000);

    const std::string shot = s_dir->file("shot.png");
    const auto r = test::run_command("HOME=" + s_dir->path() + " " + flags + "--screenshot=" + shot +
                                     " " + url);
    ASSERT_EQ(r.status, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr png(GDALDataset::Open(shot.c_str(), GDAL_OF_RASTER));
    ASSERT_TRUE(png) << r.output;
    EXPECT_EQ(png->GetRasterXSize(), 1100);
    EXPECT_EQ(png->GetRasterYSize(), 1400);
    double min = 0, max = 0, mean = 0, std = 0;
    ASSERT_EQ(png->GetRasterBand(1)->ComputeStatistics(FALSE, &min, &max, &mean, &std, nullptr,
                                                       nullptr),
              CE_None);
    EXPECT_GT(std, 10.0) << "the screenshot looks blank";
}

TEST_F(Report, BadInputGetsOneClearMessage)
{
    struct Case {
        std::string args, says;
        int status; // docs/usage.md: 2 bad input, 3 archive unreadable
    };
    const std::string a = s_dir->file("a.h5");
    const std::vector<Case> cases = {
        {"report " + s_dir->file("missing.h5") + " -o " + s_dir->file("r1"), "missing.h5", 3},
        {"report -o " + s_dir->file("r2"), "give the archive", 2},
        {"report " + a + " -o " + s_dir->file("r3") + " --gnuplot /nonexistent/gnuplot",
         "install gnuplot", 2},
        {"report " + a + " -o " + a, "cannot create the folder", 2},
    };
    for (const auto& c : cases) {
        const auto r = test::run_command(sezu_cmd(c.args));
        EXPECT_EQ(r.status, c.status) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << "\n" << r.output;
    }
}
