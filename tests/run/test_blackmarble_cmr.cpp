// Black Marble granules found through NASA's CMR granule search (--catalog cmr) instead of the
// LAADS listings: a loopback server answers CMR's queries from the mirror's tree (checking the
// parameters it is asked with, in pages), another serves the granules behind the Earthdata
// token. The token goes to the download server only, never to CMR; the numbers are those of
// the same granules found through the listing.
#include "sezu/archive/archive.hpp"
#include "sezu/discover/url.hpp"
#include "sezu/mirror/blackmarble_mirror.hpp"
#include "sezu/run/pipeline.hpp"

#include "http_server.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

using namespace sezu;
using test::HttpServer;
namespace fs = std::filesystem;

namespace {

const std::string kToken = "EDL-token.for-the-download-server";
const std::string kSearch = "/search/granules.json";
const YearMonth kMonth(2024, 1);

// The parameters of a request's query, decoded.
std::map<std::string, std::string> query_of(const std::string& target)
{
    std::map<std::string, std::string> out;
    const std::size_t q = target.find('?');
    std::size_t at = q == std::string::npos ? target.size() : q + 1;
    while (at < target.size()) {
        const std::size_t end = std::min(target.find('&', at), target.size());
        const std::string item = target.substr(at, end - at);
        const std::size_t eq = item.find('=');
        out[item.substr(0, eq)] = eq == std::string::npos ? "" : url_decode(item.substr(eq + 1));
        at = end + 1;
    }
    return out;
}

// CMR's granule search over a mirror's tree: the granules of the asked short name and month
// whose tile meets the asked box, page by page, each linked to `download` (the DAAC's server)
// and to S3; a query missing a parameter CMR needs here is answered 400 with CMR's "errors".
test::HttpAnswer search_mirror(const std::string& mirror, const std::string& download,
                               const test::HttpRequest& req)
{
    auto q = query_of(req.target);
    for (const char* key :
         {"short_name", "version", "temporal", "bounding_box", "page_size", "page_num"})
        if (q[key].empty())
            return {400, "application/json",
                    R"({"errors": ["the test's CMR needs )" + std::string(key) + R"("]})"};
    const int year = std::stoi(q["temporal"].substr(0, 4));
    const YearMonth month(year, std::stoi(q["temporal"].substr(5, 2)));
    double w = 0, s = 0, e = 0, n = 0;
    std::sscanf(q["bounding_box"].c_str(), "%lf,%lf,%lf,%lf", &w, &s, &e, &n);
    char folder[64];
    std::snprintf(folder, sizeof folder, "/%d/%03d/", year, first_day_of_year(month));
    const std::string path = "/archive/allData/5200/" + q["short_name"] + folder;
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(mirror + path, ec)) {
        const auto name = parse_blackmarble_name(f.path().filename().string());
        if (name && name->short_name == q["short_name"] && q["version"] == "2" &&
            name->tile.extent().intersects({w, s, e, n}))
            names.push_back(name->file_name);
    }
    std::sort(names.begin(), names.end());
    const std::size_t size = std::stoul(q["page_size"]);
    const std::size_t from = (std::stoul(q["page_num"]) - 1) * size;
    nlohmann::json entries = nlohmann::json::array();
    for (std::size_t i = from; i < names.size() && i < from + size; ++i)
        entries.push_back(
            {{"title", names[i]},
             {"producer_granule_id", names[i]},
             {"links",
              {{{"rel", "http://esipfed.org/ns/fedsearch/1.1/s3#"},
                {"href", "s3://prod-lads/" + q["short_name"] + "/" + names[i]}},
               {{"rel", "http://esipfed.org/ns/fedsearch/1.1/data#"},
                {"href", download + path + names[i]}}}}});
    return {200, "application/json", nlohmann::json{{"feed", {{"entry", entries}}}}.dump()};
}

class BlackMarbleCmr : public ::testing::Test {
protected:
    void SetUp() override
    {
        write_blackmarble_mirror({mirror(), {kMonth, kMonth.next()}, find_product("vnp46a3"),
                                  60});
        // An older production of Da Nang's January granule: CMR lists both, the newest wins.
        const std::string folder = mirror() + "/archive/allData/5200/VNP46A3/2024/001/";
        fs::copy_file(folder + format_blackmarble_name("VNP46A3", kMonth, {28, 7}, "002",
                                                       blackmarble_mirror_production(kMonth)),
                      folder + format_blackmarble_name("VNP46A3", kMonth, {28, 7}, "002",
                                                       "2024035000000"));
        test::write_zones_geojson(m_dir.file("zones.geojson"), {"lagos", "danang"},
                                  {"POLYGON((3 6,4 6,4 7,3 7,3 6))",
                                   "POLYGON((108 15.5,108.5 15.5,108.5 16.5,108 16.5,108 15.5))"});
        m_download.require_token(kToken);
        m_cmr.answer_with(kSearch, [this](const test::HttpRequest& req) {
            return search_mirror(mirror(), m_download.url(""), req);
        });
    }
    std::string mirror() const { return m_dir.file("m"); }
    std::string source() const
    {
        return m_download.url("/archive/allData/{coll}/{short}/{YYYY}/{DDD}/");
    }
    Config config(const std::string& cache) const
    {
        Config c;
        c.product_name = "vnp46a3";
        c.catalog = "cmr";
        c.cmr_url = m_cmr.url(kSearch + "?page_size=2"); // pages of 2: several per month
        c.source = source();
        c.zones = m_dir.file("zones.geojson");
        c.id_field = "zone_id";
        c.cache_dir = m_dir.file(cache);
        c.span_start = c.span_end = "202401";
        return c;
    }
    test::TempDir m_dir;
    HttpServer m_download{m_dir.file("m")};
    HttpServer m_cmr{m_dir.file("empty")};
};

} // namespace

