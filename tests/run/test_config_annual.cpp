// The span of an annual product (vnp46a4, vj146a4): years, YYYY, one period each, held as its
// January; months refused with what to write instead.
#include "sezu/core/error.hpp"
#include "sezu/run/config.hpp"

#include "config_error.hpp"

#include <gtest/gtest.h>

using namespace sezu;
using test::config_error;

namespace {

std::string annual(const std::string& start, const std::string& end,
                   const std::string& unit = "year")
{
    return R"({"options": {"spanUnit": ")" + unit + R"(", "spanStart": ")" + start +
           R"(", "spanEnd": ")" + end + R"("}, "zones": "z.geojson", "product": "vnp46a4"})";
}

} // namespace

TEST(ConfigAnnual, TheClassicTemplateWithYearsGivesOnePeriodPerYear)
{
    const Config c = parse_config_json(annual("2014", "2016"), "/d");
    EXPECT_NO_THROW(c.validate());
    EXPECT_EQ(c.data_product().period, PeriodUnit::Year);
    EXPECT_EQ(c.months(),
              (std::vector<YearMonth>{YearMonth(2014, 1), YearMonth(2015, 1), YearMonth(2016, 1)}));
    // Without a span unit (the command line's --span-start 2014): the same years.
    const Config no_unit = parse_config_json(annual("2014", "2016", "month"), "/d");
    EXPECT_EQ(no_unit.months().size(), 3u);
    // The provenance says what the bounds are: years.
    EXPECT_NE(no_unit.to_json().find(R"("spanUnit":"year")"), std::string::npos)
        << no_unit.to_json();
    // The year's folder is its first day: .../VNP46A4/2015/001/.
    const std::string folder =
        expand_source_template(c.source_template(), YearMonth(2015, 1), c.product);
    EXPECT_NE(folder.find("/allData/5200/VNP46A4/2015/001/"), std::string::npos) << folder;
    Config noaa20 = c;
    noaa20.product_name = "vj146a4";
    EXPECT_NE(expand_source_template(noaa20.source_template(), YearMonth(2019, 1), c.product)
                  .find("/VJ146A4/2019/001/"),
              std::string::npos);
    Config both = c;
    both.product.satellite = "auto";
    EXPECT_NO_THROW(both.validate());
}

TEST(ConfigAnnual, MonthsAndImpossibleYearsAreRefusedSayingWhatToWrite)
{
    // A month would silently stand for its whole year: refused.
    const std::string month = config_error(annual("201401", "201612"));
    EXPECT_NE(month.find("'201401' is not a year"), std::string::npos) << month;
    EXPECT_NE(month.find("--span-start 2014 --span-end 2016"), std::string::npos) << month;
    EXPECT_NE(config_error(annual("2014", "2016-12")).find("spanEnd '2016-12' is not a year"),
              std::string::npos);
    EXPECT_NE(config_error(annual("2016", "2014")).find("swap them"), std::string::npos);
    EXPECT_NE(config_error(annual("2011", "2014")).find("start in 2012"), std::string::npos);
    EXPECT_NE(config_error(annual("2014", "2999")).find("after the current year"),
              std::string::npos);
    // The monthly products still take months only.
    const std::string k = R"({"options": {"spanStart": "2014", "spanEnd": "2016"},
        "zones": "z.geojson", "product": "vnp46a3"})";
    EXPECT_NE(config_error(k), "");
}
