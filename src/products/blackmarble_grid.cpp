#include "sezu/products/blackmarble_grid.hpp"

#include "sezu/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>
#include <sstream>

namespace sezu {

std::string BlackMarbleTile::name() const
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "h%02dv%02d", h, v);
    return buf;
}

BBox BlackMarbleTile::extent() const
{
    return {double(west()), double(north() - kBlackMarbleTileDegrees),
            double(west() + kBlackMarbleTileDegrees), double(north())};
}

std::optional<BlackMarbleTile> BlackMarbleTile::parse(const std::string& text)
{
    static const std::regex kTile(R"(h(\d\d)v(\d\d))");
    std::smatch m;
    if (!std::regex_match(text, m, kTile))
        return std::nullopt;
    const BlackMarbleTile t{std::stoi(m[1]), std::stoi(m[2])};
    if (t.h >= kBlackMarbleColumns || t.v >= kBlackMarbleRows)
        return std::nullopt;
    return t;
}

bool operator==(const BlackMarbleTile& a, const BlackMarbleTile& b)
{
    return a.h == b.h && a.v == b.v;
}

bool operator!=(const BlackMarbleTile& a, const BlackMarbleTile& b)
{
    return !(a == b);
}

bool operator<(const BlackMarbleTile& a, const BlackMarbleTile& b)
{
    return a.v != b.v ? a.v < b.v : a.h < b.h;
}

std::ostream& operator<<(std::ostream& os, const BlackMarbleTile& t)
{
    return os << t.name();
}

bool is_valid_blackmarble_scale(int scale)
{
    return scale >= 1 && kBlackMarbleTileCells % scale == 0;
}

namespace {

void require_blackmarble_scale(int scale)
{
    if (!is_valid_blackmarble_scale(scale))
        throw ConfigError("scale: " + std::to_string(scale) + " does not divide the Black Marble "
                          "tile (2400 cells); use a divisor of 2400 (1, 2, 4, 5, 10, 20, 40, ...)");
}

double cell_degrees(int scale)
{
    return double(kBlackMarbleTileDegrees) * scale / kBlackMarbleTileCells;
}

} // namespace

Grid blackmarble_tile_grid(const BlackMarbleTile& tile, int scale)
{
    require_blackmarble_scale(scale);
    const long cells = kBlackMarbleTileCells / scale;
    return {double(tile.west()), double(tile.north()), cell_degrees(scale), cell_degrees(scale),
            cells, cells};
}

Grid blackmarble_global_grid(int scale)
{
    require_blackmarble_scale(scale);
    const long cells = kBlackMarbleTileCells / scale;
    return {-180.0, 90.0, cell_degrees(scale), cell_degrees(scale), cells * kBlackMarbleColumns,
            cells * kBlackMarbleRows};
}

int blackmarble_scale_from_cell_size(double cell)
{
    const double k = cell / cell_degrees(1);
    const long rounded = std::lround(k);
    if (rounded >= 1 && std::abs(k - double(rounded)) < 1e-6 &&
        is_valid_blackmarble_scale(int(rounded)))
        return int(rounded);
    std::ostringstream msg;
    msg.precision(15);
    msg << "tiles: cell size " << cell << " degrees is not the Black Marble 15 arc-second grid "
        << "(1/240 degree) or a whole multiple of it that divides the 10-degree tile";
    throw DataError(msg.str());
}

std::vector<BlackMarbleTile> blackmarble_tiles_touching(const BBox& box)
{
    std::vector<BlackMarbleTile> out;
    if (box.empty())
        return out;
    const double d = kBlackMarbleTileDegrees;
    // Tiles whose interior the box overlaps: a box edge on a tile edge does not take the
    // neighbour (its cells there have zero coverage).
    const long h0 = long(std::floor((box.xmin + 180) / d));
    const long h1 = long(std::ceil((box.xmax + 180) / d)) - 1;
    const long v0 = std::max(0L, long(std::floor((90 - box.ymax) / d)));
    const long v1 = std::min(long(kBlackMarbleRows) - 1, long(std::ceil((90 - box.ymin) / d)) - 1);
    for (long v = v0; v <= v1; ++v)
        for (long h = h0; h <= h1 && h < h0 + kBlackMarbleColumns; ++h) {
            const long wrapped = ((h % kBlackMarbleColumns) + kBlackMarbleColumns) %
                                 kBlackMarbleColumns;
            out.push_back({int(wrapped), int(v)});
        }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<BlackMarbleTile> blackmarble_tiles_touching(const std::vector<BBox>& boxes)
{
    std::vector<BlackMarbleTile> out;
    for (const auto& box : boxes)
        for (const auto& t : blackmarble_tiles_touching(box))
            out.push_back(t);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

int first_day_of_year(const YearMonth& month)
{
    int day = 1;
    for (int m = 1; m < month.month(); ++m)
        day += YearMonth(month.year(), m).days();
    return day;
}

YearMonth BlackMarbleName::month() const
{
    for (int m = 1; m <= 12; ++m)
        if (first_day_of_year(YearMonth(year, m)) == day_of_year)
            return YearMonth(year, m);
    throw DataError("names: " + file_name + ": day " + std::to_string(day_of_year) + " of " +
                    std::to_string(year) + " is not the first day of a month");
}

bool operator==(const BlackMarbleName& a, const BlackMarbleName& b)
{
    return a.file_name == b.file_name && a.short_name == b.short_name && a.year == b.year &&
           a.day_of_year == b.day_of_year && a.tile == b.tile && a.version == b.version &&
           a.production == b.production;
}

bool operator!=(const BlackMarbleName& a, const BlackMarbleName& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const BlackMarbleName& n)
{
    return os << n.file_name;
}

std::optional<BlackMarbleName> parse_blackmarble_name(const std::string& name)
{
    static const std::regex kName(
        R"(^(VNP46A3|VJ146A3|VNP46A4|VJ146A4)\.A(\d{4})(\d{3})\.h(\d{2})v(\d{2})\.(\d{3})\.(\d{13})\.h5$)");
    const std::string base = name.substr(name.find_last_of('/') + 1);
    std::smatch m;
    if (!std::regex_match(base, m, kName))
        return std::nullopt;
    BlackMarbleName out;
    out.file_name = base;
    out.short_name = m[1];
    out.year = std::stoi(m[2]);
    out.day_of_year = std::stoi(m[3]);
    out.tile = {std::stoi(m[4]), std::stoi(m[5])};
    out.version = m[6];
    out.production = m[7];
    if (out.tile.h >= kBlackMarbleColumns || out.tile.v >= kBlackMarbleRows ||
        out.day_of_year < 1 || out.day_of_year > 366)
        return std::nullopt;
    return out;
}

std::string format_blackmarble_name(const std::string& short_name, const YearMonth& first_month,
                                    const BlackMarbleTile& tile, const std::string& version,
                                    const std::string& production)
{
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s.A%04d%03d.%s.%s.%s.h5", short_name.c_str(),
                  first_month.year(), first_day_of_year(first_month), tile.name().c_str(),
                  version.c_str(), production.c_str());
    return buf;
}

} // namespace sezu
