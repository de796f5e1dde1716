#include "sezu/discover/source_check.hpp"

#include "sezu/discover/catalog.hpp"
#include "sezu/core/error.hpp"

#include <cctype>

namespace sezu {

namespace {

constexpr const char* kAccepted =
    "sezu reads a preset (noaa, eog), an http:// or https:// URL template, a file:// URL "
    "template or a local folder template, with the placeholders {YYYY} {MM} {YYYYMM} {cfg} {sat}";

std::string lower(std::string text)
{
    for (char& c : text)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

void check_source_template(const std::string& source)
{
    const std::string text = resolve_source_preset(source);
    const std::string shown = "'" + redact_url(source) + "'";
    const std::size_t colon = text.find("://");
    if (colon == std::string::npos)
        throw ConfigError("source: " + shown + " is neither a known preset nor a URL; " +
                          kAccepted);
    const std::string scheme = lower(text.substr(0, colon));
    if (scheme != "http" && scheme != "https" && scheme != "file")
        throw ConfigError("source: " + shown + " uses " +
                          (scheme.empty() ? std::string("no scheme") : scheme + "://") +
                          ", which sezu cannot read; " + kAccepted);
    // The host: a file:// URL names this machine (no host, or localhost; curl refuses others
    // only when the month runs), an http(s) URL must name one.
    const std::string rest = text.substr(colon + 3);
    std::string host = rest.substr(0, rest.find('/'));
    host = host.substr(host.rfind('@') == std::string::npos ? 0 : host.rfind('@') + 1);
    host = host.substr(0, host.rfind(':') == std::string::npos || host.back() == ']'
                              ? host.size()
                              : host.rfind(':'));
    if (scheme == "file" && !host.empty() && lower(host) != "localhost")
        throw ConfigError("source: " + shown + " names the host '" + host +
                          "'; a file:// template reads this machine's files: write file:///path "
                          "(three slashes) or a plain folder path");
    if (scheme != "file" && host.empty())
        throw ConfigError("source: " + shown + " names no host; write " + scheme +
                          "://host/path/{YYYYMM}/");
    // Placeholders are checked on any month: a template either expands or it does not.
    expand_source_template(text, first_published_month(), ProductSpec{});
}

} // namespace sezu
