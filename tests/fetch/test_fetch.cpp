// Fetch: downloads over file:// trees in a temp dir and over http://127.0.0.1 from a tiny
// in-test server (retries, 404, redirect to an HTML login page, bearer token, short bodies).
#include "sezu/discover/discover_report.hpp"
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/fetch/progress.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <mutex>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace sezu {
namespace {

using test::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers

/// Bytes that pass the gzip magic check (1f 8b) followed by a recognisable payload.
std::string gzip_like(const std::string& payload)
{
    return std::string("\x1f\x8b\x08\x00", 4) + payload;
}

const std::string kHtml = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
                          "<body><form>login</form></body></html>\n";

void write_file(const std::string& path, const std::string& bytes)
{
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    ASSERT_TRUE(out.good()) << path;
}

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string name_of(const std::string& tile, const std::string& stamp = "201906101530")
{
    return "SVDNB_npp_20190501-20190531_" + tile + "_vcmcfg_v10_c" + stamp + ".tgz";
}

TileRef tile_ref(const std::string& tile, const std::string& url_folder)
{
    const auto archive = parse_archive_name(name_of(tile));
    EXPECT_TRUE(archive);
    return TileRef{*find_tile(tile), *archive, url_folder + archive->file_name};
}


FetchOptions quick_options(const std::string& cache)
{
    FetchOptions o;
    o.cache_dir = cache;
    o.parallel = 2;
    o.limits.max_attempts = 3;
    o.limits.retry_wait_s = 0.01; // keep the backoff short in tests
    o.limits.connect_timeout_s = 5;
    o.limits.stall_timeout_s = 5;
    o.quiet = true;
    return o;
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
// A tiny HTTP/1.1 server on 127.0.0.1: one connection at a time, "Connection: close", scripted
// responses per path. It stops when the test ends, or by itself after a deadline.

struct Reply {
    int status = 200;
    std::string body;
    std::vector<std::string> headers;   ///< extra header lines, without CRLF
    long declared_length = -1;          ///< Content-Length to announce (-1: the body's size)
};

struct SeenRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;   ///< names lower-cased
};

class TinyHttpServer {
public:
    /// Each path answers its replies in turn; the last one repeats. Unknown paths get 404.
    explicit TinyHttpServer(std::map<std::string, std::vector<Reply>> routes)
        : m_routes(std::move(routes))
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        if (m_listen < 0)
            throw std::runtime_error("socket failed");
        const int one = 1;
        ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0; // a free port, chosen by the kernel
        if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(m_listen, 16) != 0)
            throw std::runtime_error("bind/listen on 127.0.0.1 failed");
        socklen_t len = sizeof addr;
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { run(); });
    }

    ~TinyHttpServer()
    {
        m_stop = true;
        m_thread.join();
        ::close(m_listen);
    }

    TinyHttpServer(const TinyHttpServer&) = delete;
    TinyHttpServer& operator=(const TinyHttpServer&) = delete;

    std::string url(const std::string& path) const
    {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }

    std::vector<SeenRequest> requests() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_seen;
    }

    int count(const std::string& path) const
    {
        int n = 0;
        for (const auto& r : requests())
            n += r.path == path ? 1 : 0;
        return n;
    }

