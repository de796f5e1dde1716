#include "sezu/discover/catalog.hpp"

#include "sezu/core/error.hpp"
#include "sezu/products/blackmarble_grid.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>
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
    return format_archive_name(product, month.first_day(), month.last_day(), tile, stamp);
}

std::string format_archive_name(const ProductSpec& product, const std::string& first_day,
                                const std::string& last_day, const TileSpec& tile,
                                const std::string& stamp)
{
    return "SVDNB_" + product.satellite + "_" + first_day + "-" + last_day + "_" + tile.name +
           "_" + product.configuration + "_" + product.version + "_c" + stamp + ".tgz";
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
// {satfolder}: NOAA-20's months are in a NOAA-20/ folder of the month (tile_grid.hpp).
constexpr const char* kEogTemplate =
    "https://eogdata.mines.edu/nighttime_light/monthly/v10/{YYYY}/{YYYYMM}/{satfolder}{cfg}/";

std::string two_digits(int v)
{
    return std::string(1, char('0' + v / 10)) + char('0' + v % 10);
}

std::string three_digits(int v)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "%03d", v);
    return buf;
}

} // namespace

std::string resolve_source_preset(const std::string& source)
{
    if (source == "noaa")
        return kNoaaTemplate;
    if (source == "eog")
        return kEogTemplate;
    if (source == "laads") // NASA's LAADS archive, for the Black Marble products (laads.hpp)
        return "https://ladsweb.modaps.eosdis.nasa.gov/archive/allData/{coll}/{short}/{YYYY}/"
               "{DDD}/";
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
                              "\" (placeholders: {YYYY} {MM} {YYYYMM} {cfg} {sat} {satfolder})");
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
        else if (name == "satfolder") // "" or "NOAA-20/": the product knows EOG's folders
            out += eog_satellite_folder(product.satellite);
        else if (name == "DDD") // the day of the year the month begins (Black Marble folders)
            out += three_digits(first_day_of_year(month));
        else
            throw ConfigError("source: unknown placeholder {" + name + "} in \"" + text +
                              "\" (known: {YYYY} {MM} {YYYYMM} {DDD} {cfg} {sat} {satfolder})");
        pos = close + 1;
    }
    if (out.empty() || out.back() != '/')
        out += '/';
    return out;
}

// ---------------------------------------------------------------------------------------------
// Listings

bool operator==(const ListingEntry& a, const ListingEntry& b)
{
    return a.name == b.name && a.url == b.url;
}

std::ostream& operator<<(std::ostream& out, const ListingEntry& e)
{
    return out << e.name << " <" << redact_url(e.url) << ">";
}

bool operator==(const ProductSpec& a, const ProductSpec& b)
{
    return a.satellite == b.satellite && a.configuration == b.configuration &&
           a.version == b.version;
}

bool operator!=(const ProductSpec& a, const ProductSpec& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const ProductSpec& p)
{
    return os << p.satellite << ' ' << p.configuration << ' ' << p.version;
}

bool operator==(const ArchiveName& a, const ArchiveName& b)
{
    return a.file_name == b.file_name && a.satellite == b.satellite &&
           a.first_day == b.first_day && a.last_day == b.last_day && a.tile == b.tile &&
           a.configuration == b.configuration && a.version == b.version && a.stamp == b.stamp;
}

bool operator!=(const ArchiveName& a, const ArchiveName& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const ArchiveName& a)
{
    return os << a.file_name;
}

