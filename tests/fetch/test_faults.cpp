// Fetch against a misbehaving server: a scale-60 mirror month served by the fault-injecting
// loopback server (support/http_server.hpp). For each fault the download either completes with
// files byte-identical to the mirror's, or ends with a FetchError naming the URL, month and
// tile; never is an incomplete file left under a final name, nor a ".part" after a failure.
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/mirror/mirror.hpp"

#include "error_message.hpp"
#include "served_mirror.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

namespace fs = std::filesystem;

namespace sezu {
namespace {

using namespace fetch_test;

/// Each test: the mirror on a fresh loopback server and an empty cache. The fetcher is made
/// with `options` on first use (so a test may change them first), and the month is discovered
/// through the server on first use.
class Faults : public ::testing::Test {
protected:
    TempDir tmp;
    std::string cache = tmp.file("cache");
    HttpServer server{mirror_root()};
    FetchOptions options = faults_options(cache);

    Fetcher& fetcher()
    {
        if (!m_fetcher)
            m_fetcher = std::make_unique<Fetcher>(options);
        return *m_fetcher;
    }
    const DiscoveredMonth& month()
    {
        if (!m_month)
            m_month = discover(fetcher(), server);
        return *m_month;
    }
    /// Where tile i of the month is on the server.
    std::string tile_path(size_t i) { return path_of(month().tiles[i]); }
    /// Injects `fault` into tile i, fetches the month expecting every file identical to the
    /// mirror's, and returns the requests the server saw for tile i.
    std::vector<test::HttpRequest> fetch_despite(size_t i, const Fault& fault)
    {
        server.inject(tile_path(i), fault);
        expect_all_identical(fetcher().fetch_tiles(month().tiles), month());
        return server.requests_for(tile_path(i));
    }
    /// Injects `fault` into tile i and returns the FetchError of fetching the month.
    std::string fetch_error(size_t i, const Fault& fault)
    {
        server.inject(tile_path(i), fault);
        return test::error_message<FetchError>([&] { fetcher().fetch_tiles(month().tiles); });
    }
    /// Whether tile i is in the cache under its final name.
    bool cached(size_t i) { return fs::exists(cache + "/" + month().tiles[i].archive.file_name); }
    void expect_cache_clean() { fetch_test::expect_cache_clean(cache, month()); }

private:
    std::unique_ptr<Fetcher> m_fetcher;
    std::optional<DiscoveredMonth> m_month;
};

TEST_F(Faults, CleanMonthIsByteIdenticalAndEachTileFetchedOnce)
{
    const DiscoveredMonth& d = month();
    // 2019-05 lists 75N180W twice in the mirror; discovery must take the newest stamp.
    EXPECT_EQ(d.tiles[size_t(mirror_duplicate_tile(kMonth))].archive.stamp,
              mirror_stamp(kMonth, tile_specs()[size_t(mirror_duplicate_tile(kMonth))]));
    const auto files = fetcher().fetch_tiles(d.tiles);
    expect_all_identical(files, d);
    for (const auto& t : d.tiles) {
        ASSERT_EQ(server.count(path_of(t)), 1) << t.archive.file_name;
        EXPECT_EQ(server.requests_for(path_of(t))[0].header("range"), "");
    }
    EXPECT_EQ(test::list_dir(cache).size(), 6u);
    expect_cache_clean();
}

TEST_F(Faults, Burst503IsRetriedThenIdentical)
{
    const auto seen = fetch_despite(2, Fault::status_burst(503, 2));
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].status, 503);
    EXPECT_EQ(seen[1].status, 503);
    EXPECT_EQ(seen[2].status, 200);
    expect_cache_clean();
}

TEST_F(Faults, Endless503FailsNamingUrlMonthTile)
{
    const std::string msg = fetch_error(2, Fault::status_burst(503, -1)); // 4 attempts
    EXPECT_NE(msg.find("HTTP 503 for " + server.url(tile_path(2)) + " (201905, 75N060E)"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("after 4 attempts"), std::string::npos) << msg;
    EXPECT_EQ(server.count(tile_path(2)), 4);
    EXPECT_FALSE(cached(2));
    expect_cache_clean();
}

TEST_F(Faults, DroppedConnectionResumesWithRange)
{
    const auto seen = fetch_despite(4, Fault::drop_after(12345));
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].header("range"), "");
    EXPECT_EQ(seen[1].header("range"), "bytes=12345-");
    EXPECT_EQ(seen[1].status, 206);
    expect_cache_clean();
}