private:
    static std::string reason(int status)
    {
        switch (status) {
        case 200: return "OK";
        case 302: return "Found";
        case 404: return "Not Found";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Status";
        }
    }

    void run()
    {
        // Bounded: the server ends by itself even if a test forgets it.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!m_stop && std::chrono::steady_clock::now() < deadline) {
            pollfd p{m_listen, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            const int client = ::accept(m_listen, nullptr, nullptr);
            if (client < 0)
                continue;
            serve(client);
            ::close(client);
        }
    }

    void serve(int client)
    {
        std::string request;
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536 &&
               std::chrono::steady_clock::now() < give_up) {
            pollfd p{client, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            char buf[4096];
            const ssize_t n = ::recv(client, buf, sizeof buf, 0);
            if (n <= 0)
                return;
            request.append(buf, static_cast<size_t>(n));
        }
        SeenRequest seen;
        std::istringstream in(request);
        std::string line;
        std::getline(in, line);
        std::istringstream first(line);
        first >> seen.method >> seen.path;
        while (std::getline(in, line) && line != "\r" && !line.empty()) {
            const size_t colon = line.find(':');
            if (colon == std::string::npos)
                continue;
            std::string key = line.substr(0, colon);
            for (auto& c : key)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && (value.back() == '\r' || value.back() == ' '))
                value.pop_back();
            while (!value.empty() && value.front() == ' ')
                value.erase(0, 1);
            seen.headers[key] = value;
        }
        Reply reply{404, "<html>not found</html>", {"Content-Type: text/html"}, -1};
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            const auto it = m_routes.find(seen.path);
            if (it != m_routes.end() && !it->second.empty()) {
                size_t& next = m_next[seen.path];
                reply = it->second[std::min(next, it->second.size() - 1)];
                ++next;
            }
            m_seen.push_back(seen);
        }
        std::string head = "HTTP/1.1 " + std::to_string(reply.status) + " " +
                           reason(reply.status) + "\r\n";
        const long length =
            reply.declared_length >= 0 ? reply.declared_length : long(reply.body.size());
        head += "Content-Length: " + std::to_string(length) + "\r\nConnection: close\r\n";
        for (const auto& h : reply.headers)
            head += h + "\r\n";
        const std::string out = head + "\r\n" + reply.body;
        size_t sent = 0;
        while (sent < out.size()) {
            const ssize_t n = ::send(client, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
            if (n <= 0)
                break;
            sent += static_cast<size_t>(n);
        }
        ::shutdown(client, SHUT_WR);
    }

    std::map<std::string, std::vector<Reply>> m_routes;
    std::map<std::string, size_t> m_next;
    std::vector<SeenRequest> m_seen;
    mutable std::mutex m_mutex;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

Reply data_reply(const std::string& bytes)
{
    return Reply{200, bytes, {"Content-Type: application/x-gzip"}, -1};
}

// ---------------------------------------------------------------------------------------------
// file://

TEST(FetchFile, FetchesIntoCacheThenServesFromCache)
{
    TempDir tmp;
    const std::string src = tmp.file("src/2019/201905/vcmcfg/");
    const std::string cache = tmp.file("cache/nested"); // does not exist yet
    write_file(src + name_of("75N180W"), gzip_like("tile zero"));
    write_file(src + name_of("00N060E"), gzip_like("tile five, a bit longer"));
    const std::vector<TileRef> tiles = {tile_ref("75N180W", "file://" + src),
                                        tile_ref("00N060E", "file://" + src)};

    Fetcher fetcher(quick_options(cache));
    const std::vector<CachedFile> first = fetcher.fetch_tiles(tiles);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].path, cache + "/" + name_of("75N180W"));
    EXPECT_EQ(first[1].path, cache + "/" + name_of("00N060E"));
    EXPECT_EQ(first[0].url, "file://" + src + name_of("75N180W"));
    EXPECT_FALSE(first[0].from_cache);
    EXPECT_EQ(first[0].bytes, 4 + 9);
    EXPECT_EQ(first[1].bytes, 4 + 23);
    EXPECT_EQ(read_file(first[1].path), gzip_like("tile five, a bit longer"));
    EXPECT_EQ(sezu::test::list_dir(cache), (std::vector<std::string>{name_of("00N060E"), name_of("75N180W")}));

    // The sources vanish: a second fetch must be served entirely from the cache.
    fs::remove_all(tmp.file("src"));
    const std::vector<CachedFile> second = fetcher.fetch_tiles(tiles);
    EXPECT_TRUE(second[0].from_cache);
    EXPECT_TRUE(second[1].from_cache);
    EXPECT_EQ(second[1].bytes, 4 + 23);
    EXPECT_EQ(read_file(second[0].path), gzip_like("tile zero"));
}

