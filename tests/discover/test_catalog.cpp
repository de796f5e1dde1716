// Catalog: source templates and grouping a listing's files into a month's 6 tiles, all with
// strings (reading listings is tested in test_listing.cpp).
#include "sezu/discover/catalog.hpp"
#include "sezu/core/error.hpp"

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

/// Files of a listing as discovery gives them: in the listing's folder, under their names.
std::vector<ListingEntry> listed(const std::vector<std::string>& names,
                                 const std::string& folder = kListing)
{
    std::vector<ListingEntry> entries;
    for (const auto& name : names)
        entries.push_back({name, folder + name});
    return entries;
}

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

// EOG keeps NOAA-20's months in a NOAA-20/ folder of the month: {satfolder} (the product's
// rule, tile_grid.hpp) is empty for Suomi NPP.
TEST(SourceTemplate, SatelliteFolderComesFromTheProduct)
{
    ProductSpec j01;
    j01.satellite = "j01";
    EXPECT_EQ(expand_source_template("eog", YearMonth(2022, 8), j01),
              "https://eogdata.mines.edu/nighttime_light/monthly/v10/2022/202208/NOAA-20/vcmcfg/");
    EXPECT_EQ(expand_source_template("eog", YearMonth(2022, 7), ProductSpec{}),
              "https://eogdata.mines.edu/nighttime_light/monthly/v10/2022/202207/vcmcfg/");
    EXPECT_EQ(expand_source_template("file:///m/{YYYYMM}/{satfolder}", YearMonth(2022, 8), j01),
              "file:///m/202208/NOAA-20/");
    ProductSpec other;
    other.satellite = "n21";
    try {
        expand_source_template("eog", YearMonth(2022, 8), other);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("'n21'"), std::string::npos) << e.what();
    }
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
    EXPECT_EQ(resolve_source_preset("eog"), "https://eogdata.mines.edu/nighttime_light/monthly/"
                                             "v10/{YYYY}/{YYYYMM}/{satfolder}{cfg}/");
    EXPECT_EQ(resolve_source_preset("file:///data/{YYYYMM}/"), "file:///data/{YYYYMM}/");
    EXPECT_EQ(resolve_source_preset("NOAA"), "NOAA"); // presets are exact names

    // A preset given straight to expansion is resolved first.
    ProductSpec slc;
    slc.configuration = "vcmslcfg";
    EXPECT_EQ(expand_source_template("eog", YearMonth(2014, 1), slc),
              "https://eogdata.mines.edu/nighttime_light/monthly/v10/2014/201401/vcmslcfg/");
}

// ---------------------------------------------------------------------------------------------
// Grouping

TEST(GroupListing, CompleteMonthInTileOrder)
{
    // Listed in an order unlike the tile order.
    std::vector<std::string> names;
    for (const char* t : {"00N060E", "75N060W", "00N180W", "75N180W", "00N060W", "75N060E"})
        names.push_back(may2019(t));
    const DiscoveredMonth d =
        group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, listed(names));
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
    std::vector<std::string> names;
    for (const auto& t : kTiles)
        names.push_back(may2019(t));
    // 75N180W: a 12-digit July stamp beats a 14-digit June stamp listed after it.
    names.push_back(may2019("75N180W", "201907021530"));
    names.push_back(may2019("75N180W", "20190601120000"));
    // 75N060W: a 13-digit stamp (2019-06-10 15:30 + "5") beats the 12-digit one of that minute.
    names.insert(names.begin(), may2019("75N060W", "2019061015305"));
    // 00N060E: an older 14-digit stamp loses to the default one.
    names.push_back(may2019("00N060E", "20190520000000"));

    const DiscoveredMonth d =
        group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, listed(names));
    ASSERT_EQ(d.availability, Availability::Complete);
    EXPECT_EQ(d.tiles[0].archive.stamp, "201907021530");
    EXPECT_EQ(d.tiles[1].archive.stamp, "2019061015305");
    EXPECT_EQ(d.tiles[2].archive.stamp, "201906101530");
    EXPECT_EQ(d.tiles[5].archive.stamp, "201906101530");
    EXPECT_EQ(d.tiles[0].url, kListing + may2019("75N180W", "201907021530"));
}

