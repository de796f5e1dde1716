// A process's login: the token file re-read, OAuth2 tokens asked for and renewed, a browser
// session's cookies loaded into a shared curl cookie store and kept alive. The parsers are in
// login_files.cpp; the token endpoint's requests and the keep-alive in login_requests.cpp.
#include "login_curl.hpp"

#include "sezu/core/log.hpp"
#include "sezu/fetch/origin.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

namespace sezu {

namespace detail {
/// POSTs a grant to the token endpoint and returns its answer (login_oauth.cpp). Throws
/// LoginError naming the endpoint and the server's error code, never the form's values.
TokenAnswer request_token(const LoginOptions& options, const OAuthClient& client,
                          const std::string& refresh_token);
/// Checks that the client secret may go to the endpoint (https, or http to this machine).
void check_token_endpoint(const std::string& endpoint);
} // namespace detail

namespace {

using Clock = Login::Impl::Clock;

/// A secret file's text. Readable by every user of the machine is refused, like ssh's keys (on a
/// shared cluster node anyone could copy the login); readable by the group is warned about,
/// once per file (a token file is re-read whenever it changes).
std::string read_secret_file(const std::string& path, const char* what)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw ConfigError("login: cannot read the " + std::string(what) + " " + path +
                          " (no such file?)");
    if (!S_ISREG(st.st_mode))
        throw ConfigError("login: the " + std::string(what) + " " + path +
                          " is not a regular file (a folder?); give the file itself");
    const std::string fix = " (chmod 600 " + path + ")";
    if (st.st_mode & S_IROTH)
        throw ConfigError("login: the " + std::string(what) + " " + path +
                          " is readable by every user of this machine; make it yours alone" +
                          fix);
    static std::mutex warned_mutex;
    static std::set<std::string> warned;
    if (st.st_mode & S_IRGRP) {
        const std::lock_guard<std::mutex> lock(warned_mutex);
        if (warned.insert(path).second)
            log::warn("login: the " + std::string(what) + " " + path +
                      " is readable by its group; it holds a secret" + fix);
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in)
        throw ConfigError("login: cannot read the " + std::string(what) + " " + path);
    return text.str();
}

/// The first line of a token file without surrounding white space; "" when unreadable.
std::string first_line_of(const std::string& path)
{
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line))
        return "";
    const auto end = line.find_last_not_of(" \t\r\n");
    const auto begin = line.find_first_not_of(" \t");
    return end == std::string::npos ? "" : line.substr(begin, end - begin + 1);
}

std::string date_of(long long unix_seconds)
{
    char text[32];
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    return text;
}

void lock_share(CURL*, curl_lock_data data, curl_lock_access, void* user)
{
    static_cast<Login::Impl*>(user)->share_locks[std::size_t(data)].lock();
}

void unlock_share(CURL*, curl_lock_data data, void* user)
{
    static_cast<Login::Impl*>(user)->share_locks[std::size_t(data)].unlock();
}

/// The source's cookies that are still valid; ConfigError when none is.
std::vector<Cookie> usable_cookies(const std::string& file, const std::string& text,
                                   const std::string& host)
{
    const std::vector<Cookie> all = parse_netscape_cookies(text, file);
    const std::vector<Cookie> mine = cookies_for_host(all, host);
    if (mine.empty()) {
        std::string others;
        for (const auto& c : all)
            if (others.find(c.domain) == std::string::npos)
                others += (others.empty() ? "" : ", ") + c.domain;
        throw ConfigError("login: the cookie file " + file + " has no cookie for " + host +
                          (others.empty() ? std::string(" (it has none at all)")
                                          : " (only for " + others + ")") +
                          "; log in to " + host + " in the browser, then export its cookies");
    }
    const long long now = static_cast<long long>(std::time(nullptr));
    std::vector<Cookie> valid;
    long long newest = 0;
    for (const auto& c : mine) {
        if (c.expires == 0 || c.expires > now)
            valid.push_back(c);
        newest = std::max(newest, c.expires);
    }
    if (valid.empty())
        throw ConfigError("login: the cookies for " + host + " in " + file + " expired on " +
                          date_of(newest) +
                          "; log in again in the browser and export the cookies again");
    return valid;
}

} // namespace