TEST(FetchFile, HtmlInsteadOfDataIsRejected)
{
    TempDir tmp;
    const std::string src = tmp.file("src/");
    write_file(src + name_of("75N060W"), kHtml);
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const std::string msg =
        error_of([&] { fetcher.fetch_tiles({tile_ref("75N060W", "file://" + src)}); });
    EXPECT_NE(msg.find("got an HTML page instead of data"), std::string::npos) << msg;
    EXPECT_NE(msg.find("file://" + src + name_of("75N060W")), std::string::npos) << msg;
    EXPECT_NE(msg.find("(201905, 75N060W)"), std::string::npos) << msg;
    EXPECT_TRUE(sezu::test::list_dir(tmp.file("cache")).empty()); // neither the file nor a .part
}

TEST(FetchFile, NonGzipDataIsRejected)
{
    TempDir tmp;
    const std::string src = tmp.file("src/");
    write_file(src + name_of("75N060W"), "PK\x03\x04 a zip, not a tgz");
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const std::string msg =
        error_of([&] { fetcher.fetch_tiles({tile_ref("75N060W", "file://" + src)}); });
    EXPECT_NE(msg.find("not gzip data (starts with 50 4b"), std::string::npos) << msg;
    EXPECT_TRUE(sezu::test::list_dir(tmp.file("cache")).empty());
}

TEST(FetchFile, MissingFileNamesTheUrlAndLeavesNothing)
{
    TempDir tmp;
    const std::string src = tmp.file("src/");
    write_file(src + name_of("75N180W"), gzip_like("present"));
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const std::vector<TileRef> tiles = {tile_ref("75N180W", "file://" + src),
                                        tile_ref("75N060E", "file://" + src)};
    const std::string msg = error_of([&] { fetcher.fetch_tiles(tiles); });
    EXPECT_NE(msg.find("file://" + src + name_of("75N060E") + " (201905, 75N060E)"),
              std::string::npos)
        << msg;
    for (const auto& f : sezu::test::list_dir(tmp.file("cache")))
        EXPECT_EQ(f.find(".part"), std::string::npos) << f;
}

TEST(FetchFile, GetTextReadsIndexHtmlOfAFolder)
{
    TempDir tmp;
    write_file(tmp.file("tree/201905/index.html"), "<a href=\"x.tgz\">x</a>");
    Fetcher fetcher(quick_options(tmp.file("cache")));
    EXPECT_EQ(fetcher.get_text("file://" + tmp.file("tree/201905/")), "<a href=\"x.tgz\">x</a>");
    EXPECT_EQ(fetcher.get_text("file://" + tmp.file("tree/201905/index.html")),
              "<a href=\"x.tgz\">x</a>");
    EXPECT_FALSE(fetcher.get_text("file://" + tmp.file("tree/201906/")));
    EXPECT_FALSE(fetcher.get_text("file://" + tmp.file("tree/none.html")));
}

TEST(FetchFile, DiscoverAndFetchAMonthFromATree)
{
    TempDir tmp;
    const std::string root = tmp.file("mirror");
    const std::string folder = root + "/2019/201905/vcmcfg/";
    std::string index = "<html><body><a href=\"?C=N;O=D\">Name</a><a href=\"../\">Parent</a>\n";
    const std::vector<std::string> tiles = {"75N180W", "75N060W", "75N060E",
                                            "00N180W", "00N060W", "00N060E"};
    for (const auto& t : tiles) {
        write_file(folder + name_of(t), gzip_like("data of " + t));
        index += "<a href=\"./" + name_of(t) + "\">" + name_of(t) + "</a>\n";
        index += "<a href=\"" + name_of(t).substr(0, name_of(t).size() - 4) + ".png\">png</a>\n";
    }
    write_file(folder + "index.html", index + "</body></html>\n");

    FetchOptions options = quick_options(tmp.file("cache"));
    options.parallel = 4;
    Fetcher fetcher(options);
    const std::string tmpl = "file://" + root + "/{YYYY}/{YYYYMM}/{cfg}";
    const DiscoveredMonth d = discover_month(fetcher, tmpl, ProductSpec{}, YearMonth(2019, 5));
    ASSERT_EQ(d.availability, Availability::Complete) << d.reason;
    EXPECT_EQ(d.listing_url, "file://" + folder);
    EXPECT_EQ(d.tiles[4].url, "file://" + folder + name_of("00N060W"));

    const std::vector<CachedFile> files = fetcher.fetch_tiles(d.tiles);
    ASSERT_EQ(files.size(), 6u);
    for (size_t i = 0; i < files.size(); ++i)
        EXPECT_EQ(read_file(files[i].path), gzip_like("data of " + tiles[i]));
    EXPECT_EQ(sezu::test::list_dir(tmp.file("cache")).size(), 6u);

    const DiscoveredMonth absent =
        discover_month(fetcher, tmpl, ProductSpec{}, YearMonth(2019, 6));
    EXPECT_EQ(absent.availability, Availability::NotPublished);
    EXPECT_EQ(absent.reason, "no listing at file://" + root + "/2019/201906/vcmcfg/");
}

