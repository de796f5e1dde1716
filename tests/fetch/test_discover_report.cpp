// `sezu discover`'s table: one row per month (complete, incomplete, not published, error), as
// text and as JSON with credentials redacted, and discovery that keeps going after a listing
// fails (against the loopback server).
#include "sezu/discover/discover_report.hpp"
#include "sezu/fetch/fetch.hpp"

#include "fetch_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace sezu {
namespace {

using namespace fetch_test;

/// 2019-05 complete, 2019-06 without 00N060E, 2019-07 not published, 2019-08 a failed listing
/// (behind a URL with credentials).
std::vector<DiscoveredMonth> report_months()
{
    std::vector<ListingEntry> all, five;
    for (const auto& t : tile_names()) {
        std::string n = name_of(t);
        all.push_back({n, "http://h/201905/" + n});
        n.replace(n.find("201905"), 6, "201906").replace(n.find("20190531"), 8, "20190630");
        five.push_back({n, "http://h/201906/" + n});
    }
    five.pop_back();
    std::vector<DiscoveredMonth> months;
    months.push_back(group_listing(YearMonth(2019, 5), ProductSpec{}, "http://h/201905/", all));
    months.push_back(group_listing(YearMonth(2019, 6), ProductSpec{}, "http://h/201906/", five));
    DiscoveredMonth absent;
    absent.month = YearMonth(2019, 7);
    absent.listing_url = "http://h/201907/";
    absent.reason = "no listing at http://h/201907/";
    months.push_back(absent);
    DiscoveredMonth failed;
    failed.month = YearMonth(2019, 8);
    failed.listing_url = "https://user:pw@h/201908/";
    failed.error = "fetch: HTTP 500 for https://user:pw@h/201908/";
    months.push_back(failed);
    return months;
}

TEST(DiscoverReport, TableHasOneRowPerMonth)
{
    const auto months = report_months();
    ASSERT_EQ(months[1].availability, Availability::Incomplete);
    std::ostringstream out;
    print_discovery(out, months, false);
    EXPECT_EQ(out.str(),
              "month   status         tiles  missing  reason\n"
              "201905  complete       6/6    -\n"
              "201906  incomplete     5/6    00N060E  5 of 6 tiles; missing 00N060E\n"
              "201907  not published  0/6    -        no listing at http://h/201907/\n"
              "201908  error          0/6    -        fetch: HTTP 500 for https://***@h/201908/\n");
    EXPECT_EQ(discovery_status(months[3]), "error");
}

TEST(DiscoverReport, JsonForMachines)
{
    std::ostringstream out;
    print_discovery(out, report_months(), true);
    EXPECT_EQ(out.str().find("pw@"), std::string::npos) << out.str();
    const auto j = nlohmann::json::parse(out.str());
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), 4u);
    EXPECT_EQ(j[0]["month"], "201905");
    EXPECT_EQ(j[0]["status"], "complete");
    EXPECT_EQ(j[0]["tiles_found"], 6);
    EXPECT_TRUE(j[0]["missing"].empty());
    ASSERT_EQ(j[0]["tiles"].size(), 6u);
    EXPECT_EQ(j[0]["tiles"][4]["tile"], "00N060W");
    EXPECT_EQ(j[0]["tiles"][4]["file"], name_of("00N060W"));
    EXPECT_EQ(j[0]["tiles"][4]["stamp"], "201906101530");
    EXPECT_EQ(j[0]["tiles"][4]["url"], "http://h/201905/" + name_of("00N060W"));
    EXPECT_EQ(j[1]["status"], "incomplete");
    EXPECT_EQ(j[1]["tiles_found"], 5);
    EXPECT_EQ(j[1]["missing"], nlohmann::json::array({"00N060E"}));
    EXPECT_EQ(j[1]["reason"], "5 of 6 tiles; missing 00N060E");
    EXPECT_EQ(j[2]["status"], "not published");
    EXPECT_EQ(j[3]["status"], "error");
    EXPECT_EQ(j[3]["listing_url"], "https://***@h/201908/");
    EXPECT_EQ(j[3]["reason"], "fetch: HTTP 500 for https://***@h/201908/");
    EXPECT_EQ(j[0]["satellite"], "npp");
    EXPECT_EQ(j[0]["first_day"], "20190501");
    EXPECT_EQ(j[0]["last_day"], "20190531");
    EXPECT_EQ(j[0]["partial"], false);
    EXPECT_EQ(j[2]["satellite"], "");
}

// EOG's 2022-07 (partial) and 2022-08 (NOAA-20's, as --satellite auto finds it) say so in their
// rows.
TEST(DiscoverReport, PartialAndNoaa20MonthsSaySo)
{
    std::vector<ListingEntry> july, august;
    for (const auto& t : tile_names()) {
        const std::string j = "SVDNB_npp_20220701-20220726_" + t + "_vcmcfg_v10_c202208221047.tgz";
        july.push_back({j, "http://h/202207/" + j});
        const std::string a = "SVDNB_j01_20220801-20220831_" + t + "_vcmcfg_v10_c202209221047.tgz";
        august.push_back({a, "http://h/202208/NOAA-20/" + a});
    }
    ProductSpec j01;
    j01.satellite = "j01";
    const std::vector<DiscoveredMonth> months = {
        group_listing(YearMonth(2022, 7), ProductSpec{}, "http://h/202207/", july),
        group_listing(YearMonth(2022, 8), j01, "http://h/202208/NOAA-20/", august)};
    std::ostringstream table;
    print_discovery(table, months, false);
    EXPECT_EQ(table.str(), "month   status    tiles  missing  reason\n"
                           "202207  complete  6/6    -        partial: 20220701-20220726\n"
                           "202208  complete  6/6    -        from j01 (NOAA-20)\n");
    std::ostringstream json;
    print_discovery(json, months, true);
    const auto j = nlohmann::json::parse(json.str());
    EXPECT_EQ(j[0]["partial"], true);
    EXPECT_EQ(j[0]["last_day"], "20220726");
    EXPECT_EQ(j[1]["satellite"], "j01");
    EXPECT_EQ(j[1]["partial"], false);
}

TEST(DiscoverReport, DiscoverMonthsKeepsGoingAfterAFailedListing)
{
    TempDir tmp;
    write_month(tmp.file("www"), 1000);
    HttpServer server(tmp.file("www"));
    server.inject("/2019/201906/vcmcfg/", Fault::status_burst(500, -1));
    FetchOptions o = quick_options(tmp.file("cache"));
    o.limits.max_attempts = 1;
    Fetcher fetcher(o);
    const auto found =
        discover_months(fetcher, server.url(kTemplate), ProductSpec{},
                        {YearMonth(2019, 5), YearMonth(2019, 6), YearMonth(2019, 7)});
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(discovery_status(found[0]), "complete");
    EXPECT_EQ(discovery_status(found[1]), "error");
    EXPECT_NE(found[1].error.find("HTTP 500 for " + server.url("/2019/201906/vcmcfg/")),
              std::string::npos)
        << found[1].error;
    EXPECT_EQ(found[1].missing.size(), 6u);
    EXPECT_EQ(discovery_status(found[2]), "not published");
    EXPECT_EQ(found[2].error, "");
}

} // namespace
} // namespace sezu
