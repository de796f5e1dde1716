#include "sezu/discover/laads.hpp"

#include "sezu/core/error.hpp"
#include "sezu/discover/url.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace sezu {

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to)
{
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

std::vector<std::string> csv_fields(const std::string& line)
{
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (char c : line) {
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted) {
            out.push_back(field);
            field.clear();
        } else if (c != '\r')
            field += c;
    }
    out.push_back(field);
    return out;
}

// The file-name version of a collection: 5200 -> 002, 5000 -> 001.
std::string version_of(const Product& product)
{
    return product.collection == "5000" ? "001" : "002";
}

} // namespace

std::string blackmarble_source(const std::string& source, const Product& product)
{
    const std::string text = resolve_source_preset(source == "noaa" ? "laads" : source);
    return replace_all(replace_all(text, "{short}", product.short_name), "{coll}",
                       product.collection);
}

std::string laads_listing_url(const std::string& folder_url)
{
    std::string url = folder_url;
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url + ".csv";
}

std::vector<ListingEntry> parse_laads_csv(const std::string& text, const std::string& folder_url,
                                          const std::string& listing_url)
{
    std::istringstream in(text);
    std::string line;
    int name_column = -1;
    std::vector<ListingEntry> out;
    const std::string folder =
        folder_url.empty() || folder_url.back() == '/' ? folder_url : folder_url + "/";
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const auto fields = csv_fields(line);
        if (name_column < 0) {
            for (std::size_t i = 0; i < fields.size(); ++i)
                if (fields[i] == "name")
                    name_column = int(i);
            if (name_column < 0)
                throw DataError("discover: " + redact_url(listing_url) + " is not a LAADS "
                                "listing (its first row names no 'name' column); check the "
                                "source template");
            continue;
        }
        if (std::size_t(name_column) < fields.size() && !fields[name_column].empty())
            out.push_back({fields[name_column], folder + url_encode_segment(fields[name_column])});
    }
    return out;
}

DiscoveredMonth group_blackmarble_listing(const Product& product, const YearMonth& month,
                                          const std::vector<BlackMarbleTile>& needed,
                                          const std::string& listing_url,
                                          const std::vector<ListingEntry>& entries)
{
    DiscoveredMonth found;
    found.month = month;
    found.listing_url = listing_url;
    std::map<BlackMarbleTile, TileRef> newest;
    for (const auto& e : entries) {
        const auto name = parse_blackmarble_name(e.name);
        if (!name || name->short_name != product.short_name ||
            name->version != version_of(product) || name->year != month.year() || name->day_of_year != first_day_of_year(month))
            continue;
        TileRef ref;
        ref.tile = TileSpec{-1, "", 0, 0, 0, 0, 0, 0, 0};
        ref.archive = {name->file_name, product.satellite, month.first_day(),
                       period_last_day(month, product.period),
                       name->tile.name(), product.collection, name->version, name->production};
        ref.url = e.url;
        ref.format = FileFormat::Hdf5;
        auto it = newest.find(name->tile);
        if (it == newest.end() || name->production > it->second.archive.stamp)
            newest[name->tile] = ref;
    }
    for (const auto& t : needed) {
        auto it = newest.find(t);
        if (it != newest.end())
            found.tiles.push_back(it->second);
        else
            found.missing.push_back(t.name());
    }
    std::string missing;
    for (const auto& m : found.missing)
        missing += (missing.empty() ? "" : " ") + m;
    if (found.tiles.empty()) {
        found.availability = Availability::Incomplete;
        found.reason = "none of the " + std::to_string(needed.size()) + " tiles the zones touch (" +
                       missing + ") in " + redact_url(listing_url);
    } else {
        found.availability = Availability::Complete;
        if (!found.missing.empty())
            found.reason = std::to_string(found.tiles.size()) + " of " +
                           std::to_string(needed.size()) + " tiles; no granule for " + missing +
                           " (ocean, or not published this period)";
    }
    return found;
}

void mark_blackmarble_gaps(DiscoveredMonth& found, const std::vector<std::string>& zone_ids,
                           const std::vector<std::vector<BlackMarbleTile>>& zone_tiles)
{
    if (found.availability == Availability::NotPublished || !found.error.empty() ||
        found.missing.empty())
        return;
    std::vector<std::string> gaps, ocean, zones;
    for (const auto& name : found.missing) {
        bool holds_cells = false;
        for (std::size_t z = 0; z < zone_tiles.size(); ++z)
            for (const auto& t : zone_tiles[z])
                if (t.name() == name) {
                    holds_cells = true;
                    if (std::find(zones.begin(), zones.end(), zone_ids[z]) == zones.end())
                        zones.push_back(zone_ids[z]);
                }
        (holds_cells ? gaps : ocean).push_back(name);
    }
    const auto joined = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& s : items)
            out += (out.empty() ? "" : " ") + s;
        return out;
    };
    found.missing = gaps;
    std::string reason;
    // Nothing the zones' cells need is missing: the period is as complete as it can be.
    found.availability = gaps.empty() ? Availability::Complete : Availability::Incomplete;
    if (!gaps.empty()) {
        reason = "not published this period: " + joined(gaps) + " (zones with cells there get "
                 "no numbers: " + joined(zones) + ")";
    }
    if (!ocean.empty())
        reason += (reason.empty() ? "" : "; ") + std::string("absent, no zone's cells there "
                  "(ocean, not a gap): ") + joined(ocean);
    found.reason = reason;
}

} // namespace sezu
