// The login's files and answers, without a server: the OAuth2 client file, Netscape cookie
// files as curl and browsers export them, token endpoint answers, the checks a Login makes of
// its files (permissions, emptiness, cookies for the right host, expiry), and a token file
// read again when it changes.
#include "sezu/fetch/login.hpp"

#include "error_message.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

namespace sezu {
namespace {

using test::TempDir;

void write(const std::string& path, const std::string& text, mode_t mode = 0600)
{
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
}

TEST(OAuthClientFile, ReadsBothGrantsAndQuotes)
{
    const OAuthClient c = parse_oauth_client(
        "# from the subscription mail\n client_id = my-client \nclient_secret=\"s e=c\"\n", "f");
    EXPECT_EQ(c.client_id, "my-client");
    EXPECT_EQ(c.client_secret, "s e=c");
    EXPECT_FALSE(c.password_grant());
    const OAuthClient p =
        parse_oauth_client("client_id=a\nclient_secret=b\nusername=me@x.org\npassword=pw\n", "f");
    EXPECT_TRUE(p.password_grant());
    EXPECT_EQ(p.username, "me@x.org");
    EXPECT_EQ(p.password, "pw");
}

TEST(OAuthClientFile, ErrorsNameTheFileAndLineButNoValue)
{
    auto error = [](const std::string& text) {
        return test::error_message<ConfigError>([&] { parse_oauth_client(text, "/h/eog.client"); });
    };
    const std::string unknown = error("client_id=a\nclient_secret=hunter2\nsecret=hunter3\n");
    EXPECT_NE(unknown.find("/h/eog.client line 3: unknown key 'secret'"), std::string::npos)
        << unknown;
    EXPECT_EQ(unknown.find("hunter"), std::string::npos) << unknown;
    EXPECT_NE(error("client_id=a\n").find("needs client_id and client_secret"), std::string::npos);
    EXPECT_NE(error("client_id=a\nclient_secret=b\nusername=u\n").find("without a password"),
              std::string::npos);
    EXPECT_NE(error("client_secret hunter2\n").find("line 1 is not `key = value`"),
              std::string::npos);
}

// As curl -c writes it (and the browser add-ons): a header, #HttpOnly_ lines, a leading dot.
const char* const kCookies =
    "# Netscape HTTP Cookie File\n"
    "# https://curl.se/docs/http-cookies.html\n"
    "\n"
    "#HttpOnly_eogdata.mines.edu\tFALSE\t/\tTRUE\t0\tmod_auth_openidc_session\tabc123\n"
    ".mines.edu\tTRUE\t/\tFALSE\t1893456000\t_ga\tGA1.2\n"
    "eogauth.mines.edu\tFALSE\t/realms/eog/\tTRUE\t1893456000\tKEYCLOAK_SESSION\tks\r\n";

TEST(CookieFile, ParsesNetscapeLines)
{
    const std::vector<Cookie> c = parse_netscape_cookies(kCookies, "cookies.txt");
    ASSERT_EQ(c.size(), 3u);
    EXPECT_EQ(c[0].domain, "eogdata.mines.edu");
    EXPECT_TRUE(c[0].http_only);
    EXPECT_TRUE(c[0].secure);
    EXPECT_EQ(c[0].expires, 0);
    EXPECT_EQ(c[0].name, "mod_auth_openidc_session");
    EXPECT_EQ(c[0].value, "abc123");
    EXPECT_EQ(c[1].domain, "mines.edu");
    EXPECT_TRUE(c[1].include_subdomains);
    EXPECT_EQ(c[1].expires, 1893456000);
    EXPECT_EQ(c[2].path, "/realms/eog/");
    EXPECT_EQ(c[2].value, "ks"); // the CR of a Windows line end is not part of it
}

TEST(CookieFile, ALineOfOtherFieldsIsRefusedWithItsNumber)
{
    const std::string msg = test::error_message<ConfigError>(
        [] { parse_netscape_cookies("# x\nname=value; Path=/\n", "/h/c.txt"); });
    EXPECT_NE(msg.find("/h/c.txt line 2 has 1 tab-separated fields, not 7"), std::string::npos)
        << msg;
}

TEST(CookieFile, OnlyTheCookiesABrowserWouldSendToTheHost)
{
    const std::vector<Cookie> all = parse_netscape_cookies(kCookies, "c");
    auto names = [&](const std::string& host) {
        std::string out;
        for (const auto& c : cookies_for_host(all, host))
            out += c.name + " ";
        return out;
    };
    EXPECT_EQ(names("eogdata.mines.edu"), "mod_auth_openidc_session _ga ");
    EXPECT_EQ(names("EOGAUTH.mines.edu"), "_ga KEYCLOAK_SESSION ");
    EXPECT_EQ(names("mines.edu"), "_ga ");
    EXPECT_EQ(names("notmines.edu"), "");
}

TEST(TokenAnswer, ReadsTokensAndErrors)
{
    const TokenAnswer a = parse_token_answer(
        R"({"access_token":"at","expires_in":300,"refresh_expires_in":1800,)"
        R"("refresh_token":"rt","token_type":"Bearer","not-before-policy":0})");
    EXPECT_EQ(a.access_token, "at");
    EXPECT_EQ(a.expires_in, 300);
    EXPECT_EQ(a.refresh_token, "rt");
    EXPECT_EQ(a.refresh_expires_in, 1800);
    EXPECT_THROW(parse_token_answer("<html>login</html>"), LoginError);
    EXPECT_EQ(token_error_of(R"({"error":"invalid_client","error_description":"Invalid client)"
                             R"( or Invalid client credentials"})"),
              "invalid_client: Invalid client or Invalid client credentials");
    EXPECT_EQ(token_error_of("<html>"), "");
}

