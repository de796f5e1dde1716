#include "sezu/catalog.hpp"

#include "sezu/error.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

namespace sezu {

YearMonth ArchiveName::month() const
{
    return YearMonth::parse(first_day.substr(0, 6));
}

std::string ArchiveName::stem() const
{
    return file_name.substr(0, file_name.size() - 4);
}

std::optional<ArchiveName> parse_archive_name(const std::string& name)
{
    // The published pattern (shared/viirs.md); the stamp has 12 digits, sometimes 13 or 14.
    static const std::regex kPattern(
        R"(^SVDNB_(npp|j01)_(\d{8})-(\d{8})_((?:75N|00N)(?:180W|060W|060E))_(vcmcfg|vcmslcfg)_(v10)_c(\d{12,14})\.tgz$)");
    const auto slash = name.find_last_of('/');
    const std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    std::smatch m;
    if (!std::regex_match(base, m, kPattern))
        return std::nullopt;
    ArchiveName a;
    a.file_name = base;
    a.satellite = m[1];
    a.first_day = m[2];
    a.last_day = m[3];
    a.tile = m[4];
    a.configuration = m[5];
    a.version = m[6];
    a.stamp = m[7];
    return a;
}

std::string format_archive_name(const ProductSpec& product, const YearMonth& month,
                                const TileSpec& tile, const std::string& stamp)
{
    return "SVDNB_" + product.satellite + "_" + month.first_day() + "-" + month.last_day() + "_" +
           tile.name + "_" + product.configuration + "_" + product.version + "_c" + stamp + ".tgz";
}

bool stamp_newer(const std::string& a, const std::string& b)
{
    // Stamps are YYYYMMDDhhmm[ss..]: pad to equal length so that digit strings compare as times.
    const size_t n = std::max(a.size(), b.size());
    std::string pa = a, pb = b;
    pa.resize(n, '0');
    pb.resize(n, '0');
    if (pa != pb)
        return pa > pb;
    return a.size() > b.size();
}

// ---------------------------------------------------------------------------------------------
// Source templates

namespace {

constexpr const char* kNoaaTemplate =
    "https://data.ngdc.noaa.gov/instruments/remote-sensing/passive/spectrometers-radiometers/"
    "imaging/viirs/dnb_composites/v10//{YYYYMM}/{cfg}/";
constexpr const char* kEogTemplate =
    "https://eogdata.mines.edu/nighttime_light/monthly/v10/{YYYY}/{YYYYMM}/{cfg}/";

std::string two_digits(int v)
{
    return std::string(1, char('0' + v / 10)) + char('0' + v % 10);
}

} // namespace

std::string resolve_source_preset(const std::string& source)
{
    if (source == "noaa")
        return kNoaaTemplate;
    if (source == "eog")
        return kEogTemplate;
    return source;
}

std::string expand_source_template(const std::string& tmpl, const YearMonth& month,
                                   const ProductSpec& product)
{
    // Presets are accepted here too, so callers that hold the user's text ("noaa") need not
    // remember to resolve it first; a preset name can never be a usable URL by itself.
    const std::string text = resolve_source_preset(tmpl);
    if (text.empty())
        throw ConfigError("source: the URL template is empty; give a URL such as " +
                          std::string(kEogTemplate) + " or a preset (noaa, eog)");
    const std::string yyyy = month.to_string().substr(0, 4);
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t open = text.find('{', pos);
        if (open == std::string::npos) {
            out.append(text, pos, std::string::npos);
            break;
        }
        out.append(text, pos, open - pos);
        const size_t close = text.find('}', open);
        if (close == std::string::npos)
            throw ConfigError("source: unclosed '{' in \"" + text +
                              "\" (placeholders: {YYYY} {MM} {YYYYMM} {cfg} {sat})");
        const std::string name = text.substr(open + 1, close - open - 1);
        if (name == "YYYY")
            out += yyyy;
        else if (name == "MM")
            out += two_digits(month.month());
        else if (name == "YYYYMM")
            out += month.to_string();
        else if (name == "cfg")
            out += product.configuration;
        else if (name == "sat")
            out += product.satellite;
        else
            throw ConfigError("source: unknown placeholder {" + name + "} in \"" + text +
                              "\" (known: {YYYY} {MM} {YYYYMM} {cfg} {sat})");
        pos = close + 1;
    }
    if (out.empty() || out.back() != '/')
        out += '/';
    return out;
}

// ---------------------------------------------------------------------------------------------
// Listings

