// When the mirror pretends its files were made: the creation times its listings show and the
// stamps in the archives' names, with the quirks of the real trees (shared/viirs.md).
#include "mirror_parts.hpp"

#include "sezu/products/tile_grid.hpp"

#include <cstdio>

namespace sezu {

namespace {

struct Civil {
    int year, month, day;
};

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days algorithm).
Civil civil_from_days(long z)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return {int(y), int(m), int(d)};
}

} // namespace

namespace detail {

std::int64_t Creation::epoch_seconds() const
{
    return std::int64_t(days) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string Creation::listing_date() const
{
    const Civil c = civil_from_days(days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, hour,
                  minute);
    return buf;
}

Creation creation(const YearMonth& month, int tile_index, bool older)
{
    const int idx = month.index();
    Creation c;
    c.days = month.next().days_since_epoch() + 20 + (idx * 7) % 15 - (older ? 9 : 0);
    c.hour = 8 + idx % 10;
    c.minute = (idx * 7 + tile_index * 9) % 60;
    c.second = (idx * 13 + tile_index * 17) % 60;
    return c;
}

} // namespace detail

std::string mirror_stamp(const YearMonth& month, const TileSpec& tile, bool older)
{
    const int tile_index = tile.index;
    const detail::Creation c = detail::creation(month, tile_index, older);
    const Civil d = civil_from_days(c.days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d", d.year, d.month, d.day, c.hour,
                  c.minute);
    std::string stamp = buf;
    const int idx = month.index();
    const int digits = older ? 14 : idx % 6 == 1 ? 13 : idx % 6 == 4 ? 14 : 12;
    if (digits == 13)
        stamp += char('0' + (idx + tile_index) % 10);
    else if (digits == 14) {
        std::snprintf(buf, sizeof buf, "%02d", c.second);
        stamp += buf;
    }
    return stamp;
}

int mirror_duplicate_tile(const YearMonth& month)
{
    const int idx = month.index();
    return idx % 5 == 2 ? (idx / 5) % kTileCount : -1;
}

} // namespace sezu
