#pragma once
/// The built-in mirror: a faithful, small copy of the publisher's file tree (shared/viirs.md)
/// whose pixel values are known exactly, so tests can check sezu's numbers against the truth.
///
/// Tree: OUT/YYYY/YYYYMM/<cfg>/ with an Apache-style index.html (archives plus decoy .png and
/// other entries) and one .tgz per tile holding <stem>.avg_rade9h.tif (float32 radiance) and
/// <stem>.cf_cvg.tif (uint16 cloud-free coverage), GeoTIFFs on the real tile grid at 1/scale.
#include "sezu/catalog.hpp"
#include "sezu/months.hpp"

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

} // namespace sezu