TEST(GroupListing, Decoys)
{
    std::vector<std::string> names = {
        may2019("75N180W"),
        may2019("75N060W"),
        "SVDNB_npp_20190501-20190531_75N060E_vcmcfg_v10_c201906101530.png",    // preview
        may2019("75N060E") + ".md5",                                            // checksum
        "SVDNB_npp_20190501-20190531_75N060E_vcmcfg_v10_c201906101530.avg_rade9h.tif",
        "SVDNB_npp_20190501-20190601_75N060E_vcmcfg_v10_c201906101530.tgz",     // past the month
        "SVDNB_npp_20190401-20190430_75N060E_vcmcfg_v10_c201905101530.tgz",     // other month
        "SVDNB_npp_20190501-20190531_75N060E_vcmcfg_v11_c201906101530.tgz",     // other version
        "SVDNB_npp_20190501-20190531_45N060E_vcmcfg_v10_c201906101530.tgz",     // no such tile
        "SVDNB_npp_20190501-20190531_75N060E_vcmcfg_v10_c20190610153.tgz",      // 11 digits
        "VNL_v2_npp_2019_global_vcmslcfg_c202102150000.average.dat.tif.gz",      // other product
        "README.md",
    };
    const DiscoveredMonth d =
        group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, listed(names));
    EXPECT_EQ(d.availability, Availability::Incomplete);
    EXPECT_EQ(tile_names(d), (std::vector<std::string>{"75N180W", "75N060W"}));
    EXPECT_EQ(d.tiles[0].archive.file_name, may2019("75N180W"));
    EXPECT_EQ(d.tiles[0].url, kListing + may2019("75N180W"));
    EXPECT_EQ(d.missing, (std::vector<std::string>{"75N060E", "00N180W", "00N060W", "00N060E"}));
    EXPECT_EQ(d.reason, "2 of 6 tiles; missing 75N060E, 00N180W, 00N060W, 00N060E");
}

TEST(GroupListing, FiveTilesIsIncompleteAndNamesTheMissingOne)
{
    std::vector<std::string> names;
    for (size_t i = 0; i < 5; ++i)
        names.push_back(may2019(kTiles[i]));
    const DiscoveredMonth d =
        group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, listed(names));
    EXPECT_EQ(d.availability, Availability::Incomplete);
    EXPECT_EQ(d.tiles.size(), 5u);
    EXPECT_EQ(d.missing, std::vector<std::string>{"00N060E"});
    EXPECT_EQ(d.reason, "5 of 6 tiles; missing 00N060E");
}

TEST(GroupListing, ConfigurationsSideBySide)
{
    std::vector<std::string> names;
    for (const auto& t : kTiles) {
        names.push_back(may2019(t, "201906101530", "vcmslcfg"));
        names.push_back(may2019(t, "201906111111", "vcmcfg"));
    }
    const DiscoveredMonth cfg =
        group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, listed(names));
    ASSERT_EQ(cfg.availability, Availability::Complete);
    ProductSpec slc;
    slc.configuration = "vcmslcfg";
    const DiscoveredMonth sl = group_listing(YearMonth(2019, 5), slc, kListing, listed(names));
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
    std::vector<std::string> names;
    for (const auto& t : kTiles)
        names.push_back(archive("j01", "20220801", "20220831", t, "vcmcfg", "202209141200"));
    ProductSpec j01;
    j01.satellite = "j01";
    const DiscoveredMonth d = group_listing(YearMonth(2022, 8), j01, url, listed(names, url));
    ASSERT_EQ(d.availability, Availability::Complete);
    EXPECT_EQ(d.tiles[3].archive.satellite, "j01");
    EXPECT_EQ(d.tiles[3].url,
              url + "SVDNB_j01_20220801-20220831_00N180W_vcmcfg_v10_c202209141200.tgz");

    // Asking for npp in a j01-only folder: not published, and the reason points at the cause.
    const DiscoveredMonth npp =
        group_listing(YearMonth(2022, 8), ProductSpec{}, url, listed(names, url));
    EXPECT_EQ(npp.availability, Availability::NotPublished);
    EXPECT_TRUE(npp.tiles.empty());
    EXPECT_EQ(npp.missing, kTiles);
    EXPECT_NE(npp.reason.find("no npp vcmcfg v10 tiles for 202208"), std::string::npos)
        << npp.reason;
    EXPECT_NE(npp.reason.find("j01 vcmcfg v10"), std::string::npos) << npp.reason;
}

TEST(GroupListing, LeapFebruaryWithoutItsLastDayIsPartial)
{
    const std::vector<std::string> names = {
        archive("npp", "20160201", "20160228", "75N180W", "vcmcfg", "201603011200"),
        archive("npp", "20160201", "20160229", "75N060W", "vcmcfg", "201603011200")};
    const DiscoveredMonth d =
        group_listing(YearMonth(2016, 2), ProductSpec{}, kListing, listed(names));
    EXPECT_EQ(tile_names(d), (std::vector<std::string>{"75N180W", "75N060W"}));
    // The days every tile covers: one tile lacks the 29th, so the month is partial.
    EXPECT_EQ(d.first_day, "20160201");
    EXPECT_EQ(d.last_day, "20160228");
    EXPECT_TRUE(d.partial());
}

