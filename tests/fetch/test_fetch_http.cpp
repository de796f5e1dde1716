// Fetch over http://127.0.0.1 from the loopback server (support/http_server.hpp): retries and
// giving up, 404, a redirect to an HTML login page or to a file://, the bearer token, a short
// body, listings and a month fetched in parallel.
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"

#include "fetch_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sezu {
namespace {

using namespace fetch_test;

/// Each test: a loopback server over an empty tree (files are added as the test needs them),
/// and an empty cache.
class FetchHttp : public ::testing::Test {
protected:
    TempDir tmp;
    std::string root = tmp.file("www");
    std::string cache = tmp.file("cache");
    HttpServer server{root};

    /// Puts `bytes` on the server as tile `tile`'s file in folder /v10/; returns its path.
    std::string serve(const std::string& tile, const std::string& bytes)
    {
        const std::string path = "/v10/" + name_of(tile);
        write_file(root + path, bytes);
        return path;
    }
    /// Tile `tile` in folder /v10/ of the server.
    TileRef v10(const std::string& tile) const { return tile_ref(tile, server.url("/v10/")); }
    /// The FetchError of fetching tile `tile` of /v10/ with quick options.
    std::string fetch_error(const std::string& tile)
    {
        Fetcher fetcher(quick_options(cache));
        return test::error_message<FetchError>([&] { fetcher.fetch_tiles({v10(tile)}); });
    }
};

TEST_F(FetchHttp, RetriesAfter503)
{
    const std::string path = serve("75N060W", gzip_like("ok"));
    server.inject(path, Fault::status_burst(503, 1));
    Fetcher fetcher(quick_options(cache));
    const auto files = fetcher.fetch_tiles({v10("75N060W")});
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(test::read_text(files[0].path), gzip_like("ok"));
    EXPECT_EQ(server.count(path), 2);
}

TEST_F(FetchHttp, GivesUpAfterTheRetries)
{
    const std::string path = serve("75N060W", gzip_like("never sent"));
    server.inject(path, Fault::status_burst(503, -1));
    const std::string msg = fetch_error("75N060W"); // 3 attempts
    EXPECT_NE(msg.find("HTTP 503 for " + server.url(path)), std::string::npos) << msg;
    EXPECT_NE(msg.find("after 3 attempts"), std::string::npos) << msg;
    EXPECT_EQ(server.count(path), 3);
    EXPECT_TRUE(test::list_dir(cache).empty());
}

TEST_F(FetchHttp, NotFoundIsNotRetriedAndNamesUrlMonthTile)
{
    const std::string url = server.url("/v10/") + name_of("75N060W");
    const std::string msg = fetch_error("75N060W");
    EXPECT_NE(msg.find("fetch: HTTP 404 for " + url + " (201905, 75N060W)"), std::string::npos)
        << msg;
    EXPECT_EQ(server.count("/v10/" + name_of("75N060W")), 1);
    EXPECT_TRUE(test::list_dir(cache).empty());
}

TEST_F(FetchHttp, RedirectToAnHtmlLoginPageIsRejected)
{
    server.inject("/v10/" + name_of("00N180W"), Fault::login_redirect());
    const std::string msg = fetch_error("00N180W");
    EXPECT_NE(msg.find("got an HTML page instead of data — is the auth token set?"),
              std::string::npos)
        << msg;
    EXPECT_EQ(server.count("/login"), 1); // the redirect was followed, and not retried
    EXPECT_TRUE(test::list_dir(cache).empty());
}

TEST_F(FetchHttp, RedirectToFileIsRefused)
{
    write_file(tmp.file("secret.tgz"), gzip_like("local file"));
    const std::string path = "/v10/" + name_of("00N180W");
    server.inject(path, Fault::redirect("file://" + tmp.file("secret.tgz")));
    const std::string msg = fetch_error("00N180W");
    EXPECT_NE(msg.find(server.url(path)), std::string::npos) << msg;
    EXPECT_TRUE(test::list_dir(cache).empty());
}

TEST_F(FetchHttp, BearerTokenIsSentAndNeverInMessages)
{
    const std::string path = serve("75N060E", gzip_like("authorised"));
    server.inject("/listing/", Fault::status_burst(500, -1));
    FetchOptions options = quick_options(cache);
    options.token = "s3cret-T0KEN";
    options.source = server.url("/");
    options.limits.max_attempts = 1;
    Fetcher fetcher(options);
    fetcher.fetch_tiles({v10("75N060E")});
    const std::string msg =
        test::error_message<FetchError>([&] { fetcher.get_text(server.url("/listing/")); });
    EXPECT_NE(msg.find("HTTP 500"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("s3cret"), std::string::npos) << msg;

    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].path, path);
    ASSERT_EQ(seen[0].headers.count("authorization"), 1u);
    EXPECT_EQ(seen[0].headers.at("authorization"), "Bearer s3cret-T0KEN");
    EXPECT_EQ(seen[1].headers.at("authorization"), "Bearer s3cret-T0KEN");
}

