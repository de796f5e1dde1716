// `sezu report` on a small synthetic archive whose figures are worked out by hand: the page's
// data, its static tables, its files, and what a hostile text does to it (nothing). The page as
// a person uses it (clicks, hovers) is tested in test_report_browser.cpp.
#include "sezu/archive/archive.hpp"
#include "sezu/core/html.hpp"

#include "report_browser.hpp"
#include "report_fixture.hpp"
#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace sezu;
using namespace sezu::test;
namespace fs = std::filesystem;

namespace {

class Report : public test::SharedDirSuite<Report> {
public:
    static void prepare(const test::TempDir& dir)
    {
        write_report_archive(dir.file("a.h5"), synthetic(), "file:///mirror/{YYYY}/{YYYYMM}/{cfg}/",
                             R"({"eventField": "established"})", synthetic_wkts());
        // A quicklook map saved in the report's folder beforehand, as scripts/demo.sh does.
        fs::create_directories(dir.file("report"));
        GDALAllRegister();
        GDALDatasetUniquePtr map(GetGDALDriverManager()->GetDriverByName("MEM")->Create(
            "", 40, 20, 3, GDT_Byte, nullptr));
        GDALDatasetUniquePtr(GetGDALDriverManager()->GetDriverByName("PNG")->CreateCopy(
            dir.file("report/quicklook-201406.png").c_str(), map.get(), FALSE, nullptr, nullptr,
            nullptr));
        s_run = sezu_cmd("report " + dir.file("a.h5") + " -o " + dir.file("report"));
    }

protected:
    static std::string page() { return test::read_text(s_dir->file("report/index.html")); }
    static inline test::CommandResult s_run;
};

} // namespace

TEST_F(Report, PageDataHoldsTheHandComputedFigures)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
    const std::string html = page();
    const auto d = page_data(html);
    ASSERT_TRUE(d.is_object());
    // The sum of lights is in the page; the other statistics are scripts the page loads when
    // asked for: sezuSeriesLoaded("cf",[...]);
    const auto loaded = [](const std::string& key) {
        const std::string js = test::read_text(s_dir->file("report/data/series-" + key + ".js"));
        const std::string head = "sezuSeriesLoaded(\"" + key + "\",";
        EXPECT_EQ(js.rfind(head, 0), 0u) << js.substr(0, 100);
        return nlohmann::json::parse(js.substr(head.size(), js.rfind(");") - head.size()));
    };
    const nlohmann::json series = {
        {"sol", page_data(html, "sezu-series-sol")}, {"cf", loaded("cf")}, {"lit", loaded("lit")}};
    const auto geometry = page_data(html, "sezu-geometry");
    EXPECT_EQ(d["months"].size(), 13u);
    EXPECT_EQ(d["months"][0], "2013-07");
    EXPECT_EQ(d["status"][2], "failed");
    EXPECT_EQ(d["status"][12], "not published");
    EXPECT_EQ(d["newest"], 11); // 2014-06
    EXPECT_EQ(d["eventField"], "established");
    EXPECT_EQ(d["zones"]["id"], nlohmann::json({"A", "B&co", "C"}));
    EXPECT_EQ(d["zones"]["eventMonth"], nlohmann::json({"2014-01", "", ""}));
    // Zone A: 10 before 2014 but the 3 of the gap month 2013-11, 20 after; null where not ok.
    const auto null = nlohmann::json();
    EXPECT_EQ(series["sol"][0], nlohmann::json({10, 10, null, 10, 3, 10, 20, 20, 20, 20, 20,
                                                     20, null}));
    EXPECT_EQ(series["sol"][1][0], 5.12346); // 6 significant digits
    EXPECT_EQ(series["cf"][0][4], 20);       // percent seen cloud-free in the gap
    EXPECT_EQ(series["lit"][0][0], 50);
    EXPECT_EQ(d["zones"]["flags"][0], "0020100000002"); // observed, gap (1), missing (2)
    EXPECT_TRUE(series["sol"][2][0].is_null());    // zone C: no value
    // Before/after of zone A: 4 / 6 usable months, means 10 and 20, ratio 2, flat trends.
    EXPECT_EQ(d["beforeAfter"][0], nlohmann::json({4, 6, 10, 20, 2, 0, 0, ""}));
    EXPECT_TRUE(d["beforeAfter"][1].is_null());
    EXPECT_EQ(d["newestMonth"]["area"][0], 100);
    EXPECT_EQ(d["newestMonth"]["sol"], nlohmann::json({20, 5.12346, nullptr})); // 2014-06
    // Outlines as GeoJSON in lon, lat order, the hole kept.
    EXPECT_EQ(geometry[0]["type"], "Polygon");
    EXPECT_EQ(geometry[0]["coordinates"][0][1], nlohmann::json({11, 10}));
    EXPECT_EQ(geometry[1]["type"], "MultiPolygon");
    EXPECT_EQ(geometry[1]["coordinates"].size(), 2u);
    EXPECT_EQ(geometry[2]["coordinates"].size(), 2u);
}

