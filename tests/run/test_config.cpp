#include "sezu/run/config.hpp"
#include "sezu/core/error.hpp"
#include "sezu/discover/source_check.hpp"
#include "sezu/discover/url.hpp"

#include "config_error.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace sezu;
using test::config_error;

TEST(Config, AcceptsTheClassicCollectionTemplate)
{
    const Config c = parse_config_json(
        R"({"options": {"spanUnit": "month", "spanStart": "201204", "spanEnd": "201805"}})", "/x");
    EXPECT_EQ(c.span_start, "201204");
    EXPECT_EQ(c.span_end, "201805");
    EXPECT_EQ(c.months().size(), 74u);
    EXPECT_EQ(c.months().back(), YearMonth(2018, 5));
}

TEST(Config, EveryKeySetsItsSetting)
{
    const Config c = parse_config_json(R"({
        "options": {"spanUnit": "year", "spanStart": "2017", "spanEnd": 2018},
        "source": "https://me:pa55@h/{YYYYMM}/", "satellite": "j01", "configuration": "vcmslcfg",
        "zones": "z.gpkg", "idField": "id", "nameField": "label", "eventField": "since",
        "output": "o.h5", "cacheDir": "c", "workDir": "/w", "copyLocalSource": true,
        "rule": "center",
        "litThreshold": 2.5, "zeroIsNodata": true, "stats": ["sum", "radiance_median", "q90"],
        "parallelDownloads": 2, "tokenEnv": "TOK",
        "tokenFile": "t.txt", "checkpointSeconds": 0, "newArchive": true, "maxAttempts": 3,
        "comment": "free text"})",
                                       "/d");
    Config want;
    want.span_unit = SpanUnit::Year;
    want.span_start = "2017";
    want.span_end = "2018";
    want.source = "https://me:pa55@h/{YYYYMM}/";
    want.product.satellite = "j01";
    want.satellite_set = true;
    want.product.configuration = "vcmslcfg";
    want.zones = "/d/z.gpkg";
    want.id_field = "id";
    want.name_field = "label";
    want.event_field = "since";
    want.output = "/d/o.h5";
    want.cache_dir = "/d/c";
    want.work_dir = "/w";
    want.copy_local_source = true;
    want.rule = PixelRule::Center;
    want.stats.lit_threshold = 2.5;
    want.stats.zero_is_nodata = true;
    // Old names (sum, q90) stand for the new ones.
    want.stats.statistics = StatSelection::parse("sum_of_lights,radiance_median,radiance_q90");
    want.parallel_downloads = 2;
    want.token_env = "TOK";
    want.token_file = "/d/t.txt";
    want.checkpoint_seconds = 0;
    want.new_archive = true;
    want.transfer.max_attempts = 3;
    EXPECT_EQ(c, want);
    EXPECT_NE(c, Config{});
    std::ostringstream text;
    text << c;
    EXPECT_NE(text.str().find("span=year 2017..2018"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("rule=center"), std::string::npos) << text.str();
    EXPECT_EQ(text.str().find("pa55"), std::string::npos) << text.str(); // never the password
    // The unknown-key message lists every key the table knows.
    try {
        parse_config_json(R"({"zonez": "z.gpkg"})", "/d");
        FAIL() << "zonez is no key";
    } catch (const ConfigError& e) {
        for (const char* key : {"options", "source", "workDir", "zeroIsNodata", "newArchive",
                                "comment", "maxAttempts"})
            EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << key << e.what();
    }
}

TEST(Config, ClassicTemplateBeforeTheProductIsRefusedClearly)
{
    const Config c = load_config_file(std::string(SEZU_SOURCE_DIR) + "/inputs/classic.json");
    try {
        c.months();
        FAIL() << "201201 precedes the product";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("201204"), std::string::npos) << e.what();
    }
}

