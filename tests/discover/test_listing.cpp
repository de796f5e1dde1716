// Reading listings: HTML pages (libxml2) whose links curl's URL API resolves, and local folders
// read from the disk; then grouped as discovery does.
#include "sezu/fetch/fetch.hpp"
#include "sezu/discover/listing.hpp"
#include "sezu/discover/url.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace sezu {
namespace {

const std::string kListing = "https://example.org/v10/2019/201905/vcmcfg/";

std::string may2019(const std::string& tile, const std::string& stamp = "201906101530")
{
    return "SVDNB_npp_20190501-20190531_" + tile + "_vcmcfg_v10_c" + stamp + ".tgz";
}

std::vector<std::string> names_of(const std::vector<ListingEntry>& entries)
{
    std::vector<std::string> names;
    for (const auto& e : entries)
        names.push_back(e.name);
    return names;
}

std::vector<std::string> urls_of(const std::vector<ListingEntry>& entries)
{
    std::vector<std::string> urls;
    for (const auto& e : entries)
        urls.push_back(e.url);
    return urls;
}

/// A page with one link per href, as a server would list them.
std::string page(const std::vector<std::string>& hrefs)
{
    std::string html = "<html><body>\n";
    for (const auto& h : hrefs)
        html += "<a href=\"" + h + "\">link</a>\n";
    return html + "</body></html>\n";
}

// ---------------------------------------------------------------------------------------------
// HTML

TEST(ParseListing, QuotesCaseEntitiesAndPercentDecoding)
{
    const std::string html = "<a href=\"double.tgz\">d</a>\n"
                             "<a href='single.tgz'>s</a>\n"
                             "<a href=bare.tgz>b</a>\n"
                             "<A HREF = \"UPPER.tgz\" class=x>u</A>\n"
                             "<a class=\"c\" title='a > b' href=\"after-attrs.tgz\">x</a>\n"
                             "<a href=\"a&amp;b.tgz\">e</a>\n"
                             "<a href=\"sp%20ace%5F.tgz\">p</a>\n"
                             "<a href=\"&#x53;VDNB&#46;tgz\">n</a>\n"
                             "<!-- <a href=\"commented.tgz\">c</a> -->\n"
                             "<link href=\"style.css\" rel=\"stylesheet\">\n"
                             "<a href=\"/abs/path/f.tgz\">abs</a>\n"
                             "<a name=\"anchor\">no href</a>\n";
    const auto entries = parse_listing(html, kListing);
    EXPECT_EQ(names_of(entries),
              (std::vector<std::string>{"double.tgz", "single.tgz", "bare.tgz", "UPPER.tgz",
                                        "after-attrs.tgz", "a&b.tgz", "sp ace_.tgz", "SVDNB.tgz",
                                        "f.tgz"}));
    EXPECT_EQ(entries[6].url, kListing + "sp%20ace%5F.tgz");
    EXPECT_EQ(entries[8].url, "https://example.org/abs/path/f.tgz");
}

TEST(ParseListing, SkipsSortLinksParentAndWhatIsNotAUrl)
{
    const std::string html = "<a href=\"?C=N;O=D\">Name</a><a href=\"?C=M;O=A\">Last modified</a>"
                             "<a href=\"../\">Parent Directory</a><a href=\"..\">up</a>"
                             "<a href=\"#top\">top</a><a href=\"mailto:a@b.org\">mail</a>"
                             "<a href=\"javascript:void(0)\">js</a><a href=\"sub/\">folder</a>"
                             "<a href=\" f.tgz \">f</a>";
    EXPECT_EQ(parse_listing(html, kListing),
              (std::vector<ListingEntry>{{"f.tgz", kListing + "f.tgz"}}));
    EXPECT_TRUE(parse_listing("", kListing).empty());
    EXPECT_TRUE(parse_listing("no tags at all < > <a href=", kListing).empty());
}

TEST(ParseListing, ApacheAutoindexPage)
{
    // The shape of an Apache 2.4 autoindex page (FancyIndexing with a table).
    const std::string html =
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n"
        "<html>\n <head>\n  <title>Index of /v10/2019/201905/vcmcfg</title>\n </head>\n <body>\n"
        "<h1>Index of /v10/2019/201905/vcmcfg</h1>\n  <table>\n"
        "   <tr><th valign=\"top\"><img src=\"/icons/blank.gif\" alt=\"[ICO]\"></th>"
        "<th><a href=\"?C=N;O=D\">Name</a></th><th><a href=\"?C=M;O=A\">Last modified</a></th>"
        "<th><a href=\"?C=S;O=A\">Size</a></th><th><a href=\"?C=D;O=A\">Description</a></th></tr>\n"
        "   <tr><th colspan=\"5\"><hr></th></tr>\n"
        "<tr><td valign=\"top\"><img src=\"/icons/back.gif\" alt=\"[PARENTDIR]\"></td>"
        "<td><a href=\"/v10/2019/201905/\">Parent Directory</a></td><td>&nbsp;</td>"
        "<td align=\"right\">  - </td><td>&nbsp;</td></tr>\n"
        "<tr><td valign=\"top\"><img src=\"/icons/compressed.gif\" alt=\"[   ]\"></td>"
        "<td><a href=\"" +
        may2019("75N180W") + "\">" + may2019("75N180W") +
        "</a></td>"
        "<td align=\"right\">2019-06-10 15:30  </td><td align=\"right\">512M</td><td>&nbsp;</td>"
        "</tr>\n"
        "<tr><td valign=\"top\"><img src=\"/icons/image2.gif\" alt=\"[IMG]\"></td>"
        "<td><a href=\"SVDNB_npp_20190501-20190531_75N180W_vcmcfg_v10_c201906101530.png\">"
        "preview</a></td><td align=\"right\">2019-06-10 15:30  </td></tr>\n"
        "   <tr><th colspan=\"5\"><hr></th></tr>\n</table>\n"
        "<address>Apache/2.4.37 Server at example.org Port 443</address>\n</body></html>\n";
    const auto entries = parse_listing(html, kListing);
    EXPECT_EQ(names_of(entries),
              (std::vector<std::string>{
                  may2019("75N180W"),
                  "SVDNB_npp_20190501-20190531_75N180W_vcmcfg_v10_c201906101530.png"}));

    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, entries);
    EXPECT_EQ(d.availability, Availability::Incomplete);
    ASSERT_EQ(d.tiles.size(), 1u);
    EXPECT_EQ(d.tiles[0].url, kListing + may2019("75N180W"));
}

