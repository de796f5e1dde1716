// The bearer token against the loopback server serving a mirror month: sent with every request
// and never shown in messages or stored in files, and a missing or wrong token said clearly.
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"

#include "capture_output.hpp"
#include "error_message.hpp"
#include "served_mirror.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace sezu {
namespace {

using namespace fetch_test;

const std::string kSecret = "eyJ0eXAi.S3CRET-token-value.9f8e7d";
TEST(FaultsToken, MonthDownloadsWithTheTokenWhichIsNeverShownOrStored)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    server.require_token(kSecret);
    FetchOptions o = faults_options(tmp.file("cache"));
    o.token = kSecret;
    o.source = source(server);
    o.quiet = false; // progress and retry notices on: they must still not show the token
    Fetcher fetcher(o);

    test::CaptureOutput capture(tmp.file("output.txt"));
    const DiscoveredMonth d = discover_month(fetcher, source(server), ProductSpec{}, kMonth);
    server.inject(path_of(d.tiles[0]), Fault::status_burst(503, 1));
    server.inject(path_of(d.tiles[1]), Fault::drop_after(3000));
    std::vector<CachedFile> files;
    const std::string failure = failure_of([&] { files = fetcher.fetch_tiles(d.tiles); });
    const std::string output = capture.finish();

    ASSERT_EQ(failure, "");
    ASSERT_EQ(d.availability, Availability::Complete) << d.reason;
    expect_all_identical(files, d);
    // Every request carried the token (none was sent to the login page).
    EXPECT_EQ(server.count("/login"), 0);
    for (const auto& r : server.requests())
        EXPECT_EQ(r.header("authorization"), "Bearer " + kSecret) << r.path;
    // The capture worked (the retry notice and the summary are there) and holds no secret.
    EXPECT_NE(output.find("HTTP 503 for"), std::string::npos) << output;
    EXPECT_NE(output.find("201905: 6/6 files"), std::string::npos) << output;
    EXPECT_EQ(output.find("S3CRET"), std::string::npos) << output;
    for (const auto& e : fs::recursive_directory_iterator(tmp.path())) {
        if (e.is_regular_file()) {
            EXPECT_EQ(test::read_text(e.path().string()).find("S3CRET"), std::string::npos)
                << e.path();
        }
    }
}

TEST(FaultsToken, WithoutTheTokenNothingIsSavedAndTheMessageSaysWhy)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    // Discover while the server is open, then lock it: the tiles now answer with the login page.
    FetchOptions o = faults_options(tmp.file("cache"));
    Fetcher fetcher(o);
    const DiscoveredMonth d = discover(fetcher, server);
    server.require_token(kSecret);

    // The listing is the login page: said so, naming it, not taken for an empty month.
    const std::string listing = test::error_message<LoginError>(
        [&] { discover_month(fetcher, source(server), ProductSpec{}, kMonth); });
    EXPECT_NE(listing.find("not a listing; the server sent us to its login page " +
                           server.url("/login") + ": no login is configured"),
              std::string::npos)
        << listing;

    const std::string msg = test::error_message<FetchError>([&] { fetcher.fetch_tiles(d.tiles); });
    EXPECT_NE(msg.find("got an HTML page instead of data"), std::string::npos) << msg;
    EXPECT_NE(msg.find("(no token is configured)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("(201905, "), std::string::npos) << msg;
    EXPECT_TRUE(test::list_dir(tmp.file("cache")).empty());
}

TEST(FaultsToken, WrongTokenGets401NamingTheToken)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    server.require_token(kSecret, false);
    FetchOptions o = faults_options(tmp.file("cache"));
    o.token = "not-the-right-one";
    o.source = source(server);
    Fetcher fetcher(o);
    const std::string msg = test::error_message<FetchError>(
        [&] { discover_month(fetcher, source(server), ProductSpec{}, kMonth); });
    EXPECT_NE(msg.find("HTTP 401"), std::string::npos) << msg;
    EXPECT_NE(msg.find("is the auth token set and valid?"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("not-the-right-one"), std::string::npos) << msg;
}

} // namespace
} // namespace sezu