TEST_F(FetchHttp, NoTokenNoAuthorizationHeader)
{
    serve("75N060E", gzip_like("public"));
    Fetcher fetcher(quick_options(cache));
    fetcher.fetch_tiles({v10("75N060E")});
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].headers.count("authorization"), 0u);
}

TEST_F(FetchHttp, ShortBodyIsRetried)
{
    const std::string full = gzip_like("the whole archive");
    const std::string path = serve("00N060W", full);
    // First answer announces the full length but sends only part of it, then closes; the
    // server ignores ranges, so the retry gets the whole file again.
    server.disable_ranges();
    server.inject(path, Fault::drop_after(6));
    Fetcher fetcher(quick_options(cache));
    const auto files = fetcher.fetch_tiles({v10("00N060W")});
    EXPECT_EQ(test::read_text(files[0].path), full);
    EXPECT_EQ(files[0].bytes, long(full.size()));
    EXPECT_EQ(server.count(path), 2);
}

TEST_F(FetchHttp, GetTextListingAnd404)
{
    const std::string listing = "<a href=\"" + name_of("75N180W") + "\">t</a>";
    write_file(root + kFolder + "index.html", listing);
    Fetcher fetcher(quick_options(cache));
    EXPECT_EQ(fetcher.get_text(server.url(kFolder)), listing);
    EXPECT_FALSE(fetcher.get_text(server.url("/2019/201906/vcmcfg/")));

    const DiscoveredMonth d =
        discover_month(fetcher, server.url(kTemplate), ProductSpec{}, YearMonth(2019, 5));
    EXPECT_EQ(d.availability, Availability::Incomplete);
    EXPECT_EQ(d.reason, "1 of 6 tiles; missing 75N060W, 75N060E, 00N180W, 00N060W, 00N060E");
    ASSERT_EQ(d.tiles.size(), 1u);
    EXPECT_EQ(d.tiles[0].url, server.url(kFolder) + name_of("75N180W"));
}

TEST_F(FetchHttp, ParallelMonthOverHttp)
{
    std::string index;
    for (const auto& t : tile_names()) {
        write_file(root + "/m/" + name_of(t), gzip_like(std::string(1000, t[4])));
        index += "<a href=\"" + name_of(t) + "\">x</a>";
    }
    write_file(root + "/m/index.html", index);
    // One tile answers 503 first: retries of one tile go on while others transfer.
    server.inject("/m/" + name_of("75N060E"), Fault::status_burst(503, 1));
    FetchOptions options = quick_options(cache);
    options.parallel = 3;
    Fetcher fetcher(options);
    const DiscoveredMonth d =
        discover_month(fetcher, server.url("/m/"), ProductSpec{}, YearMonth(2019, 5));
    ASSERT_EQ(d.availability, Availability::Complete) << d.reason;
    const auto files = fetcher.fetch_tiles(d.tiles);
    for (size_t i = 0; i < tile_names().size(); ++i) {
        EXPECT_EQ(test::read_text(files[i].path), gzip_like(std::string(1000, tile_names()[i][4])));
        EXPECT_FALSE(files[i].from_cache);
    }
    EXPECT_EQ(server.count("/m/" + name_of("75N060E")), 2);
    EXPECT_EQ(test::list_dir(cache).size(), 6u);
}

} // namespace
} // namespace sezu
