#include "sezu/stats/stats.hpp"

#include "sezu/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace sezu {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

} // namespace

void StatsAccumulator::add(double value, double weight, int cvg, const StatsOptions& options)
{
    add_value(value, weight, options);
    if (cvg >= 0)
        add_cvg(weight, cvg);
}

void StatsAccumulator::add_value(double value, double weight, const StatsOptions& options)
{
    if (!(weight > 0.0))
        return;
    // West's weighted update: the running mean and Σw·(v-mean)² stay accurate for long
    // streams of similar values, where Σw·v² - (Σw·v)²/Σw would cancel catastrophically.
    // The third moment uses the pre-update weight and M2: it is merge() with a one-cell partition.
    const double before = m_weight;
    m_weight += weight;
    const double delta = value - m_mean;
    const double share = weight / m_weight;
    m_m3 += delta * delta * delta * before * weight * (before - weight) / (m_weight * m_weight) -
            3.0 * delta * share * m_m2;
    m_mean += delta * share;
    m_m2 += weight * delta * (value - m_mean);
    m_sum += weight * value;
    if (options.statistics.needs_values())
        m_values.push_back({value, weight});

    if (!m_any) {
        m_min = m_max = value;
        m_any = true;
    } else {
        m_min = std::min(m_min, value);
        m_max = std::max(m_max, value);
    }
    if (value < 0.0)
        m_negative_weight += weight;
    if (value > options.lit_threshold)
        m_lit_weight += weight;
}

void StatsAccumulator::add_cvg(double weight, int cvg)
{
    if (!(weight > 0.0) || cvg < 0)
        return;
    if (!m_has_cvg) {
        m_cvg_min = cvg;
        m_has_cvg = true;
    } else {
        m_cvg_min = std::min(m_cvg_min, double(cvg));
    }
    m_cvg_sum += weight * cvg;
    if (cvg > 0)
        m_valid_weight += weight;
    else
        m_zero_cvg_weight += weight;
}

void StatsAccumulator::add_nonfinite(double weight)
{
    if (weight > 0.0)
        m_nonfinite_weight += weight;
}

void StatsAccumulator::merge(const StatsAccumulator& other)
{
    m_nonfinite_weight += other.m_nonfinite_weight;
    if (!other.m_any)
        return;
    if (!m_any) {
        const double nonfinite = m_nonfinite_weight;
        *this = other;
        m_nonfinite_weight = nonfinite;
        return;
    }
    m_values.insert(m_values.end(), other.m_values.begin(), other.m_values.end());
    // Chan et al.: combine means and second moments of two partitions exactly (in real
    // arithmetic), so any split of the cells over blocks, tiles or ranks gives one answer.
    // The third moment by Pébay's pairwise formula (2008), weighted.
    const double total = m_weight + other.m_weight;
    const double delta = other.m_mean - m_mean;
    const double wa = m_weight, wb = other.m_weight;
    m_m3 += other.m_m3 + delta * delta * delta * wa * wb * (wa - wb) / (total * total) +
            3.0 * delta * (wa * other.m_m2 - wb * m_m2) / total;
    m_mean += delta * (wb / total);
    m_m2 += other.m_m2 + delta * delta * (wa * wb / total);
    m_weight = total;
    m_sum += other.m_sum;
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
    m_negative_weight += other.m_negative_weight;
    m_lit_weight += other.m_lit_weight;

    if (other.m_has_cvg) {
        m_cvg_min = m_has_cvg ? std::min(m_cvg_min, other.m_cvg_min) : other.m_cvg_min;
        m_has_cvg = true;
    }
    m_cvg_sum += other.m_cvg_sum;
    m_valid_weight += other.m_valid_weight;
    m_zero_cvg_weight += other.m_zero_cvg_weight;
}