TEST(Config, SezuKeysAndRelativePaths)
{
    const Config c = parse_config_json(R"({
        "options": {"spanStart": 201701, "spanEnd": "201703"},
        "source": "../mirror/{YYYY}/{YYYYMM}/{cfg}/",
        "zones": "zones.geojson", "idField": "zone_id", "output": "/abs/out.h5",
        "cacheDir": "cache", "rule": "center", "litThreshold": 1.5, "configuration": "vcmslcfg",
        "satellite": "j01", "parallelDownloads": 3})",
                                       "/data/run");
    EXPECT_EQ(c.source, "file:///data/mirror/{YYYY}/{YYYYMM}/{cfg}/");
    EXPECT_EQ(c.zones, "/data/run/zones.geojson");
    EXPECT_EQ(c.output, "/abs/out.h5");
    EXPECT_EQ(c.cache_dir, "/data/run/cache");
    EXPECT_EQ(c.rule, PixelRule::Center);
    EXPECT_DOUBLE_EQ(c.stats.lit_threshold, 1.5);
    EXPECT_EQ(c.product.configuration, "vcmslcfg");
    EXPECT_EQ(c.product.satellite, "j01");
    EXPECT_EQ(c.parallel_downloads, 3);
    EXPECT_EQ(c.months().size(), 3u);
    EXPECT_NO_THROW(c.validate());
}

TEST(Config, PresetsAndUrlsAreKeptAsGiven)
{
    EXPECT_EQ(normalize_source("noaa", "/x"), "noaa");
    EXPECT_EQ(normalize_source("http://127.0.0.1:8080/{YYYYMM}/", "/x"),
              "http://127.0.0.1:8080/{YYYYMM}/");
}

TEST(Config, AFolderSourceBecomesAPercentEncodedFileUrl)
{
    const std::string url = normalize_source("my data/caf\xc3\xa9/{YYYY}/{YYYYMM}/{cfg}/", "/x");
    EXPECT_EQ(url, "file:///x/my%20data/caf%C3%A9/{YYYY}/{YYYYMM}/{cfg}/");
    EXPECT_NO_THROW(check_source_template(url));
    const std::string month = expand_source_template(url, YearMonth(2017, 8), ProductSpec{});
    EXPECT_EQ(url_path(month), "/x/my data/caf\xc3\xa9/2017/201708/vcmcfg/");
    // Braces that are no placeholder are text like any other (and then refused as a template).
    EXPECT_EQ(normalize_source("/a{b c}/{YYYYMM}", "/"), "file:///a%7Bb%20c%7D/{YYYYMM}");
    // A URL is taken as given: with a raw space curl cannot read it, and that is said up front.
    EXPECT_THROW(check_source_template("file:///my data/{YYYYMM}/"), ConfigError);
    EXPECT_THROW(check_source_template("https://h/my data/{YYYYMM}/"), ConfigError);
    EXPECT_NO_THROW(check_source_template("file:///my%20data/caf\xc3\xa9/{YYYYMM}/"));
}

TEST(Config, BadInputIsOneClearError)
{
    EXPECT_THROW(parse_config_json("{not json", "/x"), ConfigError);
    EXPECT_THROW(parse_config_json("[1,2]", "/x"), ConfigError);
    EXPECT_THROW(parse_config_json(R"({"zonez": "typo.geojson"})", "/x"), ConfigError);
    EXPECT_THROW(parse_config_json(R"({"options": {"spanUnit": "week"}})", "/x"), ConfigError);
    EXPECT_THROW(parse_config_json(R"({"options": {"spanStart": [2015]}})", "/x"), ConfigError);
    EXPECT_THROW(parse_config_json(R"({"rule": "nearest"})", "/x"), ConfigError);
    EXPECT_THROW(load_config_file("/nonexistent/sezu.json"), ConfigError);
    try {
        parse_config_json(R"({"zonez": "typo.geojson"})", "/x");
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("zonez"), std::string::npos);
    }
}

TEST(Config, ValidateNamesWhatIsMissing)
{
    Config c;
    EXPECT_THROW(c.validate(), ConfigError); // no span
    c.span_start = "201701";
    c.span_end = "201702";
    try {
        c.validate();
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("zones"), std::string::npos) << e.what();
    }
    c.zones = "z.geojson";
    c.product.satellite = "noaa21";
    EXPECT_THROW(c.validate(), ConfigError);
}

TEST(Config, ProvenanceJsonNeverHoldsTheToken)
{
    Config c;
    c.token_env = "MY_TOKEN_VAR";
    const std::string json = c.to_json();
    EXPECT_NE(json.find("MY_TOKEN_VAR"), std::string::npos);
    EXPECT_EQ(json.find("Bearer"), std::string::npos);
}

