// The product settings of a run: which product, its variable and quality flags, the Black Marble
// demo configuration and NASA's token variable.
#include "sezu/run/config.hpp"
#include "sezu/core/error.hpp"
#include "sezu/discover/source_check.hpp"

#include "config_error.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace sezu;
using test::config_error;

TEST(Config, ProductVariableAndQualityFlags)
{
    const std::string k = R"({"options": {"spanStart": "201701", "spanEnd": "201701"},
        "zones": "z.geojson")";
    // Without a product: today's EOG tiles, 6 downloads, fill dropped, nothing new in the JSON.
    const Config eog = parse_config_json(k + "}", "/d");
    EXPECT_EQ(eog.product_name, "eog-monthly");
    EXPECT_EQ(eog.data_product().family, ProductFamily::EogTiles);
    EXPECT_EQ(eog.variable_or_default(), "avg_rade9h");
    EXPECT_EQ(eog.downloads(), 6);
    EXPECT_EQ(eog.drop_quality, std::vector<int>{255});
    EXPECT_EQ(eog.to_json().find("product"), std::string::npos);

    const Config bm = parse_config_json(
        k + R"(, "product": "vnp46a3", "variable": "AllAngle_Composite_Snow_Free",
        "dropQuality": [1, 2, 255]})", "/d");
    EXPECT_EQ(bm.data_product().short_name, "VNP46A3");
    EXPECT_EQ(bm.variable_or_default(), "AllAngle_Composite_Snow_Free");
    EXPECT_EQ(bm.drop_quality, (std::vector<int>{1, 2, 255}));
    EXPECT_EQ(bm.downloads(), 3); // the Black Marble servers throttle
    EXPECT_NO_THROW(bm.validate());
    EXPECT_NE(bm.to_json().find(R"("product":"vnp46a3")"), std::string::npos) << bm.to_json();
    EXPECT_NE(bm, eog);
    EXPECT_EQ(parse_config_json(k + R"(, "product": "vj146a3", "dropQuality": "255,1"})", "/d")
                  .drop_quality,
              (std::vector<int>{255, 1}));
    EXPECT_EQ(parse_config_json(k + R"(, "product": "vnp46a3", "parallelDownloads": 2})", "/d")
                  .downloads(),
              2);

    EXPECT_NE(config_error(k + R"(, "product": "VIIRS"})").find("eog-monthly, vnp46a3"),
              std::string::npos);
    EXPECT_NE(config_error(k + R"(, "product": "vnp46a3", "dropQuality": [1, 256]})")
                  .find("dropQuality"),
              std::string::npos);
    EXPECT_NE(config_error(k + R"(, "product": "vnp46a3", "dropQuality": "1;2"})")
                  .find("1,2,255"),
              std::string::npos);
    // Black Marble settings for the EOG tiles are refused, not silently ignored.
    Config wrong = eog;
    wrong.variable = "NearNadir_Composite_Snow_Free";
    EXPECT_THROW(wrong.validate(), ConfigError);
    wrong = eog;
    wrong.drop_quality = {1, 255};
    EXPECT_THROW(wrong.validate(), ConfigError);
}

TEST(Config, TheBlackMarbleDemoReadsAndNamesItsMirror)
{
    const Config c =
        load_config_file(std::string(SEZU_SOURCE_DIR) + "/inputs/demo_blackmarble.json");
    EXPECT_EQ(c.data_product().name, "vnp46a3");
    EXPECT_NO_THROW(c.validate());
    EXPECT_EQ(c.months().size(), 60u);
    const std::string folder = expand_source_template(c.source_template(), YearMonth(2013, 3),
                                                      c.product);
    EXPECT_NE(folder.find("/outputs/mirror_blackmarble/archive/allData/5200/VNP46A3/2013/060/"),
              std::string::npos)
        << folder;
    // The demo proper stays on the EOG tiles.
    EXPECT_EQ(load_config_file(std::string(SEZU_SOURCE_DIR) + "/inputs/demo.json").product_name,
              "eog-monthly");
}

TEST(Config, BlackMarbleReadsTheEarthdataTokenWhenItsOwnVariableIsUnset)
{
    ::setenv("EARTHDATA_TOKEN", "edl-token", 1);
    ::unsetenv("SEZU_TOKEN_TEST_UNSET");
    Config c;
    c.token_env = "SEZU_TOKEN_TEST_UNSET";
    EXPECT_EQ(c.login_options().token, ""); // the EOG tiles never take NASA's token
    c.product_name = "vnp46a3";
    EXPECT_EQ(c.login_options().token, "edl-token");
    ::setenv("SEZU_TOKEN_TEST_UNSET", "named", 1);
    EXPECT_EQ(c.login_options().token, "named"); // the variable the user names comes first
    ::unsetenv("SEZU_TOKEN_TEST_UNSET");
    ::unsetenv("EARTHDATA_TOKEN");
}

TEST(Config, AUserAgentWithALineBreakIsRefused)
{
    // "x\r\nInjected: 1" would add a header of the user's making to every request.
    const std::string message = config_error(
        R"({"options": {"spanStart": "201701", "spanEnd": "201702"}, "zones": "z.geojson",
            "userAgent": "x\r\nInjected: 1"})");
    EXPECT_NE(message.find("userAgent: control characters"), std::string::npos) << message;
}
