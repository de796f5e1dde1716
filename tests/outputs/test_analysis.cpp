// Analysis of a small synthetic archive whose answers are worked out by hand in the comments:
// gap flags and marked interpolation, roll-ups by year / quarter / custom periods, before/after.
// The same archive goes through the CLI commands (aggregate, gaps, before-after).
#include "sezu/outputs/analysis.hpp"
#include "sezu/archive/archive.hpp"
#include "sezu/core/error.hpp"
#include "sezu/archive/period_tables.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace sezu;

namespace {

const double nan_v = std::nan("");

// Months 2013-10 .. 2014-03; 2013-12 failed (every statistic NaN).
// Zone A (event 2014):  sum 10, 12, -, 20, 22, 24; zero_cvg 0, 0, -, 0.6 (a gap), 0, 0.
// Zone B (event "soon", not a date): sum 1 every month, zero_cvg 0.
// Zone C (event 2014): no cloud-free observation ever (zero_cvg 1): every ok month is a gap.
// Zone D (event 2013-11): sum 5 every month, zero_cvg 0.
ArchiveData synthetic()
{
    ArchiveData a;
    for (int ym : {201310, 201311, 201312, 201401, 201402, 201403})
        a.months.emplace_back(ym / 100, ym % 100);
    a.status = {MonthStatus::Ok,     MonthStatus::Ok, MonthStatus::Failed,
                MonthStatus::Ok,     MonthStatus::Ok, MonthStatus::Ok};
    a.reasons = {"", "", "download failed", "", "", ""};
    a.zone_ids = {"A", "B", "C", "D"};
    a.zone_names = {"Zone A", "", "", ""};
    a.zone_events = {"2014", "soon", "2014", "2013-11"};
    const std::vector<std::vector<double>> sum = {{10, 1, 7, 5}, {12, 1, 7, 5},
                                                  {nan_v, nan_v, nan_v, nan_v},
                                                  {20, 1, 7, 5}, {22, 1, 7, 5}, {24, 1, 7, 5}};
    const std::vector<std::vector<double>> zero = {{0, 0, 1, 0},   {0, 0, 1, 0},
                                                   {nan_v, nan_v, nan_v, nan_v},
                                                   {0.6, 0, 1, 0}, {0, 0, 1, 0}, {0, 0, 1, 0}};
    for (const auto& name : ZoneStats::names())
        a.stats[name].assign(a.months.size() * a.zone_ids.size(), nan_v);
    for (std::size_t m = 0; m < a.months.size(); ++m)
        for (std::size_t z = 0; z < a.zone_ids.size(); ++z) {
            a.stats["sum_of_lights"][m * 4 + z] = sum[m][z];
            a.stats["radiance_mean"][m * 4 + z] = sum[m][z] / 10.0; // 10 cells each
            a.stats["zero_cvg_fraction"][m * 4 + z] = zero[m][z];
        }
    return a;
}

// The synthetic archive as an HDF5 file, through the real writer.
void write_synthetic(const std::string& path)
{
    const ArchiveData a = synthetic();
    write_archive(path, a.zone_ids, results_from(a), RunProvenance{}, a.zone_names, a.zone_events);
}

const UsableMonths observed_only{};

} // namespace

TEST(Analysis, FlagsMonthsObservedGapOrMissing)
{
    const ArchiveData a = synthetic();
    using F = MonthFlag;
    EXPECT_EQ(flag_months(series_of(a, 0, "sum_of_lights"), 0.5),
              (std::vector<F>{F::Observed, F::Observed, F::Missing, F::Gap, F::Observed,
                              F::Observed}));
    // A threshold above 0.6 makes A's January observed; C's full gaps stay gaps below 1.
    EXPECT_EQ(flag_months(series_of(a, 0, "sum_of_lights"), 0.7)[3], F::Observed);
    EXPECT_EQ(flag_months(series_of(a, 2, "sum_of_lights"), 0.99)[0], F::Gap);
    EXPECT_EQ(flag_months(series_of(a, 2, "sum_of_lights"), 1.0)[0], F::Observed);
    EXPECT_THROW(series_of(a, 0, "brightness"), ConfigError);
    EXPECT_THROW(series_of(a, 9, "sum_of_lights"), ConfigError);
}