// ---------------------------------------------------------------------------------------------
// http://127.0.0.1

TEST(FetchHttp, RetriesAfter503)
{
    TempDir tmp;
    const std::string path = "/v10/" + name_of("75N060W");
    TinyHttpServer server({{path, {Reply{503, "busy", {}, -1}, data_reply(gzip_like("ok"))}}});
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const auto files = fetcher.fetch_tiles({tile_ref("75N060W", server.url("/v10/"))});
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(read_file(files[0].path), gzip_like("ok"));
    EXPECT_EQ(server.count(path), 2);
}

TEST(FetchHttp, GivesUpAfterTheRetries)
{
    TempDir tmp;
    const std::string path = "/v10/" + name_of("75N060W");
    TinyHttpServer server({{path, {Reply{503, "busy", {}, -1}}}});
    Fetcher fetcher(quick_options(tmp.file("cache"))); // 3 attempts
    const std::string msg =
        error_of([&] { fetcher.fetch_tiles({tile_ref("75N060W", server.url("/v10/"))}); });
    EXPECT_NE(msg.find("HTTP 503 for " + server.url(path)), std::string::npos) << msg;
    EXPECT_NE(msg.find("after 3 attempts"), std::string::npos) << msg;
    EXPECT_EQ(server.count(path), 3);
    EXPECT_TRUE(sezu::test::list_dir(tmp.file("cache")).empty());
}

TEST(FetchHttp, NotFoundIsNotRetriedAndNamesUrlMonthTile)
{
    TempDir tmp;
    TinyHttpServer server({});
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const std::string url = server.url("/v10/") + name_of("75N060W");
    const std::string msg =
        error_of([&] { fetcher.fetch_tiles({tile_ref("75N060W", server.url("/v10/"))}); });
    EXPECT_NE(msg.find("fetch: HTTP 404 for " + url + " (201905, 75N060W)"), std::string::npos)
        << msg;
    EXPECT_EQ(server.count("/v10/" + name_of("75N060W")), 1);
    EXPECT_TRUE(sezu::test::list_dir(tmp.file("cache")).empty());
}

TEST(FetchHttp, RedirectToAnHtmlLoginPageIsRejected)
{
    TempDir tmp;
    const std::string path = "/v10/" + name_of("00N180W");
    TinyHttpServer server({{path, {Reply{302, "", {"Location: /login"}, -1}}},
                           {"/login", {Reply{200, kHtml, {"Content-Type: text/html"}, -1}}}});
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const std::string msg =
        error_of([&] { fetcher.fetch_tiles({tile_ref("00N180W", server.url("/v10/"))}); });
    EXPECT_NE(msg.find("got an HTML page instead of data — is the auth token set?"),
              std::string::npos)
        << msg;
    EXPECT_EQ(server.count("/login"), 1); // the redirect was followed, and not retried
    EXPECT_TRUE(sezu::test::list_dir(tmp.file("cache")).empty());
}

