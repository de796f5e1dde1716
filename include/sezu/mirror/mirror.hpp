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
/// - Listings are in the Apaxy-themed markup EOG's server sends (Apache 2.4 HTMLTable with a
///   style sheet: <table id="indexlist">, each file linked twice, icon and name, sort links in
///   the header row, the parent linked by its absolute path, theme links around the table).
/// - EOG's gaps and substitutes, when the span includes them: 2022-07 is partial (Suomi NPP's
///   safe mode from 2022-07-26: SVDNB_npp_20220701-20220726_...), and 2022-08 exists only for
///   NOAA-20, in OUT/2022/202208/NOAA-20/<cfg>/ with SVDNB_j01_... files (mirror_month_files).
///   A NOAA-20 mirror (--satellite j01) puts every month in OUT/YYYY/YYYYMM/NOAA-20/<cfg>/.
///
/// default_model() puts an outage into 2017-09 and a coverage gap into 2017-10.
#include "sezu/discover/catalog.hpp"
#include "sezu/core/months.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// A lit place with exactly known radiance: a bright core fading outward, two roads, on top of
/// the background noise (see MirrorModel::radiance for the rules).
struct MirrorCity {
    std::string name;
    double lon = 0, lat = 0;     ///< centre; the core is the cells around the containing cell
    int radius = 1;              ///< core = (2*radius+1)^2 cells at the mirror's scale
    double base = 10.0;          ///< trend radiance of the centre in the first month (2012-04)
    double growth = 0.01;        ///< added fraction of base per month since 2012-04
};

/// Everything that determines the mirror's pixel values. Two equal models give equal files.
///
/// The radiance of a cell is a pure function of (seed, month, col, row), so tests evaluate it:
/// - Background: noise quantized to 0.01 in [-0.30, 0.60] (negatives included, as published).
/// - A city's level in a month, city_level(): base * (1 + growth * months since 2012-04)
///   * seasonal_factor() * (1 + month_jitter()): a trend, a yearly cycle and month-to-month noise.
/// - Its light, city_light(): level / (1 + d2) at squared distance d2 (in cells) from the centre
///   cell, out to Chebyshev distance radius + 1 (the core and one fading ring); and two roads,
///   straight lines of cells leaving the ring along the centre's row and column (east and south
///   for even-numbered cities, west and north for odd), level * 0.25 / (1 + 0.2 * k) at the k-th
///   road cell, kRoadCells long. Where lights overlap the brightest counts.
/// - A lit cell is quantize(light + its background noise); others are the noise alone.
/// - Outage months: the first city's core is 0.5 exactly and it sheds no other light.
/// - Gap months: radiance 0 and coverage 0 over gap_window().
struct MirrorModel {
    /// Road cells beyond a city's fading ring, in each road's direction.
    static constexpr int kRoadCells = 6;

    int scale = 20;
    std::uint64_t seed = 1;
    std::vector<MirrorCity> cities;   ///< default: built-in list (see default_cities())
    /// Months (YYYYMM) in which the first city is dark (an outage): core radiance 0.5.
    std::vector<int> outage_months;
    /// Months (YYYYMM) with a zero-coverage patch (cf_cvg 0, radiance 0) over the second city.
    std::vector<int> gap_months;

    /// Radiance of a global cell (col, row of global_grid(scale)) in a month, as float32 exactly
    /// as written to the tile (quantized to 0.01; background noise includes negatives).
    float radiance(const YearMonth& month, long col, long row) const;
    /// Cloud-free coverage of a global cell: 0 inside gap patches, else 1..84, one value per
    /// block of 8 x 8 cells (cols and rows counted from the grid's origin) and month.
    std::uint16_t cvg(const YearMonth& month, long col, long row) const;
    /// City i's level in `month` (see above), unquantized; 0 for the first city in an outage.
    double city_level(std::size_t i, const YearMonth& month) const;
    /// City i's level quantized like a pixel (0.5 in an outage): its centre's light.
    float city_radiance(std::size_t i, const YearMonth& month) const;
    /// City i's light at a global cell (0 outside its core, ring and roads), before noise.
    double city_light(std::size_t i, const YearMonth& month, long col, long row) const;
    /// The yearly cycle: 1 + 0.12 * cos(2 pi (month of year - peak) / 12), the peak in January
    /// north of the equator and in July south of it (longer nights, less vegetation).
    static double seasonal_factor(double lat, const YearMonth& month);
    /// City i's month-to-month noise, in [-0.06, 0.06] (a hash of seed, month and city).
    double month_jitter(std::size_t i, const YearMonth& month) const;
    /// The global cells of city i's core.
    Window city_window(std::size_t i) const;
    /// The global cells city i may light: core, ring and roads (a bounding box).
    Window city_footprint(std::size_t i) const;
    /// The global cells with zero coverage in gap months: the second city's core plus a ring
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

/// Which files the mirror publishes for a month when asked for `product`'s satellite: EOG's as
/// it is today (shared/viirs.md).
struct MirrorMonthFiles {
    ProductSpec product;      ///< the satellite actually published (j01 for Suomi NPP's 2022-08)
    std::string first_day;    ///< YYYYMMDD the files cover: the month's, or fewer days
    std::string last_day;
    /// The month's folder below OUT with the satellite's folder: "2022/202208/NOAA-20/vcmcfg".
    std::string folder;
};
bool operator==(const MirrorMonthFiles& a, const MirrorMonthFiles& b);
std::ostream& operator<<(std::ostream& os, const MirrorMonthFiles& f);
MirrorMonthFiles mirror_month_files(const YearMonth& month, const ProductSpec& product);

} // namespace sezu