TEST(Analysis, InterpolationFillsBetweenObservedMonthsAndMarksIt)
{
    const FilledSeries f = interpolate_gaps(series_of(synthetic(), 0, "sum_of_lights"), 0.5);
    // Between 2013-11 (12) and 2014-02 (22): 2013-12 at 1/3, 2014-01 at 2/3 of the way.
    EXPECT_DOUBLE_EQ(f.value[2], 12 + 10.0 / 3);
    EXPECT_DOUBLE_EQ(f.value[3], 12 + 20.0 / 3);
    EXPECT_EQ(f.interpolated, (std::vector<bool>{false, false, true, true, false, false}));
    // Observed values are untouched, and the flags still say what the months were.
    EXPECT_EQ(f.value[0], 10);
    EXPECT_EQ(f.value[5], 24);
    EXPECT_EQ(f.flag[3], MonthFlag::Gap);
    // Nothing observed on one side: no value is invented.
    MonthlySeries edge;
    edge.months = {YearMonth(2015, 1), YearMonth(2015, 2), YearMonth(2015, 3)};
    edge.status = {MonthStatus::Failed, MonthStatus::Ok, MonthStatus::Failed};
    edge.value = {nan_v, 4, nan_v};
    edge.zero_cvg_fraction = {nan_v, 0, nan_v};
    const FilledSeries e = interpolate_gaps(edge, 0.5);
    EXPECT_TRUE(std::isnan(e.value[0]));
    EXPECT_TRUE(std::isnan(e.value[2]));
    EXPECT_EQ(e.interpolated, (std::vector<bool>{false, false, false}));
    // Months absent from the archive count by calendar distance: 2015-01 = 0, 2015-04 = 30.
    MonthlySeries holes;
    holes.months = {YearMonth(2015, 1), YearMonth(2015, 2), YearMonth(2015, 4)};
    holes.status = {MonthStatus::Ok, MonthStatus::NotPublished, MonthStatus::Ok};
    holes.value = {0, nan_v, 30};
    holes.zero_cvg_fraction = {0, nan_v, 0};
    EXPECT_DOUBLE_EQ(interpolate_gaps(holes, 0.5).value[1], 10.0);
}

TEST(Analysis, PeriodsByYearQuarterAndCustom)
{
    const auto months = synthetic().months;
    const auto years = periods_by_year(months);
    ASSERT_EQ(years.size(), 2u);
    EXPECT_EQ(years[0].label, "2013");
    EXPECT_EQ(years[0].months(), 12);
    EXPECT_EQ(years[1].last, YearMonth(2014, 12));
    const auto quarters = periods_by_quarter(months);
    ASSERT_EQ(quarters.size(), 2u);
    EXPECT_EQ(quarters[0].label, "2013Q4");
    EXPECT_EQ(quarters[1].label, "2014Q1");
    EXPECT_EQ(quarters[1].first, YearMonth(2014, 1));
    EXPECT_EQ(quarters[1].last, YearMonth(2014, 3));
    const auto custom = parse_periods("winter=201311:201402,201403:201403");
    ASSERT_EQ(custom.size(), 2u);
    EXPECT_EQ(custom[0].label, "winter");
    EXPECT_EQ(custom[0].months(), 4);
    EXPECT_EQ(custom[1].label, "201403-201403");
    EXPECT_THROW(parse_periods("winter=201402:201311"), ConfigError);
    EXPECT_THROW(parse_periods("winter"), ConfigError);
    EXPECT_THROW(parse_periods("x=201413:201501"), ConfigError);
    EXPECT_THROW(parse_periods(""), ConfigError);
}

