#include "sezu/core/error.hpp"
#include "sezu/products/blackmarble_grid.hpp"
#include "sezu/products/product.hpp"

#include <gtest/gtest.h>

using namespace sezu;

TEST(Product, DefaultIsTodaysEogMonthlyTiles)
{
    const Product& p = find_product(kDefaultProduct);
    EXPECT_EQ(p.name, "eog-monthly");
    EXPECT_EQ(products().front(), p);
    EXPECT_EQ(p.family, ProductFamily::EogTiles);
    EXPECT_EQ(p.period, PeriodUnit::Month);
    EXPECT_EQ(p.collection, "v10");
    EXPECT_EQ(p.default_variable, "avg_rade9h");
    EXPECT_EQ(p.parallel_downloads, 6); // what runs used before products existed
}

TEST(Product, BlackMarbleProductsAsPublished)
{
    const Product& a3 = find_product("vnp46a3");
    EXPECT_EQ(a3.family, ProductFamily::BlackMarble);
    EXPECT_EQ(a3.short_name, "VNP46A3");
    EXPECT_EQ(a3.satellite, "npp");
    EXPECT_EQ(a3.collection, "5200");
    EXPECT_EQ(a3.period, PeriodUnit::Month);
    EXPECT_EQ(a3.default_variable, "NearNadir_Composite_Snow_Free");
    EXPECT_EQ(a3.data_group, "HDFEOS/GRIDS/VIIRS_Grid_DNB_2d/Data Fields");
    EXPECT_EQ(a3.parallel_downloads, 3);
    EXPECT_EQ(find_product("vj146a3").satellite, "j01");
    EXPECT_EQ(find_product("vj146a3").short_name, "VJ146A3");
    EXPECT_EQ(find_product("vnp46a4").period, PeriodUnit::Year);
    EXPECT_EQ(find_product("vj146a4").short_name, "VJ146A4");
    EXPECT_NE(find_product("vnp46a4"), a3);
}

TEST(Product, UnknownNameListsTheKnownOnes)
{
    try {
        find_product("VNP46A3");
        FAIL() << "a product name is lower case, as listed";
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("'VNP46A3'"), std::string::npos) << what;
        EXPECT_NE(what.find("eog-monthly, vnp46a3, vj146a3, vnp46a4, vj146a4"), std::string::npos)
            << what;
    }
}

TEST(Product, CollectionsOfFileVersions)
{
    EXPECT_EQ(collection_of_version("002"), "5200");
    EXPECT_EQ(collection_of_version("001"), "5000");
    EXPECT_EQ(collection_of_version("003"), "");
    EXPECT_EQ(to_string(PeriodUnit::Year), "year");
    EXPECT_EQ(to_string(ProductFamily::BlackMarble), "black-marble");
}

TEST(Product, PeriodsAreMonthsOrYearsHeldAsTheirFirstMonth)
{
    const YearMonth m(2015, 12), y(2015, 1);
    EXPECT_EQ(next_period(m, PeriodUnit::Month), YearMonth(2016, 1));
    EXPECT_EQ(next_period(y, PeriodUnit::Year), YearMonth(2016, 1));
    EXPECT_EQ(period_label(m, PeriodUnit::Month), "2015-12");
    EXPECT_EQ(period_label(y, PeriodUnit::Year), "2015");
    EXPECT_EQ(period_text(m, PeriodUnit::Month), "201512");
    EXPECT_EQ(period_text(y, PeriodUnit::Year), "2015");
    EXPECT_EQ(period_last_day(YearMonth(2016, 2), PeriodUnit::Month), "20160229");
    EXPECT_EQ(period_last_day(y, PeriodUnit::Year), "20151231");
    EXPECT_EQ(parse_period_unit(""), PeriodUnit::Month); // archives from before annual products
    EXPECT_EQ(parse_period_unit("year"), PeriodUnit::Year);
    EXPECT_THROW(parse_period_unit("decade"), DataError);
    // An annual granule is named after the year's first day: day 001 of its January.
    EXPECT_EQ(first_day_of_year(y), 1);
}
