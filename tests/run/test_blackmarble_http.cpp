// A Black Marble period over loopback HTTP, as NASA serves it: the LAADS listing and granules
// from the source's server with the Earthdata bearer token, each granule answered with a 303 to
// another server (NASA's pre-signed storage), where the token must not go; an HTML page instead
// of a granule is an error that says what to do.
#include "sezu/core/error.hpp"
#include "sezu/mirror/blackmarble_mirror.hpp"
#include "sezu/run/pipeline.hpp"

#include "capture_output.hpp"
#include "http_server.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace sezu;
using test::Fault;
using test::HttpServer;

namespace {

const std::string kToken = "EDL-token.for-nasa.only";
const char* const kFolder = "/archive/allData/5200/VNP46A3/";
const YearMonth kMonth(2024, 1);

std::string granule_path(const YearMonth& month, const BlackMarbleTile& tile)
{
    char doy[16];
    std::snprintf(doy, sizeof doy, "%d/%03d/", month.year(), first_day_of_year(month));
    return kFolder + std::string(doy) +
           format_blackmarble_name("VNP46A3", month, tile, "002",
                                   blackmarble_mirror_production(month));
}

struct Job {
    Config config;
    ZoneSet zones;
};

Job job(const test::TempDir& dir, const std::string& source, const std::string& cache)
{
    Job j;
    j.config.product_name = "vnp46a3";
    j.config.source = source;
    j.config.zones = dir.file("zones.geojson");
    j.config.id_field = "zone_id";
    j.config.cache_dir = dir.file(cache);
    j.zones = load_run_zones(j.config, false);
    return j;
}

FetchOptions options(const Job& j, const std::string& token)
{
    FetchOptions o;
    o.cache_dir = j.config.cache_dir;
    o.parallel = j.config.downloads();
    o.limits.max_attempts = 2;
    o.limits.retry_wait_s = 0.01;
    o.token = token;
    o.source = j.config.source;
    o.quiet = true;
    return o;
}

class BlackMarbleHttp : public ::testing::Test {
protected:
    void SetUp() override
    {
        write_blackmarble_mirror({m_dir.file("m"), {kMonth, kMonth.next()},
                                  find_product("vnp46a3"), 60});
        test::write_zones_geojson(m_dir.file("zones.geojson"), {"lagos", "danang"},
                                  {"POLYGON((3 6,4 6,4 7,3 7,3 6))",
                                   "POLYGON((108 15.5,108.5 15.5,108.5 16.5,108 16.5,108 15.5))"});
    }
    test::TempDir m_dir;
};

} // namespace

TEST_F(BlackMarbleHttp, TheTokenGoesToTheSourceNotWhereItsRedirectLeads)
{
    HttpServer source(m_dir.file("m"));
    HttpServer storage(m_dir.file("m")); // same host, another port: another origin
    const std::vector<BlackMarbleTile> tiles = {{18, 8}, {28, 7}};
    for (const auto& t : tiles)
        source.inject(granule_path(kMonth, t),
                      Fault::redirect(storage.url(granule_path(kMonth, t)), -1, 303));
    const Job http = job(m_dir, source.url(std::string(kFolder) + "{YYYY}/{DDD}/"), "cache");
    Fetcher fetcher(options(http, kToken));
    MonthProcessor processor(http.config, http.zones, fetcher);
    const MonthResult r = processor.process(kMonth);
    ASSERT_EQ(r.status, MonthStatus::Ok) << r.reason;
    ASSERT_EQ(r.tiles.size(), 2u);

    for (const auto& t : tiles) {
        const std::string path = granule_path(kMonth, t);
        ASSERT_EQ(storage.count(path), 1) << path;
        EXPECT_EQ(storage.requests_for(path)[0].header("authorization"), "");
        EXPECT_EQ(source.requests_for(path)[0].header("authorization"), "Bearer " + kToken);
    }
    EXPECT_EQ(source.count(std::string(kFolder) + "2024/001.csv"), 1);
    for (const auto& req : storage.requests())
        EXPECT_EQ(req.header("authorization"), "") << "the token went to " << req.path;

    // The same numbers as the same granules read from the folder.
    const Job local = job(m_dir, blackmarble_mirror_template(m_dir.file("m"),
                                                             find_product("vnp46a3")),
                          "cache-local");
    Fetcher local_fetcher(options(local, ""));
    MonthProcessor local_processor(local.config, local.zones, local_fetcher);
    const MonthResult want = local_processor.process(kMonth);
    ASSERT_EQ(want.status, MonthStatus::Ok) << want.reason;
    for (std::size_t z = 0; z < 2; ++z) {
        EXPECT_GT(want.stats[z].count, 0.0);
        EXPECT_EQ(r.stats[z].count, want.stats[z].count);
        EXPECT_EQ(r.stats[z].sum, want.stats[z].sum);
    }
}

