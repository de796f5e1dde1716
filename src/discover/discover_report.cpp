#include "sezu/discover/discover_report.hpp"

#include "sezu/core/redact.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sezu {

std::string discovery_status(const DiscoveredMonth& m)
{
    return m.error.empty() ? to_string(m.availability) : std::string("error");
}

namespace {

std::string joined(const std::vector<std::string>& items, const char* sep)
{
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string reason_of(const DiscoveredMonth& m)
{
    return m.error.empty() ? m.reason : m.error;
}

/// What a complete month's row says of it: the days of a partial month, NOAA-20's files.
std::string notes_of(const DiscoveredMonth& m)
{
    std::vector<std::string> notes;
    if (m.partial())
        notes.push_back("partial: " + m.first_day + "-" + m.last_day);
    if (!m.tiles.empty() && !m.satellite.empty() && m.satellite != eog_satellites().front())
        notes.push_back("from " + m.satellite + " (" + satellite_title(m.satellite) + ")");
    return joined(notes, "; ");
}

void print_json(std::ostream& out, const std::vector<DiscoveredMonth>& months, int needed)
{
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& m : months) {
        nlohmann::json tiles = nlohmann::json::array();
        for (const auto& t : m.tiles)
            tiles.push_back({{"tile", t.tile.name},
                             {"file", t.archive.file_name},
                             {"stamp", t.archive.stamp},
                             {"url", redact_url(t.url)}});
        rows.push_back({{"month", m.month.to_string()},
                        {"status", discovery_status(m)},
                        {"tiles_found", m.tiles.size()},
                        {"tiles_needed", needed},
                        {"missing", m.missing},
                        {"reason", redact_url(reason_of(m))},
                        {"listing_url", redact_url(m.listing_url)},
                        {"satellite", m.tiles.empty() ? "" : m.satellite},
                        {"first_day", m.first_day},
                        {"last_day", m.last_day},
                        {"partial", m.partial()},
                        {"tiles", tiles}});
    }
    out << rows.dump(2) << "\n";
}

void print_table(std::ostream& out, const std::vector<DiscoveredMonth>& months, int needed)
{
    struct Row {
        std::string month, status, tiles, missing, reason;
    };
    std::vector<Row> rows;
    rows.push_back({"month", "status", "tiles", "missing", "reason"});
    for (const auto& m : months) {
        // Errors and not-published months have no tile list worth showing as "missing 6".
        const bool listed = m.error.empty() && m.availability != Availability::NotPublished;
        rows.push_back({m.month.to_string(), discovery_status(m),
                        std::to_string(m.tiles.size()) + "/" + std::to_string(needed),
                        listed && !m.missing.empty() ? joined(m.missing, ",") : "-",
                        m.availability == Availability::Complete && m.error.empty()
                            ? notes_of(m)
                            : redact_url(reason_of(m))});
    }
    size_t w[4] = {0, 0, 0, 0};
    for (const auto& r : rows) {
        w[0] = std::max(w[0], r.month.size());
        w[1] = std::max(w[1], r.status.size());
        w[2] = std::max(w[2], r.tiles.size());
        w[3] = std::max(w[3], r.missing.size());
    }
    const auto pad = [](const std::string& s, size_t width) {
        return s + std::string(width - s.size() + 2, ' ');
    };
    for (const auto& r : rows) {
        std::string line = pad(r.month, w[0]) + pad(r.status, w[1]) + pad(r.tiles, w[2]) +
                           pad(r.missing, w[3]) + r.reason;
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << "\n";
    }
}

} // namespace

void print_discovery(std::ostream& out, const std::vector<DiscoveredMonth>& months, bool json,
                     int tiles_needed)
{
    if (json)
        print_json(out, months, tiles_needed);
    else
        print_table(out, months, tiles_needed);
}

} // namespace sezu
