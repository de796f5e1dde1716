#pragma once
/// Analysis of an archive's series, without touching rasters: which months are usable, gaps and
/// their (always marked) interpolation, roll-ups over years, quarters or the user's periods, and
/// before/after an event such as the year a zone was established. Pure computation over values
/// read from the archive. Definitions: docs/analysis.md.
#include "sezu/archive/archive.hpp"
#include "sezu/core/months.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sezu {

/// One statistic of one zone, month by month, with what decides whether a month is usable.
struct MonthlySeries {
    std::vector<YearMonth> months; ///< oldest first
    std::vector<MonthStatus> status;
    std::vector<double> value; ///< NaN where the month is not ok
    std::vector<double> zero_cvg_fraction;
};

/// The series of statistic `stat` of zone `zone` (index) of an archive. Throws ConfigError when
/// the archive has no such statistic or zone.
MonthlySeries series_of(const ArchiveData& archive, std::size_t zone, const std::string& stat);

/// How a month of a zone's series can be used.
enum class MonthFlag : signed char {
    Observed = 0, ///< status ok, a value, enough cloud-free coverage
    Gap = 1,      ///< status ok, but zero_cvg_fraction > the gap threshold (mostly unobserved)
    Missing = 2,  ///< not ok (failed, incomplete, not published) or no value
};
std::string to_string(MonthFlag flag);

/// Which months count. A gap is a month whose zone has no cloud-free observation over more than
/// `gap_threshold` of its area; gaps are used only when `use_gaps` (missing months never are).
struct UsableMonths {
    double gap_threshold = 0.5;
    bool use_gaps = false;
};

/// The flag of every month of `series`.
std::vector<MonthFlag> flag_months(const MonthlySeries& series, double gap_threshold);

/// A series with gap and missing months filled by linear interpolation (in month index) between
/// the nearest observed months on both sides. Months with no observed month on one side stay NaN.
/// Observed values are never changed; every filled value is marked.
struct FilledSeries {
    std::vector<double> value;
    std::vector<MonthFlag> flag;
    std::vector<bool> interpolated;
};
FilledSeries interpolate_gaps(const MonthlySeries& series, double gap_threshold);

/// An inclusive run of months with a label ("2017", "2017Q3", or the user's name).
struct Period {
    std::string label;
    YearMonth first, last;
    int months() const { return last.index() - first.index() + 1; }
    bool contains(const YearMonth& m) const { return first <= m && m <= last; }
};

/// Calendar years / quarters touched by `months`, whole (a year is always 12 months, so a span
/// that covers part of a year shows the rest as months not in the archive).
std::vector<Period> periods_by_year(const std::vector<YearMonth>& months);
std::vector<Period> periods_by_quarter(const std::vector<YearMonth>& months);
/// "label=YYYYMM:YYYYMM,label2=YYYYMM:YYYYMM" (label optional: defaults to "YYYYMM-YYYYMM").
/// Throws ConfigError naming the bad entry.
std::vector<Period> parse_periods(const std::string& text);

/// A roll-up of one zone over one period.
struct Rollup {
    int months_used = 0;
    double total = 0;   ///< Σ of the usable months' values (NaN when too few)
    double mean = 0;    ///< mean of the usable months' values (NaN when too few)
    std::string reason; ///< why total/mean are NaN; empty otherwise
};

/// `min_months` usable months are needed; 0 means more than half of the period's months.
Rollup roll_up(const MonthlySeries& series, const Period& period, int min_months,
               const UsableMonths& usable);

/// Mean monthly value and least-squares trend on each side of an event month.
struct BeforeAfter {
    std::optional<YearMonth> event; ///< first month of "after"; none: no event
    int months_before = 0, months_after = 0;
    double mean_before = 0, mean_after = 0;
    double ratio = 0;                         ///< mean_after / mean_before
    double slope_before = 0, slope_after = 0; ///< value units per year
    std::string reason; ///< why some figures are NaN; empty when all are there
};

/// Parses a zone's event property: "YYYY" (then January), "YYYY-MM", "YYYYMM", or a date
/// "YYYY-MM-DD" (its month). Empty text: none. Anything else: none, with `error` set.
std::optional<YearMonth> parse_event(const std::string& text, std::string* error = nullptr);

/// Before = usable months < event, after = usable months >= event. A side needs 1 month for its
/// mean and 2 for its slope; the ratio needs both means and a non-zero mean before.
BeforeAfter before_after(const MonthlySeries& series, const std::optional<YearMonth>& event,
                         const UsableMonths& usable);

} // namespace sezu