TEST_F(BlackMarbleHttp, AnHtmlPageInsteadOfAGranuleSaysWhatToDo)
{
    HttpServer source(m_dir.file("m"));
    source.inject(granule_path(kMonth.next(), {28, 7}), Fault::login_redirect());
    const Job http = job(m_dir, source.url(std::string(kFolder) + "{YYYY}/{DDD}/"), "cache");
    Fetcher fetcher(options(http, ""));
    MonthProcessor processor(http.config, http.zones, fetcher);
    const MonthResult r = processor.process(kMonth.next());
    EXPECT_EQ(r.status, MonthStatus::Failed);
    EXPECT_NE(r.reason.find("got an HTML page instead of an HDF5 granule"), std::string::npos)
        << r.reason;
    EXPECT_NE(r.reason.find("EARTHDATA_TOKEN"), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("(no token is configured)"), std::string::npos) << r.reason;
    EXPECT_EQ(http.config.downloads(), 3); // NASA throttles: 3 at a time unless told otherwise
}

TEST_F(BlackMarbleHttp, SatelliteAutoFallsBackToNoaa20ForAPeriodWithoutSuomiNpp)
{
    // VNP46A3 has January only; VJ146A3 has January and February.
    test::TempDir dir;
    write_blackmarble_mirror({dir.file("m"), {kMonth}, find_product("vnp46a3"), 60});
    write_blackmarble_mirror(
        {dir.file("m"), {kMonth, kMonth.next()}, find_product("vj146a3"), 60});
    const std::string source =
        "file://" + dir.file("m") + "/archive/allData/{coll}/{short}/{YYYY}/{DDD}/";
    Job j = job(m_dir, source, "cache");
    Fetcher fetcher(options(j, ""));
    {
        MonthProcessor processor(j.config, j.zones, fetcher);
        EXPECT_EQ(processor.process(kMonth.next()).status, MonthStatus::NotPublished);
    }
    j.config.product.satellite = "auto";
    j.config.span_start = j.config.span_end = "202401";
    EXPECT_NO_THROW(j.config.validate());
    MonthProcessor processor(j.config, j.zones, fetcher);
    const MonthResult january = processor.process(kMonth);
    ASSERT_EQ(january.status, MonthStatus::Ok) << january.reason;
    EXPECT_EQ(january.tiles.at(0).file_name.rfind("VNP46A3.", 0), 0u);
    const MonthResult february = processor.process(kMonth.next());
    ASSERT_EQ(february.status, MonthStatus::Ok) << february.reason;
    EXPECT_EQ(february.tiles.at(0).file_name.rfind("VJ146A3.A2024032.", 0), 0u)
        << february.tiles.at(0).file_name;
    // Each period's satellite, as the archive records it.
    EXPECT_EQ(january.satellite, "npp");
    EXPECT_EQ(february.satellite, "j01");
    // auto for EOG too (Suomi NPP, NOAA-20 for months without it); other names are refused.
    Config eog;
    eog.zones = "z.geojson";
    eog.output = "o.h5";
    eog.span_start = eog.span_end = "201701";
    eog.product.satellite = "auto";
    EXPECT_NO_THROW(eog.validate());
    eog.product.satellite = "noaa21";
    EXPECT_THROW(eog.validate(), ConfigError);
}

