#pragma once
/// URLs as curl understands them (its URL API, curl_url): resolving a link against the page it
/// is on, and percent-encoding and -decoding, so that what discovery lists is exactly what
/// curl will fetch.
#include <optional>
#include <ostream>
#include <string>

namespace sezu {

/// Scheme, host and port of a URL, lower-cased, with the scheme's default port filled in: where
/// a request really goes (browsers call it the origin).
struct UrlOrigin {
    std::string scheme;
    std::string host;
    long port = 0;
    /// "https://eogdata.mines.edu:443"
    std::string to_string() const;
};

bool operator==(const UrlOrigin& a, const UrlOrigin& b);
bool operator!=(const UrlOrigin& a, const UrlOrigin& b);
std::ostream& operator<<(std::ostream& os, const UrlOrigin& o);

/// The origin of an absolute URL; nothing when curl cannot parse it (no scheme, no host for
/// http). A file:// URL has an empty host (or the one it names) and port 0.
std::optional<UrlOrigin> url_origin(const std::string& url);

/// `href` resolved against `base` (RFC 3986, as a browser or curl following a redirect does):
/// the absolute URL, normalised by curl, without "#fragment" (never sent to a server). Spaces
/// and bytes outside ASCII are percent-encoded. Nothing when the result is not a URL curl can
/// fetch (mailto:, javascript:, malformed).
std::optional<std::string> resolve_url(const std::string& base, const std::string& href);

/// The last segment of a URL's path, percent-decoded: "https://h/a/b%20c.tgz?x=1" gives
/// "b c.tgz"; a URL of a folder ("https://h/a/") gives "". Nothing for text that is not a URL.
std::optional<std::string> url_file_name(const std::string& url);

/// The path of a URL, percent-decoded: "file:///my%20data/" gives "/my data/". Nothing for
/// text that is not a URL.
std::optional<std::string> url_path(const std::string& url);

/// The text with every "%XX" (two hex digits) replaced by the byte it encodes; anything else,
/// '+' included, stays as it is: "a%20b%2Fc%zz" gives "a b/c%zz". The one percent-decoder
/// (curl's), for the paths of URLs and of requests.
std::string url_decode(const std::string& text);

/// Percent-encodes everything but letters, digits and "-._~", for one segment of a URL's path
/// (a file name may hold '/', '?', '#', '%', spaces).
std::string url_encode_segment(const std::string& text);

/// Percent-encodes a local path for a file:// URL as url_encode_segment does each of its
/// segments, keeping the '/' between them and a template's placeholders ("{YYYYMM}": braces
/// around letters) as they are: "/my data/{YYYY}/" gives "/my%20data/{YYYY}/".
std::string url_encode_path(const std::string& path);

} // namespace sezu