bool has_signature(FileFormat format, const unsigned char* head, std::size_t n)
{
    static const unsigned char kHdf5[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    if (format == FileFormat::Gzip)
        return n >= 2 && head[0] == 0x1f && head[1] == 0x8b;
    return n >= sizeof kHdf5 && std::equal(kHdf5, kHdf5 + sizeof kHdf5, head);
}

std::string signature_hex(FileFormat format)
{
    return format == FileFormat::Gzip ? "1f 8b" : "89 48 44 46 0d 0a 1a 0a";
}

std::string to_string(FileFormat format)
{
    return format == FileFormat::Gzip ? "gzip" : "HDF5";
}

bool operator==(const TileRef& a, const TileRef& b)
{
    return a.tile == b.tile && a.archive == b.archive && a.url == b.url && a.format == b.format;
}

bool operator!=(const TileRef& a, const TileRef& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const TileRef& t)
{
    return os << t.archive.tile << ' ' << t.archive << " <" << redact_url(t.url) << '>';
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

std::string product_text(const std::string& satellite, const std::string& configuration,
                         const std::string& version)
{
    return satellite + " " + configuration + " " + version;
}

/// Whether the archive's dates lie inside `month`: the whole month, or a part of it (2022-07:
/// 20220701-20220726, Suomi NPP's safe mode). YYYYMMDD texts of one length order as dates, and a
/// day outside 01..last (20220700, 20220732) falls outside the month's bounds.
bool within_month(const ArchiveName& a, const YearMonth& month)
{
    return a.first_day >= month.first_day() && a.last_day <= month.last_day() &&
           a.first_day <= a.last_day;
}

/// Days an archive covers (both dates inside one month).
int days_covered(const ArchiveName& a)
{
    return std::stoi(a.last_day.substr(6)) - std::stoi(a.first_day.substr(6)) + 1;
}

/// Whether `a` is the better file of one tile than `b`: more of the month, then the newer stamp
/// (on equal stamps the first listed stays).
bool better_file(const ArchiveName& a, const ArchiveName& b)
{
    if (days_covered(a) != days_covered(b))
        return days_covered(a) > days_covered(b);
    return stamp_newer(a.stamp, b.stamp);
}

/// The month's availability and reason from the tiles found; `others` are the other products
/// of the month in the folder, `outside` the periods of files reaching past the month.
void judge_month(DiscoveredMonth& found, const ProductSpec& product,
                 const std::set<std::string>& others, const std::set<std::string>& outside)
{
    const YearMonth& month = found.month;
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
                       " tiles for " + month.to_string() + " in " + found.listing_url;
        const auto list = [](const std::set<std::string>& items) {
            std::string text;
            for (const auto& o : items)
                text += (text.empty() ? "" : "; ") + o;
            return text;
        };
        if (!others.empty())
            found.reason += " (it has " + list(others) + ": check satellite / configuration)";
        if (!outside.empty())
            found.reason += " (files for " + list(outside) + " reach outside the month)";
    }
}

} // namespace

bool DiscoveredMonth::partial() const
{
    return !first_day.empty() && (first_day != month.first_day() || last_day != month.last_day());
}

DiscoveredMonth group_listing(const YearMonth& month, const ProductSpec& product,
                              const std::string& listing_url,
                              const std::vector<ListingEntry>& entries)
{
    DiscoveredMonth found;
    found.month = month;
    found.listing_url = listing_url;
    found.satellite = product.satellite;

    std::array<std::optional<TileRef>, kTileCount> best;
    // Other products of this month in the same folder: named in the reason when ours is absent,
    // because a wrong satellite or configuration is the likely cause.
    std::set<std::string> others, outside;
    for (const auto& entry : entries) {
        const auto archive = parse_archive_name(entry.name);
        if (!archive)
            continue;
        if (!within_month(*archive, month)) {
            // Another month listed in this folder, or a period across the month's ends.
            if (archive->first_day <= month.last_day() && archive->last_day >= month.first_day())
                outside.insert(archive->first_day + "-" + archive->last_day);
            continue;
        }
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
        if (slot && !better_file(*archive, slot->archive))
            continue;
        slot = TileRef{*tile, *archive, entry.url};
    }

    for (const auto& spec : tile_specs()) {
        const auto& slot = best[static_cast<size_t>(spec.index)];
        if (!slot) {
            found.missing.push_back(spec.name);
            continue;
        }
        found.tiles.push_back(*slot);
        // The days every tile covers (the publisher's tiles of a month cover the same days; if
        // one covered fewer, the month is partial for the zones on it).
        if (found.first_day.empty() || slot->archive.first_day > found.first_day)
            found.first_day = slot->archive.first_day;
        if (found.last_day.empty() || slot->archive.last_day < found.last_day)
            found.last_day = slot->archive.last_day;
    }
    judge_month(found, product, others, outside);
    return found;
}

} // namespace sezu