// EOG's 2022-07: Suomi NPP's safe mode from 2022-07-26 left files of 20220701-20220726.
TEST(GroupListing, APartialMonthInsideTheMonthCounts)
{
    const std::string url = "https://example.org/v10/2022/202207/vcmcfg/";
    std::vector<std::string> names;
    for (const auto& t : kTiles)
        names.push_back(archive("npp", "20220701", "20220726", t, "vcmcfg", "202208221047"));
    const DiscoveredMonth d =
        group_listing(YearMonth(2022, 7), ProductSpec{}, url, listed(names, url));
    ASSERT_EQ(d.availability, Availability::Complete) << d.reason;
    EXPECT_EQ(d.satellite, "npp");
    EXPECT_EQ(d.first_day, "20220701");
    EXPECT_EQ(d.last_day, "20220726");
    EXPECT_TRUE(d.partial());
    EXPECT_EQ(d.tiles[0].archive.stem(),
              "SVDNB_npp_20220701-20220726_75N180W_vcmcfg_v10_c202208221047");

    // A whole month is not partial; where both are listed for a tile, the whole one wins even
    // against a newer stamp.
    std::vector<std::string> both = names;
    both.push_back(archive("npp", "20220701", "20220731", "75N060W", "vcmcfg", "202208011200"));
    const DiscoveredMonth w =
        group_listing(YearMonth(2022, 7), ProductSpec{}, url, listed(both, url));
    EXPECT_EQ(w.tiles[1].archive.last_day, "20220731");
    EXPECT_EQ(w.tiles[0].archive.last_day, "20220726");
    EXPECT_TRUE(w.partial()); // the other tiles still lack the last days

    std::vector<std::string> whole;
    for (const auto& t : kTiles)
        whole.push_back(archive("npp", "20220601", "20220630", t, "vcmcfg", "202207221047"));
    const DiscoveredMonth june =
        group_listing(YearMonth(2022, 6), ProductSpec{}, url, listed(whole, url));
    EXPECT_EQ(june.first_day, "20220601");
    EXPECT_EQ(june.last_day, "20220630");
    EXPECT_FALSE(june.partial());
}

TEST(GroupListing, FilesReachingOutsideTheMonthDoNotCountAndAreNamed)
{
    std::vector<std::string> names;
    for (const auto& t : kTiles) {
        names.push_back(archive("npp", "20220725", "20220805", t, "vcmcfg", "202208221047"));
        names.push_back(archive("npp", "20220630", "20220710", t, "vcmcfg", "202208221047"));
        names.push_back(archive("npp", "20220710", "20220709", t, "vcmcfg", "202208221047"));
        names.push_back(archive("npp", "20220700", "20220726", t, "vcmcfg", "202208221047"));
        names.push_back(archive("npp", "20220701", "20220732", t, "vcmcfg", "202208221047"));
    }
    const DiscoveredMonth d =
        group_listing(YearMonth(2022, 7), ProductSpec{}, kListing, listed(names));
    EXPECT_EQ(d.availability, Availability::NotPublished);
    EXPECT_TRUE(d.tiles.empty());
    EXPECT_TRUE(d.first_day.empty());
    EXPECT_FALSE(d.partial());
    EXPECT_NE(d.reason.find("(files for 20220630-20220710; "), std::string::npos) << d.reason;
    EXPECT_NE(d.reason.find("; 20220725-20220805 reach outside the month)"), std::string::npos)
        << d.reason;
}

TEST(GroupListing, EmptyListingIsNotPublished)
{
    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, {});
    EXPECT_EQ(d.availability, Availability::NotPublished);
    EXPECT_EQ(d.reason, "no npp vcmcfg v10 tiles for 201905 in " + kListing);
    EXPECT_EQ(d.missing.size(), 6u);
}

TEST(GroupListing, TakesTheListedUrlAsItIs)
{
    // Where a file is fetched from is the listing's business (another host, a query): grouping
    // keeps it.
    const std::vector<ListingEntry> entries = {
        {may2019("75N180W"), "https://mirror.example.net/x/" + may2019("75N180W")},
        {may2019("75N060W"), kListing + may2019("75N060W") + "?download=1"},
    };
    const DiscoveredMonth d = group_listing(YearMonth(2019, 5), ProductSpec{}, kListing, entries);
    ASSERT_EQ(d.tiles.size(), 2u);
    EXPECT_EQ(d.tiles[0].url, entries[0].url);
    EXPECT_EQ(d.tiles[1].url, entries[1].url);
    EXPECT_EQ(d.tiles[1].archive.file_name, may2019("75N060W"));
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