TEST(FetchHttp, RedirectToFileIsRefused)
{
    TempDir tmp;
    write_file(tmp.file("secret.tgz"), gzip_like("local file"));
    const std::string path = "/v10/" + name_of("00N180W");
    TinyHttpServer server({{path, {Reply{302, "", {"Location: file://" + tmp.file("secret.tgz")},
                                         -1}}}});
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const std::string msg =
        error_of([&] { fetcher.fetch_tiles({tile_ref("00N180W", server.url("/v10/"))}); });
    EXPECT_NE(msg.find(server.url(path)), std::string::npos) << msg;
    EXPECT_TRUE(sezu::test::list_dir(tmp.file("cache")).empty());
}

TEST(FetchHttp, BearerTokenIsSentAndNeverInMessages)
{
    TempDir tmp;
    const std::string path = "/v10/" + name_of("75N060E");
    TinyHttpServer server({{path, {data_reply(gzip_like("authorised"))}},
                           {"/listing/", {Reply{500, "down", {}, -1}}}});
    FetchOptions options = quick_options(tmp.file("cache"));
    options.token = "s3cret-T0KEN";
    options.source = server.url("/");
    options.limits.max_attempts = 1;
    Fetcher fetcher(options);
    fetcher.fetch_tiles({tile_ref("75N060E", server.url("/v10/"))});
    const std::string msg = error_of([&] { fetcher.get_text(server.url("/listing/")); });
    EXPECT_NE(msg.find("HTTP 500"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("s3cret"), std::string::npos) << msg;

    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].path, path);
    ASSERT_EQ(seen[0].headers.count("authorization"), 1u);
    EXPECT_EQ(seen[0].headers.at("authorization"), "Bearer s3cret-T0KEN");
    EXPECT_EQ(seen[1].headers.at("authorization"), "Bearer s3cret-T0KEN");
}

TEST(FetchHttp, NoTokenNoAuthorizationHeader)
{
    TempDir tmp;
    const std::string path = "/v10/" + name_of("75N060E");
    TinyHttpServer server({{path, {data_reply(gzip_like("public"))}}});
    Fetcher fetcher(quick_options(tmp.file("cache")));
    fetcher.fetch_tiles({tile_ref("75N060E", server.url("/v10/"))});
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].headers.count("authorization"), 0u);
}

TEST(FetchHttp, ShortBodyIsRetried)
{
    TempDir tmp;
    const std::string path = "/v10/" + name_of("00N060W");
    const std::string full = gzip_like("the whole archive");
    // First answer announces the full length but sends only part of it, then closes.
    TinyHttpServer server({{path, {Reply{200, full.substr(0, 6), {}, long(full.size())},
                                   data_reply(full)}}});
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const auto files = fetcher.fetch_tiles({tile_ref("00N060W", server.url("/v10/"))});
    EXPECT_EQ(read_file(files[0].path), full);
    EXPECT_EQ(files[0].bytes, long(full.size()));
    EXPECT_EQ(server.count(path), 2);
}

TEST(FetchHttp, GetTextListingAnd404)
{
    TempDir tmp;
    const std::string listing = "<a href=\"" + name_of("75N180W") + "\">t</a>";
    TinyHttpServer server({{"/2019/201905/vcmcfg/", {Reply{200, listing, {}, -1}}}});
    Fetcher fetcher(quick_options(tmp.file("cache")));
    EXPECT_EQ(fetcher.get_text(server.url("/2019/201905/vcmcfg/")), listing);
    EXPECT_FALSE(fetcher.get_text(server.url("/2019/201906/vcmcfg/")));

    const DiscoveredMonth d = discover_month(fetcher, server.url("/{YYYY}/{YYYYMM}/{cfg}/"),
                                             ProductSpec{}, YearMonth(2019, 5));
    EXPECT_EQ(d.availability, Availability::Incomplete);
    EXPECT_EQ(d.reason, "1 of 6 tiles; missing 75N060W, 75N060E, 00N180W, 00N060W, 00N060E");
    ASSERT_EQ(d.tiles.size(), 1u);
    EXPECT_EQ(d.tiles[0].url, server.url("/2019/201905/vcmcfg/") + name_of("75N180W"));
}