TEST_F(Faults, ConnectionDroppedEveryTimeStillCompletesByResuming)
{
    // Each answer is cut after 100 kB; every resume gets further (each attempt counts, so the
    // budget must cover them all).
    options.limits.max_attempts = 20;
    const long long k = 100000;
    const auto seen = fetch_despite(0, Fault::drop_after(k, -1));
    const long long size = static_cast<long long>(mirror_bytes(month().tiles[0]).size());
    ASSERT_EQ(static_cast<long long>(seen.size()), (size + k - 1) / k);
    for (size_t i = 1; i < seen.size(); ++i)
        EXPECT_EQ(seen[i].header("range"), "bytes=" + std::to_string(k * long(i)) + "-");
    expect_cache_clean();
}

TEST_F(Faults, StalledBodyTimesOutAndResumes)
{
    // Silence for 1 s is a stall.
    month();
    const auto t0 = std::chrono::steady_clock::now();
    const auto seen = fetch_despite(3, Fault::stall_after(100, std::chrono::seconds(4)));
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(took, 3.5) << "the stall was waited out instead of timing out";
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].header("range"), "bytes=100-");
    // The other tiles were not held up by the stalled one.
    for (size_t i : {0, 1, 2, 4, 5})
        EXPECT_EQ(server.count(tile_path(i)), 1);
    expect_cache_clean();
}

TEST_F(Faults, ServerIgnoringRangeIsReadFromTheStart)
{
    server.disable_ranges();
    const auto seen = fetch_despite(1, Fault::drop_after(7000));
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].header("range"), "bytes=7000-");
    EXPECT_EQ(seen[1].status, 200); // the whole file again: the .part was started over
    expect_cache_clean();
}

TEST_F(Faults, TooLargeContentLengthOnceEndsComplete)
{
    // The body is whole but announced 100 bytes longer: the resume at the full size gets 416
    // with "bytes */size", which proves the .part complete.
    const auto seen = fetch_despite(5, Fault::wrong_length(100));
    const long long size = static_cast<long long>(mirror_bytes(month().tiles[5]).size());
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].header("range"), "bytes=" + std::to_string(size) + "-");
    EXPECT_EQ(seen[1].status, 416);
    expect_cache_clean();
}

TEST_F(Faults, TooLargeContentLengthAlwaysFailsClearly)
{
    // Without ranges the server sends the whole file with a wrong length every time: the
    // download can never be proven complete, so it must fail and leave nothing behind.
    server.disable_ranges();
    const long long size = static_cast<long long>(mirror_bytes(month().tiles[1]).size());
    const std::string msg = fetch_error(1, Fault::wrong_length(100, -1));
    EXPECT_NE(msg.find(server.url(tile_path(1)) + " (201905, 75N060W)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("closed after " + std::to_string(size) + " of " +
                       std::to_string(size + 100) + " bytes"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("gave up after 4 attempts"), std::string::npos) << msg;
    EXPECT_FALSE(cached(1));
    expect_cache_clean();
}

TEST_F(Faults, LoginRedirectIsNotSavedAsData)
{
    const std::string msg = fetch_error(2, Fault::login_redirect());
    EXPECT_NE(msg.find(server.url(tile_path(2)) + " (201905, 75N060E)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("got an HTML page instead of data"), std::string::npos) << msg;
    EXPECT_EQ(server.count(tile_path(2)), 1); // not retried: it will not improve
    EXPECT_EQ(server.count("/login"), 1);
    EXPECT_FALSE(cached(2));
    expect_cache_clean();
}

TEST_F(Faults, NotFoundFailsAtOnce)
{
    const std::string msg = fetch_error(5, Fault::not_found());
    EXPECT_NE(msg.find("HTTP 404 for " + server.url(tile_path(5)) + " (201905, 00N060E)"),
              std::string::npos)
        << msg;
    EXPECT_EQ(server.count(tile_path(5)), 1);
    expect_cache_clean();
}

TEST_F(Faults, ListingNamesATileWhoseFileIsMissing)
{
    // A copy of the month's folder on a server of its own, from which a tile then goes.
    const std::string root = tmp.file("tree");
    fs::create_directories(root + "/2019/201905");
    fs::copy(mirror_root() + kFolder, root + kFolder, fs::copy_options::recursive);
    HttpServer copy(root);
    Fetcher fetcher(options);
    const DiscoveredMonth d = discover(fetcher, copy); // the listing still names all six
    fs::remove(root + path_of(d.tiles[3]));
    const std::string msg = test::error_message<FetchError>([&] { fetcher.fetch_tiles(d.tiles); });
    EXPECT_NE(msg.find("HTTP 404 for " + copy.url(path_of(d.tiles[3])) + " (201905, 00N180W)"),
              std::string::npos)
        << msg;
    EXPECT_FALSE(fs::exists(cache + "/" + d.tiles[3].archive.file_name));
    fetch_test::expect_cache_clean(cache, d, root);
}

} // namespace
} // namespace sezu