TEST(LoginOptions, OneLoginAtMost)
{
    LoginOptions o;
    EXPECT_EQ(o.kind(), LoginKind::None);
    o.token = "t";
    EXPECT_EQ(o.kind(), LoginKind::Token);
    o.cookie_file = "c";
    EXPECT_EQ(o.kind(), LoginKind::Cookie);
    o.token_file = "t";
    EXPECT_THROW(o.kind(), ConfigError);
}

TEST(Login, AClientFileReadableByOthersIsRefused)
{
    TempDir tmp;
    const std::string file = tmp.file("eog.client");
    write(file, "client_id=a\nclient_secret=b\n", 0644);
    LoginOptions o;
    o.client_file = file;
    const std::string msg = test::error_message<ConfigError>([&] { Login login(o); });
    EXPECT_NE(msg.find("readable by every user"), std::string::npos) << msg;
    EXPECT_NE(msg.find("chmod 600 " + file), std::string::npos) << msg;
    ::chmod(file.c_str(), 0600);
    EXPECT_EQ(Login(o).kind(), LoginKind::OAuth2);
    o.token_endpoint = "http://eogauth.example.org/token"; // the secret would travel in clear
    EXPECT_NE(test::error_message<ConfigError>([&] { Login login(o); }).find("must be an https"),
              std::string::npos);
}

// A token or cookie file is as much a secret as the client file (an Earthdata token lasts
// 60 days): readable by everyone is refused for each; a folder is named as such.
TEST(Login, EverySecretFileReadableByOthersIsRefused)
{
    TempDir tmp;
    const std::string file = tmp.file("secret");
    for (const std::string kind : {"token", "cookie"}) {
        write(file, kind == "token" ? "abc\n" : kCookies, 0644);
        LoginOptions o;
        o.source = "https://eogdata.mines.edu/nighttime_light/monthly/v10/{YYYY}/{YYYYMM}/{cfg}/";
        (kind == "token" ? o.token_file : o.cookie_file) = file;
        const std::string msg = test::error_message<ConfigError>([&] { Login login(o); });
        EXPECT_NE(msg.find("readable by every user"), std::string::npos) << kind << ": " << msg;
        EXPECT_NE(msg.find("chmod 600 " + file), std::string::npos) << msg;
        ::chmod(file.c_str(), 0640); // the group only: a warning, the login works
        EXPECT_NO_THROW(Login{o}) << kind;
        (kind == "token" ? o.token_file : o.cookie_file) = tmp.path();
        const std::string folder = test::error_message<ConfigError>([&] { Login login(o); });
        EXPECT_NE(folder.find("is not a regular file (a folder?)"), std::string::npos) << folder;
    }
}

TEST(Login, CookieFileChecks)
{
    TempDir tmp;
    const std::string file = tmp.file("cookies.txt");
    LoginOptions o;
    o.cookie_file = file;
    o.source = "https://eogdata.mines.edu/nighttime_light/monthly/v10/{YYYY}/{YYYYMM}/{cfg}/";
    write(file, "eogauth.mines.edu\tFALSE\t/\tTRUE\t0\tKEYCLOAK_SESSION\tks\n");
    std::string msg = test::error_message<ConfigError>([&] { Login login(o); });
    EXPECT_NE(msg.find("no cookie for eogdata.mines.edu (only for eogauth.mines.edu)"),
              std::string::npos)
        << msg;
    write(file, "eogdata.mines.edu\tFALSE\t/\tTRUE\t1600000000\tmod_auth_openidc_session\tv\n");
    msg = test::error_message<ConfigError>([&] { Login login(o); });
    EXPECT_NE(msg.find("expired on 2020-09-13 12:26 UTC"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("\tv"), std::string::npos) << msg;
    write(file, kCookies);
    Login login(o);
    EXPECT_EQ(login.kind(), LoginKind::Cookie);
    EXPECT_TRUE(login.current().cookies);
    EXPECT_EQ(login.current().bearer, "");
}

TEST(Login, TokenFileIsReadAgainWhenItChanges)
{
    TempDir tmp;
    const std::string file = tmp.file("token");
    write(file, "first-token \n");
    LoginOptions o;
    o.token_file = file;
    Login login(o);
    const Credential a = login.current();
    EXPECT_EQ(a.bearer, "first-token");
    EXPECT_EQ(login.current().generation, a.generation); // unchanged file, same credential
    EXPECT_FALSE(login.renew(a)); // refused and nothing new: no point in trying again
    write(file, "second-token\nignored\n");
    EXPECT_TRUE(login.renew(a));
    const Credential b = login.current();
    EXPECT_EQ(b.bearer, "second-token");
    EXPECT_NE(b.generation, a.generation);
    write(file, ""); // a refresher in the middle of rewriting it
    EXPECT_EQ(login.current().bearer, "second-token");
    write(file, "");
    EXPECT_NE(test::error_message<ConfigError>([&] { Login empty(o); }).find("is empty"),
              std::string::npos);
}

} // namespace
} // namespace sezu
