// Deadlines of a slow or silent server: connect, first byte, stall and least average speed,
// every attempt counted against a bounded budget, for tiles and listings alike, and a message
// that says which limit was hit. The watch is tested with made-up clocks; the transfers against
// the loopback server with sub-second limits (each server also ends by itself, so that a
// regression fails instead of hanging).
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/fetch/transfer_limits.hpp"

#include "fetch_support.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>

namespace sezu {
namespace {

using namespace fetch_test;
using namespace std::chrono_literals;
using Clock = TransferWatch::Clock;

const auto t0 = Clock::time_point{} + std::chrono::hours(1);

// ---------------------------------------------------------------------------------------------
// The watch, with made-up clocks

TEST(TransferWatch, NoFirstByteWithinTheLimit)
{
    TransferWatch w(TransferLimits{}, t0);
    EXPECT_FALSE(w.expired(t0 + 59s));
    EXPECT_EQ(w.next_check(t0 + 10s), t0 + 60s);
    EXPECT_EQ(w.expired(t0 + 60s), "no first byte within 60 s");
}

TEST(TransferWatch, StalledAfterData)
{
    TransferWatch w(TransferLimits{}, t0);
    w.on_body(1000, t0 + 1s);
    EXPECT_FALSE(w.expired(t0 + 120s));
    EXPECT_EQ(w.expired(t0 + 121s), "stalled for 120 s");
    w.on_body(1, t0 + 100s); // a byte now and then is not a stall...
    EXPECT_FALSE(w.expired(t0 + 121s));
}

TEST(TransferWatch, TrickleBelowTheAverageSpeed)
{
    TransferWatch w(TransferLimits{}, t0); // at least 10 kB/s over 300 s
    auto t = t0 + 1s;
    w.on_body(100000, t); // a fast start...
    for (int i = 0; i < 400; ++i) {
        t += 1s;
        w.on_body(2, t); // ...then 2 bytes/s: never a stall, never done
        if (t - (t0 + 1s) < 300s) {
            ASSERT_FALSE(w.expired(t)) << i;
        }
    }
    EXPECT_EQ(w.expired(t), "below 10 kB/s average over 300 s");
}

TEST(TransferWatch, SteadyTransferIsNeverCut)
{
    TransferWatch w(TransferLimits{}, t0);
    auto t = t0;
    for (int i = 0; i < 3600; ++i) { // an hour at 50 kB/s: 180 MB
        t += 1s;
        w.on_body(50000, t);
        ASSERT_FALSE(w.expired(t)) << i;
        ASSERT_GT(w.next_check(t), t);
    }
    EXPECT_EQ(w.bytes(), 3600LL * 50000);
}

TEST(TransferWatch, SpeedCheckOffWithZero)
{
    TransferLimits l;
    l.min_speed_bps = 0;
    TransferWatch w(l, t0);
    for (int i = 1; i < 1000; ++i)
        w.on_body(1, t0 + i * 1s);
    EXPECT_FALSE(w.expired(t0 + 1000s));
}

TEST(TransferLimits, RetryDelayDoublesWithJitterAndHonoursRetryAfter)
{
    TransferLimits l;
    l.retry_wait_s = 2;
    for (int i = 0; i < 20; ++i) {
        const auto first = retry_delay(l, 2);
        EXPECT_GE(first, 1000ms);
        EXPECT_LE(first, 2000ms);
        const auto third = retry_delay(l, 4);
        EXPECT_GE(third, 4000ms);
        EXPECT_LE(third, 8000ms);
        EXPECT_LE(retry_delay(l, 30), 60000ms);
        EXPECT_GE(retry_delay(l, 2, 120), 120000ms);
        EXPECT_EQ(retry_delay(l, 2, 100000), 300000ms);
    }
}

TEST(TransferLimits, NotANumberIsRefusedByTheFetcherToo)
{
    TransferLimits nan_limits;
    nan_limits.first_byte_timeout_s = std::nan("");
    EXPECT_THROW(nan_limits.validate(), ConfigError);
    FetchOptions bad;
    bad.limits = nan_limits;
    EXPECT_THROW(Fetcher{bad}, ConfigError);
}

// ---------------------------------------------------------------------------------------------
// Tiles against the loopback server

/// Sub-second limits: every fault below is given up within a few seconds.
FetchOptions tight_options(const std::string& cache)
{
    FetchOptions o = quick_options(cache);
    o.limits.first_byte_timeout_s = 0.3;
    o.limits.stall_timeout_s = 0.3;
    o.limits.min_speed_bps = 0;
    o.limits.max_attempts = 2;
    return o;
}

struct Case : ServedTile {
    Case() : ServedTile("75N060E", 200000, std::chrono::seconds(20)) {}

