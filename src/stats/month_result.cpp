#include "sezu/stats/month_result.hpp"

#include <cmath>

namespace sezu {

std::string to_string(MonthStatus s)
{
    switch (s) {
    case MonthStatus::Ok: return "ok";
    case MonthStatus::Incomplete: return "incomplete";
    case MonthStatus::Failed: return "failed";
    case MonthStatus::NotPublished: return "not published";
    }
    return "unknown";
}

bool operator==(const TileProvenance& a, const TileProvenance& b)
{
    return a.tile == b.tile && a.file_name == b.file_name && a.stamp == b.stamp &&
           a.bytes == b.bytes && a.sha256 == b.sha256;
}

bool operator!=(const TileProvenance& a, const TileProvenance& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const TileProvenance& t)
{
    return os << t.tile << ' ' << t.file_name << " (stamp " << t.stamp << ", " << t.bytes
              << " bytes, sha256 " << (t.sha256.empty() ? "-" : t.sha256) << ')';
}

bool covers_part_of(const YearMonth& month, int first_day, int last_day)
{
    return first_day != 0 && (first_day != month.yyyymm() * 100 + 1 ||
                              last_day != month.yyyymm() * 100 + month.days());
}

bool MonthResult::partial() const
{
    return covers_part_of(month, first_day, last_day);
}

bool operator==(const MonthResult& a, const MonthResult& b)
{
    return a.month == b.month && a.status == b.status && a.reason == b.reason &&
           a.stats == b.stats && a.tiles == b.tiles && a.satellite == b.satellite &&
           a.first_day == b.first_day && a.last_day == b.last_day && a.chips == b.chips &&
           (a.seconds == b.seconds || (std::isnan(a.seconds) && std::isnan(b.seconds)));
}

bool operator!=(const MonthResult& a, const MonthResult& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const MonthResult& r)
{
    os << "MonthResult{" << r.month << ' ' << to_string(r.status);
    if (!r.reason.empty())
        os << " \"" << r.reason << '"';
    os << ", " << r.seconds << " s";
    if (!r.satellite.empty())
        os << ", " << r.satellite;
    if (r.first_day != 0)
        os << ", days " << r.first_day << "-" << r.last_day;
    for (const auto& t : r.tiles)
        os << "\n  tile " << t;
    for (std::size_t z = 0; z < r.stats.size(); ++z)
        os << "\n  zone " << z << ' ' << r.stats[z];
    for (std::size_t z = 0; z < r.chips.size(); ++z)
        os << "\n  chip " << z << ' ' << r.chips[z];
    return os << '}';
}

} // namespace sezu
