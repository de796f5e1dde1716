#pragma once
/// Zonal statistics: mergeable accumulators and the per-zone result. Pure computation: no GDAL,
/// curl, MPI or HDF5. Results combined from blocks, tiles or ranks with merge() equal a single
/// pass to floating-point accuracy (Welford/Chan updates).
#include "sezu/core/raster_block.hpp"
#include "sezu/zones/coverage.hpp"

#include <cmath>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// Options that change how values count.
struct StatsOptions {
    double lit_threshold = 0.5;   ///< radiance above which a cell counts as lit (nW/cm2/sr)
    /// Compatibility with the seed's tif_stats: radiance exactly 0 is NoData (skipped like a
    /// NoData cell, so it changes count, mean, std, skew...). Off by default: 0 is a value (dark
    /// or, where cf_cvg = 0, unobserved; zero_cvg_fraction reports the latter).
    bool zero_is_nodata = false;
    /// "lit_threshold=0.5 zero_is_nodata=false": stored in the archive, compared on resume.
    std::string describe() const;
    /// Throws ConfigError when the lit threshold is not a finite number (nan or inf would make
    /// every cell dark or every cell lit without a word).
    void check() const;
};

/// Mergeable accumulator of weighted values (weights = coverage fractions).
class StatsAccumulator {
public:
    /// Adds one cell. weight > 0; cvg < 0 means "no coverage band".
    void add(double value, double weight, int cvg, const StatsOptions& options);
    /// Combines another partition; associative and commutative up to rounding.
    void merge(const StatsAccumulator& other);

    double count() const { return m_weight; }   ///< Σw
    double sum() const { return m_sum; }         ///< Σw·v
    bool empty() const { return !m_any; }        ///< no cell added yet
    friend struct ZoneStats;

private:
    double m_weight = 0;          // Σw
    double m_sum = 0;             // Σw·v
    double m_mean = 0;            // weighted running mean
    double m_m2 = 0;              // Σw·(v-mean)²
    double m_m3 = 0;              // Σw·(v-mean)³
    double m_min = 0, m_max = 0;
    bool m_any = false;
    double m_valid_weight = 0;    // Σw over cells with cvg > 0
    double m_negative_weight = 0; // Σw over cells with v < 0
    double m_lit_weight = 0;      // Σw over cells with v > threshold
    double m_cvg_sum = 0;         // Σw·cvg
    double m_cvg_min = 0;
    double m_zero_cvg_weight = 0; // Σw over cells with cvg == 0
    bool m_has_cvg = false;
};

/// The statistics of one zone in one month.
///
/// Empty zone (no cell with weight > 0, e.g. a zone wholly outside the raster): the weight sums
/// (count, valid_count, sum, negative_count, lit_count) are 0 and every other statistic is NaN.
/// Without a coverage band, valid_count = count and cvg_mean, cvg_min, zero_cvg_fraction are NaN.
/// skew is NaN also when every value is equal (zero variance: the third standardized moment is 0/0).
/// names() and fields() list the statistics in this fixed order, also the order of the fields:
/// count, valid_count, sum, mean, min, max, std, negative_count, lit_count, lit_fraction,
/// cvg_mean, cvg_min, zero_cvg_fraction, area_km2, sum_per_km2, skew.
struct ZoneStatField;

struct ZoneStats {
    double count = 0;              ///< Σ coverage weights of the zone's cells
    double valid_count = 0;        ///< Σ weights of cells with cf_cvg > 0
    double sum = 0;                ///< sum of lights Σ w·v
    double mean = 0;               ///< sum / count
    double min = 0, max = 0;       ///< over cells with weight > 0
    double std = 0;                ///< weighted population standard deviation
    double negative_count = 0;     ///< Σ weights of cells with v < 0
    double lit_count = 0;          ///< Σ weights of cells with v > lit threshold
    double lit_fraction = 0;       ///< lit_count / count
    double cvg_mean = 0;           ///< weighted mean cf_cvg
    double cvg_min = 0;
    double zero_cvg_fraction = 0;  ///< share of the zone's weight with cf_cvg == 0 (a gap)
    /// Σ w · cell area on the WGS 84 ellipsoid, in any CRS (CellAreas): the area of what was
    /// counted; NaN when a counted cell cannot be taken to longitude/latitude.
    double area_km2 = 0;
    double sum_per_km2 = 0;        ///< sum / area_km2
    double skew = 0;               ///< weighted population skewness m3 / m2^1.5

    /// Sets area_km2 and sum_per_km2 from the zone's area (which depends only on the coverage).
    void set_area(double km2);

    static ZoneStats from(const StatsAccumulator& acc);
    /// Every statistic with its name, in the fixed order of names(): code that handles all of
    /// them (the archive, CSV and JSON writers) goes through this one table.
    static const std::vector<ZoneStatField>& fields();
    /// Names of the statistics, in a fixed order (the archive's dataset names).
    static const std::vector<std::string>& names();
    /// The statistic called `name` (one of names()). Throws std::out_of_range for another name.
    double value(const std::string& name) const;
    /// Sets the statistic called `name` (for results read back from an archive). Throws
    /// std::out_of_range for a name not in names().
    void set(const std::string& name, double v);
};

/// One statistic of ZoneStats: its name (the archive's dataset name) and its field.
struct ZoneStatField {
    std::string name;
    double ZoneStats::*member;
};

/// Equal when every statistic is equal or NaN in both (a NaN statistic means "undefined", and
/// two undefined statistics are the same result).
bool operator==(const ZoneStats& a, const ZoneStats& b);
bool operator!=(const ZoneStats& a, const ZoneStats& b);
/// "ZoneStats{count=12.5 valid_count=12.5 sum=... skew=nan}", every statistic at full precision.
std::ostream& operator<<(std::ostream& os, const ZoneStats& s);

bool operator==(const StatsOptions& a, const StatsOptions& b);
bool operator!=(const StatsOptions& a, const StatsOptions& b);
/// StatsOptions::describe().
std::ostream& operator<<(std::ostream& os, const StatsOptions& o);

/// Whether a cell's raw value counts: NaN and infinities never do (NoData in any float raster),
/// nor a tagged NoData value (compared in float, the type it was stored in), nor 0 when the
/// zero-is-NoData compatibility switch is on.
inline bool counts_as_value(float raw, const StatsOptions& options, bool has_nodata = false,
                            double nodata = 0.0)
{
    return std::isfinite(raw) && !(has_nodata && raw == float(nodata)) &&
           !(options.zero_is_nodata && raw == 0.0f);
}

/// Accumulates the cells of `block` that the coverage selects (cells outside the block are
/// skipped; the caller passes blocks that tile the coverage window). Cells with weight 0, NoData
/// cells (block.has_nodata) and non-finite values are skipped. `coverage` and `block` use the
/// same grid's cell indices.
void accumulate(const Coverage& coverage, const RasterBlock& block, const StatsOptions& options,
                StatsAccumulator& acc);

} // namespace sezu