TEST_F(BlackMarbleCmr, GranulesFoundThroughCmrGiveTheListingsNumbers)
{
    const Config c = config("cache");
    ASSERT_NO_THROW(c.validate());
    const ZoneSet zones = load_run_zones(c, false);
    FetchOptions o;
    o.cache_dir = c.cache_dir;
    o.token = kToken;
    o.source = c.source_template();
    o.quiet = true;
    Fetcher fetcher(o);
    MonthProcessor processor(c, zones, fetcher);
    const MonthResult r = processor.process(kMonth);
    ASSERT_EQ(r.status, MonthStatus::Ok) << r.reason;
    ASSERT_EQ(r.tiles.size(), 2u);
    EXPECT_EQ(r.tiles[0].file_name, // tiles north first: h28v07, then h18v08
              format_blackmarble_name("VNP46A3", kMonth, {28, 7}, "002",
                                      blackmarble_mirror_production(kMonth)));

    // The questions CMR was asked: the product, its version, the month, the zones' box, and
    // every page (1, 2, ...) until one came back short; never with the token.
    const auto asked = m_cmr.requests_for(kSearch);
    ASSERT_GE(asked.size(), 2u);
    for (std::size_t i = 0; i < asked.size(); ++i) {
        auto q = query_of(asked[i].target);
        EXPECT_EQ(q["short_name"], "VNP46A3");
        EXPECT_EQ(q["version"], "2");
        EXPECT_EQ(q["temporal"], "2024-01-01T00:00:00Z,2024-01-31T23:59:59Z");
        EXPECT_EQ(q["bounding_box"], "3,6,108.5,16.5");
        EXPECT_EQ(q["page_size"], "2");
        EXPECT_EQ(q["page_num"], std::to_string(i + 1));
        EXPECT_EQ(asked[i].header("authorization"), "");
        EXPECT_EQ(asked[i].status, 200);
    }
    // The granules came from the download server with the token; no LAADS listing was read.
    for (const auto& req : m_download.requests()) {
        EXPECT_EQ(req.header("authorization"), "Bearer " + kToken) << req.path;
        EXPECT_EQ(req.path.find(".csv"), std::string::npos) << req.path;
    }
    EXPECT_EQ(m_download.requests().size(), 2u);

    // The same granules through the LAADS listing of the local mirror give the same numbers.
    Config listing = c;
    listing.catalog = "listing";
    listing.source = blackmarble_mirror_template(mirror(), find_product("vnp46a3"));
    listing.cache_dir = m_dir.file("cache-listing");
    FetchOptions local_options;
    local_options.cache_dir = listing.cache_dir;
    local_options.quiet = true;
    Fetcher local(local_options);
    MonthProcessor by_listing(listing, zones, local);
    const MonthResult want = by_listing.process(kMonth);
    ASSERT_EQ(want.status, MonthStatus::Ok) << want.reason;
    for (std::size_t z = 0; z < 2; ++z) {
        EXPECT_GT(want.stats[z].count, 0.0);
        EXPECT_EQ(r.stats[z].count, want.stats[z].count);
        EXPECT_EQ(r.stats[z].sum, want.stats[z].sum);
    }

    // February lacks Lagos's tile (no number for Lagos), and a month CMR knows nothing of is
    // not published, saying where sezu looked.
    const MonthResult february = processor.process(kMonth.next());
    ASSERT_EQ(february.status, MonthStatus::Ok) << february.reason;
    EXPECT_TRUE(std::isnan(february.stats[0].sum));
    EXPECT_GT(february.stats[1].count, 0.0);
    const MonthResult december = processor.process(YearMonth(2023, 12));
    EXPECT_EQ(december.status, MonthStatus::NotPublished);
    EXPECT_NE(december.reason.find("CMR lists no VNP46A3 granule"), std::string::npos)
        << december.reason;
}