TEST(Analysis, RollUpsByHand)
{
    const ArchiveData a = synthetic();
    const auto years = periods_by_year(a.months);
    const MonthlySeries za = series_of(a, 0, "sum_of_lights");
    // Default: more than half of 12 months = 7 needed; A has 2 usable in 2013.
    Rollup r = roll_up(za, years[0], 0, observed_only);
    EXPECT_TRUE(std::isnan(r.total));
    EXPECT_TRUE(std::isnan(r.mean));
    EXPECT_EQ(r.months_used, 2);
    EXPECT_EQ(r.reason, "2 usable months of 12, 7 needed (9 not in the archive, 1 not ok, 0 gaps)");
    // With 2 needed: 2013 = 10 + 12; 2014 = 22 + 24 (January is a gap).
    r = roll_up(za, years[0], 2, observed_only);
    EXPECT_EQ(r.total, 22);
    EXPECT_EQ(r.mean, 11);
    EXPECT_EQ(r.reason, "");
    r = roll_up(za, years[1], 2, observed_only);
    EXPECT_EQ(r.total, 46);
    EXPECT_EQ(r.mean, 23);
    EXPECT_EQ(r.months_used, 2);
    // Gaps used on request: 20 + 22 + 24.
    UsableMonths with_gaps;
    with_gaps.use_gaps = true;
    r = roll_up(za, years[1], 2, with_gaps);
    EXPECT_EQ(r.total, 66);
    EXPECT_EQ(r.mean, 22);
    EXPECT_EQ(r.months_used, 3);
    // Zone C has no observed month at all.
    r = roll_up(series_of(a, 2, "sum_of_lights"), years[1], 1, observed_only);
    EXPECT_TRUE(std::isnan(r.mean));
    EXPECT_EQ(r.reason, "0 usable months of 12, 1 needed (9 not in the archive, 0 not ok, 3 gaps)");
    // Quarters: 2 of 3 months needed by default.
    const auto quarters = periods_by_quarter(a.months);
    r = roll_up(za, quarters[0], 0, observed_only);
    EXPECT_EQ(r.mean, 11);
    r = roll_up(series_of(a, 3, "radiance_mean"), quarters[1], 0, observed_only);
    EXPECT_DOUBLE_EQ(r.total, 1.5); // D's mean radiance 0.5 in each of the 3 months
}

TEST(Analysis, EventDates)
{
    EXPECT_EQ(parse_event("2014"), YearMonth(2014, 1));
    EXPECT_EQ(parse_event("2014-05"), YearMonth(2014, 5));
    EXPECT_EQ(parse_event("201405"), YearMonth(2014, 5));
    EXPECT_EQ(parse_event("2014-05-17"), YearMonth(2014, 5));
    EXPECT_FALSE(parse_event(""));
    std::string error;
    EXPECT_FALSE(parse_event("soon", &error));
    EXPECT_EQ(error, "event 'soon' is not YYYY, YYYY-MM, YYYYMM or YYYY-MM-DD");
    EXPECT_FALSE(parse_event("2014-13", &error));
    EXPECT_FALSE(parse_event("14", &error));
}

