// Fetch against a misbehaving server: a scale-60 mirror month served by the fault-injecting
// loopback server (support/http_server.hpp). For each fault the download either completes with
// files byte-identical to the mirror's, or ends with a FetchError naming the URL, month and
// tile; never is an incomplete file left under a final name, nor a ".part" after a failure.
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/mirror/mirror.hpp"

#include "http_server.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace sezu {
namespace {

using test::Fault;
using test::HttpServer;
using test::TempDir;

const YearMonth kMonth(2019, 5); // a month whose listing also has an older duplicate tile

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The mirror, written once for the whole binary (scale 60: tiles of a few hundred kB).
const std::string& mirror_root()
{
    static TempDir dir;
    static const std::string root = [] {
        MirrorOptions o;
        o.out_dir = dir.file("mirror");
        o.months = {kMonth};
        o.model = default_model(60);
        write_mirror(o);
        return o.out_dir;
    }();
    return root;
}

std::string month_folder()
{
    return "/2019/201905/vcmcfg/";
}

std::string source(const HttpServer& server)
{
    return server.url("/{YYYY}/{YYYYMM}/{cfg}/");
}

FetchOptions quick_options(const std::string& cache)
{
    FetchOptions o;
    o.cache_dir = cache;
    o.parallel = 6;
    o.limits.max_attempts = 4;
    o.limits.retry_wait_s = 0.01;
    o.limits.connect_timeout_s = 5;
    o.limits.stall_timeout_s = 1; // a stall of more than 1 s is a failure
    o.quiet = true;
    return o;
}

/// Discovers the month through the server (with the fetcher's token) and expects it complete.
DiscoveredMonth discover(Fetcher& fetcher, const HttpServer& server)
{
    const DiscoveredMonth d = discover_month(fetcher, source(server), ProductSpec{}, kMonth);
    EXPECT_EQ(d.availability, Availability::Complete) << d.reason;
    EXPECT_EQ(d.tiles.size(), 6u);
    return d;
}

std::string path_of(const TileRef& t)
{
    return month_folder() + t.archive.file_name;
}

std::string mirror_bytes(const TileRef& t, const std::string& root = mirror_root())
{
    const std::string bytes = read_file(root + path_of(t));
    EXPECT_GT(bytes.size(), 10000u) << t.archive.file_name;
    return bytes;
}


/// After any outcome: no ".part", and every file under a final name is the mirror's file.
void expect_cache_clean(const std::string& cache, const DiscoveredMonth& d,
                        const std::string& root = mirror_root())
{
    for (const auto& name : sezu::test::list_dir(cache)) {
        EXPECT_EQ(name.find(".part"), std::string::npos) << name;
        const auto it = std::find_if(d.tiles.begin(), d.tiles.end(),
                                     [&](const TileRef& t) { return t.archive.file_name == name; });
        ASSERT_NE(it, d.tiles.end()) << "unexpected file in the cache: " << name;
        EXPECT_TRUE(read_file(cache + "/" + name) == mirror_bytes(*it, root))
            << name << " is in the cache but differs from the server's file";
    }
}

void expect_all_identical(const std::vector<CachedFile>& files, const DiscoveredMonth& d)
{
    ASSERT_EQ(files.size(), d.tiles.size());
    for (size_t i = 0; i < files.size(); ++i)
        EXPECT_TRUE(read_file(files[i].path) == mirror_bytes(d.tiles[i]))
            << d.tiles[i].archive.file_name << " differs from the mirror's file";
}

std::string error_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const FetchError& e) {
        return e.what();
    }
    return "(no FetchError)";
}

// ---------------------------------------------------------------------------------------------

