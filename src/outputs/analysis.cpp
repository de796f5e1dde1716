#include "sezu/outputs/analysis.hpp"

#include "sezu/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace sezu {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

bool usable(MonthFlag flag, const UsableMonths& rule)
{
    return flag == MonthFlag::Observed || (rule.use_gaps && flag == MonthFlag::Gap);
}

// Least-squares slope of value over time in years (months / 12). Needs 2 distinct months.
double slope_per_year(const std::vector<double>& years, const std::vector<double>& values)
{
    const std::size_t n = values.size();
    if (n < 2)
        return nan_value;
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += years[i];
        my += values[i];
    }
    mx /= double(n);
    my /= double(n);
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (years[i] - mx) * (values[i] - my);
        sxx += (years[i] - mx) * (years[i] - mx);
    }
    return sxy / sxx;
}

std::string append(const std::string& reason, const std::string& more)
{
    return reason.empty() ? more : reason + "; " + more;
}

} // namespace

std::string to_string(MonthFlag flag)
{
    switch (flag) {
    case MonthFlag::Observed:
        return "observed";
    case MonthFlag::Gap:
        return "gap";
    case MonthFlag::Missing:
        return "missing";
    }
    return "unknown";
}

MonthlySeries series_of(const ArchiveData& archive, std::size_t zone, const std::string& stat)
{
    if (!archive.stats.count(stat)) {
        // A run may keep a chosen subset (--stats), so the command's default can be absent:
        // name what the archive has so the user can pick with --stats/--stat.
        std::string have;
        for (const auto& entry : archive.stats)
            have += (have.empty() ? "" : ",") + entry.first;
        throw ConfigError("analysis: the archive has no statistic '" + stat +
                          "'; it has " + have +
                          " (choose with --stats or --stat; names in docs/archive.md)");
    }
    if (zone >= archive.zone_ids.size())
        throw ConfigError("analysis: zone index " + std::to_string(zone) +
                          " is not in the archive");
    MonthlySeries s;
    s.months = archive.months;
    s.status = archive.status;
    const bool has_cvg = archive.stats.count("zero_cvg_fraction") > 0;
    for (std::size_t m = 0; m < archive.months.size(); ++m) {
        s.value.push_back(archive.at(stat, m, zone));
        s.zero_cvg_fraction.push_back(has_cvg ? archive.at("zero_cvg_fraction", m, zone)
                                              : nan_value);
    }
    return s;
}

std::vector<MonthFlag> flag_months(const MonthlySeries& series, double gap_threshold)
{
    std::vector<MonthFlag> flags;
    for (std::size_t m = 0; m < series.months.size(); ++m) {
        if (series.status[m] != MonthStatus::Ok || std::isnan(series.value[m]))
            flags.push_back(MonthFlag::Missing);
        else if (series.zero_cvg_fraction[m] > gap_threshold) // NaN (no coverage band): not a gap
            flags.push_back(MonthFlag::Gap);
        else
            flags.push_back(MonthFlag::Observed);
    }
    return flags;
}

FilledSeries interpolate_gaps(const MonthlySeries& series, double gap_threshold)
{
    FilledSeries out;
    out.flag = flag_months(series, gap_threshold);
    const std::size_t n = series.months.size();
    out.value.assign(n, nan_value);
    out.interpolated.assign(n, false);
    long previous = -1; // last observed position
    for (std::size_t m = 0; m < n; ++m) {
        if (out.flag[m] != MonthFlag::Observed)
            continue;
        out.value[m] = series.value[m];
        if (previous >= 0 && std::size_t(previous) + 1 < m) {
            // Fill between the two observed neighbours, by month index (months may be absent).
            const double x0 = series.months[std::size_t(previous)].index();
            const double x1 = series.months[m].index();
            const double y0 = series.value[std::size_t(previous)], y1 = series.value[m];
            for (std::size_t k = std::size_t(previous) + 1; k < m; ++k) {
                const double t = (series.months[k].index() - x0) / (x1 - x0);
                out.value[k] = y0 + t * (y1 - y0);
                out.interpolated[k] = true;
            }
        }
        previous = long(m);
    }
    return out;
}

std::vector<Period> periods_by_year(const std::vector<YearMonth>& months)
{
    std::vector<Period> out;
    for (const auto& m : months)
        if (out.empty() || out.back().first.year() != m.year())
            out.push_back(
                {std::to_string(m.year()), YearMonth(m.year(), 1), YearMonth(m.year(), 12)});
    return out;
}

std::vector<Period> periods_by_quarter(const std::vector<YearMonth>& months)
{
    std::vector<Period> out;
    for (const auto& m : months) {
        const int q = (m.month() - 1) / 3;
        const YearMonth first(m.year(), 3 * q + 1);
        if (out.empty() || out.back().first != first)
            out.push_back({std::to_string(m.year()) + "Q" + std::to_string(q + 1), first,
                           YearMonth(m.year(), 3 * q + 3)});
    }
    return out;
}

