// An annual Black Marble period (VNP46A4) over loopback HTTP, as NASA serves it: the year's LAADS
// listing (YYYY/001.csv) and granules from the source's server with the Earthdata token, each
// granule answered with a 303 to another server, where the token must not go.
#include "sezu/mirror/blackmarble_mirror.hpp"
#include "sezu/run/pipeline.hpp"

#include "http_server.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace sezu;
using test::Fault;
using test::HttpServer;

namespace {

const std::string kToken = "EDL-token.for-nasa.only";
const char* const kFolder = "/archive/allData/5200/VNP46A4/";
const YearMonth kYear(2015, 1); // the year 2015, held as its January

std::string granule_path(const BlackMarbleTile& tile)
{
    return kFolder + std::string("2015/001/") +
           format_blackmarble_name("VNP46A4", kYear, tile, "002",
                                   blackmarble_mirror_production(kYear, PeriodUnit::Year));
}

MonthResult process(const test::TempDir& dir, const std::string& source, const std::string& cache,
                    const std::string& token)
{
    Config c;
    c.product_name = "vnp46a4";
    c.source = source;
    c.zones = dir.file("zones.geojson");
    c.id_field = "zone_id";
    c.cache_dir = dir.file(cache);
    c.span_start = c.span_end = "2015";
    c.validate();
    const ZoneSet zones = load_run_zones(c, false);
    FetchOptions o;
    o.cache_dir = c.cache_dir;
    o.parallel = c.downloads();
    o.limits.max_attempts = 2;
    o.limits.retry_wait_s = 0.01;
    o.token = token;
    o.source = c.source;
    o.quiet = true;
    Fetcher fetcher(o);
    MonthProcessor processor(c, zones, fetcher);
    EXPECT_EQ(c.months(), std::vector<YearMonth>{kYear});
    return processor.process(kYear);
}

} // namespace

TEST(BlackMarbleAnnualHttp, TheYearsGranulesComeWithTheTokenWhichStaysOffTheRedirect)
{
    test::TempDir dir;
    write_blackmarble_mirror({dir.file("m"), {kYear}, find_product("vnp46a4"), 60});
    test::write_zones_geojson(dir.file("zones.geojson"), {"lagos", "danang"},
                              {"POLYGON((3 6,4 6,4 7,3 7,3 6))",
                               "POLYGON((108 15.5,108.5 15.5,108.5 16.5,108 16.5,108 15.5))"});
    HttpServer source(dir.file("m"));
    HttpServer storage(dir.file("m")); // same host, another port: another origin
    const std::vector<BlackMarbleTile> tiles = {{18, 8}, {28, 7}};
    for (const auto& t : tiles)
        source.inject(granule_path(t), Fault::redirect(storage.url(granule_path(t)), -1, 303));
    const MonthResult r =
        process(dir, source.url(std::string(kFolder) + "{YYYY}/{DDD}/"), "cache", kToken);
    ASSERT_EQ(r.status, MonthStatus::Ok) << r.reason;
    ASSERT_EQ(r.tiles.size(), 2u);
    EXPECT_EQ(source.count(std::string(kFolder) + "2015/001.csv"), 1);
    for (const auto& t : tiles) {
        const std::string path = granule_path(t);
        ASSERT_EQ(storage.count(path), 1) << path;
        EXPECT_EQ(storage.requests_for(path)[0].header("authorization"), "");
        EXPECT_EQ(source.requests_for(path)[0].header("authorization"), "Bearer " + kToken);
    }
    for (const auto& req : storage.requests())
        EXPECT_EQ(req.header("authorization"), "") << "the token went to " << req.path;

    // The same numbers as the same granules read from the folder.
    const MonthResult want = process(
        dir, blackmarble_mirror_template(dir.file("m"), find_product("vnp46a4")), "local", "");
    ASSERT_EQ(want.status, MonthStatus::Ok) << want.reason;
    for (std::size_t z = 0; z < 2; ++z) {
        EXPECT_GT(want.stats[z].count, 0.0);
        EXPECT_EQ(r.stats[z].count, want.stats[z].count);
        EXPECT_EQ(r.stats[z].sum, want.stats[z].sum);
    }
}
