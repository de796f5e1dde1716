// Logins that last, against the loopback server playing EOG's login (support/http_login.cpp):
// access tokens of 1 s and sessions that end after 1 s unused, and a run (a month's listing and
// its tiles fetched one at a time, with pauses) that lasts several lifetimes. Each of the three
// login kinds completes it; a refused refresh and an expired session end it with one message
// that says what to do; no secret shows in the output or in any file; cookies go to their host.
#include "sezu/fetch/fetch.hpp"

#include "capture_output.hpp"
#include "served_mirror.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

namespace fs = std::filesystem;

namespace sezu {
namespace {

using namespace fetch_test;
using namespace std::chrono_literals;
using test::LoginAuthority;

const std::string kClientSecret = "Cl1ent-S3cret-of-the-subscriber";
const std::string kPassword = "Pa55w0rd-of-the-user";

LoginAuthority authority(const HttpServer& server)
{
    LoginAuthority a;
    a.client_secret = kClientSecret;
    // The login page is on another origin, as eogauth.mines.edu is for eogdata.mines.edu.
    a.login_url = "http://localhost:" + std::to_string(server.port()) +
                  "/login?client_id=eogdata&state=s1";
    return a;
}

void write_secret(const std::string& path, const std::string& text)
{
    std::ofstream(path) << text;
    ::chmod(path.c_str(), 0600);
}

/// Fetch options with a login of `login` for the server's source.
FetchOptions with_login(const HttpServer& server, const std::string& cache, LoginOptions login)
{
    FetchOptions o = faults_options(cache);
    o.source = source(server);
    login.source = o.source;
    login.limits = o.limits;
    login.token_endpoint = server.url(test::kTokenPath);
    o.login = std::make_shared<Login>(login);
    return o;
}

/// The listing, then each tile on its own with a pause after it: longer than the lifetimes.
std::vector<CachedFile> fetch_slowly(Fetcher& fetcher, const HttpServer& server,
                                     std::chrono::milliseconds pause, DiscoveredMonth& d)
{
    d = discover(fetcher, server);
    std::vector<CachedFile> files;
    for (const auto& tile : d.tiles) {
        std::this_thread::sleep_for(pause);
        files.push_back(fetcher.fetch_tiles({tile}).at(0));
    }
    return files;
}

/// No secret in `output` nor in any file under `dir` but the user's own secret files.
void expect_no_secret(const std::string& output, const std::string& dir,
                      std::vector<std::string> secrets, const std::set<std::string>& own = {})
{
    secrets.push_back(kClientSecret);
    secrets.push_back(kPassword);
    for (const auto& s : secrets) {
        EXPECT_EQ(output.find(s), std::string::npos) << s << " in the output:\n" << output;
        for (const auto& e : fs::recursive_directory_iterator(dir)) {
            if (e.is_regular_file() && !own.count(e.path().filename().string())) {
                EXPECT_EQ(test::read_text(e.path().string()).find(s), std::string::npos)
                    << s << " in " << e.path();
            }
        }
    }
}

int redirected(const HttpServer& server)
{
    int n = 0;
    for (const auto& r : server.requests())
        n += r.status == 302 ? 1 : 0;
    return n;
}

TEST(LoginHttp, OAuth2ClientOutlivesItsShortTokensByRefreshing)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    server.require_login(authority(server));
    write_secret(tmp.file("eog.client"), "client_id = sezu-test-client\nclient_secret = " +
                                              kClientSecret + "\n");
    LoginOptions login;
    login.client_file = tmp.file("eog.client");
    FetchOptions o = with_login(server, tmp.file("cache"), login);
    o.quiet = false;
    Fetcher fetcher(o);
    test::CaptureOutput capture(tmp.file("output.txt"));
    DiscoveredMonth d;
    const auto files = fetch_slowly(fetcher, server, 400ms, d);
    const std::string output = capture.finish();

