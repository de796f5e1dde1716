#include "sezu/run/driver.hpp"
#include "sezu/stats/month_result.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace sezu;

TEST(MonthResults, RoundTripBetweenRanks)
{
    MonthResult a;
    a.month = YearMonth(2017, 9);
    a.status = MonthStatus::Ok;
    ZoneStats s;
    s.count = 12.5;
    s.sum = -3.25;
    s.mean = NAN;
    a.stats = {s, s};
    a.tiles = {{"75N060W", "f.tgz", "2017100412000", 99, "cafe"}};
    MonthResult b;
    b.month = YearMonth(2017, 10);
    b.status = MonthStatus::Incomplete;
    b.reason = "5 of 6 tiles; missing 00N060E";
    const auto back = deserialize_results(serialize({a, b}));
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].month, a.month);
    EXPECT_EQ(back[0].stats.size(), 2u);
    EXPECT_DOUBLE_EQ(back[0].stats[1].sum, -3.25);
    EXPECT_TRUE(std::isnan(back[0].stats[1].mean));
    EXPECT_EQ(back[0].tiles[0].stamp, "2017100412000");
    EXPECT_EQ(back[0].tiles[0].sha256, "cafe");
    EXPECT_EQ(back[1].status, MonthStatus::Incomplete);
    EXPECT_EQ(back[1].reason, b.reason);
    EXPECT_THROW(deserialize_results(serialize({a}).substr(0, 20)), std::exception);
}
