#pragma once
/// The one place that knows how VIIRS DNB monthly composites are tiled: the 6 tiles, their names,
/// extents, pixel grid and half-pixel origin offsets (see shared/viirs.md). Mirror, discovery and
/// stitching all ask this module; nobody else hard-codes a tile name or an origin. Pure.
#include "sezu/core/grid.hpp"

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

constexpr int kTileCount = 6;

/// Full-resolution pixel size as published (15 arc-seconds, rounded as in the real geotransforms).
constexpr double kPublishedPixelSize = 0.004166666666667;
/// Published offset of tile origins from the round degrees (half a pixel, rounded as published).
constexpr double kPublishedHalfPixel = 0.00208333335;
/// Tolerance (degrees) within which published tile edges abut and origins are judged equal.
constexpr double kEdgeTolerance = 1e-9;

/// One of the 6 tiles of a month.
struct TileSpec {
    int index;          ///< 0..5, row-major: 75N180W 75N060W 75N060E 00N180W 00N060W 00N060E
    const char* name;   ///< e.g. "75N180W"
    int west;           ///< degrees, round (before the half-pixel offset)
    int north;          ///< degrees
    int south;          ///< degrees
    long width;         ///< pixels at full resolution
    long height;        ///< pixels at full resolution
    int grid_col;       ///< 0..2 position west to east
    int grid_row;       ///< 0..1 position north to south
};

/// Equal when every field is (the name compared as text).
bool operator==(const TileSpec& a, const TileSpec& b);
bool operator!=(const TileSpec& a, const TileSpec& b);
/// The tile's name, e.g. "75N180W".
std::ostream& operator<<(std::ostream& os, const TileSpec& t);

/// The 6 tiles, in the order above.
const std::array<TileSpec, kTileCount>& tile_specs();

/// The tile called `name` (e.g. "00N060E"), or nothing.
std::optional<TileSpec> find_tile(const std::string& name);

/// Valid reduction factors: K must divide every tile dimension (i.e. divide 1200).
bool is_valid_scale(int scale);

/// The grid of one tile at 1/scale resolution: cell size scale x the published pixel, origin
/// offset by half a (scaled) pixel from the round degrees, exactly as the real tiles are at scale 1.
Grid tile_grid(const TileSpec& tile, int scale);

/// The global grid the 6 tiles stitch into (180W..180E, 75N..65S) at 1/scale resolution.
Grid global_grid(int scale);

/// Infers the scale from a tile's pixel size (throws DataError when it matches none).
int scale_from_pixel_size(double dx);

/// The satellites whose monthly tiles EOG publishes, in the order `--satellite auto` tries them:
/// "npp" (Suomi NPP, from 2012-04), then "j01" (NOAA-20, for months Suomi NPP lacks, e.g. 2022-08).
const std::vector<std::string>& eog_satellites();

/// The folder EOG keeps a satellite's months in, inside the month's folder and above the
/// configuration folders: "" for Suomi NPP (.../202207/vcmcfg/), "NOAA-20/" for NOAA-20
/// (.../202208/NOAA-20/vcmcfg/). What a source template's {satfolder} becomes.
/// Throws ConfigError for a satellite EOG does not publish.
std::string eog_satellite_folder(const std::string& satellite);

/// The satellite's name for people: "Suomi NPP", "NOAA-20"; the code itself for others.
std::string satellite_title(const std::string& satellite);

} // namespace sezu
