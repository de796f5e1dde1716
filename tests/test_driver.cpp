#include "sezu/driver.hpp"
#include "sezu/month_result.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace sezu;

TEST(Partition, EveryMonthExactlyOnceForAnyRankCount)
{
    const auto months = expand_span(YearMonth(2017, 1), YearMonth(2017, 5));
    for (int ranks : {1, 2, 3, 5, 7}) {
        const auto parts = partition_months(months, ranks);
        ASSERT_EQ(parts.size(), size_t(ranks));
        std::set<int> seen;
        size_t total = 0;
        for (const auto& p : parts) {
            for (size_t i = 1; i < p.size(); ++i)
                EXPECT_LT(p[i - 1], p[i]);
            for (const auto& m : p)
                seen.insert(m.index());
            total += p.size();
        }
        EXPECT_EQ(total, months.size()) << ranks;
        EXPECT_EQ(seen.size(), months.size()) << ranks;
    }
    // More ranks than months: the extra ranks get nothing, and that is fine.
    EXPECT_TRUE(partition_months(months, 7)[6].empty());
}

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
    a.tiles = {{"75N060W", "f.tgz", "2017100412000", 99}};
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
    EXPECT_EQ(back[1].status, MonthStatus::Incomplete);
    EXPECT_EQ(back[1].reason, b.reason);
    EXPECT_THROW(deserialize_results(serialize({a}).substr(0, 20)), std::exception);
}
