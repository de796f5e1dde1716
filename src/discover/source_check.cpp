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
    // Placeholders are checked on any month: a template either expands or it does not.
    expand_source_template(text, first_published_month(), ProductSpec{});
}

} // namespace sezu
