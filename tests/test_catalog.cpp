// Catalog: source templates, listing parsing and grouping a month's 6 tiles, all with strings.
#include "sezu/catalog.hpp"
#include "sezu/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sezu {
namespace {

const std::string kListing = "https://example.org/v10/2019/201905/vcmcfg/";

/// An archive name written out by hand (not through format_archive_name, which is under test
/// elsewhere): SVDNB_<sat>_<first>-<last>_<tile>_<cfg>_v10_c<stamp>.tgz
std::string archive(const std::string& sat, const std::string& first, const std::string& last,
                    const std::string& tile, const std::string& cfg, const std::string& stamp)
{
    return "SVDNB_" + sat + "_" + first + "-" + last + "_" + tile + "_" + cfg + "_v10_c" + stamp +
           ".tgz";
}

std::string may2019(const std::string& tile, const std::string& stamp = "201906101530",
                    const std::string& cfg = "vcmcfg", const std::string& sat = "npp")
{
    return archive(sat, "20190501", "20190531", tile, cfg, stamp);
}

const std::vector<std::string> kTiles = {"75N180W", "75N060W", "75N060E",
                                         "00N180W", "00N060W", "00N060E"};

std::vector<std::string> tile_names(const DiscoveredMonth& d)
{
    std::vector<std::string> names;
    for (const auto& t : d.tiles)
        names.push_back(t.tile.name);
    return names;
}

// ---------------------------------------------------------------------------------------------
// Templates

TEST(SourceTemplate, ExpandsAllPlaceholders)
{
    const ProductSpec npp;
    EXPECT_EQ(expand_source_template("https://h/{YYYY}/{YYYYMM}/{cfg}/", YearMonth(2019, 5), npp),
              "https://h/2019/201905/vcmcfg/");
    ProductSpec j01;
    j01.satellite = "j01";
    j01.configuration = "vcmslcfg";
    EXPECT_EQ(expand_source_template("file:///m/{sat}/{YYYY}-{MM}/{cfg}", YearMonth(2022, 8), j01),
              "file:///m/j01/2022-08/vcmslcfg/");
    // January pads the month; a template without placeholders is a fixed folder.
    EXPECT_EQ(expand_source_template("http://h/{MM}", YearMonth(2015, 1), npp), "http://h/01/");
    EXPECT_EQ(expand_source_template("http://h/fixed/", YearMonth(2015, 1), npp),
              "http://h/fixed/");
}

TEST(SourceTemplate, UnknownPlaceholderIsAConfigErrorNamingIt)
{
    try {
        expand_source_template("https://h/{YYYY}/{month}/", YearMonth(2019, 5), ProductSpec{});
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("{month}"), std::string::npos) << e.what();
    }
    EXPECT_THROW(expand_source_template("https://h/{YYYY", YearMonth(2019, 5), ProductSpec{}),
                 ConfigError);
    EXPECT_THROW(expand_source_template("", YearMonth(2019, 5), ProductSpec{}), ConfigError);
}

TEST(SourceTemplate, Presets)
{
    EXPECT_EQ(resolve_source_preset("noaa"),
              "https://data.ngdc.noaa.gov/instruments/remote-sensing/passive/"
              "spectrometers-radiometers/imaging/viirs/dnb_composites/v10//{YYYYMM}/{cfg}/");
    EXPECT_EQ(resolve_source_preset("eog"),
              "https://eogdata.mines.edu/nighttime_light/monthly/v10/{YYYY}/{YYYYMM}/{cfg}/");
    EXPECT_EQ(resolve_source_preset("file:///data/{YYYYMM}/"), "file:///data/{YYYYMM}/");
    EXPECT_EQ(resolve_source_preset("NOAA"), "NOAA"); // presets are exact names

    // A preset given straight to expansion is resolved first.
    ProductSpec slc;
    slc.configuration = "vcmslcfg";
    EXPECT_EQ(expand_source_template("eog", YearMonth(2014, 1), slc),
              "https://eogdata.mines.edu/nighttime_light/monthly/v10/2014/201401/vcmslcfg/");
}