// A folder page as EOG's server sends it (checked 2026-11): Apache 2.4's HTMLTable with a style
// sheet, in the Apaxy theme: XHTML, <table id="indexlist">, the icon linking each file as the name
// does (IconsAreLinks), sort links in the header row, the parent by its absolute path; the
// theme's header (home, breadcrumbs) and footer (pages elsewhere) around the table.
TEST(ParseListing, ApaxyThemedPageAsEogSendsIt)
{
    const std::string base = "https://eogdata.mines.edu/nighttime_light/monthly/v10/2022/202207/"
                             "vcmcfg/";
    const auto tgz = [](const std::string& tile) {
        return "SVDNB_npp_20220701-20220726_" + tile + "_vcmcfg_v10_c202208221047.tgz";
    };
    const auto row = [](const std::string& cls, const std::string& href, const std::string& icon,
                        const std::string& alt, const std::string& text,
                        const std::string& size) {
        return " <tr class=\"" + cls + "\"><td class=\"indexcolicon\"><a href=\"" + href +
               "\"><img src=\"/theme/icons/" + icon + "\" alt=\"" + alt +
               "\" /></a></td><td class=\"indexcolname\"><a href=\"" + href + "\">" + text +
               "</a></td><td class=\"indexcollastmod\">2022-08-22 10:47  </td>"
               "<td class=\"indexcolsize\">" + size + "</td></tr>\n";
    };
    const std::string html =
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
        "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
        "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n <head>\n"
        "  <title>Index of /nighttime_light/monthly/v10/2022/202207/vcmcfg</title>\n"
        "  <link rel=\"stylesheet\" href=\"/theme/style.css\" type=\"text/css\" />\n"
        " </head>\n <body>\n<div class=\"wrapper\">\n"
        "<!-- we open the `wrapper` element here, but close it in the `footer.html` file -->\n"
        "  <div class=\"header\"><a href=\"/\"><img src=\"/theme/eog.png\" alt=\"EOG\" /></a>"
        "<a href=\"/nighttime_light/\">nighttime_light</a> / <a href=\"/nighttime_light/"
        "monthly/v10/README_dnb_composites_v1.txt\">README</a></div>\n"
        "<table id=\"indexlist\">\n"
        " <tr class=\"indexhead\"><th class=\"indexcolicon\"><img src=\"/theme/icons/blank.png\" "
        "alt=\"[ICO]\" /></th><th class=\"indexcolname\"><a href=\"?C=N;O=D\">Name</a></th>"
        "<th class=\"indexcollastmod\"><a href=\"?C=M;O=A\">Last modified</a></th>"
        "<th class=\"indexcolsize\"><a href=\"?C=S;O=A\">Size</a></th></tr>\n"
        " <tr class=\"indexbreakrow\"><th colspan=\"4\"><hr /></th></tr>\n" +
        row("even-parentdir", "/nighttime_light/monthly/v10/2022/202207/", "folder-home.svg",
            "[PARENTDIR]", "Parent Directory", "  - ") +
        row("odd", tgz("75N180W"), "archive.svg", "[   ]", tgz("75N180W"), "532M") +
        row("even", "SVDNB_npp_20220701-20220726_75N180W_vcmcfg_v10_c202208221047.avg_rade9h.png",
            "image.svg", "[IMG]", "SVDNB_npp_...avg_rade9h.png", "1.2M") +
        row("odd", tgz("75N060W"), "archive.svg", "[   ]", tgz("75N060W"), "517M") +
        " <tr class=\"indexbreakrow\"><th colspan=\"4\"><hr /></th></tr>\n</table>\n"
        "<div class=\"footer\"><a href=\"https://eogdata.mines.edu/products/register/"
        "index.html\">register</a> · theme <a href=\"https://github.com/oupala/apaxy\">Apaxy"
        "</a></div>\n</div><!--/.wrapper-->\n<script src=\"/theme/apaxy.js\"></script>\n"
        "</body></html>\n";
    const auto entries = parse_listing(html, base);
    // The folder's three files, once each, in page order; nothing of the theme's links.
    EXPECT_EQ(urls_of(entries),
              (std::vector<std::string>{
                  base + tgz("75N180W"),
                  base + "SVDNB_npp_20220701-20220726_75N180W_vcmcfg_v10_c202208221047"
                         ".avg_rade9h.png",
                  base + tgz("75N060W")}));
    const DiscoveredMonth d = group_listing(YearMonth(2022, 7), ProductSpec{}, base, entries);
    EXPECT_EQ(d.availability, Availability::Incomplete);
    EXPECT_EQ(d.tiles.size(), 2u);
    EXPECT_EQ(d.last_day, "20220726");

    // Without the table's id (a plain autoindex page) every link of the page counts.
    std::string plain = html;
    plain.replace(plain.find("<table id=\"indexlist\">"), 22, "<table>");
    const auto all = names_of(parse_listing(plain, base));
    EXPECT_NE(std::find(all.begin(), all.end(), "README_dnb_composites_v1.txt"), all.end());
    EXPECT_NE(std::find(all.begin(), all.end(), "index.html"), all.end());
}