    std::string fail(const FetchOptions& o)
    {
        Fetcher fetcher(o);
        return error_of([&] { fetcher.fetch_tiles({tile}); });
    }
    void expect_nothing_left()
    {
        EXPECT_TRUE(test::list_dir(tmp.file("cache")).empty())
            << test::list_dir(tmp.file("cache")).front();
    }
};

TEST(FetchDeadlines, HeadersThenSilenceHitsTheFirstByteLimit)
{
    Case c;
    c.server.inject(c.path, Fault::stall_after(0, std::chrono::hours(1), -1));
    const std::string msg = c.fail(tight_options(c.tmp.file("cache")));
    EXPECT_NE(msg.find(c.server.url(c.path) + " (201905, 75N060E): no first byte within 0.3 s"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("(gave up after 2 attempts)"), std::string::npos) << msg;
    EXPECT_EQ(c.server.count(c.path), 2);
    c.expect_nothing_left();
}

TEST(FetchDeadlines, ServerThatNeverAnswersHitsTheFirstByteLimit)
{
    Case c;
    c.server.inject(c.path, Fault::silence());
    const std::string msg = c.fail(tight_options(c.tmp.file("cache")));
    EXPECT_NE(msg.find("no first byte within 0.3 s"), std::string::npos) << msg;
    EXPECT_EQ(c.server.count(c.path), 2);
}

TEST(FetchDeadlines, HalfBodyThenStallCountsEveryAttempt)
{
    // Every answer sends 1000 more bytes and then nothing: each attempt makes progress, and
    // still the budget ends it.
    Case c;
    c.server.inject(c.path, Fault::stall_after(1000, std::chrono::hours(1), -1));
    FetchOptions o = tight_options(c.tmp.file("cache"));
    o.limits.max_attempts = 3;
    const std::string msg = c.fail(o);
    EXPECT_NE(msg.find("stalled for 0.3 s at byte 3000 (gave up after 3 attempts)"),
              std::string::npos)
        << msg;
    const auto seen = c.server.requests_for(c.path);
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[2].header("range"), "bytes=2000-");
    c.expect_nothing_left();
}

TEST(FetchDeadlines, TrickleHitsTheLeastAverageSpeed)
{
    Case c;
    c.server.inject(c.path, Fault::trickle(100, 20, -1)); // 20 bytes/s, for ever
    FetchOptions o = tight_options(c.tmp.file("cache"));
    o.limits.min_speed_bps = 1000;
    o.limits.min_speed_window_s = 0.5;
    const std::string msg = c.fail(o);
    EXPECT_NE(msg.find("below 1 kB/s average over 0.5 s"), std::string::npos) << msg;
    EXPECT_NE(msg.find("(gave up after 2 attempts)"), std::string::npos) << msg;
    c.expect_nothing_left();
}

TEST(FetchDeadlines, ShortStallWithinTheLimitIsWaitedOut)
{
    Case c;
    c.server.inject(c.path, Fault::stall_after(1000, 200ms));
    FetchOptions o = tight_options(c.tmp.file("cache"));
    o.limits.stall_timeout_s = 2;
    Fetcher fetcher(o);
    const auto files = fetcher.fetch_tiles({c.tile});
    EXPECT_EQ(test::read_text(files[0].path), c.bytes[2]);
    EXPECT_EQ(c.server.count(c.path), 1);
}

/// A port whose listen queue is full: the kernel drops new SYNs, so connecting hangs.
class FullBacklog {
public:
    FullBacklog()
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(m_listen, 0);
        socklen_t len = sizeof addr;
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        for (int i = 0; i < 4; ++i) { // fill the queue (never accepted)
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
            m_clients.push_back(fd);
        }
    }
    ~FullBacklog()
    {
        for (int fd : m_clients)
            ::close(fd);
        ::close(m_listen);
    }
    int port() const { return m_port; }

private:
    int m_listen = -1;
    int m_port = 0;
    std::vector<int> m_clients;
};

TEST(FetchDeadlines, NoConnectionWithinTheConnectLimit)
{
    TempDir tmp;
    FullBacklog backlog;
    FetchOptions o = tight_options(tmp.file("cache"));
    o.limits.connect_timeout_s = 0.3;
    o.limits.first_byte_timeout_s = 5;
    Fetcher fetcher(o);
    const std::string folder = "http://127.0.0.1:" + std::to_string(backlog.port()) + "/m/";
    const std::string msg = error_of([&] { fetcher.fetch_tiles({tile_ref("75N180W", folder)}); });
    EXPECT_NE(msg.find("no connection within 0.3 s (gave up after 2 attempts)"), std::string::npos)
        << msg;
}

// ---------------------------------------------------------------------------------------------
// Listings: the same limits

TEST(FetchDeadlines, SilentListingHitsTheFirstByteLimit)
{
    Case c;
    c.server.inject(kFolder, Fault::silence());
    Fetcher fetcher(tight_options(c.tmp.file("cache")));
    const std::string msg = error_of([&] { fetcher.get_text(c.server.url(kFolder)); });
    EXPECT_NE(msg.find(c.server.url(kFolder) + ": no first byte within 0.3 s (gave up after 2 "
                                               "attempts)"),
              std::string::npos)
        << msg;
    EXPECT_EQ(c.server.count(kFolder), 2);
}

TEST(FetchDeadlines, StalledListingHitsTheStallLimit)
{
    Case c;
    c.server.inject(kFolder, Fault::stall_after(100, std::chrono::hours(1), -1));
    Fetcher fetcher(tight_options(c.tmp.file("cache")));
    const std::string msg = error_of([&] { fetcher.get_text(c.server.url(kFolder)); });
    EXPECT_NE(msg.find("stalled for 0.3 s (gave up after 2 attempts)"), std::string::npos) << msg;
}

TEST(FetchDeadlines, ListingStalledOnceIsRetried)
{
    Case c;
    c.server.inject(kFolder, Fault::stall_after(0, std::chrono::hours(1), 1));
    Fetcher fetcher(tight_options(c.tmp.file("cache")));
    const auto d =
        discover_month(fetcher, c.server.url(kTemplate), ProductSpec{}, YearMonth(2019, 5));
    EXPECT_EQ(d.availability, Availability::Complete) << d.reason;
    EXPECT_EQ(c.server.count(kFolder), 2);
}

TEST(FetchDeadlines, CommandLineFlagsReachTheListingAndTheMonthSaysWhichLimit)
{
    Case c;
    c.server.inject(kFolder, Fault::silence());
    const std::string cmd = std::string(SEZU_BINARY) +
                            " discover --span-start 201905 --span-end 201905 --source " +
                            c.server.url(kTemplate) + " --first-byte-timeout 0.3 --retry-wait 0";
    const auto r = test::run_command(cmd + " --max-attempts 2");
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("no first byte within 0.3 s (gave up after 2 attempts)"),
              std::string::npos)
        << r.output;
    const auto bad = test::run_command(cmd + " --max-attempts 0");
    EXPECT_EQ(bad.status, 2) << bad.output;
    EXPECT_NE(bad.output.find("maxAttempts"), std::string::npos) << bad.output;
}

} // namespace
} // namespace sezu