TEST(BlackMarbleZones, TilesWithCellsAndTheWarningUseTheProductsGrid)
{
    test::TempDir dir;
    // A wedge: cells in h18v08, h19v08, h18v07; its box also reaches h19v07. A zone at 80N is
    // outside the EOG tiles (75N..65S) but inside Black Marble's grid (90N..90S); one across the
    // antimeridian takes tiles from both edges.
    test::write_zones_geojson(dir.file("zones.geojson"), {"wedge", "svalbard", "fiji"},
                              {"POLYGON((1 1,19 1,1 19,1 1))",
                               "POLYGON((15 78,16 78,16 81,15 81,15 78))",
                               "POLYGON((179 -17,181 -17,181 -16,179 -16,179 -17))"});
    Config c;
    c.zones = dir.file("zones.geojson");
    c.id_field = "zone_id";
    const ZoneSet zones = load_run_zones(c, false);
    const auto tiles = blackmarble_tiles_with_cells(zones);
    const auto names = [](const std::vector<BlackMarbleTile>& ts) {
        std::string out;
        for (const auto& t : ts)
            out += (out.empty() ? "" : " ") + t.name();
        return out;
    };
    ASSERT_EQ(tiles.size(), 3u);
    EXPECT_EQ(names(tiles[0]), "h18v07 h18v08 h19v08");
    EXPECT_EQ(names(tiles[1]), "h19v00 h19v01");
    EXPECT_EQ(names(tiles[2]), "h00v10 h35v10");

    const auto warnings = [&](const char* product) {
        c.product_name = product;
        test::CaptureOutput out(dir.file(std::string(product) + ".log"));
        load_run_zones(c, true);
        return out.finish();
    };
    const std::string eog = warnings("eog-monthly");
    EXPECT_NE(eog.find("1 of 3 zones lies wholly outside the VIIRS tiles"), std::string::npos)
        << eog;
    const std::string bm = warnings("vnp46a3");
    EXPECT_EQ(bm.find("wholly outside"), std::string::npos) << bm;
}

// The archive's SHA-256 of a granule is the file's, however it came: downloaded in two pieces
// (a transfer cut off and resumed with a Range), read again from the cache, or read in place
// from a local source (where the one read of the file gives both the digest and the cells).
TEST_F(BlackMarbleHttp, TheDigestIsTheGranulesSha256HoweverItCame)
{
    const auto sha256sum = [](const std::string& path) {
        const auto r = test::run_command("sha256sum '" + path + "'");
        EXPECT_EQ(r.status, 0) << r.output;
        return r.output.substr(0, 64);
    };
    const std::vector<BlackMarbleTile> tiles = {{18, 8}, {28, 7}};
    HttpServer source(m_dir.file("m"));
    for (const auto& t : tiles)
        source.inject(granule_path(kMonth, t), Fault::drop_after(700));
    const Job http = job(m_dir, source.url(std::string(kFolder) + "{YYYY}/{DDD}/"), "cache");
    const Job local = job(m_dir, blackmarble_mirror_template(m_dir.file("m"),
                                                             find_product("vnp46a3")),
                          "cache-local");
    for (const Job* j : {&http, &http, &local}) { // the second time from the cache
        Fetcher fetcher(options(*j, ""));
        MonthProcessor processor(j->config, j->zones, fetcher);
        const MonthResult r = processor.process(kMonth);
        ASSERT_EQ(r.status, MonthStatus::Ok) << r.reason;
        ASSERT_EQ(r.tiles.size(), 2u);
        for (const auto& t : r.tiles)
            EXPECT_EQ(t.sha256, sha256sum(m_dir.file("m") + kFolder + "2024/001/" + t.file_name))
                << t.file_name << (j == &local ? " (in place)" : " (over HTTP)");
    }
    for (const auto& t : tiles) // cut once, then resumed: two requests per granule
        EXPECT_EQ(source.count(granule_path(kMonth, t)), 2) << granule_path(kMonth, t);
}