TEST(ParseListing, ResolvesAbsoluteAndRootRelativeHrefs)
{
    const std::string html = page({
        "https://mirror.example.net/x/" + may2019("75N180W"),
        "/data/v10/" + may2019("75N060W"),
        "//cdn.example.com/v10/" + may2019("75N060E"),
        "sub/" + may2019("00N180W"),
        may2019("00N060W") + "?download=1",
        "./" + may2019("00N060E"),
    });
    const DiscoveredMonth d =
        group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, parse_listing(html, kListing));
    ASSERT_EQ(d.tiles.size(), 6u);
    EXPECT_EQ(d.tiles[0].url, "https://mirror.example.net/x/" + may2019("75N180W"));
    EXPECT_EQ(d.tiles[1].url, "https://example.org/data/v10/" + may2019("75N060W"));
    EXPECT_EQ(d.tiles[2].url, "https://cdn.example.com/v10/" + may2019("75N060E"));
    EXPECT_EQ(d.tiles[3].url, kListing + "sub/" + may2019("00N180W"));
    EXPECT_EQ(d.tiles[4].url, kListing + may2019("00N060W") + "?download=1");
    EXPECT_EQ(d.tiles[4].archive.file_name, may2019("00N060W"));
    EXPECT_EQ(d.tiles[5].url, kListing + may2019("00N060E")); // no "./" in the URL

    // A file:// listing given as the URL of its index.html resolves against its folder.
    const std::string index = "file:///m/2019/201905/vcmcfg/index.html";
    const DiscoveredMonth f = group_listing(
        YearMonth(2019, 5), ProductSpec{}, index,
        parse_listing(page({may2019("75N180W"), "/abs/" + may2019("75N060W")}), index));
    ASSERT_EQ(f.tiles.size(), 2u);
    EXPECT_EQ(f.tiles[0].url, "file:///m/2019/201905/vcmcfg/" + may2019("75N180W"));
    EXPECT_EQ(f.tiles[1].url, "file:///abs/" + may2019("75N060W"));
}