TEST(Analysis, BeforeAfterByHand)
{
    const ArchiveData a = synthetic();
    // A, event 2014-01. Before: 10 (2013-10), 12 (2013-11): mean 11, +2 a month = 24 a year.
    // After: 22 (2014-02), 24 (2014-03) (January is a gap): mean 23, 24 a year.
    BeforeAfter r =
        before_after(series_of(a, 0, "sum_of_lights"), parse_event("2014"), observed_only);
    EXPECT_EQ(r.months_before, 2);
    EXPECT_EQ(r.months_after, 2);
    EXPECT_DOUBLE_EQ(r.mean_before, 11);
    EXPECT_DOUBLE_EQ(r.mean_after, 23);
    EXPECT_DOUBLE_EQ(r.ratio, 23.0 / 11.0);
    EXPECT_NEAR(r.slope_before, 24, 1e-9);
    EXPECT_NEAR(r.slope_after, 24, 1e-9);
    EXPECT_EQ(r.reason, "");
    // With the gap: after = 20, 22, 24 at 2014-01..03: mean 22, still +24 a year.
    UsableMonths with_gaps;
    with_gaps.use_gaps = true;
    r = before_after(series_of(a, 0, "sum_of_lights"), parse_event("2014"), with_gaps);
    EXPECT_EQ(r.months_after, 3);
    EXPECT_DOUBLE_EQ(r.mean_after, 22);
    EXPECT_NEAR(r.slope_after, 24, 1e-9);
    // D, event 2013-11: one month before (no trend), flat after.
    r = before_after(series_of(a, 3, "sum_of_lights"), parse_event("2013-11"), observed_only);
    EXPECT_EQ(r.months_before, 1);
    EXPECT_EQ(r.months_after, 4);
    EXPECT_DOUBLE_EQ(r.ratio, 1.0);
    EXPECT_TRUE(std::isnan(r.slope_before));
    EXPECT_NEAR(r.slope_after, 0.0, 1e-12);
    EXPECT_EQ(r.reason, "one usable month before 201311: no trend");
    // C: never observed.
    r = before_after(series_of(a, 2, "sum_of_lights"), parse_event("2014"), observed_only);
    EXPECT_TRUE(std::isnan(r.mean_before));
    EXPECT_TRUE(std::isnan(r.ratio));
    EXPECT_EQ(r.reason, "no usable month before 201401; no usable month from 201401 on");
    // No event.
    r = before_after(series_of(a, 1, "sum_of_lights"), std::nullopt, observed_only);
    EXPECT_TRUE(std::isnan(r.mean_after));
    EXPECT_EQ(r.reason, "no event date for this zone");
}

TEST(AnalysisCli, AggregateWritesAPeriodFileWithReasons)
{
    test::TempDir dir;
    write_synthetic(dir.file("a.h5"));
    const auto run = test::run_command(std::string(SEZU_BINARY) + " aggregate " + dir.file("a.h5") +
                                       " --by year --min-months 2 --stats sum,mean");
    // (The old names sum and mean stand for sum_of_lights and radiance_mean.)
    ASSERT_EQ(run.status, 0) << run.output;
    const PeriodTables t = read_period_tables(dir.file("a.by-year.h5"));
    EXPECT_EQ(t.period_labels, (std::vector<std::string>{"2013", "2014"}));
    EXPECT_EQ(t.period_first, (std::vector<int>{201301, 201401}));
    EXPECT_EQ(t.period_last, (std::vector<int>{201312, 201412}));
    EXPECT_EQ(t.zone_ids, (std::vector<std::string>{"A", "B", "C", "D"}));
    EXPECT_EQ(t.at("sum_of_lights_total", 0, 0), 22);
    EXPECT_EQ(t.at("sum_of_lights_mean", 1, 0), 23);
    EXPECT_EQ(t.at("sum_of_lights_months_used", 1, 0), 2);
    EXPECT_DOUBLE_EQ(t.at("radiance_mean_mean", 1, 0), 2.3);
    EXPECT_EQ(t.at("sum_of_lights_total", 1, 1), 3); // B: 1 in each of 2014's three months
    EXPECT_TRUE(std::isnan(t.at("sum_of_lights_mean", 1, 2)));
    EXPECT_EQ(t.texts.at("sum_of_lights_reason")[1 * 4 + 2],
              "0 usable months of 12, 2 needed (9 not in the archive, 0 not ok, 3 gaps)");
    EXPECT_EQ(t.texts.at("sum_of_lights_reason")[1 * 4 + 0], "");
    EXPECT_EQ(t.attributes.at("by"), "year");
    EXPECT_EQ(t.attributes.at("statistics"), "sum_of_lights,radiance_mean");
    EXPECT_EQ(t.attributes.at("min_months"), "2");

    // netCDF4 sees the dimensions (when the Debian module is there, as install-deps makes sure).
    const auto py = test::run_command(
        "/usr/bin/python3 -c \"import netCDF4; d = netCDF4.Dataset('" + dir.file("a.by-year.h5") +
        "'); v = d['sum_of_lights_total']; print(v.dimensions, float(v[0, 0]))\"");
    ASSERT_EQ(py.status, 0) << py.output;
    EXPECT_NE(py.output.find("('period', 'zone') 22.0"), std::string::npos) << py.output;

    // Bad input: one message, non-zero exit, nothing written.
    const auto bad = test::run_command(std::string(SEZU_BINARY) + " aggregate " +
                                       dir.file("a.h5") + " --by decade -o " + dir.file("x.h5"));
    EXPECT_EQ(bad.status, 2) << bad.output;
    EXPECT_NE(bad.output.find("--by must be year, quarter or periods"), std::string::npos);
    EXPECT_EQ(test::list_dir(dir.path()), (std::vector<std::string>{"a.by-year.h5", "a.h5"}));
    const auto periods = test::run_command(std::string(SEZU_BINARY) + " aggregate " +
                                           dir.file("a.h5") + " --by periods --periods "
                                           "winter=201311:201402 -o " + dir.file("w.h5"));
    ASSERT_EQ(periods.status, 0) << periods.output;
    const PeriodTables w = read_period_tables(dir.file("w.h5"));
    // Winter = 4 months, 3 needed; A has 2013-11 and 2014-02 only: NaN.
    EXPECT_TRUE(std::isnan(w.at("sum_of_lights_mean", 0, 0)));
    EXPECT_EQ(w.at("sum_of_lights_mean", 0, 3), 5); // D: 2013-11, 2014-01, 2014-02
}