namespace {

const char* const kValid = R"({"options": {"spanStart": "201701", "spanEnd": "201702"},
                               "zones": "z.geojson")";

} // namespace

TEST(Config, ARepeatedKeyIsAnErrorNamingIt)
{
    const std::string top = config_error(std::string(kValid) + R"(, "zones": "other.geojson"})");
    EXPECT_NE(top.find("\"zones\" is given twice"), std::string::npos) << top;
    EXPECT_NE(top.find("/x/job.json"), std::string::npos) << top;
    const std::string nested = config_error(
        R"({"options": {"spanStart": "201701", "spanEnd": "201702", "spanStart": "201601"}})");
    EXPECT_NE(nested.find("\"options.spanStart\" is given twice"), std::string::npos) << nested;
    // The same key in different objects is no repetition.
    EXPECT_NO_THROW(parse_config_json(
        R"({"comment": {"comment": 1, "list": [{"comment": 2}, {"comment": 3}]}})", "/x"));
}

TEST(Config, NumbersMustBeFiniteAndWhereCountedWhole)
{
    const std::string k(kValid);
    EXPECT_NE(config_error(k + R"(, "litThreshold": 1e999})").find("job.json"), std::string::npos);
    EXPECT_NE(config_error(k + R"(, "parallelDownloads": 2.5})").find("parallelDownloads"),
              std::string::npos);
    EXPECT_NE(config_error(k + R"(, "parallelDownloads": 1e12})").find("parallelDownloads"),
              std::string::npos);
    EXPECT_NE(config_error(k + R"(, "checkpointSeconds": -1})").find("checkpointSeconds"),
              std::string::npos);
    // Flags reach the same Config fields: --lit-threshold nan, --checkpoint-seconds inf.
    Config c = parse_config_json(k + "}", "/x");
    EXPECT_NO_THROW(c.validate());
    for (const double bad : {NAN, INFINITY, -INFINITY}) {
        c.stats.lit_threshold = bad;
        EXPECT_THROW(c.validate(), ConfigError) << bad;
    }
    c.stats.lit_threshold = 0.5;
    c.checkpoint_seconds = INFINITY;
    EXPECT_THROW(c.validate(), ConfigError);
}