    expect_all_identical(files, d);
    EXPECT_EQ(redirected(server), 0) << "a request went out with an expired token";
    const auto grants = server.requests_for(test::kTokenPath);
    ASSERT_GE(grants.size(), 2u) << "the 1 s token was never renewed";
    EXPECT_NE(grants[0].body.find("grant_type=client_credentials"), std::string::npos);
    EXPECT_NE(grants[1].body.find("grant_type=refresh_token"), std::string::npos);
    expect_no_secret(output, tmp.path(), server.secrets_issued(), {"eog.client"});
}

TEST(LoginHttp, PasswordGrantWithoutRefreshTokensAsksAgain)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    LoginAuthority a = authority(server);
    a.username = "me@example.org";
    a.password = kPassword;
    a.refresh_tokens = false;
    server.require_login(a);
    write_secret(tmp.file("eog.client"), "client_id=sezu-test-client\nclient_secret=" +
                                              kClientSecret + "\nusername=me@example.org\n"
                                              "password=" + kPassword + "\n");
    LoginOptions login;
    login.client_file = tmp.file("eog.client");
    Fetcher fetcher(with_login(server, tmp.file("cache"), login));
    DiscoveredMonth d;
    expect_all_identical(fetch_slowly(fetcher, server, 400ms, d), d);
    const auto grants = server.requests_for(test::kTokenPath);
    ASSERT_GE(grants.size(), 2u);
    for (const auto& g : grants)
        EXPECT_NE(g.body.find("grant_type=password"), std::string::npos) << g.body;
}

TEST(LoginHttp, TokenFileKeptFreshByTheUsersRefresher)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    server.require_login(authority(server));
    const std::string file = tmp.file("token");
    // The user's refresher: a new token every 300 ms, written whole (rename over the old file).
    auto refresh = [&] {
        write_secret(file + ".new", server.issue_token() + "\n");
        fs::rename(file + ".new", file);
    };
    refresh();
    std::atomic<bool> stop{false};
    std::thread refresher([&] {
        while (!stop) {
            std::this_thread::sleep_for(300ms);
            refresh();
        }
    });
    LoginOptions login;
    login.token_file = file;
    Fetcher fetcher(with_login(server, tmp.file("cache"), login));
    DiscoveredMonth d;
    std::vector<CachedFile> files;
    const std::string failure =
        failure_of([&] { files = fetch_slowly(fetcher, server, 400ms, d); });
    stop = true;
    refresher.join();
    ASSERT_EQ(failure, "");
    expect_all_identical(files, d);
    std::set<std::string> tokens;
    for (const auto& r : server.requests())
        tokens.insert(r.header("authorization"));
    EXPECT_GE(tokens.size(), 3u) << "the token file was not read again";
}

/// A cookie file with a new session on the server, as a browser add-on exports it.
std::string session_cookie_file(TempDir& tmp, HttpServer& server)
{
    const std::string file = tmp.file("cookies.txt");
    write_secret(file, "# Netscape HTTP Cookie File\n#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t" +
                           test::kSessionCookie + "\t" + server.open_session() + "\n");
    return file;
}

/// The server asks for logins; a browser session's cookie file with a keep-alive this often.
LoginOptions cookie_login(TempDir& tmp, HttpServer& server, double keep_alive_s)
{
    server.require_login(authority(server));
    LoginOptions login;
    login.cookie_file = session_cookie_file(tmp, server);
    login.keep_alive_s = keep_alive_s;
    return login;
}

TEST(LoginHttp, BrowserSessionKeptAliveOutlivesItsIdleTimeout)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    const LoginOptions login = cookie_login(tmp, server, 0.25);
    FetchOptions o = with_login(server, tmp.file("cache"), login);
    o.quiet = false;
    Fetcher fetcher(o);
    test::CaptureOutput capture(tmp.file("output.txt"));
    DiscoveredMonth d = discover(fetcher, server);
    std::this_thread::sleep_for(2500ms); // the month in hand is processed: no downloads
    std::vector<CachedFile> files;
    const std::string failure = failure_of([&] { files = fetcher.fetch_tiles(d.tiles); });
    const std::string output = capture.finish();
    ASSERT_EQ(failure, "");
    expect_all_identical(files, d);
    EXPECT_GE(server.count(kFolder), 5) << "no keep-alive requests";
    EXPECT_EQ(redirected(server), 0);
    expect_no_secret(output, tmp.path(), server.secrets_issued(), {"cookies.txt"});
}

