#pragma once
// Private to the fetch stage: the curl handles and the policy shared by tile transfers
// (fetch.cpp) and listings (fetch_listing.cpp).
#include "sezu/core/c_handle.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/fetch/login.hpp"
#include "sezu/fetch/origin.hpp"

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>

namespace sezu {

namespace detail {

using CurlEasy = CHandle<CURL, curl_easy_cleanup>;
using CurlMulti = CHandle<CURLM, curl_multi_cleanup>;

void check_curl(CURLcode rc, const char* what);
void check_multi(CURLMcode rc, const char* what);
/// curl_global_init, once per process, before any handle.
void ensure_curl_global();
CurlEasy make_easy();
CurlMulti make_multi();

bool starts_with_nocase(const std::string& s, const char* prefix);
bool is_file_url(const std::string& url);

/// Sets the URL and what every request shares: redirects (to http(s) only), the protocols
/// the URL's own scheme allows, the connect timeout, the user agent, and the login's
/// credential when `credential` is set: the bearer token (curl drops it when a redirect leaves
/// the origin) or the session cookies (bound to the source's host).
void set_common_options(CURL* h, const std::string& url, const FetchOptions& o, char* errbuf,
                        const Credential* credential);
/// The configured user agent, or "sezu/VERSION" when none is.
const char* user_agent_of(const std::string& configured);
/// True when a request for `requested` that ended at `final_url` (after redirects) was sent to
/// a login page: a path naming a login (EOG's ".../openid-connect/auth"), or, when
/// `other_host_is_login` (the request carried a credential), any other host.
bool is_login_redirect(const std::string& requested, const std::string& final_url,
                       bool other_host_is_login = true);
/// Where the last request on `h` ended up when redirects took it elsewhere, else "".
std::string redirected_to(CURL* h);

/// Failures worth another attempt: the network or the server may do better next time.
bool transient_curl(CURLcode rc);
bool transient_http(long code);
/// curl's specific message (its error buffer), or the generic one; a connect timeout is
/// named by its limit ("no connection within 30 s").
std::string curl_message(CURL* h, CURLcode rc, const char* errbuf, const TransferLimits& limits);
std::string http_hint(long code);
/// A server's Retry-After, in seconds (0 when none).
long retry_after_of(CURL* h);

} // namespace detail

struct Fetcher::Impl {
    detail::CurlMulti multi;      ///< the tile transfers of fetch_tiles
    detail::CurlMulti text_multi; ///< one listing at a time, polled against the deadlines
    detail::CurlEasy text;        ///< reused for listings so connections to the server are kept
    std::optional<UrlOrigin> http_origin; ///< the source's origin, when it is http(s)

    /// The login's credential for a request to `url` now, when there is one and `url` has the
    /// source's origin (Login::current: may renew it, or throw LoginError).
    std::optional<Credential> credential_for(const std::string& url, const FetchOptions& o) const;
    /// Throws FetchError (naming `what`) for a URL this source must not fetch: with an http(s)
    /// source, anything but http(s).
    void check_allowed(const std::string& url, const std::string& what) const;
};

} // namespace sezu