TEST(Faults, CleanMonthIsByteIdenticalAndEachTileFetchedOnce)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const DiscoveredMonth d = discover(fetcher, server);
    // 2019-05 lists 75N180W twice in the mirror; discovery must take the newest stamp.
    EXPECT_EQ(d.tiles[size_t(mirror_duplicate_tile(kMonth))].archive.stamp,
              mirror_stamp(kMonth, tile_specs()[size_t(mirror_duplicate_tile(kMonth))]));
    const auto files = fetcher.fetch_tiles(d.tiles);
    expect_all_identical(files, d);
    for (const auto& t : d.tiles) {
        ASSERT_EQ(server.count(path_of(t)), 1) << t.archive.file_name;
        EXPECT_EQ(server.requests_for(path_of(t))[0].header("range"), "");
    }
    EXPECT_EQ(sezu::test::list_dir(tmp.file("cache")).size(), 6u);
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, Burst503IsRetriedThenIdentical)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const DiscoveredMonth d = discover(fetcher, server);
    server.inject(path_of(d.tiles[2]), Fault::status_burst(503, 2));
    expect_all_identical(fetcher.fetch_tiles(d.tiles), d);
    const auto seen = server.requests_for(path_of(d.tiles[2]));
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].status, 503);
    EXPECT_EQ(seen[1].status, 503);
    EXPECT_EQ(seen[2].status, 200);
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, Endless503FailsNamingUrlMonthTile)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    Fetcher fetcher(quick_options(tmp.file("cache"))); // 4 attempts
    const DiscoveredMonth d = discover(fetcher, server);
    server.inject(path_of(d.tiles[2]), Fault::status_burst(503, -1));
    const std::string msg = error_of([&] { fetcher.fetch_tiles(d.tiles); });
    EXPECT_NE(msg.find("HTTP 503 for " + server.url(path_of(d.tiles[2])) + " (201905, 75N060E)"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("after 4 attempts"), std::string::npos) << msg;
    EXPECT_EQ(server.count(path_of(d.tiles[2])), 4);
    EXPECT_FALSE(fs::exists(tmp.file("cache/" + d.tiles[2].archive.file_name)));
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, DroppedConnectionResumesWithRange)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const DiscoveredMonth d = discover(fetcher, server);
    const long long k = 12345;
    server.inject(path_of(d.tiles[4]), Fault::drop_after(k));
    expect_all_identical(fetcher.fetch_tiles(d.tiles), d);
    const auto seen = server.requests_for(path_of(d.tiles[4]));
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].header("range"), "");
    EXPECT_EQ(seen[1].header("range"), "bytes=12345-");
    EXPECT_EQ(seen[1].status, 206);
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, ConnectionDroppedEveryTimeStillCompletesByResuming)
{
    // Each answer is cut after 100 kB; every resume gets further (each attempt counts, so the
    // budget must cover them all).
    TempDir tmp;
    HttpServer server(mirror_root());
    FetchOptions o = quick_options(tmp.file("cache"));
    o.limits.max_attempts = 20;
    Fetcher fetcher(o);
    const DiscoveredMonth d = discover(fetcher, server);
    const long long k = 100000;
    server.inject(path_of(d.tiles[0]), Fault::drop_after(k, -1));
    expect_all_identical(fetcher.fetch_tiles(d.tiles), d);
    const long long size = static_cast<long long>(mirror_bytes(d.tiles[0]).size());
    const auto seen = server.requests_for(path_of(d.tiles[0]));
    ASSERT_EQ(static_cast<long long>(seen.size()), (size + k - 1) / k);
    for (size_t i = 1; i < seen.size(); ++i)
        EXPECT_EQ(seen[i].header("range"), "bytes=" + std::to_string(k * long(i)) + "-");
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, StalledBodyTimesOutAndResumes)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    // Silence for 1 s is a stall.
    FetchOptions o = quick_options(tmp.file("cache"));
    Fetcher fetcher(o);
    const DiscoveredMonth d = discover(fetcher, server);
    server.inject(path_of(d.tiles[3]), Fault::stall_after(100, std::chrono::seconds(4)));
    const auto t0 = std::chrono::steady_clock::now();
    expect_all_identical(fetcher.fetch_tiles(d.tiles), d);
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(took, 3.5) << "the stall was waited out instead of timing out";
    const auto seen = server.requests_for(path_of(d.tiles[3]));
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].header("range"), "bytes=100-");
    // The other tiles were not held up by the stalled one.
    for (size_t i : {0, 1, 2, 4, 5})
        EXPECT_EQ(server.count(path_of(d.tiles[i])), 1);
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, ServerIgnoringRangeIsReadFromTheStart)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    server.disable_ranges();
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const DiscoveredMonth d = discover(fetcher, server);
    server.inject(path_of(d.tiles[1]), Fault::drop_after(7000));
    expect_all_identical(fetcher.fetch_tiles(d.tiles), d);
    const auto seen = server.requests_for(path_of(d.tiles[1]));
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].header("range"), "bytes=7000-");
    EXPECT_EQ(seen[1].status, 200); // the whole file again: the .part was started over
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, TooLargeContentLengthOnceEndsComplete)
{
    // The body is whole but announced 100 bytes longer: the resume at the full size gets 416
    // with "bytes */size", which proves the .part complete.
    TempDir tmp;
    HttpServer server(mirror_root());
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const DiscoveredMonth d = discover(fetcher, server);
    server.inject(path_of(d.tiles[5]), Fault::wrong_length(100));
    expect_all_identical(fetcher.fetch_tiles(d.tiles), d);
    const long long size = static_cast<long long>(mirror_bytes(d.tiles[5]).size());
    const auto seen = server.requests_for(path_of(d.tiles[5]));
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].header("range"), "bytes=" + std::to_string(size) + "-");
    EXPECT_EQ(seen[1].status, 416);
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, TooLargeContentLengthAlwaysFailsClearly)
{
    // Without ranges the server sends the whole file with a wrong length every time: the
    // download can never be proven complete, so it must fail and leave nothing behind.
    TempDir tmp;
    HttpServer server(mirror_root());
    server.disable_ranges();
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const DiscoveredMonth d = discover(fetcher, server);
    server.inject(path_of(d.tiles[1]), Fault::wrong_length(100, -1));
    const long long size = static_cast<long long>(mirror_bytes(d.tiles[1]).size());
    const std::string msg = error_of([&] { fetcher.fetch_tiles(d.tiles); });
    EXPECT_NE(msg.find(server.url(path_of(d.tiles[1])) + " (201905, 75N060W)"), std::string::npos)
        << msg;
    EXPECT_NE(msg.find("closed after " + std::to_string(size) + " of " +
                       std::to_string(size + 100) + " bytes"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("gave up after 4 attempts"), std::string::npos) << msg;
    EXPECT_FALSE(fs::exists(tmp.file("cache/" + d.tiles[1].archive.file_name)));
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, LoginRedirectIsNotSavedAsData)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const DiscoveredMonth d = discover(fetcher, server);
    server.inject(path_of(d.tiles[2]), Fault::login_redirect());
    const std::string msg = error_of([&] { fetcher.fetch_tiles(d.tiles); });
    EXPECT_NE(msg.find(server.url(path_of(d.tiles[2])) + " (201905, 75N060E)"), std::string::npos)
        << msg;
    EXPECT_NE(msg.find("got an HTML page instead of data"), std::string::npos) << msg;
    EXPECT_EQ(server.count(path_of(d.tiles[2])), 1); // not retried: it will not improve
    EXPECT_EQ(server.count("/login"), 1);
    EXPECT_FALSE(fs::exists(tmp.file("cache/" + d.tiles[2].archive.file_name)));
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, NotFoundFailsAtOnce)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const DiscoveredMonth d = discover(fetcher, server);
    server.inject(path_of(d.tiles[5]), Fault::not_found());
    const std::string msg = error_of([&] { fetcher.fetch_tiles(d.tiles); });
    EXPECT_NE(msg.find("HTTP 404 for " + server.url(path_of(d.tiles[5])) + " (201905, 00N060E)"),
              std::string::npos)
        << msg;
    EXPECT_EQ(server.count(path_of(d.tiles[5])), 1);
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(Faults, ListingNamesATileWhoseFileIsMissing)
{
    TempDir tmp;
    const std::string root = tmp.file("tree");
    fs::create_directories(root + "/2019/201905");
    fs::copy(mirror_root() + month_folder(), root + month_folder(), fs::copy_options::recursive);
    HttpServer server(root);
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const DiscoveredMonth d = discover(fetcher, server); // the listing still names all six
    fs::remove(root + path_of(d.tiles[3]));
    const std::string msg = error_of([&] { fetcher.fetch_tiles(d.tiles); });
    EXPECT_NE(msg.find("HTTP 404 for " + server.url(path_of(d.tiles[3])) + " (201905, 00N180W)"),
              std::string::npos)
        << msg;
    EXPECT_FALSE(fs::exists(tmp.file("cache/" + d.tiles[3].archive.file_name)));
    expect_cache_clean(tmp.file("cache"), d, root);
}