TEST(AnalysisCli, GapsAndBeforeAfterAsCsv)
{
    test::TempDir dir;
    write_synthetic(dir.file("a.h5"));
    const auto gaps = test::run_command(std::string(SEZU_BINARY) + " gaps " + dir.file("a.h5") +
                                        " --interpolate -o " + dir.file("g.csv"));
    ASSERT_EQ(gaps.status, 0) << gaps.output;
    std::istringstream lines(test::read_text(dir.file("g.csv")));
    std::string line;
    std::vector<std::string> all;
    while (std::getline(lines, line))
        all.push_back(line);
    ASSERT_EQ(all.size(), 1u + 6 * 4);
    EXPECT_EQ(all[0],
              "month,zone,zone_name,status,zero_cvg_fraction,flag,sum_of_lights,"
              "sum_of_lights_filled,interpolated");
    EXPECT_EQ(all[1], "201310,A,Zone A,ok,0,observed,10,10,0");
    EXPECT_EQ(all[3], "201312,A,Zone A,failed,nan,missing,nan,15.333333333333332,1");
    EXPECT_EQ(all[4], "201401,A,Zone A,ok,0.59999999999999998,gap,20,18.666666666666664,1");

    const auto ba = test::run_command(std::string(SEZU_BINARY) + " before-after " +
                                      dir.file("a.h5") + " -o " + dir.file("b.csv"));
    ASSERT_EQ(ba.status, 0) << ba.output;
    const std::string text = test::read_text(dir.file("b.csv"));
    EXPECT_NE(text.find("zone,zone_name,event,first_month_after,months_before,months_after,mean_before,"
                        "mean_after,ratio,slope_before_per_year,slope_after_per_year,reason\n"),
              std::string::npos);
    EXPECT_NE(text.find("\nA,Zone A,2014,201401,2,2,11,23,2.0909090909090908,"), std::string::npos)
        << text;
    // A reason with commas is quoted.
    EXPECT_NE(text.find("\nB,,soon,,0,0,nan,nan,nan,nan,nan,\"event 'soon' is not YYYY, YYYY-MM, "
                        "YYYYMM or YYYY-MM-DD\"\n"),
              std::string::npos)
        << text;
}
