#pragma once
/// Which statistics a run computes and stores (`--stats LIST`, config key `stats`), by name.
/// Pure value type: no GDAL, MPI or HDF5.
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// The statistics chosen, in the order given: names of ZoneStats::fields() (count, sum, ...,
/// cv, nonfinite_count), `median`, and quantiles written `q` + percent (`q10`, `q90`, `q2.5`;
/// 0 to 100). The default is exactly the statistics of sezu before --stats existed (so default
/// outputs do not change): count, valid_count, sum, mean, min, max, std, negative_count,
/// lit_count, lit_fraction, cvg_mean, cvg_min, zero_cvg_fraction, area_km2, sum_per_km2, skew.
class StatSelection {
public:
    /// The default selection.
    StatSelection();
    /// "count,sum,median,q90" (spaces around names allowed; a name given twice counts once;
    /// `q05` is `q5`). Throws ConfigError naming the unknown name and listing the known ones,
    /// or for an empty list.
    static StatSelection parse(const std::string& list);

    /// The names, in order (quantiles in their canonical spelling: q10, q2.5, median).
    const std::vector<std::string>& names() const { return m_names; }
    /// The quantile levels asked for (0..1; median is 0.5), ascending, each once.
    const std::vector<double>& quantile_levels() const { return m_levels; }
    /// Whether the statistics need every cell's (value, weight) kept until the zone's month is
    /// complete (quantiles do; nothing else does).
    bool needs_values() const { return !m_levels.empty(); }
    /// The names joined by commas: stored in the archive (attribute `statistics`).
    std::string describe() const;

    /// The level of a quantile name (`median` 0.5, `q10` 0.1); -1 for any other name.
    static double quantile_level(const std::string& name);

private:
    std::vector<std::string> m_names;
    std::vector<double> m_levels;
};
bool operator==(const StatSelection& a, const StatSelection& b);
bool operator!=(const StatSelection& a, const StatSelection& b);
/// describe().
std::ostream& operator<<(std::ostream& os, const StatSelection& s);

} // namespace sezu
