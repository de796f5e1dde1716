// The requests a login makes by itself: grants and refreshes at the OAuth2 token endpoint, and
// the keep-alive of a browser session. Neither follows redirects: the client secret goes to the
// token endpoint alone, and a keep-alive that is sent to the login page has found the session
// expired.
#include "login_curl.hpp"

#include "sezu/core/log.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/fetch/transfer_limits.hpp"

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include <curl/curl.h>

namespace sezu {

namespace detail {

namespace {

using CurlList = CHandle<curl_slist, curl_slist_free_all>;

/// Answers are small (a token, a listing); more is not kept.
constexpr size_t kMaxAnswerBytes = 1u << 20;

size_t keep_answer(char* data, size_t size, size_t count, void* user)
{
    auto* body = static_cast<std::string*>(user);
    const size_t n = size * count;
    if (body->size() < kMaxAnswerBytes)
        body->append(data, std::min(n, kMaxAnswerBytes - body->size()));
    return n;
}

/// What a plain request needs: no redirects, http(s) only, deadlines, the user agent.
void set_plain_request(CURL* h, const std::string& url, const LoginOptions& o, char* errbuf,
                       std::string* body)
{
    check_curl(curl_easy_setopt(h, CURLOPT_URL, url.c_str()), "CURLOPT_URL");
    check_curl(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
    check_curl(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf), "CURLOPT_ERRORBUFFER");
    errbuf[0] = '\0';
    check_curl(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L), "CURLOPT_FOLLOWLOCATION");
#if LIBCURL_VERSION_NUM >= 0x075500
    check_curl(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https"), "CURLOPT_PROTOCOLS_STR");
#else
    check_curl(curl_easy_setopt(h, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS)),
               "CURLOPT_PROTOCOLS");
#endif
    const TransferLimits& l = o.limits;
    check_curl(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                                long(std::lround(l.connect_timeout_s * 1000.0))),
               "CURLOPT_CONNECTTIMEOUT_MS");
    const double total_s = l.connect_timeout_s + l.first_byte_timeout_s + l.stall_timeout_s;
    check_curl(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(std::lround(total_s * 1000.0))),
               "CURLOPT_TIMEOUT_MS");
    check_curl(curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent_of(o.user_agent)),
               "CURLOPT_USERAGENT");
    check_curl(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_answer), "CURLOPT_WRITEFUNCTION");
    check_curl(curl_easy_setopt(h, CURLOPT_WRITEDATA, body), "CURLOPT_WRITEDATA");
}

std::string escaped(CURL* h, const std::string& value)
{
    CHandle<char, curl_free> e(curl_easy_escape(h, value.c_str(), int(value.size())));
    if (!e)
        throw FetchError("login: cannot encode a form field (out of memory?)");
    return e.get();
}

/// The form of a grant (or of a refresh when `refresh_token` is set); holds secrets.
std::string grant_form(CURL* h, const OAuthClient& c, const std::string& refresh_token)
{
    std::string form = "grant_type=";
    if (!refresh_token.empty())
        form += "refresh_token&refresh_token=" + escaped(h, refresh_token);
    else if (c.password_grant())
        form += "password&username=" + escaped(h, c.username) +
                "&password=" + escaped(h, c.password);
    else
        form += "client_credentials";
    return form + "&client_id=" + escaped(h, c.client_id) +
           "&client_secret=" + escaped(h, c.client_secret);
}

/// The message for a token endpoint's refusal; names the file and the server's error code.
std::string refusal(const LoginOptions& o, const OAuthClient& c, bool refresh, long code,
                    const std::string& error)
{
    const std::string what = refresh            ? "the refresh of the access token"
                             : c.password_grant() ? "the username and password"
                                                  : "the client";
    // The server's text may echo the request (a misbehaving or hostile endpoint): the secrets
    // sent in it never reach a message, raw or percent-encoded.
    std::string said = error;
    for (const std::string& secret : {c.client_secret, c.password}) {
        if (secret.empty())
            continue;
        std::vector<std::string> forms{secret};
        if (char* e = curl_easy_escape(nullptr, secret.c_str(), int(secret.size()))) {
            forms.emplace_back(e);
            curl_free(e);
        }
        for (const std::string& form : forms)
            for (auto at = said.find(form); at != std::string::npos; at = said.find(form, at))
                said.replace(at, form.size(), "[secret]");
    }
    std::string msg = "login: the token endpoint " + o.token_endpoint + " refused " + what +
                      " (from " + o.client_file + "): HTTP " + std::to_string(code) +
                      (said.empty() ? std::string() : " (" + said + ")");
    if (error.rfind("invalid_client", 0) == 0)
        msg += "; check client_id and client_secret in " + o.client_file +
               ". Since 2026-06-01 EOG gives programmatic access only to paid subscribers, "
               "with their own client id and secret (the old public client eogdata_oidc "
               "answers invalid_client); without one, log in with a browser and use "
               "--cookie-file";
    else if (error.rfind("invalid_grant", 0) == 0 && !refresh)
        msg += "; check username and password in " + o.client_file;
    else
        msg += "; check " + o.client_file + " and tokenEndpoint";
    return msg;
}

} // namespace

const char* user_agent_of(const std::string& configured)
{
    return configured.empty() ? "sezu/" SEZU_VERSION : configured.c_str();
}