// ---------------------------------------------------------------------------------------------
// Bearer token

/// Redirects stdout and stderr into a file while alive (the fetcher writes progress and retry
/// notices to stderr; a token must not be among them).
class CaptureOutput {
public:
    explicit CaptureOutput(const std::string& path) : m_path(path)
    {
        std::cout.flush();
        std::cerr.flush();
        std::fflush(nullptr);
        m_out = ::dup(1);
        m_err = ::dup(2);
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
    }
    ~CaptureOutput() { restore(); }
    CaptureOutput(const CaptureOutput&) = delete;
    CaptureOutput& operator=(const CaptureOutput&) = delete;

    std::string finish()
    {
        restore();
        return read_file(m_path);
    }

private:
    void restore()
    {
        if (m_out < 0)
            return;
        std::cout.flush();
        std::cerr.flush();
        std::fflush(nullptr);
        ::dup2(m_out, 1);
        ::dup2(m_err, 2);
        ::close(m_out);
        ::close(m_err);
        m_out = m_err = -1;
    }

    std::string m_path;
    int m_out = -1;
    int m_err = -1;
};

const std::string kSecret = "eyJ0eXAi.S3CRET-token-value.9f8e7d";

TEST(FaultsToken, MonthDownloadsWithTheTokenWhichIsNeverShownOrStored)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    server.require_token(kSecret);
    FetchOptions o = quick_options(tmp.file("cache"));
    o.token = kSecret;
    o.source = source(server);
    o.quiet = false; // progress and retry notices on: they must still not show the token
    Fetcher fetcher(o);

    CaptureOutput capture(tmp.file("output.txt"));
    const DiscoveredMonth d = discover_month(fetcher, source(server), ProductSpec{}, kMonth);
    server.inject(path_of(d.tiles[0]), Fault::status_burst(503, 1));
    server.inject(path_of(d.tiles[1]), Fault::drop_after(3000));
    std::vector<CachedFile> files;
    std::string failure;
    try {
        files = fetcher.fetch_tiles(d.tiles);
    } catch (const std::exception& e) {
        failure = e.what();
    }
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
            EXPECT_EQ(read_file(e.path().string()).find("S3CRET"), std::string::npos) << e.path();
        }
    }
}