TEST(Config, ASourceSezuCannotReadIsRefusedUpFront)
{
    const std::string k(kValid);
    const std::string ftp = config_error(k + R"(, "source": "ftp://me:secret@host/{YYYYMM}/"})");
    EXPECT_NE(ftp.find("ftp://"), std::string::npos) << ftp;
    EXPECT_NE(ftp.find("https://"), std::string::npos) << ftp; // says what is accepted
    EXPECT_EQ(ftp.find("secret"), std::string::npos) << ftp;
    EXPECT_NE(config_error(k + R"(, "source": "noaaa"})").find("noaaa"), std::string::npos);
    EXPECT_NE(config_error(k + R"(, "source": "https://h/{YYYYMMDD}/"})").find("{YYYYMMDD}"),
              std::string::npos);
    // A file:// URL naming another host, an http URL naming none: refused before the run.
    EXPECT_NE(config_error(k + R"(, "source": "file://evil.com/etc/{YYYY}/"})").find("evil.com"),
              std::string::npos);
    EXPECT_NE(config_error(k + R"(, "source": "http://user@/{YYYY}/"})").find("no host"),
              std::string::npos);
    Config c = parse_config_json(k + "}", "/x");
    c.source = "sftp://host/{YYYYMM}/"; // set in code, not parsed: validate() still checks
    EXPECT_THROW(c.validate(), ConfigError);
    for (const char* fine : {"noaa", "eog", "https://h/{YYYYMM}/", "HTTP://h/{YYYY}/{cfg}/",
                             "file:///data/{YYYYMM}/", "file://localhost/d/{YYYYMM}/",
                             "https://u:p@h:8443/{YYYYMM}/", "mirror/{YYYYMM}/"}) {
        c = parse_config_json(k + R"(, "source": ")" + fine + R"("})", "/x");
        EXPECT_NO_THROW(c.validate()) << fine;
    }
}

TEST(Config, ProvenanceHoldsNoCredentials)
{
    const Config c = parse_config_json(
        R"({"source": "https://me:pa55@example.org/{YYYY}/{YYYYMM}/{cfg}/?token=abc"})", "/");
    EXPECT_EQ(c.source.find("pa55") == std::string::npos, false); // still used to fetch
    const std::string json = c.to_json();
    EXPECT_EQ(json.find("pa55"), std::string::npos) << json;
    EXPECT_EQ(json.find("abc"), std::string::npos) << json;
    EXPECT_NE(json.find("https://***@example.org/"), std::string::npos) << json;
}

TEST(Config, TransferLimitKeysAndValidation)
{
    const Config c = parse_config_json(
        R"({"connectTimeoutSeconds": 5, "firstByteTimeoutSeconds": 0.5, "stallTimeoutSeconds": 9,
            "minSpeedBytesPerSecond": 0, "minSpeedWindowSeconds": 30, "maxAttempts": 2,
            "retryWaitSeconds": 0})",
        "/");
    TransferLimits want;
    want.connect_timeout_s = 5;
    want.first_byte_timeout_s = 0.5;
    want.stall_timeout_s = 9;
    want.min_speed_bps = 0;
    want.min_speed_window_s = 30;
    want.max_attempts = 2;
    want.retry_wait_s = 0;
    EXPECT_EQ(c.transfer, want);
    EXPECT_EQ(Config{}.transfer, TransferLimits{});

    const auto config_error = [](const std::string& json) {
        try {
            parse_config_json(json, "/").transfer.validate();
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("(no ConfigError)");
    };
    EXPECT_NE(config_error(R"({"maxAttempts": 2.5})").find("maxAttempts"), std::string::npos);
    EXPECT_NE(config_error(R"({"maxAttempts": 0})").find("maxAttempts"), std::string::npos);
    EXPECT_NE(config_error(R"({"stallTimeoutSeconds": 0})").find("stallTimeoutSeconds"),
              std::string::npos);
    EXPECT_NE(config_error(R"({"stallTimeoutSeconds": "60"})").find("must be a number"),
              std::string::npos);
    EXPECT_NE(config_error(R"({"minSpeedBytesPerSecond": -1})").find("minSpeedBytesPerSecond"),
              std::string::npos);
    EXPECT_NE(config_error(R"({"stallTimeOut": 1})").find("stallTimeoutSeconds"),
              std::string::npos); // the known keys are listed
}

TEST(Config, LoginKeys)
{
    const Config c = parse_config_json(R"j({"oauthClientFile": "eog.client",
        "tokenEndpoint": "https://sso.example.org/token", "keepAliveSeconds": 10,
        "userAgent": "Mozilla/5.0 (sezu)"})j",
                                       "/d");
    EXPECT_EQ(c.oauth_client_file, "/d/eog.client");
    EXPECT_EQ(c.token_endpoint, "https://sso.example.org/token");
    EXPECT_EQ(c.keep_alive_seconds, 10);
    EXPECT_EQ(c.user_agent, "Mozilla/5.0 (sezu)");
    const LoginOptions o = c.login_options();
    EXPECT_EQ(o.kind(), LoginKind::OAuth2);
    EXPECT_EQ(o.client_file, "/d/eog.client");
    EXPECT_EQ(o.token, ""); // the environment's token only when no login file is given
    EXPECT_EQ(Config{}.token_endpoint, kEogTokenEndpoint);
    EXPECT_EQ(parse_config_json(R"({"cookieFile": "c.txt"})", "/d").cookie_file, "/d/c.txt");
    // The provenance names the files, never what is in them.
    EXPECT_NE(c.to_json().find("\"oauthClientFile\":\"/d/eog.client\""), std::string::npos);
    const std::string two =
        config_error(std::string(kValid) + R"(, "tokenFile": "t", "cookieFile": "c"})");
    EXPECT_NE(two.find("give only one of tokenFile"), std::string::npos) << two;
    const std::string keep = config_error(std::string(kValid) + R"(, "keepAliveSeconds": 0})");
    EXPECT_NE(keep.find("keepAliveSeconds"), std::string::npos) << keep;
}
