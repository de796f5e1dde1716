// The statistics chosen by name (--stats): weighted quantiles by hand (exactextract's
// definition), exact over any split of the cells, kept only when asked for; the coefficient of
// variation; the weight of +Inf/-Inf cells; the selection's names and errors.
#include "sezu/core/error.hpp"
#include "sezu/stats/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

using namespace sezu;

namespace {

StatsOptions asking_for(const std::string& list)
{
    StatsOptions o;
    o.statistics = StatSelection::parse(list);
    return o;
}

StatsAccumulator cells(const std::vector<double>& values, const std::vector<double>& weights,
                       const StatsOptions& options)
{
    StatsAccumulator acc;
    for (std::size_t i = 0; i < values.size(); ++i)
        acc.add(values[i], weights[i], -1, options);
    return acc;
}

} // namespace

TEST(Quantiles, EqualWeightsAreRsType7)
{
    // 1, 2, 3, 4: positions s_i = 4i (0, 4, 8, 12), h = q·12. Median: h = 6, halfway between
    // 2 and 3 = 2.5; q10: h = 1.2 -> 1 + 1.2/4 = 1.3; q90: h = 10.8 -> 3 + 2.8/4 = 3.7
    // (R's quantile(1:4, c(.1, .5, .9)) is 1.3, 2.5, 3.7).
    const StatsOptions o = asking_for("radiance_q10,radiance_median,radiance_q90");
    const ZoneStats s = ZoneStats::from(cells({4, 2, 1, 3}, {1, 1, 1, 1}, o), o.statistics);
    EXPECT_DOUBLE_EQ(s.value("radiance_q10"), 1.3);
    EXPECT_DOUBLE_EQ(s.value("radiance_median"), 2.5);
    EXPECT_DOUBLE_EQ(s.value("radiance_q90"), 3.7);
}

TEST(Quantiles, CoverageWeightsByHand)
{
    // Values 1, 3, 4 with weights 0.5, 1, 0.25: s_0 = 0, s_1 = 1·1 + 2·0.5 = 2,
    // s_2 = 2·0.25 + 2·1.5 = 3.5; Σw = 1.75, so h = q·2·1.75 = 3.5q.
    // Median: h = 1.75, between s_0 and s_1: 1 + 1.75·(3 − 1)/2 = 2.75.
    // q90: h = 3.15, between s_1 and s_2: 3 + 1.15·(4 − 3)/1.5 = 3 + 23/30.
    // q0 is the least value, q100 the greatest.
    const StatsOptions o = asking_for("radiance_q0,radiance_median,radiance_q90,radiance_q100");
    const ZoneStats s = ZoneStats::from(cells({3, 4, 1}, {1, 0.25, 0.5}, o), o.statistics);
    EXPECT_DOUBLE_EQ(s.value("radiance_median"), 2.75);
    EXPECT_DOUBLE_EQ(s.value("radiance_q90"), 3.0 + 23.0 / 30.0);
    EXPECT_DOUBLE_EQ(s.value("radiance_q0"), 1.0);
    EXPECT_DOUBLE_EQ(s.value("radiance_q100"), 4.0);
    // One cell: every quantile is its value; no cell: NaN.
    EXPECT_EQ(ZoneStats::from(cells({7}, {0.3}, o), o.statistics).value("radiance_median"), 7.0);
    EXPECT_TRUE(
        std::isnan(ZoneStats::from(StatsAccumulator{}, o.statistics).value("radiance_q90")));
}

TEST(Quantiles, MergedTilesGiveTheSingleAnswerExactly)
{
    // A zone straddling tiles: its cells arrive in parts, in any order, with ties.
    const StatsOptions o = asking_for("radiance_q10,radiance_median,radiance_q75");
    const std::vector<double> v = {5, 1, 5, 2, 9, 5, 0.5, 7, 2, 3};
    const std::vector<double> w = {0.2, 1, 0.7, 1, 0.1, 0.7, 1, 0.4, 0.3, 1};
    const ZoneStats one = ZoneStats::from(cells(v, w, o), o.statistics);
    StatsAccumulator a = cells({v.begin(), v.begin() + 4}, {w.begin(), w.begin() + 4}, o);
    StatsAccumulator b = cells({v.begin() + 4, v.begin() + 7}, {w.begin() + 4, w.begin() + 7}, o);
    StatsAccumulator c = cells({v.begin() + 7, v.end()}, {w.begin() + 7, w.end()}, o);
    StatsAccumulator cba = c;
    cba.merge(b);
    cba.merge(a);
    a.merge(b);
    a.merge(c);
    for (const char* q : {"radiance_q10", "radiance_median", "radiance_q75"}) {
        EXPECT_EQ(ZoneStats::from(a, o.statistics).value(q), one.value(q)) << q;
        EXPECT_EQ(ZoneStats::from(cba, o.statistics).value(q), one.value(q)) << q;
    }
}

TEST(Quantiles, KeptOnlyWhenAskedFor)
{
    // Accumulated with the default selection (no quantile), no value is kept: a quantile
    // asked for afterwards is undefined rather than computed from nothing.
    const StatsAccumulator plain = cells({1, 2, 3}, {1, 1, 1}, StatsOptions{});
    const StatSelection median = StatSelection::parse("radiance_median");
    EXPECT_TRUE(std::isnan(ZoneStats::from(plain, median).value("radiance_median")));
}