// ---------------------------------------------------------------------------------------------
// Listing parsing

TEST(ParseListing, QuotesCaseEntitiesAndPercentDecoding)
{
    const std::string html =
        "<a href=\"double.tgz\">d</a>\n"
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
    const std::vector<std::string> expected = {"double.tgz", "single.tgz",     "bare.tgz",
                                               "UPPER.tgz",  "after-attrs.tgz", "a&b.tgz",
                                               "sp ace_.tgz", "SVDNB.tgz",      "/abs/path/f.tgz"};
    EXPECT_EQ(parse_listing(html), expected);
}

TEST(ParseListing, SkipsSortLinksAndParent)
{
    const std::string html = "<a href=\"?C=N;O=D\">Name</a><a href=\"?C=M;O=A\">Last modified</a>"
                             "<a href=\"../\">Parent Directory</a><a href=\"..\">up</a>"
                             "<a href=\"#top\">top</a><a href=\"f.tgz\">f</a>";
    EXPECT_EQ(parse_listing(html), std::vector<std::string>{"f.tgz"});
    EXPECT_TRUE(parse_listing("").empty());
    EXPECT_TRUE(parse_listing("no tags at all < > <a href=").empty());
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
        "<td><a href=\"" + may2019("75N180W") + "\">" + may2019("75N180W") + "</a></td>"
        "<td align=\"right\">2019-06-10 15:30  </td><td align=\"right\">512M</td><td>&nbsp;</td>"
        "</tr>\n"
        "<tr><td valign=\"top\"><img src=\"/icons/image2.gif\" alt=\"[IMG]\"></td>"
        "<td><a href=\"SVDNB_npp_20190501-20190531_75N180W_vcmcfg_v10_c201906101530.png\">"
        "preview</a></td><td align=\"right\">2019-06-10 15:30  </td></tr>\n"
        "   <tr><th colspan=\"5\"><hr></th></tr>\n</table>\n"
        "<address>Apache/2.4.37 Server at example.org Port 443</address>\n</body></html>\n";
    const std::vector<std::string> expected = {
        "/v10/2019/201905/", may2019("75N180W"),
        "SVDNB_npp_20190501-20190531_75N180W_vcmcfg_v10_c201906101530.png"};
    EXPECT_EQ(parse_listing(html), expected);

    const DiscoveredMonth d =
        group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, parse_listing(html));
    EXPECT_EQ(d.availability, Availability::Incomplete);
    ASSERT_EQ(d.tiles.size(), 1u);
    EXPECT_EQ(d.tiles[0].url, kListing + may2019("75N180W"));
}

// ---------------------------------------------------------------------------------------------
// Grouping

TEST(GroupListing, CompleteMonthInTileOrder)
{
    // Listed in an order unlike the tile order.
    std::vector<std::string> hrefs;
    for (const char* t : {"00N060E", "75N060W", "00N180W", "75N180W", "00N060W", "75N060E"})
        hrefs.push_back(may2019(t));
    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, hrefs);
    EXPECT_EQ(d.availability, Availability::Complete);
    EXPECT_EQ(d.month, YearMonth(2019, 5));
    EXPECT_EQ(d.listing_url, kListing);
    EXPECT_EQ(tile_names(d), kTiles);
    EXPECT_TRUE(d.missing.empty());
    EXPECT_TRUE(d.reason.empty());
    for (size_t i = 0; i < d.tiles.size(); ++i) {
        EXPECT_EQ(d.tiles[i].tile.index, int(i));
        EXPECT_EQ(d.tiles[i].archive.file_name, may2019(kTiles[i]));
        EXPECT_EQ(d.tiles[i].url, kListing + may2019(kTiles[i]));
        EXPECT_EQ(d.tiles[i].archive.stamp, "201906101530");
    }
}