TEST_F(Report, StaticTablesFilesAndNoOutsideLoad)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
    const std::string html = page();
    EXPECT_NE(html.find("3 zones &times; 13 months"), std::string::npos);
    EXPECT_NE(html.find("<td>2013-09</td><td>failed</td><td>tile 00N060W: archive is truncated"),
              std::string::npos);
    EXPECT_NE(html.find("<td>2014-07</td><td>not published</td>"), std::string::npos);
    EXPECT_NE(html.find("<img src=\"quicklook-201406.png\""), std::string::npos);
    // Which product the numbers are from, with its collection and layer.
    EXPECT_NE(html.find("<p>Product <b>eog-monthly: EOG/NOAA VIIRS DNB monthly composites v10"),
              std::string::npos);
    // Zone names are data: in the JSON, with < and & escaped; never markup in the page.
    EXPECT_NE(html.find("\\u003cBeta \\u0026 co\\u003e"), std::string::npos);
    EXPECT_EQ(html.find("<Beta"), std::string::npos);
    for (const char* external : {"src=\"http", "href=\"http", "@import", "url("})
        EXPECT_EQ(html.find(external), std::string::npos) << external;
    // The libraries are copied beside the page; the quicklook map the user put there stays; no
    // temporary folder is left beside the report; gnuplot's files are gone.
    for (const char* f : {"index.html", "lib/dygraph.min.js", "lib/dygraph.min.css",
                          "lib/leaflet.js", "lib/leaflet.css", "lib/sezu-report.js",
                          "lib/sezu-report.css", "lib/sezu-report-map.js", "lib/sezu-report-chip.js",
                          "lib/sezu-report-text.js", "chips/0.png", "data/series-mean.js",
                          "data/series-lit.js", "data/series-cf.js", "quicklook-201406.png"})
        EXPECT_TRUE(fs::is_regular_file(s_dir->file("report/") + f)) << f;
    EXPECT_FALSE(fs::exists(s_dir->file("report/plots")));
    for (const auto& e : fs::directory_iterator(s_dir->path()))
        EXPECT_EQ(e.path().filename().string().find(".report.tmp"), std::string::npos) << e.path();
}

TEST_F(Report, BadInputGetsOneClearMessageAndLeavesNothing)
{
    struct Case {
        std::string args, says;
        int status; // docs/usage.md: 2 bad input (a missing archive too), 3 unexpected
    };
    const std::string a = s_dir->file("a.h5");
    const std::vector<Case> cases = {
        {"report " + s_dir->file("missing.h5") + " -o " + s_dir->file("r1"), "missing.h5", 2},
        {"report -o " + s_dir->file("r2"), "give the archive", 2},
        {"report " + a + " -o " + s_dir->file("r3") + " --js-dir /nonexistent",
         "install the Debian package libjs-dygraphs", 2},
        {"report " + a + " -o " + a, "cannot create the folder", 2},
    };
    for (const auto& c : cases) {
        const auto r = test::run_command(test::sezu_command(c.args));
        EXPECT_EQ(r.status, c.status) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << "\n" << r.output;
    }
    // A failed report leaves no folder and no temporary.
    EXPECT_FALSE(fs::exists(s_dir->file("r3")));
    for (const auto& e : fs::directory_iterator(s_dir->path()))
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
}

TEST(ReportText, ScriptJsonEscapesWhatCouldEndTheElement)
{
    EXPECT_EQ(html::script_json(R"({"a":"</script><!--&"})"),
              R"({"a":"\u003c/script\u003e\u003c!--\u0026"})");
    EXPECT_EQ(html::script_json("[\"\xE2\x80\xA8\xE2\x80\xA9\xE2\x80\xA6\"]"),
              "[\"\\u2028\\u2029\xE2\x80\xA6\"]"); // U+2028, U+2029; "…" (U+2026) kept
}

namespace {

class HostileReport : public test::SharedDirSuite<HostileReport> {
public:
    static void prepare(const test::TempDir& dir)
    {
        std::vector<std::string> wkts;
        for (int z = 0; z < 6; ++z)
            wkts.push_back("POLYGON ((" + std::to_string(z) + " 0," + std::to_string(z) +
                           ".8 0," + std::to_string(z) + ".8 1," + std::to_string(z) + " 1," +
                           std::to_string(z) + " 0))");
        write_report_archive(dir.file("a.h5"), hostile(), "file:///mirror/`touch pwned`/",
                             R"({"eventField": "est</script><b>"})", wkts);
        s_run = sezu_cmd("report " + dir.file("a.h5") + " -q -o " + dir.file("report"));
    }

protected:
    static inline test::CommandResult s_run;
};

} // namespace