namespace {

bool iequals(const std::string& a, const char* b)
{
    size_t i = 0;
    for (; i < a.size() && b[i] != '\0'; ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return i == a.size() && b[i] == '\0';
}

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string& out, unsigned long cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

/// Decodes the entities an attribute value can carry; unknown or malformed ones stay as text.
std::string decode_entities(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        const size_t semi = s.find(';', i + 1);
        if (semi == std::string::npos || semi - i > 10) {
            out += s[i];
            continue;
        }
        const std::string name = s.substr(i + 1, semi - i - 1);
        std::string decoded;
        if (name == "amp")
            decoded = "&";
        else if (name == "lt")
            decoded = "<";
        else if (name == "gt")
            decoded = ">";
        else if (name == "quot")
            decoded = "\"";
        else if (name == "apos")
            decoded = "'";
        else if (name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const std::string digits = name.substr(hex ? 2 : 1);
            unsigned long cp = 0;
            bool ok = !digits.empty();
            for (char c : digits) {
                const int v = hex ? hex_value(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
                if (v < 0 || cp > 0x10FFFF) {
                    ok = false;
                    break;
                }
                cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v);
            }
            if (ok && cp > 0 && cp <= 0x10FFFF)
                append_utf8(decoded, cp);
        }
        if (decoded.empty()) {
            out += s[i];
            continue;
        }
        out += decoded;
        i = semi;
    }
    return out;
}

std::string percent_decode(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hex_value(s[i + 1]);
            const int lo = hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += char(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

/// Links an autoindex page always has that never name a file of the folder.
bool is_navigation(const std::string& href)
{
    return href.empty() || href[0] == '?' || href[0] == '#' || href == ".." || href == "../" ||
           href == "." || href == "./" || href.rfind("mailto:", 0) == 0 ||
           href.rfind("javascript:", 0) == 0;
}

} // namespace

std::vector<std::string> parse_listing(const std::string& html)
{
    // A small tag scanner rather than a regex: listings come from many servers, with quotes or
    // none, upper-case tags, extra attributes and comments, and a regex over all of that is
    // either wrong or slow on large pages.
    std::vector<std::string> hrefs;
    const size_t n = html.size();
    size_t i = 0;
    while (i < n) {
        const size_t lt = html.find('<', i);
        if (lt == std::string::npos)
            break;
        i = lt + 1;
        if (html.compare(i, 3, "!--") == 0) {
            const size_t end = html.find("-->", i + 3);
            i = end == std::string::npos ? n : end + 3;
            continue;
        }
        size_t j = i;
        while (j < n && std::isalnum(static_cast<unsigned char>(html[j])))
            ++j;
        const std::string tag = html.substr(i, j - i);
        const bool anchor = iequals(tag, "a");
        // Attributes until '>' (quoted values may contain '>').
        while (j < n && html[j] != '>') {
            if (is_space(html[j]) || html[j] == '/') {
                ++j;
                continue;
            }
            if (html[j] == '<')
                break; // malformed tag: restart at the next '<'
            const size_t name_start = j;
            while (j < n && !is_space(html[j]) && html[j] != '=' && html[j] != '>' &&
                   html[j] != '<')
                ++j;
            const std::string name = html.substr(name_start, j - name_start);
            while (j < n && is_space(html[j]))
                ++j;
            if (j >= n || html[j] != '=')
                continue; // attribute without value
            ++j;
            while (j < n && is_space(html[j]))
                ++j;
            std::string value;
            if (j < n && (html[j] == '"' || html[j] == '\'')) {
                const char quote = html[j];
                const size_t close = html.find(quote, j + 1);
                const size_t end = close == std::string::npos ? n : close;
                value = html.substr(j + 1, end - j - 1);
                j = close == std::string::npos ? n : close + 1;
            } else {
                const size_t value_start = j;
                while (j < n && !is_space(html[j]) && html[j] != '>')
                    ++j;
                value = html.substr(value_start, j - value_start);
            }
            if (anchor && iequals(name, "href")) {
                std::string href = percent_decode(decode_entities(value));
                // Whitespace around a value is not part of the target.
                while (!href.empty() && is_space(href.back()))
                    href.pop_back();
                size_t lead = 0;
                while (lead < href.size() && is_space(href[lead]))
                    ++lead;
                href.erase(0, lead);
                if (!is_navigation(href))
                    hrefs.push_back(href);
            }
        }
        i = j;
    }
    return hrefs;
}

std::string to_string(Availability a)
{
    switch (a) {
    case Availability::Complete: return "complete";
    case Availability::Incomplete: return "incomplete";
    case Availability::NotPublished: return "not published";
    }
    return "unknown";
}

namespace {

/// Re-encodes what parse_listing decoded, where a URL cannot carry it literally.
std::string percent_encode_url(const std::string& s)
{
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || std::string("-._~:/?#[]@!$&'()*+,;=").find(c) != std::string::npos)
            out += c;
        else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        }
    }
    return out;
}