TEST(FetchHttp, ParallelMonthOverHttp)
{
    TempDir tmp;
    const std::vector<std::string> tiles = {"75N180W", "75N060W", "75N060E",
                                            "00N180W", "00N060W", "00N060E"};
    std::map<std::string, std::vector<Reply>> routes;
    std::string index;
    for (const auto& t : tiles) {
        routes["/m/" + name_of(t)] = {data_reply(gzip_like(std::string(1000, t[4])))};
        index += "<a href=\"" + name_of(t) + "\">x</a>";
    }
    routes["/m/"] = {Reply{200, index, {"Content-Type: text/html"}, -1}};
    // One tile answers 503 first: retries of one tile go on while others transfer.
    routes["/m/" + name_of("75N060E")].insert(routes["/m/" + name_of("75N060E")].begin(),
                                              Reply{503, "", {}, -1});
    TinyHttpServer server(routes);
    FetchOptions options = quick_options(tmp.file("cache"));
    options.parallel = 3;
    Fetcher fetcher(options);
    const DiscoveredMonth d =
        discover_month(fetcher, server.url("/m/"), ProductSpec{}, YearMonth(2019, 5));
    ASSERT_EQ(d.availability, Availability::Complete) << d.reason;
    const auto files = fetcher.fetch_tiles(d.tiles);
    for (size_t i = 0; i < tiles.size(); ++i) {
        EXPECT_EQ(read_file(files[i].path), gzip_like(std::string(1000, tiles[i][4])));
        EXPECT_FALSE(files[i].from_cache);
    }
    EXPECT_EQ(server.count("/m/" + name_of("75N060E")), 2);
    EXPECT_EQ(sezu::test::list_dir(tmp.file("cache")).size(), 6u);
}

// ---------------------------------------------------------------------------------------------
// Progress

TEST(Progress, FormatsBytesInDecimalUnits)
{
    EXPECT_EQ(format_bytes(0), "0 B");
    EXPECT_EQ(format_bytes(999), "999 B");
    EXPECT_EQ(format_bytes(1500), "1.5 kB");
    EXPECT_EQ(format_bytes(12345678), "12.3 MB");
    EXPECT_EQ(format_bytes(3.2e9), "3.20 GB");
}

TEST(Progress, LineHasFilesBytesRateAndEta)
{
    const ProgressState s{3, 6, 12000000, 40000000};
    // 12 MB in 2 s = 6 MB/s; 28 MB left = 4.67 s, shown rounded.
    EXPECT_EQ(format_progress("201905", s, 2.0),
              "201905: 3/6 files, 12.0 MB of 40.0 MB, 6.0 MB/s, ETA 5 s");
    // Too early for a rate.
    EXPECT_EQ(format_progress("201905", s, 0.1), "201905: 3/6 files, 12.0 MB of 40.0 MB");
    EXPECT_EQ(format_progress("", ProgressState{0, 6, 0, -1}, 3.0), "0/6 files, 0 B, 0 B/s");
    // 180 MB left at 1 MB/s.
    EXPECT_EQ(format_progress("m", ProgressState{1, 6, 1000000, 181000000}, 1.0),
              "m: 1/6 files, 1.0 MB of 181.0 MB, 1.0 MB/s, ETA 3 min 0 s");
}

