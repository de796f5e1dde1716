#include "sezu/discover/cmr.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/discover/url.hpp"
#include "sezu/products/blackmarble_grid.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sezu {
using nlohmann::json;

const char* const kCmrGranulesUrl = "https://cmr.earthdata.nasa.gov/search/granules.json";

namespace {

// "YYYYMMDD" -> "YYYY-MM-DD".
std::string iso_day(const std::string& yyyymmdd)
{
    return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v == 0 ? 0.0 : v); // never "-0"
    return buf;
}

// The value of parameter `name` in the query of `url`, or "".
std::string query_value(const std::string& url, const std::string& name)
{
    const std::size_t q = url.find('?');
    if (q == std::string::npos)
        return "";
    std::size_t at = q + 1;
    while (at < url.size()) {
        const std::size_t end = std::min(url.find('&', at), url.size());
        const std::string item = url.substr(at, end - at);
        if (item.rfind(name + "=", 0) == 0)
            return url_decode(item.substr(name.size() + 1));
        at = end + 1;
    }
    return "";
}

bool starts_with_http(const std::string& url)
{
    std::string head = url.substr(0, 8);
    for (char& ch : head) // schemes are case-insensitive; ASCII only
        ch = (ch >= 'A' && ch <= 'Z') ? char(ch - 'A' + 'a') : ch;
    return head.rfind("http://", 0) == 0 || head.rfind("https://", 0) == 0;
}

bool ends_with(const std::string& text, const std::string& end)
{
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

std::string string_at(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The entry's download link: the first http(s) link whose rel is NASA's data relation.
std::string data_link(const json& entry)
{
    const auto links = entry.find("links");
    if (links == entry.end() || !links->is_array())
        return "";
    for (const json& link : *links) {
        if (!link.is_object())
            continue;
        const std::string href = string_at(link, "href");
        if (ends_with(string_at(link, "rel"), "/data#") && starts_with_http(href))
            return href;
    }
    return "";
}

} // namespace

std::string cmr_version(const Product& product)
{
    return product.collection == "5000" ? "1" : "2";
}

std::string cmr_bounding_box(const BBox& box)
{
    const double south = std::max(box.ymin, -90.0), north = std::min(box.ymax, 90.0);
    double west = box.xmin, east = box.xmax;
    if (!(east - west < 360)) {
        west = -180;
        east = 180;
    } else {
        // West into [-180, 180); an east past 180E then wraps: west > east crosses 180.
        const double shift = 360 * std::floor((west + 180) / 360);
        west -= shift;
        east -= shift;
        if (east > 180)
            east -= 360;
    }
    return number(west) + "," + number(south) + "," + number(east) + "," + number(north);
}

int cmr_page_size(const std::string& base)
{
    const std::string given = query_value(base, "page_size");
    try {
        const int n = given.empty() ? 0 : std::stoi(given);
        return n > 0 ? n : kCmrPageSize;
    } catch (const std::exception&) {
        return kCmrPageSize;
    }
}

std::string cmr_query_url(const std::string& base, const Product& product,
                          const YearMonth& period, const BBox& box, int page)
{
    const bool year = product.period == PeriodUnit::Year;
    const YearMonth first = year ? YearMonth(period.year(), 1) : period;
    const YearMonth last = year ? YearMonth(period.year(), 12) : period;
    std::string url = base + (base.find('?') == std::string::npos ? "?" : "&");
    url += "short_name=" + product.short_name + "&version=" + cmr_version(product) +
           "&temporal=" + iso_day(first.first_day()) + "T00:00:00Z," +
           iso_day(last.last_day()) + "T23:59:59Z&bounding_box=" + cmr_bounding_box(box);
    if (query_value(base, "page_size").empty())
        url += "&page_size=" + std::to_string(kCmrPageSize);
    return url + "&page_num=" + std::to_string(page);
}

CmrPage parse_cmr_granules(const std::string& text, const std::string& query_url)
{
    const json doc = json::parse(text, nullptr, false);
    const json* entries = nullptr;
    if (doc.is_object() && doc.contains("feed") && doc["feed"].is_object() &&
        doc["feed"].contains("entry") && doc["feed"]["entry"].is_array())
        entries = &doc["feed"]["entry"];
    if (!entries) {
        std::string said;
        if (doc.is_object() && doc.contains("errors") && doc["errors"].is_array())
            for (const json& e : doc["errors"])
                said += (said.empty() ? ": " : "; ") + (e.is_string() ? e.get<std::string>()
                                                                      : e.dump());
        throw DataError("discover: " + redact_url(query_url) + " is not an answer of CMR's "
                        "granule search (no feed.entry list)" + said +
                        "; check --cmr-url (default " + kCmrGranulesUrl + ")");
    }
    CmrPage out;
    out.entries = entries->size();
    for (const json& entry : *entries) {
        if (!entry.is_object())
            continue;
        const std::string href = data_link(entry);
        if (href.empty())
            continue;
        // The granule's file name: CMR's names for it first, the link's last segment last.
        std::string name;
        for (const std::string& candidate :
             {string_at(entry, "producer_granule_id"), string_at(entry, "title"),
              url_file_name(href).value_or("")})
            if (name.empty() && parse_blackmarble_name(candidate))
                name = candidate;
        if (!name.empty())
            out.granules.push_back({name, href});
    }
    return out;
}

} // namespace sezu
