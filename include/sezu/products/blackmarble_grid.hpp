#pragma once
/// The NASA Black Marble tile grid (shared/viirs.md): 10 x 10 degree tiles of 2400 x 2400 cells
/// (15 arc-seconds, 1/240 degree), h 00-35 from 180W eastwards, v 00-17 from 90N southwards,
/// row 0 at the north edge, cell edges on whole degrees (no half-cell offset, unlike the EOG
/// tiles). Only land tiles are published (~460): a tile that is not there may be ocean.
/// Also the granule names. Pure.
#include "sezu/core/grid.hpp"
#include "sezu/core/months.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

constexpr int kBlackMarbleColumns = 36;      ///< h 00..35
constexpr int kBlackMarbleRows = 18;         ///< v 00..17
constexpr int kBlackMarbleTileCells = 2400;  ///< cells per tile side at full resolution
constexpr int kBlackMarbleTileDegrees = 10;

/// One Black Marble tile, e.g. h05v04 (west 130W, north 50N).
struct BlackMarbleTile {
    int h = 0; ///< 0..35, column from 180W
    int v = 0; ///< 0..17, row from 90N
    std::string name() const;                       ///< "hHHvVV"
    int west() const { return -180 + kBlackMarbleTileDegrees * h; }
    int north() const { return 90 - kBlackMarbleTileDegrees * v; }
    BBox extent() const;                            ///< degrees
    /// Parses "h05v04"; nothing for anything else or a tile off the grid.
    static std::optional<BlackMarbleTile> parse(const std::string& text);
};
bool operator==(const BlackMarbleTile& a, const BlackMarbleTile& b);
bool operator!=(const BlackMarbleTile& a, const BlackMarbleTile& b);
bool operator<(const BlackMarbleTile& a, const BlackMarbleTile& b); ///< by v, then h (north first)
std::ostream& operator<<(std::ostream& os, const BlackMarbleTile& t);

/// Valid reduction factors K of the synthetic mirror: K divides 2400.
bool is_valid_blackmarble_scale(int scale);
/// The cells of one tile at 1/scale resolution: origin on the tile's whole-degree corner, cell
/// 10/(2400/scale) degrees. Throws ConfigError for a scale that does not divide 2400.
Grid blackmarble_tile_grid(const BlackMarbleTile& tile, int scale);
/// The whole grid (180W..180E, 90N..90S) at 1/scale resolution; it wraps (Grid::wraps).
Grid blackmarble_global_grid(int scale);
/// The scale of a tile whose cell is `cell_degrees`; throws DataError when it is not 1/240
/// degree or a multiple of it that divides the tile.
int blackmarble_scale_from_cell_size(double cell_degrees);

/// The tiles whose interior a box (degrees) overlaps, north to south then west to east. A box
/// past 180E (a zone across the antimeridian, see Grid::wraps) takes the tiles from 180W on; a
/// box reaching past the poles is clipped. An empty box touches none.
std::vector<BlackMarbleTile> blackmarble_tiles_touching(const BBox& box);
/// The union over the boxes (one per zone): far-apart zones need only their own tiles, not the
/// tiles of their common extent. Sorted, without repeats.
std::vector<BlackMarbleTile> blackmarble_tiles_touching(const std::vector<BBox>& boxes);

/// The parts of a granule's name, e.g. VNP46A3.A2024032.h05v04.002.2024062143012.h5
struct BlackMarbleName {
    std::string file_name;   ///< without folders
    std::string short_name;  ///< VNP46A3, VJ146A3, VNP46A4 or VJ146A4
    int year = 0;
    int day_of_year = 0;     ///< 1-based: the first day of the period
    BlackMarbleTile tile;
    std::string version;     ///< "002" (collection 5200) or "001" (5000)
    std::string production;  ///< 13 digits, YYYYDDDHHMMSS: when several exist the newest wins
    /// The month the name's day begins; throws DataError when the day is not a month's first.
    YearMonth month() const;
};
bool operator==(const BlackMarbleName& a, const BlackMarbleName& b);
bool operator!=(const BlackMarbleName& a, const BlackMarbleName& b);
std::ostream& operator<<(std::ostream& os, const BlackMarbleName& n);

/// Parses a name by the published pattern
/// ^(VNP46A3|VJ146A3|VNP46A4|VJ146A4)\.A(\d{4})(\d{3})\.h(\d{2})v(\d{2})\.(\d{3})\.(\d{13})\.h5$
/// (a leading folder is ignored); anything else (previews, .met, other products) gives nothing.
std::optional<BlackMarbleName> parse_blackmarble_name(const std::string& name);

/// The name the publisher gives a granule of `short_name` for the period starting on the first
/// day of `first_month`, version "002"/"001", production stamp of 13 digits.
std::string format_blackmarble_name(const std::string& short_name, const YearMonth& first_month,
                                    const BlackMarbleTile& tile, const std::string& version,
                                    const std::string& production);

/// Day of the year (1-based) of a month's first day: 2024-02 -> 32, 2023-03 -> 60, 2024-03 -> 61.
int first_day_of_year(const YearMonth& month);

} // namespace sezu
