#pragma once
/// The built-in mirror: a faithful, small copy of the publisher's file tree (shared/viirs.md)
/// whose pixel values are known exactly, so tests can check sezu's numbers against the truth.
///
/// Tree: OUT/YYYY/YYYYMM/<cfg>/ with an Apache-style index.html (archives plus decoy .png and
/// other entries) and one .tgz per tile holding <stem>.avg_rade9h.tif (float32 radiance) and
/// <stem>.cf_cvg.tif (uint16 cloud-free coverage), GeoTIFFs on the real tile grid at 1/scale.
///
/// Quirks copied from the real trees on purpose, so that discovery must cope with them:
/// - Creation stamps (see mirror_stamp()) fall 20 to 34 days after the month ends. They have
///   12 digits (YYYYMMDDhhmm), except in months with index() % 6 == 1 (13 digits: one more digit)
///   and index() % 6 == 4 (14 digits: seconds).
/// - In months with index() % 5 == 2 (e.g. 2017-09) one tile, mirror_duplicate_tile(), is listed
///   twice: the current archive plus an older one (stamp 9 days earlier, always 14 digits) whose
///   pixels differ (another seed, cities twice as bright). Only the newest is the truth.
/// - Each month folder also lists a .png preview per tile (<stem>.avg_rade9h.png) and a
///   README.txt; all listed files exist. The parent link is an absolute path, as Apache writes it.
/// - The index.html pages above the month folders (OUT/, OUT/YYYY/, OUT/YYYY/YYYYMM/) list the
///   sub-folders present.
///
/// default_model() puts an outage into 2017-09 and a coverage gap into 2017-10.
#include "sezu/discover/catalog.hpp"
#include "sezu/core/months.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sezu {

/// A lit square of cells with exactly known radiance.
struct MirrorCity {
    std::string name;
    double lon = 0, lat = 0;     ///< centre; the plateau is the cells around the containing cell
    int radius = 1;              ///< plateau = (2*radius+1)^2 cells at the mirror's scale
    double base = 10.0;          ///< radiance in the first published month (2012-04)
    double growth = 0.01;        ///< added fraction of base per month since 2012-04
};

/// Everything that determines the mirror's pixel values. Two equal models give equal files.
struct MirrorModel {
    int scale = 20;
    std::uint64_t seed = 1;
    std::vector<MirrorCity> cities;   ///< default: built-in list (see default_cities())
    /// Months (YYYYMM) in which the first city is dark (an outage): plateau radiance 0.5.
    std::vector<int> outage_months;
    /// Months (YYYYMM) with a zero-coverage patch (cf_cvg 0, radiance 0) over the second city.
    std::vector<int> gap_months;

    /// Radiance of a global cell (col, row of global_grid(scale)) in a month, as float32 exactly
    /// as written to the tile (quantized to 0.01; background noise includes negatives).
    float radiance(const YearMonth& month, long col, long row) const;
    /// Cloud-free coverage of a global cell (0 inside gap patches, else 1..84).
    std::uint16_t cvg(const YearMonth& month, long col, long row) const;
    /// Plateau radiance of city `i` in `month` (quantized like every pixel).
    float city_radiance(std::size_t i, const YearMonth& month) const;
    /// The global cells of city i's plateau.
    Window city_window(std::size_t i) const;
    /// The global cells with zero coverage in gap months: the second city's plateau plus a ring
    /// of 2 cells around it (empty when there are fewer than two cities).
    Window gap_window() const;
};

/// The built-in cities: the nine SEZ sites of shared/data/sez plus a few large cities.
std::vector<MirrorCity> default_cities();
MirrorModel default_model(int scale, std::uint64_t seed = 1);

struct MirrorOptions {
    std::string out_dir;
    std::vector<YearMonth> months;
    MirrorModel model;
    ProductSpec product;
    int gzip_level = 1;
};

/// Writes the tree for every month; skips months whose 6 archives already exist and are complete.
/// Files are written under temporary names and renamed, so an interrupted run leaves no half file.
void write_mirror(const MirrorOptions& options);

/// The source URL template (file://...) that reads this mirror.
std::string mirror_source_template(const std::string& out_dir);

/// The creation stamp the mirror gives a tile's archive in a month (the older duplicate's when
/// `older`); see the rules at the top of this header.
std::string mirror_stamp(const YearMonth& month, const TileSpec& tile, bool older = false);

/// The index (0..5) of the tile listed twice in `month`, or -1 when no tile is.
int mirror_duplicate_tile(const YearMonth& month);

} // namespace sezu
