#pragma once
/// Where the bearer token may go, and which links a listing may lead to. The token belongs to
/// the source: it is sent only to the source's origin (scheme, host and port, as browsers
/// define it), never to a host a listing happens to link to. An http(s) listing may only link
/// to http(s) URLs: a file:// (or ftp://, ...) link in a page from a server is refused, since
/// it would make sezu read local files on that server's say. URLs are parsed by curl's own URL
/// parser (curl_url), the one that decides where a request really goes.
#include "sezu/discover/url.hpp"

#include <optional>
#include <string>

namespace sezu {

/// The origin of a source template or preset (placeholders expanded for a sample month).
std::optional<UrlOrigin> source_origin(const std::string& source_template);

/// True for an absolute http:// or https:// URL (any case).
bool is_http_url(const std::string& url);

/// Throws FetchError when a listing at `listing_url` (http or https) links `what` (e.g. a tile
/// name) to `link`, a URL of any other scheme. Links from a local (file://) listing are not
/// restricted. Messages redact credentials.
void check_listing_link(const std::string& listing_url, const std::string& link,
                        const std::string& what);

} // namespace sezu