TEST(ParseListing, DecodedCharactersAreReEncodedInUrls)
{
    const std::string base = "file:///my%20data/201905/";
    const auto entries = parse_listing(
        page({"night%20lights/" + may2019("75N180W"), "raw space/" + may2019("75N060W")}), base);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].url, base + "night%20lights/" + may2019("75N180W"));
    EXPECT_EQ(entries[1].url, base + "raw%20space/" + may2019("75N060W"));
    EXPECT_EQ(entries[0].name, may2019("75N180W"));
}

// What a publisher's page may hold all at once: upper-case tags, a comment hiding an old link,
// entities, each file linked twice (icon and name), relative and absolute links, and a link to
// another host, which comes back absolute so that the fetcher decides on it.
TEST(ParseListing, PublisherPageWithEverything)
{
    const std::string other = "https://elsewhere.example.com/dl/" + may2019("00N060E");
    std::string html = "<HTML><BODY><H1>Index</H1><!-- old: <A HREF=\"" +
                       may2019("75N180W", "201801010000") + "\">x</A> -->\n<TABLE>\n";
    for (const char* t : {"75N180W", "75N060W", "75N060E"})
        html += "<TR><TD><A HREF=\"" + may2019(t) +
                "\"><IMG SRC=\"/icons/c.gif\"></A></TD>"
                "<TD><A HREF=\"./" +
                may2019(t) + "\">" + may2019(t) + "</A></TD></TR>\n";
    html += "<TR><TD><a href=\"/v10/2019/201905/vcmcfg/" + may2019("00N180W") +
            "\">abs</a>"
            "<a href=\"https://example.org/v10/2019/201905/vcmcfg/" +
            may2019("00N060W") + "?a=1&amp;b=2\">full</a><a href=\"" + other +
            "\">mirror</a></TD></TR>\n"
            "<tr><td><a href=\"notes&amp;more.txt\">notes</a></td></tr></TABLE></BODY></HTML>\n";
    const auto entries = parse_listing(html, kListing);
    EXPECT_EQ(urls_of(entries),
              (std::vector<std::string>{
                  kListing + may2019("75N180W"), kListing + may2019("75N060W"),
                  kListing + may2019("75N060E"), kListing + may2019("00N180W"),
                  kListing + may2019("00N060W") + "?a=1&b=2", other, kListing + "notes&more.txt"}));
    EXPECT_EQ(entries.back().name, "notes&more.txt");
    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, entries);
    ASSERT_EQ(d.availability, Availability::Complete) << d.reason;
    EXPECT_EQ(d.tiles[0].archive.stamp, "201906101530"); // the commented-out link is not there
    EXPECT_EQ(d.tiles[5].url, other);
}

