#pragma once
/// Zonal statistics: mergeable accumulators and the per-zone result. Pure computation: no GDAL,
/// curl, MPI or HDF5. Results combined from blocks, tiles or ranks with merge() equal a single
/// pass to floating-point accuracy (Welford/Chan updates).
#include "sezu/core/raster_block.hpp"
#include "sezu/stats/quantiles.hpp"
#include "sezu/stats/stat_selection.hpp"
#include "sezu/zones/coverage.hpp"

#include <cmath>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace sezu {

/// Options that change how values count.
struct StatsOptions {
    double lit_threshold = 0.5;   ///< radiance above which a cell counts as lit (nW/cm2/sr)
    /// Compatibility with the seed's tif_stats: radiance exactly 0 is NoData (skipped like a
    /// NoData cell, so it changes count, mean, std, skew...). Off by default: 0 is a value (dark
    /// or, where cf_cvg = 0, unobserved; zero_cvg_fraction reports the latter).
    bool zero_is_nodata = false;
    /// Which statistics are stored; quantiles among them make the accumulators keep every
    /// cell's (value, weight) until the zone's month is complete. (Recorded in the archive apart
    /// from describe(), as its attribute `statistics`.)
    StatSelection statistics;
    /// "lit_threshold=0.5 zero_is_nodata=false": stored in the archive, compared on resume.
    std::string describe() const;
    /// Throws ConfigError when the lit threshold is not a finite number (nan or inf would make
    /// every cell dark or every cell lit without a word).
    void check() const;
};

/// Mergeable accumulator of weighted values (weights = coverage fractions).
class StatsAccumulator {
public:
    /// Adds one cell. weight > 0; cvg < 0 means "no coverage band". Keeps (value, weight) too
    /// when options.statistics asks for quantiles.
    void add(double value, double weight, int cvg, const StatsOptions& options);
    /// The two halves of add(), for a reader that sees a cell's value and its cloud-free coverage
    /// at different times (a tile's two rasters stream one after the other): they touch
    /// different sums, so add_value then add_cvg, in any interleaving across cells, gives add()'s
    /// numbers to the bit as long as each half sees the cells in the same order.
    void add_value(double value, double weight, const StatsOptions& options);
    /// The cloud-free coverage half of add() (only for cells whose value counted).
    void add_cvg(double weight, int cvg);
    /// Counts one cell whose value is +Inf or -Inf (in no other statistic).
    void add_nonfinite(double weight);
    /// Combines another partition; associative and commutative up to rounding (the kept values
    /// are concatenated: quantiles are exact over any split).
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
    double m_nonfinite_weight = 0;       // Σw over cells of +Inf or -Inf
    std::vector<WeightedValue> m_values; // every cell, only when quantiles are asked for
};

