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

// What a Black Marble product fixes (its layers, its satellite, its first month) is checked
// before anything is fetched, with one message saying what to use instead.
TEST(Config, BlackMarbleRefusesWhatTheProductRulesOut)
{
    const std::string k = R"({"zones": "z.geojson", )";
    const auto span = [](const char* start) {
        return std::string(R"("options": {"spanStart": ")") + start +
               R"(", "spanEnd": "202001"})";
    };
    // A layer the granules do not have: the six radiance layers are listed.
    std::string m = config_error(k + span("201901") + R"(, "product": "vnp46a3",
        "variable": "Bogus"})");
    EXPECT_NE(m.find("'Bogus' is not a radiance layer of VNP46A3"), std::string::npos) << m;
    for (const char* layer : {"AllAngle_Composite_Snow_Free", "AllAngle_Composite_Snow_Covered",
                              "NearNadir_Composite_Snow_Free", "NearNadir_Composite_Snow_Covered",
                              "OffNadir_Composite_Snow_Free", "OffNadir_Composite_Snow_Covered"})
        EXPECT_NE(m.find(layer), std::string::npos) << layer << " in " << m;
    // _Num, _Quality and _Std lie beside a layer but are not radiance.
    EXPECT_NE(config_error(k + span("201901") + R"(, "product": "vnp46a3",
        "variable": "NearNadir_Composite_Snow_Free_Num"})")
                  .find("not a radiance layer"),
              std::string::npos);
    for (const auto& layer : find_product("vnp46a3").variables) {
        Config ok = parse_config_json(k + span("201901") + R"(, "product": "vj146a3"})", "/d");
        ok.variable = layer;
        EXPECT_NO_THROW(ok.validate()) << layer;
    }

    // --variable means nothing for the EOG tiles: refused, naming their one layer.
    m = config_error(k + span("201901") + R"(, "variable": "OffNadir_Composite_Snow_Free"})");
    EXPECT_NE(m.find("means nothing for eog-monthly"), std::string::npos) << m;
    EXPECT_NE(m.find("avg_rade9h"), std::string::npos) << m;

    // The product fixes the satellite.
    m = config_error(k + span("201901") + R"(, "product": "vnp46a3", "satellite": "j01"})");
    EXPECT_NE(m.find("vnp46a3 is Suomi NPP's product"), std::string::npos) << m;
    EXPECT_NE(m.find("use --product vj146a3, or --satellite auto"), std::string::npos) << m;
    m = config_error(k + span("201901") + R"(, "product": "vj146a3", "satellite": "npp"})");
    EXPECT_NE(m.find("use --product vnp46a3"), std::string::npos) << m;
    m = config_error(k + span("201901") + R"(, "product": "vj146a3", "satellite": "auto"})");
    EXPECT_NE(m.find("use it with --product vnp46a3"), std::string::npos) << m;
    m = config_error(k + span("201901") + R"(, "product": "vnp46a3", "satellite": "noaa21"})");
    EXPECT_NE(m.find("'noaa21' is unknown"), std::string::npos) << m;
    // Naming the product's own satellite, or auto for Suomi NPP, is fine; so is naming none.
    for (const char* ok : {R"("product": "vnp46a3", "satellite": "npp")",
                           R"("product": "vnp46a3", "satellite": "auto")",
                           R"("product": "vj146a3", "satellite": "j01")",
                           R"("product": "vj146a3")"})
        EXPECT_NO_THROW(
            parse_config_json(k + span("201901") + ", " + ok + "}", "/d").validate())
            << ok;

    // NOAA-20's first month is 2018-01: a span starting before it is refused.
    m = config_error(k + span("201706") + R"(, "product": "vj146a3"})");
    EXPECT_NE(m.find("vj146a3 (NOAA-20) starts in 2018-01"), std::string::npos) << m;
    EXPECT_NE(m.find("the span starts in 2017-06"), std::string::npos) << m;
    EXPECT_NE(m.find("--product vnp46a3"), std::string::npos) << m;
    EXPECT_NO_THROW(
        parse_config_json(k + span("201801") + R"(, "product": "vj146a3"})", "/d").validate());
    EXPECT_NO_THROW(
        parse_config_json(k + span("201706") + R"(, "product": "vnp46a3"})", "/d").validate());
}

TEST(Config, DiscoverChecksTheSourceSettingsWithTheRunsMessages)
{
    // validate_source is what discover asks: no zones or output needed, same messages as run.
    Config c = parse_config_json(
        R"({"options": {"spanStart": "201901", "spanEnd": "201902"}, "satellite": "xyz"})", "/d");
    c.zones.clear();
    c.output.clear();
    std::string from_source, from_run;
    try {
        c.validate_source();
    } catch (const ConfigError& e) {
        from_source = e.what();
    }
    c.zones = "z.geojson";
    c.output = "o.h5";
    try {
        c.validate();
    } catch (const ConfigError& e) {
        from_run = e.what();
    }
    EXPECT_NE(from_source.find("satellite: 'xyz' is unknown"), std::string::npos) << from_source;
    EXPECT_EQ(from_source, from_run);
    c.product.satellite = "npp";
    c.zones.clear();
    EXPECT_NO_THROW(c.validate_source());
    EXPECT_THROW(c.validate(), ConfigError); // a run needs zones
}

TEST(Config, TheTokenBelongsToTheBlackMarbleSourcesServer)
{
    // The preset and a template with {short} {coll} name LAADS' server: the token goes there
    // (fetch and login take the resolved template), not to NOAA's (the EOG default).
    Config c;
    c.product_name = "vnp46a3";
    EXPECT_EQ(c.login_options().source,
              "https://ladsweb.modaps.eosdis.nasa.gov/archive/allData/5200/VNP46A3/{YYYY}/{DDD}/");
    c.source = "http://127.0.0.1:8/archive/allData/{coll}/{short}/{YYYY}/{DDD}/";
    EXPECT_EQ(c.login_options().source,
              "http://127.0.0.1:8/archive/allData/5200/VNP46A3/{YYYY}/{DDD}/");
    c.product_name = "eog-monthly";
    c.source = "eog";
    EXPECT_EQ(c.login_options().source, "eog");
}