TEST(Progress, PlainLinesAtMostEveryInterval)
{
    std::ostringstream out;
    Progress p(out, Progress::Mode::Plain, std::chrono::seconds(5));
    const auto t0 = Progress::Clock::time_point{} + std::chrono::hours(1);
    p.begin("201905", t0);
    const ProgressState s{1, 6, 2000000, 12000000};
    p.update(s, t0 + std::chrono::seconds(1));
    EXPECT_EQ(out.str(), "");
    p.update(s, t0 + std::chrono::seconds(5));
    EXPECT_EQ(out.str(), "201905: 1/6 files, 2.0 MB of 12.0 MB, 400.0 kB/s, ETA 25 s\n");
    p.update(s, t0 + std::chrono::seconds(9));
    const std::string text = out.str();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
    p.finish(ProgressState{6, 6, 12000000, 12000000}, t0 + std::chrono::seconds(10));
    EXPECT_EQ(out.str(), "201905: 1/6 files, 2.0 MB of 12.0 MB, 400.0 kB/s, ETA 25 s\n"
                         "201905: 6/6 files, 12.0 MB in 10.0 s (1.2 MB/s)\n");
    EXPECT_EQ(out.str().find('\r'), std::string::npos);
}

TEST(Progress, LiveLineIsRedrawnInPlace)
{
    std::ostringstream out;
    Progress p(out, Progress::Mode::Live);
    const auto t0 = Progress::Clock::time_point{} + std::chrono::hours(1);
    p.begin("201905", t0);
    p.update(ProgressState{0, 6, 0, -1}, t0 + std::chrono::milliseconds(100));
    EXPECT_EQ(out.str(), ""); // not yet due
    p.update(ProgressState{0, 6, 5000000, 30000000}, t0 + std::chrono::seconds(1));
    const std::string first = "201905: 0/6 files, 5.0 MB of 30.0 MB, 5.0 MB/s, ETA 5 s";
    EXPECT_EQ(out.str(), "\r" + first);
    // A shorter line blanks the rest of the longer one.
    p.update(ProgressState{2, 6, 900, 1000}, t0 + std::chrono::seconds(2));
    const std::string second = "201905: 2/6 files, 900 B of 1.0 kB, 450 B/s, ETA 0 s";
    EXPECT_EQ(out.str(), "\r" + first + "\r" + second +
                             std::string(first.size() - second.size(), ' '));
    out.str("");
    p.finish(ProgressState{6, 6, 1000, 1000}, t0 + std::chrono::seconds(4));
    const std::string last = "201905: 6/6 files, 1.0 kB in 4.0 s (250 B/s)";
    EXPECT_EQ(out.str(), "\r" + last + std::string(second.size() - last.size(), ' ') + "\n");
}

TEST(Progress, OffPrintsNothing)
{
    std::ostringstream out;
    Progress p(out, Progress::mode_for_stderr(true));
    EXPECT_EQ(p.mode(), Progress::Mode::Off);
    const auto t0 = Progress::Clock::now();
    p.begin("201905", t0);
    p.update(ProgressState{1, 6, 100, 600}, t0 + std::chrono::seconds(60));
    p.finish(ProgressState{6, 6, 600, 600}, t0 + std::chrono::seconds(61));
    EXPECT_EQ(out.str(), "");
}

// ---------------------------------------------------------------------------------------------
// Discovery report

std::vector<DiscoveredMonth> report_months()
{
    const std::vector<std::string> tiles = {"75N180W", "75N060W", "75N060E",
                                            "00N180W", "00N060W", "00N060E"};
    std::vector<ListingEntry> all, five;
    for (const auto& t : tiles) {
        std::string n = name_of(t);
        all.push_back({n, "http://h/201905/" + n});
        n.replace(n.find("201905"), 6, "201906").replace(n.find("20190531"), 8, "20190630");
        five.push_back({n, "http://h/201906/" + n});
    }
    five.pop_back();
    std::vector<DiscoveredMonth> months;
    months.push_back(group_listing(YearMonth(2019, 5), ProductSpec{}, "http://h/201905/", all));
    months.push_back(group_listing(YearMonth(2019, 6), ProductSpec{}, "http://h/201906/", five));
    DiscoveredMonth absent;
    absent.month = YearMonth(2019, 7);
    absent.listing_url = "http://h/201907/";
    absent.reason = "no listing at http://h/201907/";
    months.push_back(absent);
    DiscoveredMonth failed;
    failed.month = YearMonth(2019, 8);
    failed.listing_url = "https://user:pw@h/201908/";
    failed.error = "fetch: HTTP 500 for https://user:pw@h/201908/";
    months.push_back(failed);
    return months;
}