void check_token_endpoint(const std::string& endpoint)
{
    const auto o = url_origin(endpoint);
    const bool local =
        o && (o->host == "127.0.0.1" || o->host == "localhost" || o->host == "[::1]");
    if (o && (o->scheme == "https" || (o->scheme == "http" && local)))
        return;
    throw ConfigError("login: tokenEndpoint " + endpoint +
                      " must be an https:// URL (the client secret is sent to it; plain http "
                      "only to this machine)");
}

TokenAnswer request_token(const LoginOptions& o, const OAuthClient& client,
                          const std::string& refresh_token)
{
    for (int attempt = 1;; ++attempt) {
        CurlEasy easy = make_easy();
        CURL* h = easy.get();
        char errbuf[CURL_ERROR_SIZE];
        std::string body;
        set_plain_request(h, o.token_endpoint, o, errbuf, &body);
        const std::string form = grant_form(h, client, refresh_token);
        check_curl(curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, form.c_str()),
                   "CURLOPT_COPYPOSTFIELDS");
        CurlList headers(curl_slist_append(nullptr, "Accept: application/json"));
        check_curl(curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get()), "CURLOPT_HTTPHEADER");
        const CURLcode rc = curl_easy_perform(h);
        long code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        std::string failure;
        bool transient = false;
        if (rc != CURLE_OK) {
            failure = "login: cannot reach the token endpoint " + o.token_endpoint + ": " +
                      curl_message(h, rc, errbuf, o.limits);
            transient = transient_curl(rc);
        } else if (code == 200) {
            return parse_token_answer(body);
        } else {
            failure = refusal(o, client, !refresh_token.empty(), code, token_error_of(body));
            transient = transient_http(code);
        }
        if (!transient || attempt >= o.limits.max_attempts)
            throw LoginError(failure + (attempt > 1 ? " (" + gave_up_text(attempt) + ")" : ""));
        const auto wait = retry_delay(o.limits, attempt + 1, double(retry_after_of(h)));
        log::info(failure + "; attempt " + std::to_string(attempt + 1) + " of " +
                  std::to_string(o.limits.max_attempts) + " in " +
                  seconds_text(double(wait.count()) / 1000.0));
        std::this_thread::sleep_for(wait);
    }
}

} // namespace detail

namespace {

int stop_when_login_ends(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<const Login::Impl*>(user)->stop ? 1 : 0;
}

/// One keep-alive request with the session's cookies; the login page's URL when the server
/// sent us there (the session has expired), else "".
std::string ping(const Login::Impl& s, const std::string& url)
{
    using namespace detail;
    CurlEasy easy = make_easy();
    CURL* h = easy.get();
    char errbuf[CURL_ERROR_SIZE];
    std::string body;
    set_plain_request(h, url, s.options, errbuf, &body);
    // A keep-alive is no download: it must not hold up the end of the run for minutes.
    const double limit_s = std::max(5.0, s.options.keep_alive_s);
    check_curl(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(std::lround(limit_s * 1000.0))),
               "CURLOPT_TIMEOUT_MS");
    check_curl(curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, stop_when_login_ends),
               "CURLOPT_XFERINFOFUNCTION");
    check_curl(curl_easy_setopt(h, CURLOPT_XFERINFODATA, const_cast<Login::Impl*>(&s)), "CURLOPT_XFERINFODATA");
    check_curl(curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L), "CURLOPT_NOPROGRESS");
    s.attach_cookies(h);
    const CURLcode rc = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (rc != CURLE_OK) {
        log::debug("login: keep-alive request to " + redact_url(url) + " failed: " +
                   curl_message(h, rc, errbuf, s.options.limits));
        return "";
    }
    const char* location = nullptr;
    curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location);
    if (code >= 300 && code < 400 && location && is_login_redirect(url, location))
        return location;
    return "";
}

void keep_alive(Login::Impl& s)
{
    std::unique_lock<std::mutex> lock(s.mutex);
    const auto every = std::chrono::milliseconds(std::lround(s.options.keep_alive_s * 1000.0));
    while (!s.wake.wait_for(lock, every, [&] { return s.stop.load(); })) {
        const std::string url = s.keep_alive_url;
        lock.unlock();
        std::string login_url;
        try {
            login_url = ping(s, url);
        } catch (const std::exception& e) {
            log::debug(std::string("login: keep-alive request failed: ") + e.what());
        }
        lock.lock();
        if (!login_url.empty() && s.expired_at.empty()) {
            s.expired_at = login_url;
            log::warn("login: the browser session has expired: " + redact_url(url) +
                      " sent the keep-alive request to the login page " + redact_url(login_url));
        }
    }
}

} // namespace

void Login::keep_alive_at(const std::string& url)
{
    Impl& s = *m_impl;
    if (s.kind != LoginKind::Cookie || !s.origin || s.options.keep_alive_s <= 0)
        return;
    const auto o = url_origin(url);
    if (!o || *o != *s.origin)
        return;
    std::lock_guard<std::mutex> lock(s.mutex);
    s.keep_alive_url = url;
    if (!s.keeper.joinable())
        s.keeper = std::thread([&s] { keep_alive(s); });
}

} // namespace sezu
