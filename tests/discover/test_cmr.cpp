// NASA's CMR granule search: the query of each page and what CMR's JSON answer names. Pure
// strings; the answer below has the shape of a real VNP46A3 entry (links of several kinds).
#include "sezu/core/error.hpp"
#include "sezu/discover/cmr.hpp"

#include <gtest/gtest.h>

using namespace sezu;

TEST(Cmr, QueryByShortNameVersionTimeAndBox)
{
    const Product& a3 = find_product("vnp46a3");
    const BBox box{3, 6, 108.5, 16.5};
    EXPECT_EQ(cmr_query_url(kCmrGranulesUrl, a3, YearMonth(2024, 2), box, 1),
              "https://cmr.earthdata.nasa.gov/search/granules.json?short_name=VNP46A3&version=2"
              "&temporal=2024-02-01T00:00:00Z,2024-02-29T23:59:59Z&bounding_box=3,6,108.5,16.5"
              "&page_size=2000&page_num=1");
    // The user's own parameters (a smaller page, a provider) stay, and page_size is theirs.
    const std::string mine = "http://127.0.0.1:5/search/granules.json?page_size=1&provider=LAADS";
    EXPECT_EQ(cmr_query_url(mine, find_product("vj146a4"), YearMonth(2019, 1), box, 3),
              mine + "&short_name=VJ146A4&version=2&temporal=2019-01-01T00:00:00Z,"
                     "2019-12-31T23:59:59Z&bounding_box=3,6,108.5,16.5&page_num=3");
    EXPECT_EQ(cmr_page_size(mine), 1);
    EXPECT_EQ(cmr_page_size(kCmrGranulesUrl), kCmrPageSize);
    EXPECT_EQ(cmr_page_size("http://h/s?page_size=x"), kCmrPageSize);
    Product old = a3;
    old.collection = "5000";
    EXPECT_EQ(cmr_version(old), "1");
    EXPECT_EQ(cmr_version(a3), "2");
}

TEST(Cmr, TheBoxIsClippedAndWrapsAcrossTheAntimeridian)
{
    EXPECT_EQ(cmr_bounding_box({-10.5, -95, 20, 95}), "-10.5,-90,20,90");
    // Zones across 180 have boxes past 180E: west stays larger than east, as CMR takes it.
    EXPECT_EQ(cmr_bounding_box({179, -17, 181, -16}), "179,-17,-179,-16");
    EXPECT_EQ(cmr_bounding_box({181, -17, 182, -16}), "-179,-17,-178,-16");
    EXPECT_EQ(cmr_bounding_box({-200, 0, 200, 1}), "-180,0,180,1");
}

namespace {

// One entry as CMR's granules.json gives it for a VNP46A3 granule (abridged): the data link on
// the DAAC's https server, the same file on S3, a metadata and a browse link.
std::string entry(const std::string& name, const std::string& href)
{
    return R"({"id": "G2896544441-LAADS", "title": ")" + name +
           R"(", "producer_granule_id": ")" + name + R"(",
        "time_start": "2024-02-01T00:00:00.000Z", "time_end": "2024-02-29T23:59:59.990Z",
        "collection_concept_id": "C2107148920-LAADS", "links": [
          {"rel": "http://esipfed.org/ns/fedsearch/1.1/s3#", "href": "s3://prod-lads/VNP46A3/)" +
           name + R"("},
          {"rel": "http://esipfed.org/ns/fedsearch/1.1/metadata#",
           "href": "https://cmr.earthdata.nasa.gov/search/concepts/G2896544441-LAADS.xml"},
          {"rel": "http://esipfed.org/ns/fedsearch/1.1/data#", "href": ")" + href + R"("},
          {"rel": "http://esipfed.org/ns/fedsearch/1.1/browse#",
           "href": "https://ladsweb.modaps.eosdis.nasa.gov/browse.png"}]})";
}

} // namespace

TEST(Cmr, EntriesGiveTheGranulesNameAndItsHttpDataLink)
{
    const std::string a = "VNP46A3.A2024032.h18v08.002.2024062143012.h5";
    const std::string b = "VNP46A3.A2024032.h28v07.002.2024063101501.h5";
    const std::string url_a =
        "https://data.laadsdaac.earthdatacloud.nasa.gov/prod-lads/VNP46A3/" + a;
    const std::string text = R"({"feed": {"updated": "2024-04-01T00:00:00Z", "entry": [)" +
                             entry(a, url_a) + "," +
                             // Only an S3 link: nothing sezu may fetch.
                             R"({"title": ")" + b + R"(", "links": [{"rel":
                               "http://esipfed.org/ns/fedsearch/1.1/data#", "href": "s3://x/)" +
                             b + R"("}]})" + R"(]}})";
    const CmrPage page = parse_cmr_granules(text, "https://cmr/q");
    EXPECT_EQ(page.entries, 2u);
    ASSERT_EQ(page.granules.size(), 1u);
    EXPECT_EQ(page.granules[0], (ListingEntry{a, url_a}));

    // Without producer_granule_id and with a title that is no file name, the link names it.
    const std::string bare =
        R"({"feed": {"entry": [{"title": "LAADS:7268310", "links": [{"rel":
        "http://esipfed.org/ns/fedsearch/1.1/data#", "href": "https://h/a/)" + b + R"("}]}]}})";
    EXPECT_EQ(parse_cmr_granules(bare, "q").granules,
              (std::vector<ListingEntry>{{b, "https://h/a/" + b}}));
    EXPECT_EQ(parse_cmr_granules(R"({"feed": {"entry": []}})", "q").entries, 0u);
}

TEST(Cmr, AnAnswerThatIsNotCmrsSaysSo)
{
    for (const std::string& text :
         {std::string("<html>login</html>"), std::string(R"({"feed": {}})"),
          std::string(R"({"errors": ["Parameter [shortname] was not recognized."]})")}) {
        try {
            parse_cmr_granules(text, "https://cmr.example/search?x=1");
            ADD_FAILURE() << text;
        } catch (const DataError& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find("https://cmr.example/search?x=1 is not an answer of CMR's granule "
                             "search"),
                      std::string::npos)
                << m;
            EXPECT_NE(m.find("--cmr-url"), std::string::npos) << m;
            if (text.find("errors") != std::string::npos) {
                EXPECT_NE(m.find("Parameter [shortname] was not recognized."), std::string::npos)
                    << m;
            }
        }
    }
}
