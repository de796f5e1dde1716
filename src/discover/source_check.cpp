#include "sezu/discover/source_check.hpp"

#include "sezu/core/error.hpp"
#include "sezu/discover/catalog.hpp"
#include "sezu/discover/url.hpp"

#include <cctype>
#include <utility>

namespace sezu {

namespace {

constexpr const char* kAccepted =
    "sezu reads a preset (noaa, eog) or laads (Black Marble), an http:// or https:// URL "
    "template, a file:// URL "
    "template or a local folder template, with the placeholders {YYYY} {MM} {YYYYMM} {DDD} {cfg} "
    "{sat} {satfolder} (and {short} {coll} for Black Marble)";

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
    // Placeholders are checked on any month: a template either expands or it does not. The
    // URL it expands to is the one curl will be given: it must parse, an http(s) one with a host,
    // a file:// one naming this machine (no host, or localhost; curl refuses others).
    // {short} and {coll} are a Black Marble product's (laads.hpp): any product's will do here.
    std::string sample = text;
    for (const auto& [name, value] : {std::pair<std::string, std::string>{"{short}", "VNP46A3"},
                                      {"{coll}", "5200"}})
        for (auto at = sample.find(name); at != std::string::npos; at = sample.find(name))
            sample.replace(at, name.size(), value);
    const std::string url = expand_source_template(sample, first_published_month(), ProductSpec{});
    if (url_origin(url))
        return;
    if (scheme == "file")
        throw ConfigError("source: " + shown + " is not a file:// URL of this machine's files; "
                          "write file:///path (three slashes, a space as %20) or a plain folder "
                          "path");
    throw ConfigError("source: " + shown + " names no host, or is not a URL curl can read; write " +
                      scheme + "://host/path/{YYYYMM}/ (a space as %20)");
}

} // namespace sezu
