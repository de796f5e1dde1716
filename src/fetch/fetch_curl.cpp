#include "fetch_curl.hpp"

#include "login_curl.hpp"

#include "sezu/core/error.hpp"

#include <cctype>
#include <cmath>
#include <cstring>
#include <mutex>

namespace sezu {

namespace detail {

void check_curl(CURLcode rc, const char* what)
{
    if (rc != CURLE_OK)
        throw FetchError(std::string("fetch: ") + what + ": " + curl_easy_strerror(rc));
}

void check_multi(CURLMcode rc, const char* what)
{
    if (rc != CURLM_OK)
        throw FetchError(std::string("fetch: ") + what + ": " + curl_multi_strerror(rc));
}

void ensure_curl_global()
{
    // curl_global_init is not thread-safe and must run once per process before any handle.
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    check_curl(result, "cannot initialise libcurl");
}

CurlEasy make_easy()
{
    CurlEasy easy(curl_easy_init());
    if (!easy)
        throw FetchError("fetch: cannot create a curl handle (out of memory?)");
    return easy;
}

CurlMulti make_multi()
{
    CurlMulti multi(curl_multi_init());
    if (!multi)
        throw FetchError("fetch: cannot create a curl multi handle (out of memory?)");
    return multi;
}

bool starts_with_nocase(const std::string& s, const char* prefix)
{
    const size_t n = std::strlen(prefix);
    if (s.size() < n)
        return false;
    for (size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i])
            return false;
    return true;
}

bool is_file_url(const std::string& url)
{
    return starts_with_nocase(url, "file:");
}

void set_common_options(CURL* h, const std::string& url, const FetchOptions& o, char* errbuf,
                        const Credential* credential)
{
    check_curl(curl_easy_setopt(h, CURLOPT_URL, url.c_str()), "CURLOPT_URL");
    check_curl(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
    check_curl(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf), "CURLOPT_ERRORBUFFER");
    errbuf[0] = '\0';
    check_curl(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L), "CURLOPT_FOLLOWLOCATION");
    check_curl(curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L), "CURLOPT_MAXREDIRS");
    // A URL is read with its own scheme only (a file:// URL only comes from a local source,
    // see origin.hpp), and a redirect may only lead to http(s): a server must not be able to
    // send us to file:// or anything else curl happens to support.
    const bool file = is_file_url(url);
#if LIBCURL_VERSION_NUM >= 0x075500
    check_curl(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, file ? "file" : "http,https"),
               "CURLOPT_PROTOCOLS_STR");
    check_curl(curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
               "CURLOPT_REDIR_PROTOCOLS_STR");
#else
    const long web = CURLPROTO_HTTP | CURLPROTO_HTTPS;
    check_curl(curl_easy_setopt(h, CURLOPT_PROTOCOLS, file ? long(CURLPROTO_FILE) : web),
               "CURLOPT_PROTOCOLS");
    check_curl(curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, web), "CURLOPT_REDIR_PROTOCOLS");
#endif
    const auto connect_ms = std::lround(o.limits.connect_timeout_s * 1000.0);
    check_curl(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(std::max(1L, connect_ms))),
               "CURLOPT_CONNECTTIMEOUT_MS");
    check_curl(curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent_of(o.user_agent)),
               "CURLOPT_USERAGENT");
    // The cookie store is attached only for the source's origin, and detached otherwise (a
    // reused handle may have had it).
    if (credential && credential->cookies && o.login)
        o.login->impl().attach_cookies(h);
    else
        check_curl(curl_easy_setopt(h, CURLOPT_SHARE, nullptr), "CURLOPT_SHARE");
    if (credential && !credential->bearer.empty()) {
        // Bearer auth through curl (not a raw header): curl drops it when a redirect leads to
        // another host, port or scheme, so it stays with the origin it was meant for.
        check_curl(curl_easy_setopt(h, CURLOPT_HTTPAUTH, long(CURLAUTH_BEARER)),
                   "CURLOPT_HTTPAUTH");
        check_curl(curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, credential->bearer.c_str()),
                   "CURLOPT_XOAUTH2_BEARER");
    }
}

bool is_login_redirect(const std::string& requested, const std::string& final_url,
                       bool other_host_is_login)
{
    if (final_url.empty() || final_url == requested)
        return false;
    const auto from = url_origin(requested);
    const auto to = url_origin(final_url);
    if (!from || !to)
        return false;
    // http -> https on the same host is no login; another host is, for a request that carried
    // a credential (EOG's login server is another host).
    if (other_host_is_login && from->host != to->host)
        return true;
    std::string path = url_path(final_url).value_or("");
    for (auto& c : path)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* word : {"login", "openid-connect", "oauth", "/sso", "signin"})
        if (path.find(word) != std::string::npos)
            return true;
    return false;
}

std::string redirected_to(CURL* h)
{
    long redirects = 0;
    const char* url = nullptr;
    curl_easy_getinfo(h, CURLINFO_REDIRECT_COUNT, &redirects);
    curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &url);
    return redirects > 0 && url ? std::string(url) : std::string();
}

bool transient_curl(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        return false;
    }
}

bool transient_http(long code)
{
    return code == 408 || code == 429 || (code >= 500 && code <= 599);
}

std::string curl_message(CURL* h, CURLcode rc, const char* errbuf, const TransferLimits& limits)
{
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        curl_off_t connected = 0;
        curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connected);
        if (connected == 0)
            return "no connection within " + seconds_text(limits.connect_timeout_s);
    }
    // curl's error buffer is the specific message ("Failed to connect to host port 443 after
    // 30001 ms: Couldn't connect to server"); the generic one only when the buffer is empty.
    return errbuf[0] != '\0' ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
}

std::string http_hint(long code)
{
    if (code == 401 || code == 403)
        return " — is the auth token set and valid?";
    return "";
}

long retry_after_of(CURL* h)
{
    curl_off_t seconds = 0;
#if LIBCURL_VERSION_NUM >= 0x074200
    curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &seconds);
#else
    (void)h;
#endif
    return static_cast<long>(seconds);
}

} // namespace detail

std::optional<Credential> Fetcher::Impl::credential_for(const std::string& url,
                                                        const FetchOptions& o) const
{
    if (!o.login || o.login->kind() == LoginKind::None || !http_origin)
        return std::nullopt;
    const auto origin = url_origin(url);
    if (!origin || *origin != *http_origin)
        return std::nullopt;
    return o.login->current();
}

void Fetcher::Impl::check_allowed(const std::string& url, const std::string& what) const
{
    if (http_origin && !is_http_url(url))
        throw FetchError("fetch: " + url + " " + what +
                         ": refused: the source is an http(s) server, so only http and https "
                         "URLs are fetched (never file:// or other schemes)");
}

} // namespace sezu