ZoneStats ZoneStats::from(const StatsAccumulator& acc, const StatSelection& selection)
{
    ZoneStats s;
    s.nonfinite_count = acc.m_nonfinite_weight;
    const std::vector<double>& levels = selection.quantile_levels();
    if (!levels.empty()) {
        // Sorted on a copy: the accumulator stays as it was (and mergeable).
        std::vector<WeightedValue> cells = acc.m_values;
        const std::vector<double> q = weighted_quantiles(cells, levels);
        for (std::size_t k = 0; k < levels.size(); ++k)
            s.quantiles.emplace_back(levels[k], q[k]);
    }
    s.count = acc.m_weight;
    s.sum = acc.m_sum;
    s.negative_count = acc.m_negative_weight;
    s.lit_count = acc.m_lit_weight;
    s.valid_count = acc.m_has_cvg ? acc.m_valid_weight : acc.m_weight;
    if (!acc.m_any || !(acc.m_weight > 0.0)) {
        s.mean = s.min = s.max = s.std = s.skew = s.cv = nan_value;
        s.lit_fraction = s.cvg_mean = s.cvg_min = s.zero_cvg_fraction = nan_value;
        return s;
    }
    s.mean = acc.m_sum / acc.m_weight;
    s.min = acc.m_min;
    s.max = acc.m_max;
    s.std = std::sqrt(std::max(0.0, acc.m_m2 / acc.m_weight));
    // Equal values leave M2 at exactly 0 (every delta is 0), and rounding noise of a few ulps of
    // the values must not pose as a distribution: below that the skewness is undefined.
    const double scale = std::max(std::abs(acc.m_min), std::abs(acc.m_max));
    s.skew = s.std > 1e-12 * scale && s.std > 0.0
                 ? (acc.m_m3 / acc.m_weight) / (s.std * s.std * s.std)
                 : nan_value;
    s.cv = s.mean != 0.0 ? s.std / s.mean : nan_value;
    s.lit_fraction = acc.m_lit_weight / acc.m_weight;
    if (acc.m_has_cvg) {
        s.cvg_mean = acc.m_cvg_sum / acc.m_weight;
        s.cvg_min = acc.m_cvg_min;
        s.zero_cvg_fraction = acc.m_zero_cvg_weight / acc.m_weight;
    } else {
        s.cvg_mean = s.cvg_min = s.zero_cvg_fraction = nan_value;
    }
    return s;
}

const std::vector<ZoneStatField>& ZoneStats::fields()
{
    static const std::vector<ZoneStatField> list = {
        {"cell_count", &ZoneStats::count, true},
        {"valid_count", &ZoneStats::valid_count, true},
        {"sum_of_lights", &ZoneStats::sum, true},
        {"radiance_mean", &ZoneStats::mean, true},
        {"radiance_min", &ZoneStats::min, true},
        {"radiance_max", &ZoneStats::max, true},
        {"radiance_std", &ZoneStats::std, true},
        {"negative_count", &ZoneStats::negative_count, true},
        {"lit_count", &ZoneStats::lit_count, true},
        {"lit_fraction", &ZoneStats::lit_fraction, true},
        {"cvg_mean", &ZoneStats::cvg_mean, true},
        {"cvg_min", &ZoneStats::cvg_min, true},
        {"zero_cvg_fraction", &ZoneStats::zero_cvg_fraction, true},
        {"area_km2", &ZoneStats::area_km2, true},
        {"sum_of_lights_per_km2", &ZoneStats::sum_per_km2, true},
        {"radiance_skew", &ZoneStats::skew, true},
        // Stored only when asked for (--stats): default outputs stay as they were.
        {"radiance_cv", &ZoneStats::cv, false},
        {"nonfinite_count", &ZoneStats::nonfinite_count, false},
    };
    return list;
}

const std::vector<std::string>& ZoneStats::names()
{
    static const std::vector<std::string> list = [] {
        std::vector<std::string> out;
        for (const auto& f : fields())
            out.push_back(f.name);
        return out;
    }();
    return list;
}