void Login::Impl::attach_cookies(CURL* h) const
{
    detail::check_curl(curl_easy_setopt(h, CURLOPT_SHARE, share.get()), "CURLOPT_SHARE");
    // The shared store is used only once the handle's cookie engine is on ("": no file).
    detail::check_curl(curl_easy_setopt(h, CURLOPT_COOKIEFILE, ""), "CURLOPT_COOKIEFILE");
}

Login::Login(LoginOptions options) : m_impl(new Impl)
{
    Impl& s = *m_impl;
    s.options = std::move(options);
    s.kind = s.options.kind();
    const auto origin = source_origin(s.options.source);
    if (origin && (origin->scheme == "http" || origin->scheme == "https"))
        s.origin = origin;
    switch (s.kind) {
    case LoginKind::None:
        break;
    case LoginKind::Token:
        s.credential = Credential{s.options.token, false, 1};
        break;
    case LoginKind::TokenFile:
        read_secret_file(s.options.token_file, "token file");
        s.credential = Credential{first_line_of(s.options.token_file), false, 1};
        if (s.credential.bearer.empty())
            throw ConfigError("login: the token file " + s.options.token_file +
                              " is empty; its first line must be your access token");
        break;
    case LoginKind::OAuth2:
        detail::check_token_endpoint(s.options.token_endpoint);
        s.client = parse_oauth_client(
            read_secret_file(s.options.client_file, "OAuth2 client file"),
            s.options.client_file);
        break;
    case LoginKind::Cookie: {
        if (!s.origin)
            throw ConfigError("login: a cookie file is for an http(s) source; the source " +
                              s.options.source + " is not one");
        const std::vector<Cookie> cookies = usable_cookies(
            s.options.cookie_file, read_secret_file(s.options.cookie_file, "cookie file"),
            s.origin->host);
        detail::ensure_curl_global();
        s.share.reset(curl_share_init());
        if (!s.share)
            throw FetchError("login: cannot create a curl share handle (out of memory?)");
        curl_share_setopt(s.share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
        curl_share_setopt(s.share.get(), CURLSHOPT_LOCKFUNC, lock_share);
        curl_share_setopt(s.share.get(), CURLSHOPT_UNLOCKFUNC, unlock_share);
        curl_share_setopt(s.share.get(), CURLSHOPT_USERDATA, &s);
        detail::CurlEasy loader = detail::make_easy();
        s.attach_cookies(loader.get());
        // Each cookie is bound to the source's host exactly (no subdomains): it goes to no
        // other host, not even the login server next door.
        for (const auto& c : cookies) {
            const std::string line = std::string(c.http_only ? "#HttpOnly_" : "") +
                                     s.origin->host + "\tFALSE\t" + c.path + "\t" +
                                     (c.secure ? "TRUE" : "FALSE") + "\t" +
                                     std::to_string(c.expires) + "\t" + c.name + "\t" + c.value;
            detail::check_curl(curl_easy_setopt(loader.get(), CURLOPT_COOKIELIST, line.c_str()),
                               "CURLOPT_COOKIELIST");
        }
        s.credential = Credential{"", true, 1};
        break;
    }
    }
}

Login::~Login()
{
    {
        std::lock_guard<std::mutex> lock(m_impl->mutex);
        m_impl->stop = true;
    }
    m_impl->wake.notify_all();
    if (m_impl->keeper.joinable())
        m_impl->keeper.join();
}

LoginKind Login::kind() const
{
    return m_impl->kind;
}

const LoginOptions& Login::options() const
{
    return m_impl->options;
}

namespace {

/// Takes a token endpoint's answer as the current credential.
void take_answer(Login::Impl& s, const TokenAnswer& a)
{
    const auto now = Clock::now();
    s.credential.bearer = a.access_token;
    ++s.credential.generation;
    // Renew with min(margin, a quarter of the lifetime) left: a 5-minute token after 4 min.
    const double margin = std::min(s.options.refresh_margin_s, a.expires_in / 4);
    s.token_expires = a.expires_in > 0
                          ? now + std::chrono::milliseconds(
                                      std::llround((a.expires_in - margin) * 1000.0))
                          : Clock::time_point::max();
    s.refresh_token = a.refresh_token;
    s.refresh_expires = a.refresh_expires_in > 0
                            ? now + std::chrono::milliseconds(
                                        std::llround((a.refresh_expires_in - 1) * 1000.0))
                            : Clock::time_point::max();
}

/// A new access token: by the refresh token while it lasts, else by the client's grant.
void renew_oauth(Login::Impl& s)
{
    if (!s.refresh_token.empty() && Clock::now() < s.refresh_expires) {
        try {
            take_answer(s, detail::request_token(s.options, s.client, s.refresh_token));
            log::debug("login: access token refreshed");
            return;
        } catch (const LoginError& e) {
            // A refresh token the server no longer honours (session ended): a new grant.
            log::debug(std::string("login: refresh refused, asking for a new token (") +
                       e.what() + ")");
        }
    }
    take_answer(s, detail::request_token(s.options, s.client, ""));
    log::debug("login: new access token");
}

/// Token file: takes its first line when it changed; an unreadable or empty file (a refresher
/// in the middle of rewriting it) keeps the token we have.
void reread_token_file(Login::Impl& s)
{
    const std::string now = first_line_of(s.options.token_file);
    if (!now.empty() && now != s.credential.bearer) {
        s.credential.bearer = now;
        ++s.credential.generation;
        log::debug("login: the token file changed; using its new token");
    }
}

} // namespace

void Login::check()
{
    try {
        current();
    } catch (const ConfigError&) {
        throw;
    } catch (const Error& e) {
        throw ConfigError(e.what());
    }
}

Credential Login::current()
{
    Impl& s = *m_impl;
    std::lock_guard<std::mutex> lock(s.mutex);
    if (s.kind == LoginKind::TokenFile)
        reread_token_file(s);
    else if (s.kind == LoginKind::OAuth2 &&
             (s.credential.bearer.empty() || Clock::now() >= s.token_expires))
        renew_oauth(s);
    return s.credential;
}

bool Login::renew(const Credential& used)
{
    Impl& s = *m_impl;
    std::lock_guard<std::mutex> lock(s.mutex);
    if (s.kind == LoginKind::TokenFile)
        reread_token_file(s);
    if (s.credential.generation != used.generation)
        return true; // someone renewed it meanwhile
    // One forced renewal per refused token: a fresh token refused too is a real refusal.
    if (s.kind != LoginKind::OAuth2 || s.forced == used.generation)
        return false;
    renew_oauth(s);
    s.forced = s.credential.generation;
    return true;
}

std::string Login::refused_advice(const std::string& login_url) const
{
    const Impl& s = *m_impl;
    const std::string sent = login_url.empty()
                                 ? std::string()
                                 : "the server sent us to its login page " + login_url + ": ";
    switch (s.kind) {
    case LoginKind::None:
        return sent + "no login is configured; give one (docs/operations.md \"Logging in to "
                      "EOG\": --oauth-client-file, --cookie-file or --token-file)";
    case LoginKind::Token:
        return sent + "the token from the environment (tokenEnv, default SEZU_TOKEN) was not "
                      "accepted; EOG's tokens live 5 minutes: use "
               "--token-file with a refresher, --oauth-client-file or --cookie-file";
    case LoginKind::TokenFile:
        return sent + "the token in " + s.options.token_file +
               " was not accepted, also after reading the file again; is your refresher "
               "still writing fresh tokens into it?";
    case LoginKind::OAuth2:
        return sent + "a fresh access token from " + s.options.token_endpoint +
               " was not accepted; does the client in " + s.options.client_file +
               " have access to this data (a subscription)?";
    case LoginKind::Cookie:
        return sent + "the browser session in " + s.options.cookie_file +
               " has expired or is not valid for " + (s.origin ? s.origin->host : "the source") +
               "; log in again in the browser, export its cookies again (Netscape format) into " +
               s.options.cookie_file + " and rerun (finished months are kept)";
    }
    return sent;
}

} // namespace sezu
