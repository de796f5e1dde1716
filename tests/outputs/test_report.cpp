// `sezu report` on a small synthetic archive whose tables are worked out by hand, rendered in
// headless Chromium with no network: every picture loads, the screenshot is not blank.
#include "sezu/archive/archive.hpp"

#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

// An archive of `n` months from `first`, each ok with no reason, for `zones` zones whose every
// statistic is `fill`: the callers name the zones and set what differs.
ArchiveData months_from(YearMonth first, int n, std::size_t zones, double fill)
{
    ArchiveData a;
    for (int i = 0; i < n; ++i)
        a.months.push_back(YearMonth::from_index(first.index() + i));
    a.status.assign(std::size_t(n), MonthStatus::Ok);
    a.reasons.assign(std::size_t(n), "");
    for (const auto& name : ZoneStats::names())
        a.stats[name].assign(std::size_t(n) * zones, fill);
    return a;
}

// `a` written as the archive at `path`, with the source and configuration a run records.
void write_report_archive(const std::string& path, const ArchiveData& a, const std::string& source,
                          const std::string& config_json)
{
    RunProvenance prov;
    prov.source = source;
    prov.config_json = config_json;
    write_archive(path, a.zone_ids, results_from(a), prov, a.zone_names, a.zone_events);
}

// Months 2013-07 .. 2014-07. 2013-09 failed, 2014-07 not published.
// Zone A (event 2014): sum 10 before 2014, 20 from 2014-01 on; 2013-11 is a gap (cloud-free
// share 20 %, sum 3). Usable before: 07, 08, 10, 12 -> mean 10, trend 0; after: 01..06 -> mean
// 20, trend 0; ratio 2.
// Zone "B&co" (name "<Beta & co>", no event): sum 5 every month, always seen.
// Zone "C" (outside the grid): no value in any month.
ArchiveData synthetic()
{
    ArchiveData a = months_from(YearMonth(2013, 7), 13, 3, std::nan(""));
    a.status[2] = MonthStatus::Failed;
    a.reasons[2] = "tile 00N060W: archive is truncated";
    a.status[12] = MonthStatus::NotPublished;
    a.reasons[12] = "the month's folder is not on the source";
    a.zone_ids = {"A", "B&co", "C"};
    a.zone_names = {"Alpha", "<Beta & co>", "Nowhere"};
    a.zone_events = {"2014", "", ""};
    for (std::size_t m = 0; m < 13; ++m) {
        if (a.status[m] != MonthStatus::Ok)
            continue;
        const double sum_a = m == 4 ? 3 : (m < 6 ? 10 : 20);
        const double sums[2] = {sum_a, 5};
        for (std::size_t z = 0; z < 2; ++z) {
            const std::size_t i = m * 3 + z;
            a.stats["sum_of_lights"][i] = sums[z];
            a.stats["cell_count"][i] = 10;
            a.stats["radiance_mean"][i] = sums[z] / 10;
            a.stats["radiance_max"][i] = sums[z] / 5;
            a.stats["lit_fraction"][i] = 0.5;
            a.stats["zero_cvg_fraction"][i] = (z == 0 && m == 4) ? 0.8 : 0.0;
            a.stats["area_km2"][i] = 100;
        }
    }
    return a;
}