std::vector<Period> parse_periods(const std::string& text)
{
    std::vector<Period> out;
    std::stringstream all(text);
    std::string entry;
    while (std::getline(all, entry, ',')) {
        if (entry.empty())
            continue;
        const auto eq = entry.find('=');
        const std::string range = eq == std::string::npos ? entry : entry.substr(eq + 1);
        const auto colon = range.find(':');
        if (colon == std::string::npos || (eq != std::string::npos && eq == 0))
            throw ConfigError("periods: '" + entry +
                              "' is not LABEL=YYYYMM:YYYYMM (e.g. "
                              "fy2014=201304:201403)");
        Period p;
        p.first = YearMonth::parse(range.substr(0, colon));
        p.last = YearMonth::parse(range.substr(colon + 1));
        if (p.last < p.first)
            throw ConfigError("periods: '" + entry + "' ends before it starts");
        p.label = eq == std::string::npos ? p.first.to_string() + "-" + p.last.to_string()
                                          : entry.substr(0, eq);
        // Labels name the rows of the aggregate file: two rows with one name cannot be told apart.
        for (const Period& before : out)
            if (before.label == p.label)
                throw ConfigError("periods: the label '" + p.label +
                                  "' is given twice; give each period its own label");
        out.push_back(p);
    }
    if (out.empty())
        throw ConfigError("periods: none given; write LABEL=YYYYMM:YYYYMM[,...]");
    return out;
}

Rollup roll_up(const MonthlySeries& series, const Period& period, int min_months,
               const UsableMonths& rule)
{
    const int needed = min_months > 0 ? min_months : period.months() / 2 + 1;
    const auto flags = flag_months(series, rule.gap_threshold);
    Rollup r;
    int in_archive = 0, gaps = 0;
    double total = 0;
    for (std::size_t m = 0; m < series.months.size(); ++m) {
        if (!period.contains(series.months[m]))
            continue;
        ++in_archive;
        gaps += flags[m] == MonthFlag::Gap ? 1 : 0;
        if (!usable(flags[m], rule))
            continue;
        ++r.months_used;
        total += series.value[m];
    }
    if (r.months_used >= needed && r.months_used > 0) {
        r.total = total;
        r.mean = total / r.months_used;
        return r;
    }
    r.total = r.mean = nan_value;
    std::ostringstream why;
    why << r.months_used << " usable month" << (r.months_used == 1 ? "" : "s") << " of "
        << period.months() << ", " << needed << " needed (" << period.months() - in_archive
        << " not in the archive, " << in_archive - r.months_used - (rule.use_gaps ? 0 : gaps)
        << " not ok";
    if (!rule.use_gaps)
        why << ", " << gaps << " gap" << (gaps == 1 ? "" : "s");
    why << ")";
    r.reason = why.str();
    return r;
}

std::optional<YearMonth> parse_event(const std::string& text, std::string* error)
{
    if (text.empty())
        return std::nullopt;
    auto digits = [&](std::size_t from, std::size_t n) {
        return text.size() >= from + n &&
               std::all_of(text.begin() + long(from), text.begin() + long(from + n),
                           [](char c) { return c >= '0' && c <= '9'; });
    };
    try {
        if (text.size() == 4 && digits(0, 4))
            return YearMonth(std::stoi(text), 1);
        if (text.size() == 6 && digits(0, 6))
            return YearMonth::parse(text);
        if ((text.size() == 7 || text.size() == 10) && digits(0, 4) && text[4] == '-' &&
            digits(5, 2) && (text.size() == 7 || (text[7] == '-' && digits(8, 2))))
            return YearMonth(std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)));
    } catch (const ConfigError&) {
        // a month 13 or 00: reported below
    }
    if (error)
        *error = "event '" + text + "' is not YYYY, YYYY-MM, YYYYMM or YYYY-MM-DD";
    return std::nullopt;
}

BeforeAfter before_after(const MonthlySeries& series, const std::optional<YearMonth>& event,
                         const UsableMonths& rule)
{
    BeforeAfter out;
    out.event = event;
    if (!event) {
        out.mean_before = out.mean_after = out.ratio = nan_value;
        out.slope_before = out.slope_after = nan_value;
        out.reason = "no event date for this zone";
        return out;
    }
    const auto flags = flag_months(series, rule.gap_threshold);
    std::vector<double> years[2], values[2]; // 0 before, 1 after
    for (std::size_t m = 0; m < series.months.size(); ++m) {
        if (!usable(flags[m], rule))
            continue;
        const int side = series.months[m] < *event ? 0 : 1;
        years[side].push_back(series.months[m].index() / 12.0);
        values[side].push_back(series.value[m]);
    }
    auto mean_of = [](const std::vector<double>& v) {
        double s = 0;
        for (double x : v)
            s += x;
        return v.empty() ? nan_value : s / double(v.size());
    };
    out.months_before = int(values[0].size());
    out.months_after = int(values[1].size());
    out.mean_before = mean_of(values[0]);
    out.mean_after = mean_of(values[1]);
    out.slope_before = slope_per_year(years[0], values[0]);
    out.slope_after = slope_per_year(years[1], values[1]);
    out.ratio = out.mean_before != 0.0 ? out.mean_after / out.mean_before : nan_value;
    const std::string at = event->to_string();
    if (out.months_before == 0)
        out.reason = append(out.reason, "no usable month before " + at);
    else if (out.months_before == 1)
        out.reason = append(out.reason, "one usable month before " + at + ": no trend");
    if (out.months_after == 0)
        out.reason = append(out.reason, "no usable month from " + at + " on");
    else if (out.months_after == 1)
        out.reason = append(out.reason, "one usable month from " + at + " on: no trend");
    if (out.months_before > 0 && out.mean_before == 0.0)
        out.reason = append(out.reason, "mean before is 0: no ratio");
    return out;
}

} // namespace sezu