TEST_F(HostileReport, TextsAreDataInThePage)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
    const std::string html = test::read_text(s_dir->file("report/index.html"));
    // Only the page's own scripts: the load check, three of data, two libraries and its own
    // four (page, map, chips, zone labels).
    EXPECT_EQ(test::occurrences(html, "<script"), 10u);
    EXPECT_EQ(test::occurrences(html, "</script>"), 10u);
    EXPECT_EQ(html.find("<img src=x"), std::string::npos);
    EXPECT_EQ(html.find("<b "), std::string::npos);
    EXPECT_EQ(html.find("<!--"), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=x onerror=window.pwned=1&gt;"), std::string::npos);
    EXPECT_NE(html.find("est&lt;/script&gt;&lt;b&gt;"), std::string::npos); // the map's select
    // The data reads back as the same texts (bytes that are not UTF-8 as U+FFFD).
    const auto d = page_data(html);
    ASSERT_TRUE(d.is_object());
    auto ids = hostile().zone_ids;
    ids.back() = "bad\xEF\xBF\xBDutf8";
    EXPECT_EQ(d["zones"]["id"], nlohmann::json(ids));
    EXPECT_EQ(d["zones"]["name"], nlohmann::json(hostile().zone_names));
    EXPECT_EQ(d["eventField"], "est</script><b>");
}

TEST_F(HostileReport, TextsRenderAsTextInTheBrowser)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
    const auto r = drive_report(*s_dir, s_dir->file("report/index.html"), R"(
      var titles = [], options = [];
      for (var z = 0; z < 6; ++z) {
        w.sezuReport.showZone(z);
        var t = doc.getElementById('zone-title');
        titles.push(t.textContent);
        // The id and name are each in a <bdi> the script made (bidi isolation); nothing else.
        var made = t.querySelectorAll('*'), ok = 0;
        for (var k = 0; k < made.length; ++k)
          if ((made[k].tagName === 'BDI' || made[k].className === 'zone-label') &&
              made[k].attributes.length <= 2) ok += 1;
        if (ok !== made.length || made.length > 3) titles.push('markup in the title');
      }
      var nameCell = doc.querySelector('#zone-table tbody tr[data-zone="0"] td:nth-child(3)');
      return {titles: titles, pwned: w.pwned === undefined ? null : w.pwned,
              injected: doc.querySelectorAll('img[src=x], b[onmouseover]').length,
              nameCell: nameCell.innerHTML, options: doc.getElementById('zone-pick').options.length};)");
    ASSERT_FALSE(r.contains("harnessError")) << r.dump(2);
    EXPECT_EQ(r["errors"], nlohmann::json::array()) << r.dump(2);
    const auto& v = r["result"];
    EXPECT_TRUE(v["pwned"].is_null());
    EXPECT_EQ(v["injected"], 0);
    EXPECT_EQ(v["options"], 6);
    const ArchiveData h = hostile();
    EXPECT_EQ(v["titles"][0], h.zone_ids[0] + " — " + h.zone_names[0] + " · est</script><b> 2014-02");
    EXPECT_EQ(v["titles"][2], "nl\nid — line1\nline2\r\tend");
    EXPECT_EQ(v["titles"][4], "\u2028sep — &amp; &lt;");
    EXPECT_EQ(v["nameCell"], "&lt;b onmouseover=window.pwned=3&gt;bold&lt;/b&gt;");
}

// The archive's chips become chips/Z.png (RGBA on the fixed ramp, transparent where nothing was
// observed) and the page learns where each lies.
TEST_F(Report, ChipsArePicturesOfTheArchivesChips)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
    const auto d = page_data(page());
    EXPECT_EQ(d["chips"]["month"], "2014-06");
    EXPECT_EQ(d["chips"]["zones"][0], nlohmann::json({9.9, 9.9, 11.1, 11.1, 12, 12, 1}));
    EXPECT_EQ(d["chips"]["zones"][1], nlohmann::json({12, 10, 13.5, 10.5, 15, 5, 1}));
    EXPECT_TRUE(d["chips"]["zones"][2].is_null());
    EXPECT_EQ(d["chips"]["ramp"][0], nlohmann::json({0, 0, 0, 0}));
    EXPECT_FALSE(fs::exists(s_dir->file("report/chips/2.png")));
    GDALAllRegister();
    GDALDatasetUniquePtr png(GDALDataset::Open(s_dir->file("report/chips/0.png").c_str(),
                                               GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(png);
    ASSERT_EQ(png->GetRasterXSize(), 12);
    ASSERT_EQ(png->GetRasterYSize(), 12);
    ASSERT_EQ(png->GetRasterCount(), 4);
    std::vector<unsigned char> rgba(12 * 12 * 4);
    ASSERT_EQ(png->RasterIO(GF_Read, 0, 0, 12, 12, rgba.data(), 12, 12, GDT_Byte, 4, nullptr, 4,
                            48, 1, nullptr),
              CE_None);
    const auto pixel = [&](int i) {
        return std::vector<int>{rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]};
    };
    EXPECT_EQ(pixel(0), (std::vector<int>{0, 0, 0, 255}));   // radiance 0: black
    EXPECT_EQ(pixel(13)[3], 0);                              // never observed: transparent
    EXPECT_EQ(pixel(20), (std::vector<int>{225, 105, 30, 255})); // 10 nW: the ramp's orange
    const auto bright = pixel(143); // 71.5: between the yellow of 40 and the white of 150
    EXPECT_GT(bright[1], 215);
    EXPECT_LT(bright[1], 255);
    EXPECT_GT(bright[2], 50);
    EXPECT_FALSE(fs::exists(s_dir->file("report/chips/0.png.aux.xml")));
}