class Report : public test::SharedDirSuite<Report> {
public:
    static void prepare(const test::TempDir& dir)
    {
        write_report_archive(dir.file("a.h5"), synthetic(), "file:///mirror/{YYYY}/{YYYYMM}/{cfg}/",
                             R"({"eventField": "established"})");
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

TEST_F(Report, TablesHoldTheHandComputedFigures)
{
    ASSERT_EQ(s_run.status, 0) << s_run.output;
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
    ASSERT_EQ(s_run.status, 0) << s_run.output;
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
    ASSERT_EQ(s_run.status, 0) << s_run.output;
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
        int status; // docs/usage.md: 2 bad input (a missing archive too), 3 unexpected
    };
    const std::string a = s_dir->file("a.h5");
    const std::vector<Case> cases = {
        {"report " + s_dir->file("missing.h5") + " -o " + s_dir->file("r1"), "missing.h5", 2},
        {"report -o " + s_dir->file("r2"), "give the archive", 2},
        {"report " + a + " -o " + s_dir->file("r3") + " --gnuplot /nonexistent/gnuplot",
         "install gnuplot", 2},
        {"report " + a + " -o " + a, "cannot create the folder", 2},
    };
    for (const auto& c : cases) {
        const auto r = test::run_command(test::sezu_command(c.args));
        EXPECT_EQ(r.status, c.status) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << "\n" << r.output;
    }
}

namespace {

// Text from a zones file or an archive is data, never code: zone ids, names, events, the event
// field and reasons that would run a command (each creates a file named pwned-*) if gnuplot, a
// shell or a browser took any of them as code.
ArchiveData hostile()
{
    ArchiveData a = months_from(YearMonth(2014, 1), 3, 9, 1.0);
    a.status[1] = MonthStatus::Failed;
    a.reasons[1] = "<img src=x onerror=alert(1)> `touch pwned-reason`";
    a.zone_ids = {"`touch pwned-1`",
                  "q\"`touch pwned-2`\"'",
                  "nl\n`touch pwned-3`",
                  "semi; system(\"touch pwned-4\")",
                  "<script>alert(1)</script>",
                  "back\\`touch pwned-5`\\",
                  "NaN",
                  "#hash",
                  "long1"};
    a.zone_names = {"$(touch pwned-6)",
                    "it's \"quoted\"; `touch pwned-7`",
                    "line1\nline2\r\tend",
                    "@macro @x system('touch pwned-8')",
                    "Zoné 東",
                    "\"; print system(\"touch pwned-9\"); \"",
                    "",
                    "  lead & trail  ",
                    ""};
    for (int i = 0; i < 100; ++i)
        a.zone_names.back() += "東";
    a.zone_events = {"2014-02", "2014-02", "", "", "2014-02", "", "", "", ""};
    return a;
}

std::string shell_quote(const std::string& text)
{
    std::string out = "'";
    for (const char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Every file or folder under `dir` whose name starts with "pwned": what a command run from the
// text above would have left.
std::vector<std::string> markers(const std::string& dir)
{
    std::vector<std::string> found;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.path().filename().string().rfind("pwned", 0) == 0)
            found.push_back(e.path().string());
    return found;
}

class HostileReport : public test::SharedDirSuite<HostileReport> {
public:
    static void prepare(const test::TempDir& dir)
    {
        write_report_archive(dir.file("a.h5"), hostile(), "file:///mirror/`touch pwned-source`/",
                             R"({"eventField": "est`touch pwned-field`<b>"})");
        // A quicklook map whose name is not a plain URL path, in the first folder.
        const std::string first = "out `touch pwned-o1` $(touch pwned-o2)";
        fs::create_directories(dir.file(first));
        std::ofstream(dir.file(first + "/quicklook \"x\" #1 <b>.png")) << "not shown";
        // Output folders that gnuplot would run: backquotes and $(...) in a name, and names it
        // reads as a pipe ("<cmd" as a data file, "|cmd" as the output).
        for (const std::string& out : {first, std::string("<touch pwned-o3;#"),
                                      std::string("|touch pwned-o4;#")}) {
            const auto r =
                test::run_command("cd " + shell_quote(dir.path()) + " && " +
                                  test::sezu_command("report a.h5 -q -o " + shell_quote(out)));
            s_runs.push_back({out, r});
        }
    }

protected:
    static inline std::vector<std::pair<std::string, test::CommandResult>> s_runs;
};

} // namespace

TEST_F(HostileReport, NothingFromTheArchiveOrTheOutputPathRuns)
{
    for (const auto& [out, run] : s_runs) {
        EXPECT_EQ(run.status, 0) << out << "\n" << run.output;
        EXPECT_TRUE(fs::exists(s_dir->file(out + "/index.html"))) << out;
        EXPECT_TRUE(fs::exists(s_dir->file(out + "/plots/zone-9.svg"))) << out;
    }
    EXPECT_EQ(markers(s_dir->path()), std::vector<std::string>());
}

TEST_F(HostileReport, LabelsAreTextInThePageAndThePlots)
{
    const std::string dir = s_dir->file("out `touch pwned-o1` $(touch pwned-o2)");
    const std::string html = test::read_text(dir + "/index.html");
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; <span class=\"name\">Zoné 東"),
              std::string::npos);
    EXPECT_NE(html.find("q&quot;`touch pwned-2`&quot;&#39;"), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
    EXPECT_NE(html.find("est`touch pwned-field`&lt;b&gt;"), std::string::npos);
    // The page's only script is its own load check.
    EXPECT_EQ(test::occurrences(html, "<script"), 1u);
    EXPECT_EQ(html.find("<img src=x"), std::string::npos);
    EXPECT_EQ(html.find("pwned-field`<b>"), std::string::npos);
    EXPECT_NE(html.find("<img src=\"quicklook%20%22x%22%20%231%20%3Cb%3E.png\" "
                        "alt=\"quicklook &quot;x&quot; #1 &lt;b&gt;.png\">"),
              std::string::npos);

    // Each plot's title is the zone's id and name, as text (control characters become spaces).
    std::vector<std::string> titles = {
        "zone `touch pwned-1` - $(touch pwned-6)",
        "zone q\"`touch pwned-2`\"' - it's \"quoted\"; `touch pwned-7`",
        "zone nl `touch pwned-3` - line1 line2  end",
        "zone semi; system(\"touch pwned-4\") - @macro @x system('touch pwned-8')",
        "zone &lt;script>alert(1)&lt;/script> - Zoné 東",
        "zone back\\`touch pwned-5`\\ - \"; print system(\"touch pwned-9\"); \"",
        "zone NaN",
        "zone #hash -   lead &amp; trail  ",
        // Cut to 180 bytes at a character, not inside one.
        "zone long1 - "};
    for (int i = 0; i < 54; ++i)
        titles.back() += "東";
    titles.back() += "…";
    for (std::size_t z = 0; z < titles.size(); ++z) {
        const std::string svg =
            test::read_text(dir + "/plots/zone-" + std::to_string(z + 1) + ".svg");
        EXPECT_NE(svg.find(">" + titles[z] + "</text>"), std::string::npos)
            << titles[z] << "\n" << svg.substr(0, 3000);
        EXPECT_EQ(svg.find("<script"), std::string::npos);
    }
    const std::string first = test::read_text(dir + "/plots/zone-1.svg");
    EXPECT_NE(first.find("est`touch pwned-field`&lt;b> 2014-02"), std::string::npos);
}
