// NASA's LAADS listings and the choice of a period's Black Marble granules: pure strings.
#include "sezu/core/error.hpp"
#include "sezu/discover/laads.hpp"

#include <gtest/gtest.h>

using namespace sezu;

namespace {
const char* const kFolder =
    "https://ladsweb.modaps.eosdis.nasa.gov/archive/allData/5200/VNP46A3/2024/032/";
}

TEST(Laads, SourceTemplateAndListingUrl)
{
    const Product& a3 = find_product("vnp46a3");
    EXPECT_EQ(blackmarble_source("laads", a3),
              "https://ladsweb.modaps.eosdis.nasa.gov/archive/allData/5200/VNP46A3/{YYYY}/{DDD}/");
    EXPECT_EQ(blackmarble_source("noaa", find_product("vj146a3")),
              "https://ladsweb.modaps.eosdis.nasa.gov/archive/allData/5200/VJ146A3/{YYYY}/{DDD}/");
    EXPECT_EQ(blackmarble_source("file:///m/{short}/{YYYY}/{DDD}/", a3),
              "file:///m/VNP46A3/{YYYY}/{DDD}/");
    EXPECT_EQ(expand_source_template(blackmarble_source("laads", a3), YearMonth(2024, 2),
                                     ProductSpec{}),
              kFolder);
    EXPECT_EQ(laads_listing_url(kFolder),
              "https://ladsweb.modaps.eosdis.nasa.gov/archive/allData/5200/VNP46A3/2024/032.csv");
}

TEST(Laads, CsvListingByItsNameColumn)
{
    const auto entries = parse_laads_csv(
        "name,last_modified,size\r\n"
        "VNP46A3.A2024032.h18v08.002.2024073143012.h5,2024-03-13 14:30,70523412\r\n"
        "\r\n"
        "\"VNP46A3.A2024032.h19v08.002.2024073143012.h5\",2024-03-13 14:30,1\r\n",
        kFolder, "l.csv");
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].name, "VNP46A3.A2024032.h18v08.002.2024073143012.h5");
    EXPECT_EQ(entries[0].url, std::string(kFolder) + entries[0].name);
    EXPECT_EQ(entries[1].name, "VNP46A3.A2024032.h19v08.002.2024073143012.h5");
    // Columns in another order are read by their header.
    EXPECT_EQ(parse_laads_csv("size,name\n5,a.h5\n", "file:///x", "l.csv").at(0).url,
              "file:///x/a.h5");
    EXPECT_THROW(parse_laads_csv("<html><body>Log in</body></html>\n", kFolder, "l.csv"),
                 DataError);
}

TEST(Laads, NewestGranuleOfEachNeededTile)
{
    const Product& a3 = find_product("vnp46a3");
    const std::vector<ListingEntry> entries = {
        {"VNP46A3.A2024032.h18v08.002.2024062143012.h5", "u1"},
        {"VNP46A3.A2024032.h18v08.002.2024100000000.h5", "u2"}, // reprocessed: the newest
        {"VNP46A3.A2024032.h18v08.001.2025000000000.h5", "u3"}, // collection 5000
        {"VJ146A3.A2024032.h18v08.002.2025000000000.h5", "u4"}, // NOAA-20
        {"VNP46A3.A2024061.h18v08.002.2025000000000.h5", "u5"}, // March
        {"VNP46A3.A2024032.h30v10.002.2024062143012.h5", "u6"}, // a tile no zone touches
        {"VNP46A3.A2024032.h18v08.002.2024062143012.h5.met", "u7"},
    };
    const std::vector<BlackMarbleTile> needed = {{18, 8}, {19, 8}};
    const DiscoveredMonth found =
        group_blackmarble_listing(a3, YearMonth(2024, 2), needed, "l.csv", entries);
    EXPECT_EQ(found.availability, Availability::Complete);
    ASSERT_EQ(found.tiles.size(), 1u);
    EXPECT_EQ(found.tiles[0].url, "u2");
    EXPECT_EQ(found.tiles[0].format, FileFormat::Hdf5);
    EXPECT_EQ(found.tiles[0].archive.tile, "h18v08");
    EXPECT_EQ(found.tiles[0].archive.stamp, "2024100000000");
    EXPECT_EQ(found.tiles[0].archive.first_day, "20240201");
    EXPECT_EQ(found.missing, std::vector<std::string>{"h19v08"});
    EXPECT_NE(found.reason.find("1 of 2 tiles; no granule for h19v08 (ocean"), std::string::npos)
        << found.reason;

    const DiscoveredMonth none =
        group_blackmarble_listing(a3, YearMonth(2024, 2), {{19, 8}}, "l.csv", entries);
    EXPECT_EQ(none.availability, Availability::Incomplete);
    EXPECT_TRUE(none.tiles.empty());
}

TEST(Laads, FileSignatures)
{
    const unsigned char hdf5[] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    const unsigned char gzip[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0};
    const unsigned char html[] = {'<', 'h', 't', 'm', 'l', '>', ' ', ' '};
    EXPECT_TRUE(has_signature(FileFormat::Hdf5, hdf5, 8));
    EXPECT_FALSE(has_signature(FileFormat::Hdf5, hdf5, 7));
    EXPECT_FALSE(has_signature(FileFormat::Hdf5, gzip, 8));
    EXPECT_TRUE(has_signature(FileFormat::Gzip, gzip, 2));
    EXPECT_FALSE(has_signature(FileFormat::Gzip, html, 8));
    EXPECT_FALSE(has_signature(FileFormat::Hdf5, html, 8));
}

TEST(Laads, DiscoverTellsGapsFromOceanByTheZonesCells)
{
    const auto tile = [](const char* name) { return *BlackMarbleTile::parse(name); };
    DiscoveredMonth found;
    found.month = YearMonth(2024, 2);
    found.availability = Availability::Complete;
    found.missing = {"h18v07", "h19v07", "h18v08"};
    const std::vector<std::string> ids = {"wedge", "lagos", "far"};
    const std::vector<std::vector<BlackMarbleTile>> cells = {
        {tile("h18v07"), tile("h18v08"), tile("h19v08")}, {tile("h18v08")}, {tile("h28v07")}};
    DiscoveredMonth marked = found;
    mark_blackmarble_gaps(marked, ids, cells);
    EXPECT_EQ(marked.availability, Availability::Incomplete);
    EXPECT_EQ(marked.missing, (std::vector<std::string>{"h18v07", "h18v08"}));
    EXPECT_EQ(marked.reason, "not published this period: h18v07 h18v08 (zones with cells there "
                             "get no numbers: wedge lagos); absent, no zone's cells there (ocean, "
                             "not a gap): h19v07");
    // Only ocean absent: nothing the zones need is missing.
    marked = found;
    marked.missing = {"h19v07"};
    mark_blackmarble_gaps(marked, ids, cells);
    EXPECT_EQ(marked.availability, Availability::Complete);
    EXPECT_TRUE(marked.missing.empty());
    // A period without a listing, or whose listing failed, is left as it is.
    for (const bool failed : {false, true}) {
        marked = found;
        marked.availability = failed ? Availability::Complete : Availability::NotPublished;
        marked.error = failed ? "HTTP 500" : "";
        mark_blackmarble_gaps(marked, ids, cells);
        EXPECT_EQ(marked.missing, found.missing);
    }
}