TEST(LoginHttp, ExpiredBrowserSessionNamesTheLoginPageAndWhatToDo)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    const LoginOptions login = cookie_login(tmp, server, 600); // as if nothing kept it alive
    Fetcher fetcher(with_login(server, tmp.file("cache"), login));
    const DiscoveredMonth d = discover(fetcher, server);
    std::this_thread::sleep_for(1300ms);
    const std::string msg = test::error_message<FetchError>([&] { fetcher.fetch_tiles(d.tiles); });
    EXPECT_NE(msg.find("got an HTML page instead of data"), std::string::npos) << msg;
    EXPECT_NE(msg.find("the server sent us to its login page http://localhost:" +
                       std::to_string(server.port()) + "/login?client_id=eogdata"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("the browser session in " + login.cookie_file + " has expired"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("log in again in the browser"), std::string::npos) << msg;
    expect_no_secret(msg, tmp.path(), server.secrets_issued(), {"cookies.txt"});
    expect_cache_clean(tmp.file("cache"), d);
    // The listing says so too, instead of reporting the month as not published.
    const std::string listing = test::error_message<LoginError>(
        [&] { discover_month(fetcher, source(server), ProductSpec{}, kMonth); });
    EXPECT_NE(listing.find("has expired"), std::string::npos) << listing;
}

TEST(LoginHttp, RefusedRefreshEndsWithOneClearMessage)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    server.require_login(authority(server));
    write_secret(tmp.file("eog.client"),
                 "client_id=sezu-test-client\nclient_secret=" + kClientSecret + "\n");
    LoginOptions login;
    login.client_file = tmp.file("eog.client");
    Fetcher fetcher(with_login(server, tmp.file("cache"), login));
    const DiscoveredMonth d = discover(fetcher, server);
    fetcher.fetch_tiles({d.tiles[0]});
    server.set_client_secret("a-new-secret"); // the subscription's secret was changed
    std::this_thread::sleep_for(1100ms);
    const std::string msg = test::error_message<LoginError>([&] { fetcher.fetch_tiles(d.tiles); });
    EXPECT_NE(msg.find("refused the client (from " + login.client_file + "): HTTP 401 "
                       "(invalid_client: Invalid client or Invalid client credentials)"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("paid subscribers"), std::string::npos) << msg;
    expect_no_secret(msg, tmp.path(), server.secrets_issued(), {"eog.client"});
    expect_cache_clean(tmp.file("cache"), d);
}

TEST(LoginHttp, BadSecretStopsBeforeAnyMonth)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    server.require_login(authority(server));
    write_secret(tmp.file("eog.client"), "client_id=eogdata_oidc\nclient_secret=old-public\n");
    LoginOptions login;
    login.client_file = tmp.file("eog.client");
    login.source = source(server);
    login.token_endpoint = server.url(test::kTokenPath);
    Login l(login);
    const std::string msg = test::error_message<ConfigError>([&] { l.check(); });
    EXPECT_NE(msg.find("invalid_client"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("old-public"), std::string::npos) << msg;
    EXPECT_EQ(server.requests_for(test::kTokenPath).size(), 1u) << "a refusal is not retried";
}

TEST(LoginHttp, CookiesGoOnlyToTheirHostAndTheUserAgentEverywhere)
{
    TempDir tmp;
    HttpServer server(mirror_root());
    HttpServer other(mirror_root()); // reached as "localhost": another host
    LoginOptions login = cookie_login(tmp, server, 30);
    login.user_agent = "Mozilla/5.0 (sezu test)";
    FetchOptions o = with_login(server, tmp.file("cache"), login);
    o.user_agent = login.user_agent;
    Fetcher fetcher(o);
    const DiscoveredMonth d = discover(fetcher, server);
    const std::string moved = "http://localhost:" + std::to_string(other.port()) +
                              path_of(d.tiles[2]);
    server.inject(path_of(d.tiles[2]), Fault::redirect(moved));
    expect_all_identical(fetcher.fetch_tiles(d.tiles), d);
    ASSERT_EQ(other.count(path_of(d.tiles[2])), 1);
    for (const auto& r : other.requests()) {
        EXPECT_EQ(r.header("cookie"), "") << "the session cookie went to another host";
        EXPECT_EQ(r.header("user-agent"), login.user_agent);
    }
    for (const auto& r : server.requests()) {
        EXPECT_NE(r.header("cookie").find(test::kSessionCookie), std::string::npos) << r.path;
        EXPECT_EQ(r.header("user-agent"), login.user_agent) << r.path;
    }
}

} // namespace
} // namespace sezu
