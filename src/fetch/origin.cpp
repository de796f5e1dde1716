#include "sezu/fetch/origin.hpp"

#include "sezu/discover/catalog.hpp"
#include "sezu/core/error.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>

namespace sezu {

namespace {

struct CurlUrlDeleter {
    void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

struct CurlFree {
    void operator()(char* p) const noexcept { curl_free(p); }
};
using CurlString = std::unique_ptr<char, CurlFree>;

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// One part of a parsed URL, "" when absent. CURLU_DEFAULT_PORT gives the scheme's port when
/// the URL names none, so "https://h" and "https://h:443" compare equal.
std::string part(CURLU* u, CURLUPart which, unsigned flags = 0)
{
    char* raw = nullptr;
    if (curl_url_get(u, which, &raw, flags) != CURLUE_OK)
        return "";
    const CurlString owned(raw);
    return raw ? std::string(raw) : std::string();
}

} // namespace

std::string UrlOrigin::to_string() const
{
    return scheme + "://" + host + (port > 0 ? ":" + std::to_string(port) : std::string());
}

bool operator==(const UrlOrigin& a, const UrlOrigin& b)
{
    return a.scheme == b.scheme && a.host == b.host && a.port == b.port;
}

bool operator!=(const UrlOrigin& a, const UrlOrigin& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const UrlOrigin& o)
{
    return os << o.to_string();
}

std::optional<UrlOrigin> url_origin(const std::string& url)
{
    const CurlUrl u(curl_url());
    if (!u)
        throw FetchError("fetch: cannot parse URLs (out of memory?)");
    // No CURLU_GUESS_SCHEME: a string without "scheme://" is not a URL here.
    if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return std::nullopt;
    UrlOrigin o;
    o.scheme = lower(part(u.get(), CURLUPART_SCHEME));
    o.host = lower(part(u.get(), CURLUPART_HOST));
    const std::string port = part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
    o.port = port.empty() ? 0 : std::stol(port);
    if (o.scheme.empty())
        return std::nullopt;
    return o;
}

std::optional<UrlOrigin> source_origin(const std::string& source_template)
{
    // Placeholders in the host ("{sat}.example.org") would not parse: expand them first.
    std::string url;
    try {
        url = expand_source_template(source_template, YearMonth(2012, 4), ProductSpec{});
    } catch (const ConfigError&) {
        return std::nullopt;
    }
    return url_origin(url);
}

bool is_http_url(const std::string& url)
{
    const auto o = url_origin(url);
    return o && (o->scheme == "http" || o->scheme == "https");
}

void check_listing_link(const std::string& listing_url, const std::string& link,
                        const std::string& what)
{
    if (!is_http_url(listing_url) || is_http_url(link))
        return;
    throw FetchError("discover: the listing " + listing_url + " links " + what + " to " + link +
                     "; refused: from a server's listing only http and https links are "
                     "followed, never file:// or other schemes (is the source the right "
                     "server?)");
}

} // namespace sezu