TEST(FaultsToken, WithoutTheTokenNothingIsSavedAndTheMessageSaysWhy)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    // Discover while the server is open, then lock it: the tiles now answer with the login page.
    FetchOptions o = quick_options(tmp.file("cache"));
    Fetcher fetcher(o);
    const DiscoveredMonth d = discover(fetcher, server);
    server.require_token(kSecret);

    const DiscoveredMonth locked = discover_month(fetcher, source(server), ProductSpec{}, kMonth);
    EXPECT_EQ(locked.availability, Availability::NotPublished);
    EXPECT_NE(locked.reason.find("set the auth token"), std::string::npos) << locked.reason;

    const std::string msg = error_of([&] { fetcher.fetch_tiles(d.tiles); });
    EXPECT_NE(msg.find("got an HTML page instead of data"), std::string::npos) << msg;
    EXPECT_NE(msg.find("(no token is configured)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("(201905, "), std::string::npos) << msg;
    EXPECT_TRUE(sezu::test::list_dir(tmp.file("cache")).empty());
}

TEST(FaultsToken, WrongTokenGets401NamingTheToken)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    server.require_token(kSecret, false);
    FetchOptions o = quick_options(tmp.file("cache"));
    o.token = "not-the-right-one";
    o.source = source(server);
    Fetcher fetcher(o);
    const std::string msg =
        error_of([&] { discover_month(fetcher, source(server), ProductSpec{}, kMonth); });
    EXPECT_NE(msg.find("HTTP 401"), std::string::npos) << msg;
    EXPECT_NE(msg.find("is the auth token set and valid?"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("not-the-right-one"), std::string::npos) << msg;
}

} // namespace
} // namespace sezu
