#include "sezu/stats/stat_selection.hpp"

#include "sezu/core/error.hpp"
#include "sezu/stats/stats.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace sezu {
namespace {

// The statistics sezu stored before they could be chosen (ZoneStatField::by_default): the
// default, so outputs stay as they were.
std::vector<std::string> default_names()
{
    std::vector<std::string> names;
    for (const auto& f : ZoneStats::fields())
        if (f.by_default)
            names.push_back(f.name);
    return names;
}

std::string trimmed(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return "";
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool is_field(const std::string& name)
{
    for (const auto& f : ZoneStats::fields())
        if (f.name == name)
            return true;
    return false;
}

// "radiance_q10" for 0.1, "radiance_q2.5" for 0.025: the percent without trailing zeros.
std::string quantile_name(double level)
{
    char text[48];
    std::snprintf(text, sizeof text, "radiance_q%.10g", level * 100.0);
    return text;
}

// The names sezu used until 2026-12 (they shadowed xarray's Dataset methods: ds.sum, ds.mean)
// and the ones that replaced them. Quantiles (median, q10) are mapped by prefixing "radiance_".
struct Alias {
    const char* old_name;
    const char* name;
};
const Alias kAliases[] = {
    {"count", "cell_count"},          {"sum", "sum_of_lights"},
    {"mean", "radiance_mean"},        {"min", "radiance_min"},
    {"max", "radiance_max"},          {"std", "radiance_std"},
    {"sum_per_km2", "sum_of_lights_per_km2"},
    {"skew", "radiance_skew"},        {"cv", "radiance_cv"},
};

constexpr const char* kQuantilePrefix = "radiance_";
constexpr const char* kMedian = "radiance_median";

bool starts_with(const std::string& s, const char* prefix)
{
    return s.rfind(prefix, 0) == 0;
}

[[noreturn]] void unknown(const std::string& name)
{
    std::string known;
    for (const auto& f : ZoneStats::fields())
        known += f.name + ", ";
    throw ConfigError("stats: unknown statistic '" + name + "' (--stats or \"stats\"); known: " +
                      known + "radiance_median and quantiles as radiance_q<percent> from "
                      "radiance_q0 to radiance_q100 (radiance_q10, radiance_q2.5); the names "
                      "sezu used until 2026-12 (count, sum, mean, min, max, std, sum_per_km2, "
                      "skew, cv, median, q10) are accepted too");
}

} // namespace

StatSelection::StatSelection() : m_names(default_names()) {}

std::string StatSelection::canonical_name(const std::string& name)
{
    for (const auto& alias : kAliases)
        if (name == alias.old_name)
            return alias.name;
    const double level = quantile_level(name);
    if (level < 0)
        return name;
    return name == "median" || name == kMedian ? kMedian : quantile_name(level);
}

std::string StatSelection::old_name(const std::string& name)
{
    for (const auto& alias : kAliases)
        if (name == alias.name)
            return alias.old_name;
    if (quantile_level(name) >= 0 && starts_with(name, kQuantilePrefix))
        return name.substr(std::string(kQuantilePrefix).size());
    return "";
}

double StatSelection::quantile_level(const std::string& given)
{
    // Both spellings: radiance_q10 and (until 2026-12) q10.
    const std::string name =
        starts_with(given, kQuantilePrefix) ? given.substr(std::string(kQuantilePrefix).size())
                                            : given;
    if (name == "median")
        return 0.5;
    if (name.size() < 2 || name[0] != 'q' ||
        name.find_first_not_of("0123456789.", 1) != std::string::npos ||
        std::count(name.begin(), name.end(), '.') > 1 || name[1] == '.' || name.back() == '.')
        return -1;
    const double percent = std::strtod(name.c_str() + 1, nullptr);
    return percent >= 0 && percent <= 100 ? percent / 100.0 : -1;
}

StatSelection StatSelection::parse(const std::string& list)
{
    StatSelection s;
    s.m_names.clear();
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string given = trimmed(list.substr(start, comma - start));
        start = comma + 1;
        if (given.empty())
            continue;
        const std::string name = canonical_name(given);
        if (!is_field(name)) {
            const double level = quantile_level(name);
            if (level < 0)
                unknown(given);
            s.m_levels.push_back(level);
        }
        if (std::find(s.m_names.begin(), s.m_names.end(), name) == s.m_names.end())
            s.m_names.push_back(name);
    }
    if (s.m_names.empty())
        throw ConfigError("stats: no statistic chosen (--stats or \"stats\" is empty); give a "
                          "comma-separated list such as cell_count,sum_of_lights,radiance_mean,"
                          "radiance_median");
    std::sort(s.m_levels.begin(), s.m_levels.end());
    s.m_levels.erase(std::unique(s.m_levels.begin(), s.m_levels.end()), s.m_levels.end());
    return s;
}

std::string StatSelection::describe() const
{
    std::string out;
    for (const auto& name : m_names)
        out += (out.empty() ? "" : ",") + name;
    return out;
}

bool operator==(const StatSelection& a, const StatSelection& b)
{
    return a.names() == b.names();
}

bool operator!=(const StatSelection& a, const StatSelection& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const StatSelection& s)
{
    return os << s.describe();
}

} // namespace sezu