// ---------------------------------------------------------------------------------------------
// URLs

TEST(Url, ResolveNameAndPath)
{
    EXPECT_EQ(resolve_url(kListing, "../x.tgz#part"), "https://example.org/v10/2019/201905/x.tgz");
    EXPECT_EQ(resolve_url(kListing, "mailto:a@b.org"), std::nullopt);
    EXPECT_EQ(url_file_name("https://h/a/b%20c.tgz?x=1"), "b c.tgz");
    EXPECT_EQ(url_file_name("https://h/a/b%2Fc.tgz"), "b/c.tgz"); // an encoded '/' is in the name
    EXPECT_EQ(url_file_name("https://h/a/"), "");
    EXPECT_EQ(url_path("file:///my%20data/x/"), "/my data/x/");
    EXPECT_EQ(url_path("not a url"), std::nullopt);
    EXPECT_EQ(url_encode_segment("a b&c%/d.tgz"), "a%20b%26c%25%2Fd.tgz");
    EXPECT_EQ(url_decode("a%20b%2Fc%zz+%4"), "a b/c%zz+%4"); // only %XX is decoded
}

// ---------------------------------------------------------------------------------------------
// Local folders

TEST(ListLocalFolder, FilesSortedWithEncodedUrls)
{
    test::TempDir tmp;
    namespace fs = std::filesystem;
    fs::create_directories(tmp.file("m/sub"));
    for (const std::string& name : {may2019("75N180W"), std::string("notes & more 100%.txt")})
        std::ofstream(tmp.file("m/" + name)) << "x";
    std::ofstream(tmp.file("m/sub/inner.tgz")) << "x";
    const std::string url = "file://" + tmp.file("m/");
    const auto entries = list_local_folder(url);
    ASSERT_TRUE(entries);
    EXPECT_EQ(*entries, (std::vector<ListingEntry>{
                            {may2019("75N180W"), url + may2019("75N180W")},
                            {"notes & more 100%.txt", url + "notes%20%26%20more%20100%25.txt"}}));
    // Without the trailing '/', and through the same grouping as a page.
    const auto again = list_local_folder("file://" + tmp.file("m"));
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *entries);
    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, url, *entries);
    ASSERT_EQ(d.tiles.size(), 1u);
    EXPECT_EQ(d.tiles[0].url, url + may2019("75N180W"));
    EXPECT_FALSE(list_local_folder("file://" + tmp.file("missing/")));
    EXPECT_FALSE(list_local_folder("file://" + tmp.file("m/" + may2019("75N180W"))));
}

TEST(ListLocalFolder, DiscoveryReadsAFolderWithoutIndexHtml)
{
    test::TempDir tmp;
    std::filesystem::create_directories(tmp.file("plain"));
    std::ofstream(tmp.file("plain/" + may2019("75N180W"))) << "x";
    FetchOptions options;
    options.cache_dir = tmp.file("cache");
    options.quiet = true;
    Fetcher fetcher(options);
    // No index.html to read: discovery lists the folder from the disk.
    const std::string url = "file://" + tmp.file("plain/");
    EXPECT_FALSE(fetcher.get_text(url));
    const DiscoveredMonth d = discover_month(fetcher, url, ProductSpec{}, YearMonth(2019, 5));
    EXPECT_EQ(d.availability, Availability::Incomplete) << d.reason;
    ASSERT_EQ(d.tiles.size(), 1u);
    EXPECT_EQ(d.tiles[0].url, url + may2019("75N180W"));
}

} // namespace
} // namespace sezu