TEST(GroupListing, NewestStampWinsAcross12To14Digits)
{
    std::vector<std::string> hrefs;
    for (const auto& t : kTiles)
        hrefs.push_back(may2019(t));
    // 75N180W: a 12-digit July stamp beats a 14-digit June stamp listed after it.
    hrefs.push_back(may2019("75N180W", "201907021530"));
    hrefs.push_back(may2019("75N180W", "20190601120000"));
    // 75N060W: a 13-digit stamp (2019-06-10 15:30 + "5") beats the 12-digit one of that minute.
    hrefs.insert(hrefs.begin(), may2019("75N060W", "2019061015305"));
    // 00N060E: an older 14-digit stamp loses to the default one.
    hrefs.push_back(may2019("00N060E", "20190520000000"));

    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, hrefs);
    ASSERT_EQ(d.availability, Availability::Complete);
    EXPECT_EQ(d.tiles[0].archive.stamp, "201907021530");
    EXPECT_EQ(d.tiles[1].archive.stamp, "2019061015305");
    EXPECT_EQ(d.tiles[2].archive.stamp, "201906101530");
    EXPECT_EQ(d.tiles[5].archive.stamp, "201906101530");
    EXPECT_EQ(d.tiles[0].url, kListing + may2019("75N180W", "201907021530"));
}

TEST(GroupListing, DotSlashPrefixesAndDecoys)
{
    std::vector<std::string> hrefs = {
        "./" + may2019("75N180W"),
        may2019("75N060W"),
        "SVDNB_npp_20190501-20190531_75N060E_vcmcfg_v10_c201906101530.png",    // preview
        may2019("75N060E") + ".md5",                                            // checksum
        "SVDNB_npp_20190501-20190531_75N060E_vcmcfg_v10_c201906101530.avg_rade9h.tif",
        "SVDNB_npp_20190501-20190530_75N060E_vcmcfg_v10_c201906101530.tgz",     // not a month
        "SVDNB_npp_20190401-20190430_75N060E_vcmcfg_v10_c201905101530.tgz",     // other month
        "SVDNB_npp_20190501-20190531_75N060E_vcmcfg_v11_c201906101530.tgz",     // other version
        "SVDNB_npp_20190501-20190531_45N060E_vcmcfg_v10_c201906101530.tgz",     // no such tile
        "SVDNB_npp_20190501-20190531_75N060E_vcmcfg_v10_c20190610153.tgz",      // 11 digits
        "VNL_v2_npp_2019_global_vcmslcfg_c202102150000.average.dat.tif.gz",      // other product
        "README.md",
        "subdir/",
    };
    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, hrefs);
    EXPECT_EQ(d.availability, Availability::Incomplete);
    EXPECT_EQ(tile_names(d), (std::vector<std::string>{"75N180W", "75N060W"}));
    EXPECT_EQ(d.tiles[0].archive.file_name, may2019("75N180W"));
    EXPECT_EQ(d.tiles[0].url, kListing + may2019("75N180W")); // no "./" in the URL
    EXPECT_EQ(d.missing, (std::vector<std::string>{"75N060E", "00N180W", "00N060W", "00N060E"}));
    EXPECT_EQ(d.reason, "2 of 6 tiles; missing 75N060E, 00N180W, 00N060W, 00N060E");
}

TEST(GroupListing, FiveTilesIsIncompleteAndNamesTheMissingOne)
{
    std::vector<std::string> hrefs;
    for (size_t i = 0; i < 5; ++i)
        hrefs.push_back(may2019(kTiles[i]));
    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, hrefs);
    EXPECT_EQ(d.availability, Availability::Incomplete);
    EXPECT_EQ(d.tiles.size(), 5u);
    EXPECT_EQ(d.missing, std::vector<std::string>{"00N060E"});
    EXPECT_EQ(d.reason, "5 of 6 tiles; missing 00N060E");
}