TEST(Stats, CoefficientOfVariationIsStdOverMean)
{
    // 2 (w 1), 4 (w 0.5), 10 (w 0.5): mean 4.5, variance (6.25 + 0.125 + 15.125)/2 = 10.75.
    const ZoneStats s = ZoneStats::from(cells({2, 4, 10}, {1, 0.5, 0.5}, StatsOptions{}));
    EXPECT_DOUBLE_EQ(s.cv, std::sqrt(10.75) / 4.5);
    EXPECT_DOUBLE_EQ(s.value("radiance_cv"), s.cv);
    // Mean 0: undefined.
    EXPECT_TRUE(std::isnan(ZoneStats::from(cells({-1, 1}, {1, 1}, StatsOptions{})).cv));
}

TEST(Stats, InfiniteCellsAreCountedApartAndNoDataIsNot)
{
    // Cells 1 (w 1), +Inf (w 0.5), -Inf (w 0.25), NaN (w 1), 2 (w 1): the infinities weigh
    // 0.75 in nonfinite_count and in nothing else; NaN is NoData.
    const float inf = std::numeric_limits<float>::infinity();
    RasterBlock block;
    block.window = {0, 0, 5, 1};
    block.value = {1.0f, inf, -inf, std::nanf(""), 2.0f};
    const Coverage coverage = Coverage::from_weights(block.window, {1, 0.5, 0.25, 1, 1});
    StatsAccumulator acc;
    accumulate(coverage, block, StatsOptions{}, acc);
    ZoneStats s = ZoneStats::from(acc);
    EXPECT_EQ(s.nonfinite_count, 0.75);
    EXPECT_EQ(s.count, 2.0);
    EXPECT_EQ(s.sum, 3.0);
    EXPECT_EQ(s.max, 2.0);
    // +Inf tagged as the band's NoData is NoData, not a non-finite value.
    block.has_nodata = true;
    block.nodata = double(inf);
    StatsAccumulator tagged;
    accumulate(coverage, block, StatsOptions{}, tagged);
    EXPECT_EQ(ZoneStats::from(tagged).nonfinite_count, 0.25);
    // Merging keeps them, also from a part with no finite cell.
    StatsAccumulator only_inf;
    only_inf.add_nonfinite(0.5);
    acc.merge(only_inf);
    EXPECT_EQ(ZoneStats::from(acc).nonfinite_count, 1.25);
    only_inf.merge(tagged);
    EXPECT_EQ(ZoneStats::from(only_inf).nonfinite_count, 0.75);
}

TEST(StatSelection, NamesLevelsAndErrors)
{
    // The default is the 16 statistics from before --stats, in their order.
    const StatSelection d;
    ASSERT_EQ(d.names().size(), 16u);
    for (std::size_t i = 0; i < 16; ++i)
        EXPECT_EQ(d.names()[i], ZoneStats::fields()[i].name);
    EXPECT_FALSE(d.needs_values());
    // Order kept, spaces and repeats dropped, quantiles spelt canonically.
    const StatSelection s = StatSelection::parse(
        " cell_count, sum_of_lights,radiance_q05,radiance_median,radiance_q90,radiance_q10,"
        "sum_of_lights,radiance_q2.5,radiance_cv");
    EXPECT_EQ(s.describe(), "cell_count,sum_of_lights,radiance_q5,radiance_median,radiance_q90,"
                            "radiance_q10,radiance_q2.5,radiance_cv");
    EXPECT_EQ(s.quantile_levels(), (std::vector<double>{0.025, 0.05, 0.1, 0.5, 0.9}));
    EXPECT_TRUE(s.needs_values());
    // The names used until 2026-12 stand for the new ones (old config files keep working).
    EXPECT_EQ(s, StatSelection::parse("count,sum,q5,median,q90,q10,q2.5,cv"));
    const std::string old_names = "count,sum,mean,min,max,std,sum_per_km2,skew,cv,q05";
    EXPECT_EQ(StatSelection::parse(old_names).describe(),
              "cell_count,sum_of_lights,radiance_mean,radiance_min,radiance_max,radiance_std,"
              "sum_of_lights_per_km2,radiance_skew,radiance_cv,radiance_q5");
    EXPECT_EQ(StatSelection::parse("sum,sum_of_lights,median,radiance_median").describe(),
              "sum_of_lights,radiance_median");
    // And back, to find the tables of an archive written before the rename.
    EXPECT_EQ(StatSelection::old_name("sum_of_lights"), "sum");
    EXPECT_EQ(StatSelection::old_name("sum_of_lights_per_km2"), "sum_per_km2");
    EXPECT_EQ(StatSelection::old_name("radiance_median"), "median");
    EXPECT_EQ(StatSelection::old_name("radiance_q2.5"), "q2.5");
    EXPECT_EQ(StatSelection::old_name("lit_count"), "");
    EXPECT_EQ(StatSelection::canonical_name("lit_count"), "lit_count");
    EXPECT_EQ(StatSelection::canonical_name("bogus"), "bogus");
    EXPECT_NE(s, d);
    std::ostringstream text;
    text << s;
    EXPECT_EQ(text.str(), s.describe());
    for (const char* bad : {"mode", "q101", "q", "q1.2.3", "q-5", "Median", "radiance_q101",
                            "radiance_mode", "radiance_radiance_q10", "radiance_sum"}) {
        try {
            StatSelection::parse(std::string("cell_count,") + bad);
            ADD_FAILURE() << bad << " was accepted";
        } catch (const ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find("unknown statistic '" + std::string(bad) + "'"),
                      std::string::npos)
                << e.what();
            EXPECT_NE(std::string(e.what()).find("nonfinite_count"), std::string::npos);
        }
    }
    EXPECT_THROW(StatSelection::parse(" , "), ConfigError);
}
