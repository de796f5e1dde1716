#include "sezu/fetch/origin.hpp"

#include "sezu/discover/catalog.hpp"
#include "sezu/core/error.hpp"

namespace sezu {

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
