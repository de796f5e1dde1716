#pragma once
/// Which statistics a run computes and stores (`--stats LIST`, config key `stats`), by name.
/// Pure value type: no GDAL, MPI or HDF5.
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// The statistics chosen, in the order given: names of ZoneStats::fields() (cell_count,
/// sum_of_lights, ..., radiance_cv, nonfinite_count), `radiance_median`, and quantiles written
/// `radiance_q` + percent (`radiance_q10`, `radiance_q2.5`; 0 to 100). No name is an attribute
/// of xarray's Dataset or DataArray (`ds.sum_of_lights.plot()` works). The names used until
/// 2026-12 (count, sum, mean, min, max, std, sum_per_km2, skew, cv, median, q10) are accepted as
/// aliases and stand for the new ones (canonical_name). The default is the statistics of sezu
/// before --stats existed: cell_count, valid_count, sum_of_lights, radiance_mean, radiance_min,
/// radiance_max, radiance_std, negative_count, lit_count, lit_fraction, cvg_mean, cvg_min,
/// zero_cvg_fraction, area_km2, sum_of_lights_per_km2, radiance_skew.
class StatSelection {
public:
    /// The default selection.
    StatSelection();
    /// "cell_count,sum_of_lights,radiance_median,radiance_q90" (spaces around names allowed;
    /// old names allowed and stored as the new ones; a name given twice counts once;
    /// `radiance_q05` is `radiance_q5`). Throws ConfigError naming the unknown name and listing
    /// the known ones, or for an empty list.
    static StatSelection parse(const std::string& list);

    /// The names, in order (quantiles in their canonical spelling: radiance_q10,
    /// radiance_q2.5, radiance_median).
    const std::vector<std::string>& names() const { return m_names; }
    /// The quantile levels asked for (0..1; median is 0.5), ascending, each once.
    const std::vector<double>& quantile_levels() const { return m_levels; }
    /// Whether the statistics need every cell's (value, weight) kept until the zone's month is
    /// complete (quantiles do; nothing else does).
    bool needs_values() const { return !m_levels.empty(); }
    /// The names joined by commas: stored in the archive (attribute `statistics`).
    std::string describe() const;

    /// The level of a quantile name (`radiance_median` 0.5, `radiance_q10` 0.1; the old
    /// spellings `median`, `q10` too); -1 for any other name.
    static double quantile_level(const std::string& name);
    /// The name a statistic has now: an old name (`sum`, `q05`) becomes the new one
    /// (`sum_of_lights`, `radiance_q5`), a quantile gets its canonical spelling; any other name
    /// is returned as it is (unknown names are not checked here).
    static std::string canonical_name(const std::string& name);
    /// The name a statistic had until 2026-12 (`sum` for `sum_of_lights`, `q10` for
    /// `radiance_q10`; for reading old archives); "" when it had the same name or is unknown.
    static std::string old_name(const std::string& name);

private:
    std::vector<std::string> m_names;
    std::vector<double> m_levels;
};
bool operator==(const StatSelection& a, const StatSelection& b);
bool operator!=(const StatSelection& a, const StatSelection& b);
/// describe().
std::ostream& operator<<(std::ostream& os, const StatSelection& s);

} // namespace sezu