TEST(GroupListing, ConfigurationsSideBySide)
{
    std::vector<std::string> hrefs;
    for (const auto& t : kTiles) {
        hrefs.push_back(may2019(t, "201906101530", "vcmslcfg"));
        hrefs.push_back(may2019(t, "201906111111", "vcmcfg"));
    }
    const DiscoveredMonth cfg = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, hrefs);
    ASSERT_EQ(cfg.availability, Availability::Complete);
    ProductSpec slc;
    slc.configuration = "vcmslcfg";
    const DiscoveredMonth sl = group_listing(YearMonth(2019, 5), slc, kListing, hrefs);
    ASSERT_EQ(sl.availability, Availability::Complete);
    for (size_t i = 0; i < kTiles.size(); ++i) {
        EXPECT_EQ(cfg.tiles[i].archive.configuration, "vcmcfg");
        EXPECT_EQ(cfg.tiles[i].archive.stamp, "201906111111");
        EXPECT_EQ(sl.tiles[i].archive.configuration, "vcmslcfg");
        EXPECT_EQ(sl.tiles[i].archive.file_name, may2019(kTiles[i], "201906101530", "vcmslcfg"));
    }
}

TEST(GroupListing, J01Months)
{
    const std::string url = "https://example.org/v10/2022/202208/NOAA-20/vcmcfg/";
    std::vector<std::string> hrefs;
    for (const auto& t : kTiles)
        hrefs.push_back(archive("j01", "20220801", "20220831", t, "vcmcfg", "202209141200"));
    ProductSpec j01;
    j01.satellite = "j01";
    const DiscoveredMonth d = group_listing(YearMonth(2022, 8), j01, url, hrefs);
    ASSERT_EQ(d.availability, Availability::Complete);
    EXPECT_EQ(d.tiles[3].archive.satellite, "j01");
    EXPECT_EQ(d.tiles[3].url,
              url + "SVDNB_j01_20220801-20220831_00N180W_vcmcfg_v10_c202209141200.tgz");

    // Asking for npp in a j01-only folder: not published, and the reason points at the cause.
    const DiscoveredMonth npp = group_listing(YearMonth(2022, 8), ProductSpec{}, url, hrefs);
    EXPECT_EQ(npp.availability, Availability::NotPublished);
    EXPECT_TRUE(npp.tiles.empty());
    EXPECT_EQ(npp.missing, kTiles);
    EXPECT_NE(npp.reason.find("no npp vcmcfg v10 tiles for 202208"), std::string::npos)
        << npp.reason;
    EXPECT_NE(npp.reason.find("j01 vcmcfg v10"), std::string::npos) << npp.reason;
}

TEST(GroupListing, LeapFebruaryNeedsItsLastDay)
{
    const std::vector<std::string> hrefs = {
        archive("npp", "20160201", "20160228", "75N180W", "vcmcfg", "201603011200"),
        archive("npp", "20160201", "20160229", "75N060W", "vcmcfg", "201603011200")};
    const DiscoveredMonth d = group_listing(YearMonth(2016, 2), ProductSpec{}, kListing, hrefs);
    EXPECT_EQ(tile_names(d), std::vector<std::string>{"75N060W"});
}

TEST(GroupListing, EmptyListingIsNotPublished)
{
    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, {});
    EXPECT_EQ(d.availability, Availability::NotPublished);
    EXPECT_EQ(d.reason, "no npp vcmcfg v10 tiles for 201905 in " + kListing);
    EXPECT_EQ(d.missing.size(), 6u);
}