TEST_F(BlackMarbleCmr, RunEndToEndWithTheTokenOnlyForTheDownloadServer)
{
    test::allow_mpirun();
    const std::string token_file = m_dir.file("token.txt");
    std::ofstream(token_file) << kToken << "\n";
    fs::permissions(token_file, fs::perms::owner_read | fs::perms::owner_write);
    const Config c = config("cache");
    const std::string out = m_dir.file("cmr.h5");
    const auto run = test::run_command(test::mpirun_command(
        1, "run -q --product vnp46a3 --catalog cmr --cmr-url '" + c.cmr_url + "' --source '" +
               c.source + "' --token-file " + token_file + " --zones " + c.zones +
               " --id-field zone_id --cache-dir " + c.cache_dir +
               " --span-start 202401 --span-end 202402 -o " + out));
    ASSERT_EQ(run.status, 0) << run.output;
    const ArchiveData a = read_archive(out);
    ASSERT_EQ(a.months.size(), 2u);
    EXPECT_EQ(a.status[0], MonthStatus::Ok);
    EXPECT_EQ(a.status[1], MonthStatus::Ok);
    EXPECT_EQ(a.tiles[0].size(), 2u);
    EXPECT_NE(a.provenance.config_json.find(R"("catalog":"cmr")"), std::string::npos)
        << a.provenance.config_json;
    EXPECT_GE(m_cmr.requests_for(kSearch).size(), 4u); // two months, pages of 2
    for (const auto& req : m_cmr.requests())
        EXPECT_EQ(req.header("authorization"), "") << "the token went to CMR: " << req.target;
    EXPECT_EQ(run.output.find(kToken), std::string::npos);

    // sezu discover asks CMR the same way (February lacks Lagos's tile).
    const auto discovered = test::run_command(test::sezu_command(
        "discover --product vnp46a3 --catalog cmr --cmr-url '" + c.cmr_url + "' --source '" +
        c.source + "' --zones " + c.zones + " --id-field zone_id --span-start 202401 "
        "--span-end 202402"));
    EXPECT_EQ(discovered.status, 1) << discovered.output;
    EXPECT_NE(discovered.output.find("202401  complete    2/2"), std::string::npos)
        << discovered.output;
    EXPECT_NE(discovered.output.find("202402  incomplete  1/2    h18v08"), std::string::npos)
        << discovered.output;

    // CMR is for Black Marble only; an unknown catalog is refused; both before anything is done.
    for (const std::string& flags :
         {std::string("--catalog cmr"), std::string("--product vnp46a3 --catalog stac")}) {
        const auto refused = test::run_command(test::sezu_command(
            "discover " + flags + " --zones " + c.zones + " --span-start 202401 --span-end "
            "202401"));
        EXPECT_EQ(refused.status, 2) << refused.output;
        EXPECT_NE(refused.output.find("catalog: "), std::string::npos) << refused.output;
    }
}

TEST_F(BlackMarbleCmr, DiscoverShowsAPeriodCmrAnswersWronglyAndGoesOn)
{
    // January's question is answered with an error page (CMR's "errors"), February's as usual.
    HttpServer broken(m_dir.file("empty"));
    broken.answer_with(kSearch, [this](const test::HttpRequest& req) -> test::HttpAnswer {
        if (query_of(req.target)["temporal"].rfind("2024-01", 0) == 0)
            return {200, "application/json", R"({"errors": ["Oops, CMR is down."]})"};
        return search_mirror(mirror(), m_download.url(""), req);
    });
    const auto r = test::run_command(test::sezu_command(
        "discover --json --product vnp46a3 --catalog cmr --cmr-url '" + broken.url(kSearch) +
        "' --source '" + source() + "' --zones " + m_dir.file("zones.geojson") +
        " --id-field zone_id --span-start 202401 --span-end 202402"));
    EXPECT_EQ(r.status, 1) << r.output;
    const auto rows = nlohmann::json::parse(r.output, nullptr, false);
    ASSERT_TRUE(rows.is_array() && rows.size() == 2) << r.output;
    EXPECT_EQ(rows[0]["status"], "error");
    EXPECT_NE(rows[0]["reason"].get<std::string>().find("Oops, CMR is down."), std::string::npos)
        << rows[0];
    EXPECT_EQ(rows[1]["tiles_found"], 1) << rows[1];
    EXPECT_EQ(rows[1]["missing"], nlohmann::json::array({"h18v08"})) << rows[1];
}
