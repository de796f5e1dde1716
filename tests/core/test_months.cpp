#include "sezu/core/error.hpp"
#include "sezu/core/months.hpp"

#include <gtest/gtest.h>

using namespace sezu;

TEST(YearMonth, ParsesAndPrints)
{
    EXPECT_EQ(YearMonth::parse("201505").to_string(), "201505");
    EXPECT_EQ(YearMonth::parse("2015-05"), YearMonth(2015, 5));
    EXPECT_EQ(YearMonth(2016, 2).last_day(), "20160229");
    EXPECT_EQ(YearMonth(2015, 2).last_day(), "20150228");
    EXPECT_EQ(YearMonth(1900, 2).days(), 28);
    EXPECT_EQ(YearMonth(2000, 2).days(), 29);
    EXPECT_EQ(YearMonth(2015, 1).first_day(), "20150101");
    EXPECT_EQ(YearMonth(2015, 12).next(), YearMonth(2016, 1));
}

TEST(YearMonth, RejectsMalformedMonths)
{
    for (const char* bad : {"", "2015", "20151", "2015013", "2015x1", "201500", "201513", "abcdef"})
        EXPECT_THROW(YearMonth::parse(bad), ConfigError) << bad;
    try {
        YearMonth::parse("201513");
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("01 to 12"), std::string::npos) << e.what();
    }
}

TEST(YearMonth, DaysSinceEpoch)
{
    EXPECT_EQ(YearMonth(1970, 1).days_since_epoch(), 0);
    EXPECT_EQ(YearMonth(1970, 2).days_since_epoch(), 31);
    EXPECT_EQ(YearMonth(2000, 3).days_since_epoch(), 11017);
    EXPECT_EQ(YearMonth(2012, 4).days_since_epoch(), 15431);
}

TEST(Span, ExpandsInclusive)
{
    auto months = expand_span(YearMonth(2012, 11), YearMonth(2013, 2));
    ASSERT_EQ(months.size(), 4u);
    EXPECT_EQ(months.front(), YearMonth(2012, 11));
    EXPECT_EQ(months.back(), YearMonth(2013, 2));
    EXPECT_EQ(expand_span(SpanUnit::Month, "201204", "201805").size(),
              74u);
    EXPECT_EQ(expand_span(YearMonth(2015, 3), YearMonth(2015, 3)).size(), 1u);
}

TEST(Span, RejectsEndBeforeStartAndPrehistory)
{
    EXPECT_THROW(expand_span(YearMonth(2015, 3), YearMonth(2015, 2)), ConfigError);
    try {
        expand_span(SpanUnit::Month, "201201", "201805");
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("201204"), std::string::npos) << e.what();
    }
    EXPECT_THROW(expand_span(SpanUnit::Month, "", "201805"), ConfigError);
}

TEST(Span, RejectsMonthsAfterNow)
{
    // 209901 is a typo or a wish: no composite can exist after the current month.
    const YearMonth now = current_utc_month();
    EXPECT_EQ(expand_span(YearMonth(2019, 1), now).back(), now);
    try {
        expand_span(SpanUnit::Month, "201901", "209901");
        FAIL() << "a span ending in 2099 was accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("209901 is after the current month (" +
                                             now.to_string() + ")"),
                  std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("latest"), std::string::npos) << e.what();
    }
}

TEST(Span, YearUnit)
{
    auto months = expand_span(SpanUnit::Year, "2013", "2014");
    ASSERT_EQ(months.size(), 24u);
    EXPECT_EQ(months.front(), YearMonth(2013, 1));
    EXPECT_EQ(months.back(), YearMonth(2014, 12));
    EXPECT_THROW(parse_span_unit("week"), ConfigError);
    EXPECT_EQ(parse_span_unit("year"), SpanUnit::Year);
}

TEST(Span, YearsOfAnAnnualProduct)
{
    EXPECT_EQ(expand_years("2014", "2016"),
              (std::vector<YearMonth>{YearMonth(2014, 1), YearMonth(2015, 1), YearMonth(2016, 1)}));
    EXPECT_EQ(expand_years("2012", "2012"), std::vector<YearMonth>{YearMonth(2012, 1)});
    const int now = current_utc_month().year();
    EXPECT_EQ(expand_years(std::to_string(now), std::to_string(now)).size(), 1u);
    for (const auto& [start, end] : std::vector<std::pair<std::string, std::string>>{
             {"201401", "2016"}, {"2014", "2016-12"}, {"14", "16"}, {"2016", "2014"},
             {"2011", "2013"}, {"2014", std::to_string(now + 1)}, {"", "2014"}})
        EXPECT_THROW(expand_years(start, end), ConfigError) << start << ".." << end;
}