TEST(GroupListing, ResolvesAbsoluteAndRootRelativeHrefs)
{
    const std::vector<std::string> hrefs = {
        "https://mirror.example.net/x/" + may2019("75N180W"),
        "/data/v10/" + may2019("75N060W"),
        "//cdn.example.com/v10/" + may2019("75N060E"),
        "sub/" + may2019("00N180W"),
        may2019("00N060W") + "?download=1",
    };
    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, hrefs);
    ASSERT_EQ(d.tiles.size(), 5u);
    EXPECT_EQ(d.tiles[0].url, "https://mirror.example.net/x/" + may2019("75N180W"));
    EXPECT_EQ(d.tiles[1].url, "https://example.org/data/v10/" + may2019("75N060W"));
    EXPECT_EQ(d.tiles[2].url, "https://cdn.example.com/v10/" + may2019("75N060E"));
    EXPECT_EQ(d.tiles[3].url, kListing + "sub/" + may2019("00N180W"));
    EXPECT_EQ(d.tiles[4].url, kListing + may2019("00N060W") + "?download=1");
    EXPECT_EQ(d.tiles[4].archive.file_name, may2019("00N060W"));

    // A file:// listing given as the URL of its index.html resolves against its folder.
    const DiscoveredMonth f = group_listing(YearMonth(2019, 5), ProductSpec{},
                                            "file:///m/2019/201905/vcmcfg/index.html",
                                            {may2019("75N180W"), "/abs/" + may2019("75N060W")});
    ASSERT_EQ(f.tiles.size(), 2u);
    EXPECT_EQ(f.tiles[0].url, "file:///m/2019/201905/vcmcfg/" + may2019("75N180W"));
    EXPECT_EQ(f.tiles[1].url, "file:///abs/" + may2019("75N060W"));
}

TEST(GroupListing, DecodedCharactersAreReEncodedInUrls)
{
    const DiscoveredMonth d = group_listing(
        YearMonth(2019, 5), ProductSpec{}, "file:///my%20data/201905/",
        parse_listing("<a href=\"night%20lights/" + may2019("75N180W") + "\">x</a>"));
    ASSERT_EQ(d.tiles.size(), 1u);
    EXPECT_EQ(d.tiles[0].url, "file:///my%20data/201905/night%20lights/" + may2019("75N180W"));
}

TEST(Availability, ToString)
{
    EXPECT_EQ(to_string(Availability::Complete), "complete");
    EXPECT_EQ(to_string(Availability::Incomplete), "incomplete");
    EXPECT_EQ(to_string(Availability::NotPublished), "not published");
}

TEST(ArchiveName, ParsesPublishedNames)
{
    const auto a =
        parse_archive_name("./SVDNB_npp_20150101-20150131_75N180W_vcmcfg_v10_c201505111709.tgz");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->file_name, "SVDNB_npp_20150101-20150131_75N180W_vcmcfg_v10_c201505111709.tgz");
    EXPECT_EQ(a->tile, "75N180W");
    EXPECT_EQ(a->stamp, "201505111709");
    EXPECT_EQ(a->month(), YearMonth(2015, 1));
    EXPECT_EQ(a->stem(), "SVDNB_npp_20150101-20150131_75N180W_vcmcfg_v10_c201505111709");
    EXPECT_FALSE(parse_archive_name(
        "SVDNB_npp_20150101-20150131_75N180W_vcmcfg_v10_c201505111709.tgz.md5"));
    EXPECT_FALSE(parse_archive_name(
        "SVDNB_npp_20150101-20150131_75N180W_vcmcfg_v10_c201505111709123.tgz")); // 15 digits
    EXPECT_EQ(format_archive_name(ProductSpec{}, YearMonth(2015, 1), *find_tile("75N180W"),
                                  "201505111709"),
              "SVDNB_npp_20150101-20150131_75N180W_vcmcfg_v10_c201505111709.tgz");
}

TEST(RedactUrl, RemovesCredentialsFromUrlsAndFromText)
{
    EXPECT_EQ(redact_url("https://user:pa55@eogdata.mines.edu/a/b.tgz"),
              "https://***@eogdata.mines.edu/a/b.tgz");
    EXPECT_EQ(redact_url("https://tok@host"), "https://***@host");
    EXPECT_EQ(redact_url("https://host/a@b.tgz"), "https://host/a@b.tgz"); // '@' in the path
    EXPECT_EQ(redact_url("file:///tmp/x"), "file:///tmp/x");
    EXPECT_EQ(redact_url("no url here"), "no url here");
    EXPECT_EQ(redact_url("fetch: HTTP 500 for http://u:p@h:8080/x (201905) then "
                         "https://a@b?q=c@d"),
              "fetch: HTTP 500 for http://***@h:8080/x (201905) then https://***@b?q=c@d");
}

} // namespace
} // namespace sezu