/// The statistics of one zone in one month.
///
/// Empty zone (no cell with weight > 0, e.g. a zone wholly outside the raster): the weight sums
/// (count, valid_count, sum, negative_count, lit_count) are 0 and every other statistic is NaN.
/// Without a coverage band, valid_count = count and cvg_mean, cvg_min, zero_cvg_fraction are NaN.
/// skew is NaN also when every value is equal (zero variance: the third standardized moment is 0/0).
/// cv is NaN also when the mean is 0. nonfinite_count is a weight sum like count, of the cells
/// holding +Inf or -Inf, which no other statistic includes (NaN is NoData and not counted).
/// names() and fields() list the fixed statistics in this order, also the order of the fields
/// (name: member): cell_count: count, valid_count, sum_of_lights: sum, radiance_mean: mean,
/// radiance_min: min, radiance_max: max, radiance_std: std, negative_count, lit_count,
/// lit_fraction, cvg_mean, cvg_min, zero_cvg_fraction, area_km2, sum_of_lights_per_km2:
/// sum_per_km2, radiance_skew: skew, radiance_cv: cv, nonfinite_count. The names are the
/// archive's variables and the CSV/JSON columns; none is an attribute of xarray's Dataset or
/// DataArray (StatSelection maps the names used until 2026-12, `sum`, `mean`, ..., to these).
/// Quantiles (`radiance_median`, `radiance_q10`, ...) are not fields: a zone holds those its run
/// asked for.
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
    double cv = 0;                 ///< coefficient of variation std / mean (exactextract's)
    double nonfinite_count = 0;    ///< Σ weights of cells with v = +Inf or -Inf
    /// (level 0..1, value) of the quantiles computed (StatSelection::quantile_levels()),
    /// ascending by level; empty when none was asked for.
    std::vector<std::pair<double, double>> quantiles;

    /// Sets area_km2 and sum_per_km2 from the zone's area (which depends only on the coverage).
    void set_area(double km2);

    /// The statistics of an accumulator, with the quantiles `selection` asks for (NaN when the
    /// accumulator kept no values; see weighted_quantiles for their definition).
    static ZoneStats from(const StatsAccumulator& acc, const StatSelection& selection = {});
    /// Every statistic with its name, in the fixed order of names(): code that handles all of
    /// them (the archive, CSV and JSON writers) goes through this one table.
    static const std::vector<ZoneStatField>& fields();
    /// Names of the statistics, in a fixed order (the archive's dataset names).
    static const std::vector<std::string>& names();
    /// The statistic called `name`: one of names(), or a quantile (`radiance_median`,
    /// `radiance_q10`; NaN when it was not computed). Throws std::out_of_range for another name
    /// (the old names of fields too: StatSelection::canonical_name maps them first).
    double value(const std::string& name) const;
    /// Sets the statistic called `name` (for results read back from an archive): a field or a
    /// quantile. Throws std::out_of_range for another name.
    void set(const std::string& name, double v);
};

/// One statistic of ZoneStats: its name (the archive's dataset name), its field, and whether
/// it is stored by default (StatSelection's default: the statistics from before --stats).
struct ZoneStatField {
    std::string name;
    double ZoneStats::*member;
    bool by_default;
};

/// Equal when every statistic (quantiles included, level for level) is equal or NaN in both (a
/// NaN statistic means "undefined", and two undefined statistics are the same result).
bool operator==(const ZoneStats& a, const ZoneStats& b);
bool operator!=(const ZoneStats& a, const ZoneStats& b);
/// "ZoneStats{cell_count=12.5 valid_count=12.5 sum_of_lights=... radiance_skew=nan}", every
/// statistic at full precision.
std::ostream& operator<<(std::ostream& os, const ZoneStats& s);

bool operator==(const StatsOptions& a, const StatsOptions& b);
bool operator!=(const StatsOptions& a, const StatsOptions& b);
/// StatsOptions::describe() and " statistics=" the selection.
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

/// Adds one stored cell value to `acc`: skipped when it is NoData (counts_as_value's NaN, tagged
/// NoData, zero policy); counted as non-finite when it is +Inf or -Inf (and not the NoData
/// value); else added as scale(stored).
inline void add_cell(StatsAccumulator& acc, float stored, double weight, int cvg,
                     const ValueScale& scale, const StatsOptions& options,
                     bool has_nodata = false, double nodata = 0.0)
{
    if (counts_as_value(stored, options, has_nodata, nodata))
        acc.add(scale(double(stored)), weight, cvg, options);
    else if (std::isinf(stored) && !(has_nodata && stored == float(nodata)))
        acc.add_nonfinite(weight);
}

/// Accumulates the cells of `block` that the coverage selects (cells outside the block are
/// skipped; the caller passes blocks that tile the coverage window). Cells with weight 0, NoData
/// cells (block.has_nodata, NaN) are skipped, ±Inf cells counted apart (add_cell); the others as
/// block.scale(stored value) (scale and offset applied after the NoData test). `coverage` and
/// `block` use the same grid's cell indices.
void accumulate(const Coverage& coverage, const RasterBlock& block, const StatsOptions& options,
                StatsAccumulator& acc);

} // namespace sezu
