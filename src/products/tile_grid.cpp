#include "sezu/products/tile_grid.hpp"

#include "sezu/core/error.hpp"

#include <cmath>
#include <cstring>
#include <sstream>

namespace sezu {

bool operator==(const TileSpec& a, const TileSpec& b)
{
    return a.index == b.index && std::strcmp(a.name, b.name) == 0 && a.west == b.west &&
           a.north == b.north && a.south == b.south && a.width == b.width &&
           a.height == b.height && a.grid_col == b.grid_col && a.grid_row == b.grid_row;
}

bool operator!=(const TileSpec& a, const TileSpec& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const TileSpec& t)
{
    return os << t.name;
}

const std::array<TileSpec, kTileCount>& tile_specs()
{
    static const std::array<TileSpec, kTileCount> kTiles = {{
        {0, "75N180W", -180, 75, 0, 28800, 18000, 0, 0},
        {1, "75N060W", -60, 75, 0, 28800, 18000, 1, 0},
        {2, "75N060E", 60, 75, 0, 28800, 18000, 2, 0},
        {3, "00N180W", -180, 0, -65, 28800, 15600, 0, 1},
        {4, "00N060W", -60, 0, -65, 28800, 15600, 1, 1},
        {5, "00N060E", 60, 0, -65, 28800, 15600, 2, 1},
    }};
    return kTiles;
}

std::optional<TileSpec> find_tile(const std::string& name)
{
    for (const auto& t : tile_specs())
        if (name == t.name)
            return t;
    return std::nullopt;
}

bool is_valid_scale(int scale)
{
    return scale >= 1 && 1200 % scale == 0;
}

namespace {
void require_scale(int scale)
{
    if (!is_valid_scale(scale))
        throw ConfigError("scale: " + std::to_string(scale) +
                          " does not divide the tile sizes; use a divisor of 1200 "
                          "(1, 2, 4, 5, 10, 20, 40, 60, ...)");
}
} // namespace

Grid tile_grid(const TileSpec& tile, int scale)
{
    require_scale(scale);
    const double cell = scale * kPublishedPixelSize;
    const double half = scale * kPublishedHalfPixel;
    return {tile.west - half, tile.north + half, cell, cell, tile.width / scale,
            tile.height / scale};
}

Grid global_grid(int scale)
{
    require_scale(scale);
    const double cell = scale * kPublishedPixelSize;
    const double half = scale * kPublishedHalfPixel;
    return {-180 - half, 75 + half, cell, cell, 86400 / scale, 33600 / scale};
}

int scale_from_pixel_size(double dx)
{
    const double k = dx / kPublishedPixelSize;
    const long rounded = std::lround(k);
    if (rounded >= 1 && std::abs(k - double(rounded)) < 1e-6 && is_valid_scale(int(rounded)))
        return int(rounded);
    std::ostringstream msg;
    msg.precision(15);
    msg << "tiles: pixel size " << dx << " is not the VIIRS 15 arc-second grid (" << kPublishedPixelSize
        << " degrees) or a whole multiple of it that divides the tiles";
    throw DataError(msg.str());
}

const std::vector<std::string>& eog_satellites()
{
    static const std::vector<std::string> kSatellites = {"npp", "j01"};
    return kSatellites;
}

std::string eog_satellite_folder(const std::string& satellite)
{
    // shared/viirs.md: EOG's NOAA-20 months sit in a NOAA-20/ folder beside the configurations
    // (2022/202208/NOAA-20/vcmcfg/); Suomi NPP's configurations are the month folder's own.
    if (satellite == "npp")
        return "";
    if (satellite == "j01")
        return "NOAA-20/";
    throw ConfigError("satellite: EOG publishes no monthly tiles of '" + satellite +
                      "'; use npp (Suomi NPP), j01 (NOAA-20) or auto");
}

std::string satellite_title(const std::string& satellite)
{
    if (satellite == "npp")
        return "Suomi NPP";
    if (satellite == "j01")
        return "NOAA-20";
    return satellite;
}

} // namespace sezu