namespace {

const ZoneStatField* field_called(const std::string& name)
{
    for (const auto& f : ZoneStats::fields())
        if (f.name == name)
            return &f;
    return nullptr;
}

// The level of a quantile name; throws for a name that is neither a field nor a quantile.
double level_called(const std::string& name)
{
    const double level = StatSelection::quantile_level(name);
    if (level < 0)
        throw std::out_of_range("stats: no statistic is called '" + name + "'");
    return level;
}

// NaN is "undefined": two undefined statistics are equal.
bool same(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

} // namespace

double ZoneStats::value(const std::string& name) const
{
    if (const ZoneStatField* f = field_called(name))
        return this->*f->member;
    const double level = level_called(name);
    for (const auto& [at, v] : quantiles)
        if (at == level)
            return v;
    return nan_value;
}

void ZoneStats::set(const std::string& name, double v)
{
    if (const ZoneStatField* f = field_called(name)) {
        this->*f->member = v;
        return;
    }
    const double level = level_called(name);
    for (auto& [at, value] : quantiles)
        if (at == level) {
            value = v;
            return;
        }
    quantiles.emplace_back(level, v);
    std::sort(quantiles.begin(), quantiles.end());
}

bool operator==(const ZoneStats& a, const ZoneStats& b)
{
    for (const auto& f : ZoneStats::fields())
        if (!same(a.*f.member, b.*f.member))
            return false;
    if (a.quantiles.size() != b.quantiles.size())
        return false;
    for (std::size_t k = 0; k < a.quantiles.size(); ++k)
        if (a.quantiles[k].first != b.quantiles[k].first ||
            !same(a.quantiles[k].second, b.quantiles[k].second))
            return false;
    return true;
}

bool operator!=(const ZoneStats& a, const ZoneStats& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const ZoneStats& s)
{
    os << "ZoneStats{";
    const char* sep = "";
    for (const auto& f : ZoneStats::fields()) {
        char text[32];
        std::snprintf(text, sizeof text, "%.17g", s.*f.member);
        os << sep << f.name << '=' << text;
        sep = " ";
    }
    for (const auto& [level, v] : s.quantiles) {
        char text[64];
        std::snprintf(text, sizeof text, " radiance_q%.10g=%.17g", level * 100.0, v);
        os << text;
    }
    return os << '}';
}

bool operator==(const StatsOptions& a, const StatsOptions& b)
{
    return same(a.lit_threshold, b.lit_threshold) && a.zero_is_nodata == b.zero_is_nodata &&
           a.statistics == b.statistics;
}

bool operator!=(const StatsOptions& a, const StatsOptions& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const StatsOptions& o)
{
    return os << o.describe() << " statistics=" << o.statistics;
}

std::string StatsOptions::describe() const
{
    char text[96];
    std::snprintf(text, sizeof text, "lit_threshold=%.17g zero_is_nodata=%s", lit_threshold,
                  zero_is_nodata ? "true" : "false");
    return text;
}

void StatsOptions::check() const
{
    if (!std::isfinite(lit_threshold))
        throw ConfigError("lit threshold: " + std::to_string(lit_threshold) +
                          " is not a radiance; give a finite number such as 0.5 "
                          "(--lit-threshold or \"litThreshold\")");
}

void ZoneStats::set_area(double km2)
{
    area_km2 = km2;
    sum_per_km2 = km2 > 0 ? sum / km2 : nan_value;
}

void accumulate(const Coverage& coverage, const RasterBlock& block, const StatsOptions& options,
                StatsAccumulator& acc)
{
    const Window common = coverage.window.intersect(block.window);
    if (common.empty())
        return;
    const bool has_cvg = !block.cvg.empty();
    for (long row = common.row; row < common.row + common.rows; ++row) {
        const long blk_base = (row - block.window.row) * block.window.cols - block.window.col;
        coverage.for_each_run(
            row, common.col, common.col + common.cols, [&](long first, long length, double w) {
                for (long col = first; col < first + length; ++col) {
                    const std::size_t i = std::size_t(blk_base + col);
                    // Scaled after the NoData test: NoData is a stored
                    // number, not a value.
                    add_cell(acc, block.value[i], w, has_cvg ? int(block.cvg[i]) : -1, block.scale,
                             options, block.has_nodata, block.nodata);
                }
            });
    }
}

} // namespace sezu
