#include "sezu/mirror/blackmarble_mirror.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/log.hpp"
#include "sezu/discover/laads.hpp"
#include "sezu/discover/url.hpp"
#include "sezu/mirror/granule_writer.hpp"
#include "sezu/mirror/mirror.hpp"

#include "mirror_parts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <set>

namespace sezu {

namespace {

namespace fs = std::filesystem;

constexpr const char* kLagosTile = "h18v08";

long months_since_2012(const YearMonth& month)
{
    return month.index() - YearMonth(2012, 1).index();
}

double city_light(const MirrorCity& city, const Grid& grid, const YearMonth& month, long col,
                  long row)
{
    const long c0 = long(std::floor((city.lon - grid.x0) / grid.dx));
    const long r0 = long(std::floor((grid.y0 - city.lat) / grid.dy));
    const long dc = col - c0, dr = row - r0;
    if (std::max(std::labs(dc), std::labs(dr)) > 2)
        return 0.0;
    const double level = city.base * (1 + city.growth * double(months_since_2012(month)));
    return level / double(1 + dc * dc + dr * dr);
}

std::string folder_of(const std::string& out_dir, const Product& p, const YearMonth& month)
{
    char doy[8];
    std::snprintf(doy, sizeof doy, "%03d", first_day_of_year(month));
    return out_dir + "/archive/allData/" + p.collection + "/" + p.short_name + "/" +
           std::to_string(month.year()) + "/" + doy;
}

// `month` is the month whose values the granule holds (blackmarble_mirror_value_month).
GranuleContent granule(int scale, const BlackMarbleTile& tile, const YearMonth& month)
{
    GranuleContent c;
    c.tile = tile;
    c.scale = scale;
    const long cells = blackmarble_tile_grid(tile, scale).cols;
    for (long r = 0; r < cells; ++r)
        for (long q = 0; q < cells; ++q) {
            const auto cell = blackmarble_mirror_cell(scale, month, tile.h * cells + q,
                                                      tile.v * cells + r);
            c.radiance.push_back(cell.radiance);
            c.quality.push_back(cell.quality);
            c.num.push_back(cell.num);
        }
    return c;
}

// One period's folder and listing; `period` is its first month (a year's January).
void write_period(const BlackMarbleMirrorOptions& o, const YearMonth& period)
{
    const PeriodUnit unit = o.product.period;
    const std::string folder = folder_of(o.out_dir, o.product, period);
    fs::create_directories(folder);
    std::string csv = "name,last_modified,size\n";
    for (const auto& tile : blackmarble_mirror_tiles(period, unit)) {
        const std::string name =
            format_blackmarble_name(o.product.short_name, period, tile, "002",
                                    blackmarble_mirror_production(period, unit));
        const std::string path = folder + "/" + name;
        if (!fs::exists(path))
            write_blackmarble_granule(
                path, granule(o.scale, tile, blackmarble_mirror_value_month(period, unit)));
        csv += name + "," + next_period(period, unit).label() + "-10 14:30," +
               std::to_string(fs::file_size(path)) + "\n";
    }
    detail::write_if_changed(folder + ".csv", csv);
}

} // namespace

BlackMarbleCell blackmarble_mirror_cell(int scale, const YearMonth& month, long col, long row)
{
    const Grid grid = blackmarble_global_grid(scale);
    const long m = months_since_2012(month);
    BlackMarbleCell cell;
    const long k = ((col + 2 * row + m) % 31 + 31) % 31;
    if (k == 0) {
        cell.quality = 255;
        cell.radiance = std::numeric_limits<double>::quiet_NaN();
        cell.num = 65535;
        return cell;
    }
    double light = double(((col * 7 + row * 13 + m) % 10 + 10) % 10) * 0.05 - 0.1;
    for (const auto& city : default_cities())
        light += city_light(city, grid, month, col, row);
    cell.radiance = std::round(light * 100) / 100;
    cell.quality = k == 1 ? 2 : (k <= 3 ? 1 : 0);
    cell.num = k == 1 ? 0 : (k <= 3 ? std::uint16_t(1 + col % 3)
                                    : std::uint16_t(1 + (3 * col + 5 * row + m) % 20));
    return cell;
}

std::vector<BlackMarbleTile> blackmarble_mirror_tiles()
{
    std::vector<BBox> boxes;
    for (const auto& city : default_cities())
        boxes.push_back({city.lon - 1, city.lat - 1, city.lon + 1, city.lat + 1});
    return blackmarble_tiles_touching(boxes);
}

std::vector<BlackMarbleTile> blackmarble_mirror_tiles(const YearMonth& period, PeriodUnit unit)
{
    // The annual counterpart of February: every leap year.
    const bool lagos_missing =
        unit == PeriodUnit::Month ? period.month() == 2 : period.year() % 4 == 0;
    std::vector<BlackMarbleTile> out;
    for (const auto& t : blackmarble_mirror_tiles())
        if (!(lagos_missing && t.name() == kLagosTile))
            out.push_back(t);
    return out;
}

YearMonth blackmarble_mirror_value_month(const YearMonth& period, PeriodUnit unit)
{
    return unit == PeriodUnit::Month ? period : YearMonth(period.year(), 7);
}

std::string blackmarble_mirror_production(const YearMonth& period, PeriodUnit unit)
{
    if (unit == PeriodUnit::Year) { // made after the year ends: day 41 of the next
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d041143012", period.year() + 1);
        return buf;
    }
    const YearMonth& month = period;
    int year = month.year();
    int day = first_day_of_year(month) + 40;
    const int days_in_year =
        first_day_of_year(YearMonth(year, 12)) + YearMonth(year, 12).days() - 1;
    if (day > days_in_year) {
        day -= days_in_year;
        ++year;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%03d143012", year, day);
    return buf;
}

void write_blackmarble_mirror(const BlackMarbleMirrorOptions& o)
{
    if (o.product.family != ProductFamily::BlackMarble)
        throw ConfigError("mirror: " + o.product.name + " is not a Black Marble product "
                          "(vnp46a3, vj146a3, vnp46a4, vj146a4)");
    if (!is_valid_blackmarble_scale(o.scale))
        throw ConfigError("mirror: --scale " + std::to_string(o.scale) + " does not divide the "
                          "Black Marble tile of 2400 cells (1, 2, 4, 5, 10, 20, 40, 60, ...)");
    log::info("mirror: writing " + std::to_string(o.months.size()) + " " +
              to_string(o.product.period) + "s of " + o.product.name + " at 1/" +
              std::to_string(o.scale) + " resolution into " + o.out_dir);
    for (const auto& period : o.months)
        write_period(o, period);
}

std::string blackmarble_mirror_template(const std::string& out_dir, const Product& product)
{
    std::string abs = fs::absolute(fs::path(out_dir)).lexically_normal().string();
    while (abs.size() > 1 && abs.back() == '/')
        abs.pop_back();
    return "file://" + url_encode_path(abs) + "/archive/allData/" + product.collection + "/" +
           product.short_name + "/{YYYY}/{DDD}/";
}

} // namespace sezu