bool has_scheme(const std::string& s)
{
    const size_t colon = s.find(':');
    if (colon == std::string::npos || colon == 0)
        return false;
    for (size_t i = 0; i < colon; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (!(std::isalnum(c) || c == '+' || c == '-' || c == '.'))
            return false;
    }
    return s.compare(colon, 3, "://") == 0;
}

/// Resolves a listing href against the listing's URL (RFC 3986 for the cases listings use:
/// absolute URLs, network paths, absolute paths and relative names).
std::string resolve_href(const std::string& base_url, const std::string& href)
{
    if (has_scheme(href))
        return percent_encode_url(href);
    const size_t scheme_end = base_url.find("://");
    const std::string scheme =
        scheme_end == std::string::npos ? "" : base_url.substr(0, scheme_end);
    const size_t authority_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    size_t path_start = base_url.find('/', authority_start);
    if (path_start == std::string::npos)
        path_start = base_url.size();
    if (href.rfind("//", 0) == 0)
        return percent_encode_url(scheme + ":" + href);
    if (href[0] == '/')
        return base_url.substr(0, path_start) + percent_encode_url(href);
    // A relative name: resolve against the folder of the base (the listing URL normally ends
    // in '/', but a URL of an index.html works too).
    std::string folder = base_url;
    const size_t query = folder.find_first_of("?#", path_start);
    if (query != std::string::npos)
        folder.erase(query);
    const size_t last_slash = folder.find_last_of('/');
    if (last_slash == std::string::npos || last_slash < path_start)
        folder += '/';
    else
        folder.erase(last_slash + 1);
    std::string rel = href;
    while (rel.rfind("./", 0) == 0)
        rel.erase(0, 2);
    return folder + percent_encode_url(rel);
}

std::string path_part(const std::string& href)
{
    const size_t q = href.find_first_of("?#");
    return q == std::string::npos ? href : href.substr(0, q);
}

std::string product_text(const std::string& satellite, const std::string& configuration,
                         const std::string& version)
{
    return satellite + " " + configuration + " " + version;
}

} // namespace

DiscoveredMonth group_listing(const YearMonth& month, const ProductSpec& product,
                              const std::string& listing_url,
                              const std::vector<std::string>& hrefs)
{
    DiscoveredMonth found;
    found.month = month;
    found.listing_url = listing_url;

    std::array<std::optional<TileRef>, kTileCount> best;
    // Other products of this month in the same folder: named in the reason when ours is absent,
    // because a wrong satellite or configuration is the likely cause.
    std::set<std::string> others;
    const std::string first = month.first_day();
    const std::string last = month.last_day();
    for (const auto& href : hrefs) {
        if (is_navigation(href))
            continue;
        const auto archive = parse_archive_name(path_part(href));
        if (!archive)
            continue;
        if (archive->first_day != first || archive->last_day != last)
            continue; // another month (or a partial period) listed in this folder
        if (archive->satellite != product.satellite ||
            archive->configuration != product.configuration ||
            archive->version != product.version) {
            others.insert(
                product_text(archive->satellite, archive->configuration, archive->version));
            continue;
        }
        const auto tile = find_tile(archive->tile);
        if (!tile)
            continue;
        auto& slot = best[static_cast<size_t>(tile->index)];
        if (slot && !stamp_newer(archive->stamp, slot->archive.stamp))
            continue; // keep the newest; on equal stamps the first listed
        slot = TileRef{*tile, *archive, resolve_href(listing_url, href)};
    }

    for (const auto& spec : tile_specs()) {
        const auto& slot = best[static_cast<size_t>(spec.index)];
        if (slot)
            found.tiles.push_back(*slot);
        else
            found.missing.push_back(spec.name);
    }

    if (found.tiles.size() == static_cast<size_t>(kTileCount)) {
        found.availability = Availability::Complete;
    } else if (!found.tiles.empty()) {
        found.availability = Availability::Incomplete;
        std::string names;
        for (const auto& m : found.missing)
            names += (names.empty() ? "" : ", ") + m;
        found.reason = std::to_string(found.tiles.size()) + " of " + std::to_string(kTileCount) +
                       " tiles; missing " + names;
    } else {
        found.availability = Availability::NotPublished;
        found.reason = "no " +
                       product_text(product.satellite, product.configuration, product.version) +
                       " tiles for " + month.to_string() + " in " + listing_url;
        if (!others.empty()) {
            std::string list;
            for (const auto& o : others)
                list += (list.empty() ? "" : "; ") + o;
            found.reason += " (it has " + list + ": check satellite / configuration)";
        }
    }
    return found;
}

} // namespace sezu
