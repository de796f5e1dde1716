#include "sezu/discover/url.hpp"

#include "sezu/core/c_handle.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>
#include <new>

namespace sezu {

namespace {

/// The only owner of a curl URL handle.
using UrlHandle = CHandle<CURLU, curl_url_cleanup>;
using CurlText = CHandle<char, curl_free>;

UrlHandle parse(const std::string& url, unsigned flags = 0)
{
    UrlHandle u(curl_url());
    if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), flags) != CURLUE_OK)
        return nullptr;
    return u;
}

std::optional<std::string> get(CURLU* u, CURLUPart part, unsigned flags)
{
    char* text = nullptr;
    if (curl_url_get(u, part, &text, flags) != CURLUE_OK)
        return std::nullopt;
    const CurlText owner(text);
    return std::string(text);
}

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
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
    // No CURLU_GUESS_SCHEME: a string without "scheme://" is not a URL here.
    const UrlHandle u = parse(url, CURLU_NON_SUPPORT_SCHEME);
    if (!u)
        return std::nullopt;
    UrlOrigin o;
    o.scheme = lower(get(u.get(), CURLUPART_SCHEME, 0).value_or(""));
    o.host = lower(get(u.get(), CURLUPART_HOST, 0).value_or(""));
    // CURLU_DEFAULT_PORT: "https://h" and "https://h:443" compare equal.
    const std::string port = get(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT).value_or("");
    o.port = port.empty() ? 0 : std::stol(port);
    if (o.scheme.empty())
        return std::nullopt;
    return o;
}

std::optional<std::string> resolve_url(const std::string& base, const std::string& href)
{
    UrlHandle u = parse(base);
    if (!u)
        return std::nullopt;
    // Setting a URL on a handle that holds one resolves it as a relative reference. Spaces
    // (common in hand-made listings) are allowed and encoded, as browsers do.
    if (curl_url_set(u.get(), CURLUPART_URL, href.c_str(), CURLU_ALLOW_SPACE | CURLU_URLENCODE) !=
        CURLUE_OK)
        return std::nullopt;
    curl_url_set(u.get(), CURLUPART_FRAGMENT, nullptr, 0);
    return get(u.get(), CURLUPART_URL, 0);
}

std::optional<std::string> url_path(const std::string& url)
{
    const UrlHandle u = parse(url);
    return u ? get(u.get(), CURLUPART_PATH, CURLU_URLDECODE) : std::nullopt;
}

std::optional<std::string> url_file_name(const std::string& url)
{
    const UrlHandle u = parse(url);
    if (!u)
        return std::nullopt;
    // Cut the encoded path at its last '/' before decoding: an encoded "%2F" belongs to the name.
    const std::optional<std::string> path = get(u.get(), CURLUPART_PATH, 0);
    if (!path)
        return std::nullopt;
    return url_decode(path->substr(path->find_last_of('/') + 1));
}

std::string url_decode(const std::string& text)
{
    int length = 0;
    char* decoded = curl_easy_unescape(nullptr, text.c_str(), int(text.size()), &length);
    if (decoded == nullptr)
        throw std::bad_alloc();
    const CurlText owner(decoded);
    return std::string(decoded, std::size_t(length));
}

std::string url_encode_segment(const std::string& text)
{
    char* encoded = curl_easy_escape(nullptr, text.c_str(), int(text.size()));
    if (encoded == nullptr)
        throw std::bad_alloc();
    const CurlText owner(encoded);
    return encoded;
}

std::string url_encode_path(const std::string& path)
{
    // A placeholder: '{', letters, '}'. Other braces are text like any other.
    const auto placeholder_end = [&](std::size_t open) -> std::size_t {
        std::size_t i = open + 1;
        while (i < path.size() && std::isalpha(static_cast<unsigned char>(path[i])))
            ++i;
        return i > open + 1 && i < path.size() && path[i] == '}' ? i + 1 : 0;
    };
    std::string out, text;
    for (std::size_t i = 0; i < path.size();) {
        const std::size_t end = path[i] == '{' ? placeholder_end(i) : 0;
        if (path[i] != '/' && end == 0) {
            text += path[i++];
            continue;
        }
        out += url_encode_segment(text);
        text.clear();
        const std::size_t next = path[i] == '/' ? i + 1 : end;
        out += path.substr(i, next - i);
        i = next;
    }
    return out + url_encode_segment(text);
}

} // namespace sezu