TEST(DiscoverReport, TableHasOneRowPerMonth)
{
    const auto months = report_months();
    ASSERT_EQ(months[1].availability, Availability::Incomplete);
    std::ostringstream out;
    print_discovery(out, months, false);
    EXPECT_EQ(out.str(),
              "month   status         tiles  missing  reason\n"
              "201905  complete       6/6    -\n"
              "201906  incomplete     5/6    00N060E  5 of 6 tiles; missing 00N060E\n"
              "201907  not published  0/6    -        no listing at http://h/201907/\n"
              "201908  error          0/6    -        fetch: HTTP 500 for https://***@h/201908/\n");
    EXPECT_EQ(discovery_status(months[3]), "error");
}

TEST(DiscoverReport, JsonForMachines)
{
    std::ostringstream out;
    print_discovery(out, report_months(), true);
    EXPECT_EQ(out.str().find("pw@"), std::string::npos) << out.str();
    const auto j = nlohmann::json::parse(out.str());
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), 4u);
    EXPECT_EQ(j[0]["month"], "201905");
    EXPECT_EQ(j[0]["status"], "complete");
    EXPECT_EQ(j[0]["tiles_found"], 6);
    EXPECT_TRUE(j[0]["missing"].empty());
    ASSERT_EQ(j[0]["tiles"].size(), 6u);
    EXPECT_EQ(j[0]["tiles"][4]["tile"], "00N060W");
    EXPECT_EQ(j[0]["tiles"][4]["file"], name_of("00N060W"));
    EXPECT_EQ(j[0]["tiles"][4]["stamp"], "201906101530");
    EXPECT_EQ(j[0]["tiles"][4]["url"], "http://h/201905/" + name_of("00N060W"));
    EXPECT_EQ(j[1]["status"], "incomplete");
    EXPECT_EQ(j[1]["tiles_found"], 5);
    EXPECT_EQ(j[1]["missing"], nlohmann::json::array({"00N060E"}));
    EXPECT_EQ(j[1]["reason"], "5 of 6 tiles; missing 00N060E");
    EXPECT_EQ(j[2]["status"], "not published");
    EXPECT_EQ(j[3]["status"], "error");
    EXPECT_EQ(j[3]["listing_url"], "https://***@h/201908/");
    EXPECT_EQ(j[3]["reason"], "fetch: HTTP 500 for https://***@h/201908/");
}

TEST(DiscoverReport, DiscoverMonthsKeepsGoingAfterAFailedListing)
{
    TempDir tmp;
    std::string index;
    for (const auto& t : {"75N180W", "75N060W", "75N060E", "00N180W", "00N060W", "00N060E"})
        index += "<a href=\"" + name_of(t) + "\">x</a>";
    TinyHttpServer server({{"/2019/201905/vcmcfg/", {Reply{200, index, {}, -1}}},
                           {"/2019/201906/vcmcfg/", {Reply{500, "down", {}, -1}}}});
    FetchOptions o = quick_options(tmp.file("cache"));
    o.limits.max_attempts = 1;
    Fetcher fetcher(o);
    const auto found =
        discover_months(fetcher, server.url("/{YYYY}/{YYYYMM}/{cfg}/"), ProductSpec{},
                        {YearMonth(2019, 5), YearMonth(2019, 6), YearMonth(2019, 7)});
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(discovery_status(found[0]), "complete");
    EXPECT_EQ(discovery_status(found[1]), "error");
    EXPECT_NE(found[1].error.find("HTTP 500 for " + server.url("/2019/201906/vcmcfg/")),
              std::string::npos)
        << found[1].error;
    EXPECT_EQ(found[1].missing.size(), 6u);
    EXPECT_EQ(discovery_status(found[2]), "not published");
    EXPECT_EQ(found[2].error, "");
}

} // namespace
} // namespace sezu
