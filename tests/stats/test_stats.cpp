#include "sezu/stats/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>

using namespace sezu;

namespace {

StatsAccumulator from_cells(const std::vector<double>& values, const std::vector<double>& weights,
                            const std::vector<int>& cvg = {})
{
    StatsAccumulator acc;
    for (std::size_t i = 0; i < values.size(); ++i)
        acc.add(values[i], weights[i], cvg.empty() ? -1 : cvg[i], StatsOptions{});
    return acc;
}

void expect_rel(double expected, double actual, double rel = 1e-12)
{
    EXPECT_NEAR(actual, expected, rel * std::max(1.0, std::abs(expected)));
}

} // namespace

TEST(Stats, WeightedMomentsByHand)
{
    // Cells 2 (w 1), 4 (w 0.5), 10 (w 0.5): Σw = 2, Σwv = 2 + 2 + 5 = 9, mean 4.5,
    // Σw(v-m)² = 6.25 + 0.125 + 15.125 = 21.5, variance 10.75.
    const ZoneStats s = ZoneStats::from(from_cells({2, 4, 10}, {1, 0.5, 0.5}));
    EXPECT_DOUBLE_EQ(s.count, 2.0);
    EXPECT_DOUBLE_EQ(s.sum, 9.0);
    EXPECT_DOUBLE_EQ(s.mean, 4.5);
    EXPECT_DOUBLE_EQ(s.min, 2.0);
    EXPECT_DOUBLE_EQ(s.max, 10.0);
    EXPECT_DOUBLE_EQ(s.std, std::sqrt(10.75));
    EXPECT_DOUBLE_EQ(s.valid_count, 2.0); // no coverage band: every cell counts as valid
    EXPECT_TRUE(std::isnan(s.cvg_mean));
    EXPECT_TRUE(std::isnan(s.cvg_min));
    EXPECT_TRUE(std::isnan(s.zero_cvg_fraction));
}

TEST(Stats, CountsAndCoverageBand)
{
    StatsOptions opt;
    opt.lit_threshold = 1.0;
    StatsAccumulator acc;
    acc.add(-0.5, 1.0, 0, opt);  // negative, gap
    acc.add(0.8, 0.5, 3, opt);   // not lit
    acc.add(5.0, 0.25, 7, opt);  // lit
    acc.add(1.0, 0.25, 2, opt);  // exactly the threshold: not lit
    const ZoneStats s = ZoneStats::from(acc);
    EXPECT_DOUBLE_EQ(s.count, 2.0);
    EXPECT_DOUBLE_EQ(s.valid_count, 1.0);
    EXPECT_DOUBLE_EQ(s.negative_count, 1.0);
    EXPECT_DOUBLE_EQ(s.lit_count, 0.25);
    EXPECT_DOUBLE_EQ(s.lit_fraction, 0.125);
    EXPECT_DOUBLE_EQ(s.cvg_mean, (0 + 1.5 + 1.75 + 0.5) / 2.0);
    EXPECT_DOUBLE_EQ(s.cvg_min, 0.0);
    EXPECT_DOUBLE_EQ(s.zero_cvg_fraction, 0.5);
}

TEST(Stats, EmptyZoneIsZeroCountAndNan)
{
    const ZoneStats s = ZoneStats::from(StatsAccumulator{});
    EXPECT_EQ(s.count, 0.0);
    EXPECT_EQ(s.sum, 0.0);
    EXPECT_EQ(s.valid_count, 0.0);
    EXPECT_TRUE(std::isnan(s.mean));
    EXPECT_TRUE(std::isnan(s.min));
    EXPECT_TRUE(std::isnan(s.max));
    EXPECT_TRUE(std::isnan(s.std));
    EXPECT_TRUE(std::isnan(s.lit_fraction));
    StatsAccumulator acc;
    acc.add(3.0, 0.0, -1, StatsOptions{}); // weight 0 is not a cell
    EXPECT_TRUE(std::isnan(ZoneStats::from(acc).min));
}

TEST(Stats, NamesAndValuesAgree)
{
    const auto& names = ZoneStats::names();
    ASSERT_EQ(names.size(), 18u);
    EXPECT_EQ(names.front(), "cell_count");
    EXPECT_EQ(names[2], "sum_of_lights");
    EXPECT_EQ(names[3], "radiance_mean");
    EXPECT_EQ(names[4], "radiance_min");
    EXPECT_EQ(names[5], "radiance_max");
    EXPECT_EQ(names[6], "radiance_std");
    EXPECT_EQ(names[12], "zero_cvg_fraction");
    EXPECT_EQ(names[14], "sum_of_lights_per_km2");
    EXPECT_EQ(names[15], "radiance_skew");
    EXPECT_EQ(names[16], "radiance_cv");
    EXPECT_EQ(names.back(), "nonfinite_count");
    const ZoneStats s = ZoneStats::from(from_cells({1, 3}, {1, 1}, {4, 0}));
    EXPECT_EQ(s.value("cell_count"), s.count);
    EXPECT_EQ(s.value("valid_count"), s.valid_count);
    EXPECT_EQ(s.value("radiance_mean"), s.mean);
    EXPECT_EQ(s.value("radiance_std"), s.std);
    EXPECT_EQ(s.value("zero_cvg_fraction"), s.zero_cvg_fraction);
    EXPECT_EQ(s.value("radiance_skew"), s.skew);
    EXPECT_TRUE(std::isnan(s.value("radiance_median"))); // a quantile not computed
    EXPECT_THROW(s.value("mode"), std::out_of_range);
    // The old names of fields are StatSelection's business (canonical_name), not value's.
    EXPECT_THROW(s.value("sum"), std::out_of_range);
    // Every name reads and writes its own field: setting each to a distinct value by name and
    // reading the fields directly gives those values back.
    ZoneStats t;
    for (std::size_t i = 0; i < names.size(); ++i)
        t.set(names[i], double(i) + 0.5);
    EXPECT_EQ(t.count, 0.5);
    EXPECT_EQ(t.sum, 2.5);
    EXPECT_EQ(t.mean, 3.5);
    EXPECT_EQ(t.area_km2, 13.5);
    EXPECT_EQ(t.skew, 15.5);
    EXPECT_EQ(t.nonfinite_count, 17.5);
    t.set("radiance_q10", 1.25);
    EXPECT_EQ(t.value("radiance_q10"), 1.25);
    for (std::size_t i = 0; i < names.size(); ++i)
        EXPECT_EQ(ZoneStats::fields()[i].name, names[i]);
}

TEST(Stats, EqualityTreatsUndefinedAsTheSameAndPrintsEveryStatistic)
{
    const ZoneStats a = ZoneStats::from(from_cells({1, 3}, {1, 1}, {4, 0}));
    ZoneStats b = a;
    EXPECT_EQ(a, b);
    EXPECT_TRUE(std::isnan(ZoneStats::from(StatsAccumulator{}).mean));
    EXPECT_EQ(ZoneStats::from(StatsAccumulator{}), ZoneStats::from(StatsAccumulator{})); // NaNs
    b.skew = 1e-300;
    EXPECT_NE(a, b);
    std::ostringstream text;
    text << a;
    EXPECT_EQ(
        text.str().rfind("ZoneStats{cell_count=2 valid_count=1 sum_of_lights=4 radiance_mean=2 ",
                         0),
        0u)
        << text.str();
    EXPECT_NE(text.str().find(" radiance_skew=0 radiance_cv=0.5 nonfinite_count=0}"),
              std::string::npos)
        << text.str(); // 1 and 3: symmetric; std 1 / mean 2
    text.str("");
    text << ZoneStats::from(StatsAccumulator{});
    EXPECT_NE(text.str().find(" radiance_mean=nan "), std::string::npos) << text.str();
    StatsOptions o;
    EXPECT_EQ(o, StatsOptions{});
    o.zero_is_nodata = true;
    EXPECT_NE(o, StatsOptions{});
    text.str("");
    text << o;
    EXPECT_EQ(text.str(), o.describe() + " statistics=" + StatSelection().describe());
}

TEST(Stats, SkewnessByHand)
{
    // Cells 0, 0, 0, 3 (a Bernoulli shape with p = 1/4): mean 0.75, m2 = 27/16, m3 = 81/32,
    // skew = m3 / m2^1.5 = (1 - 2p) / sqrt(p (1 - p)) = 2 / sqrt(3).
    const ZoneStats s = ZoneStats::from(from_cells({0, 0, 0, 3}, {1, 1, 1, 1}));
    EXPECT_NEAR(s.skew, 2.0 / std::sqrt(3.0), 1e-15);
    // Weights are cell fractions: 0 with weight 1.5 and 3 with weight 0.5 is the same distribution.
    EXPECT_NEAR(ZoneStats::from(from_cells({3, 0}, {0.5, 1.5})).skew, 2.0 / std::sqrt(3.0), 1e-15);
    // Mirrored values flip the sign; a symmetric set has none.
    EXPECT_NEAR(ZoneStats::from(from_cells({0, 3, 3, 3}, {1, 1, 1, 1})).skew, -2.0 / std::sqrt(3.0),
                1e-15);
    EXPECT_NEAR(ZoneStats::from(from_cells({1, 2, 3}, {1, 1, 1})).skew, 0.0, 1e-15);
    // Cells 2 (w 1), 4 (w 0.5), 10 (w 0.5), mean 4.5: Σw(v-m)³ = -15.625 - 0.0625 + 83.1875 = 67.5,
    // m3 = 33.75, m2 = 10.75.
    EXPECT_NEAR(ZoneStats::from(from_cells({2, 4, 10}, {1, 0.5, 0.5})).skew,
                33.75 / std::pow(10.75, 1.5), 1e-14);
    // Equal values: no spread, the standardized moment is 0/0.
    EXPECT_TRUE(std::isnan(ZoneStats::from(from_cells({0.3, 0.3, 0.3}, {1, 0.2, 0.7})).skew));
    EXPECT_TRUE(std::isnan(ZoneStats::from(from_cells({5}, {1})).skew));
    EXPECT_TRUE(std::isnan(ZoneStats::from(StatsAccumulator{}).skew));
}

TEST(Stats, ZeroIsNodataSkipsZeroRadiance)
{
    // The seed's convention: radiance 0 is not a cell. Cells 0, 2, 4 in a 3x1 block.
    const Coverage cov = Coverage::from_weights(Window{0, 0, 3, 1}, {1, 1, 0.5});
    RasterBlock block;
    block.window = cov.window;
    block.value = {0.0f, 2.0f, 4.0f};
    StatsOptions keep, skip;
    skip.zero_is_nodata = true;
    StatsAccumulator a, b;
    accumulate(cov, block, keep, a);
    accumulate(cov, block, skip, b);
    EXPECT_DOUBLE_EQ(ZoneStats::from(a).count, 2.5);
    EXPECT_DOUBLE_EQ(ZoneStats::from(a).mean, 4.0 / 2.5);
    EXPECT_DOUBLE_EQ(ZoneStats::from(b).count, 1.5);
    EXPECT_DOUBLE_EQ(ZoneStats::from(b).mean, 4.0 / 1.5);
    EXPECT_NE(keep.describe(), skip.describe());
    EXPECT_EQ(skip.describe(), "lit_threshold=0.5 zero_is_nodata=true");
}

TEST(Stats, MergeOfPartitionsEqualsOnePass)
{
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> value(-1.5, 3000.0);
    std::uniform_real_distribution<double> weight(0.01, 1.0);
    std::uniform_int_distribution<int> cvg(0, 20);
    const std::size_t n = 10000;
    std::vector<double> v(n), w(n);
    std::vector<int> c(n);
    for (std::size_t i = 0; i < n; ++i) {
        // An offset makes naive Σv² formulas lose digits; cubing makes the values skewed, as
        // radiance is (a few bright cells, many dark ones).
        const double u = value(rng) / 3000.0;
        v[i] = 1e4 + 3000.0 * u * u * u;
        w[i] = weight(rng);
        c[i] = cvg(rng);
    }
    const ZoneStats one = ZoneStats::from(from_cells(v, w, c));
    for (std::size_t parts : {2u, 4u}) {
        std::vector<StatsAccumulator> accs(parts);
        for (std::size_t i = 0; i < n; ++i)
            accs[(i * 7) % parts].add(v[i], w[i], c[i], StatsOptions{});
        // Merge as a tree for 4 parts ((0+1)+(2+3)) and linearly for 2: both must agree.
        StatsAccumulator merged;
        if (parts == 4) {
            accs[0].merge(accs[1]);
            accs[2].merge(accs[3]);
            merged = accs[2];
            merged.merge(accs[0]);
        } else {
            merged.merge(accs[0]);
            merged.merge(accs[1]);
        }
        const ZoneStats m = ZoneStats::from(merged);
        for (const std::string& name : ZoneStats::names()) {
            SCOPED_TRACE(name + " with " + std::to_string(parts) + " parts");
            expect_rel(one.value(name), m.value(name));
        }
    }
    // Merging an empty accumulator changes nothing, in either direction.
    StatsAccumulator a = from_cells({1, 2}, {1, 1}), empty;
    a.merge(empty);
    empty.merge(a);
    EXPECT_DOUBLE_EQ(ZoneStats::from(empty).std, 0.5);
    EXPECT_DOUBLE_EQ(ZoneStats::from(a).mean, 1.5);
}

TEST(Stats, AccumulateUsesCoverageWindowAndSkipsNoData)
{
    // Coverage over cells (1..2, 1..2) of a 4x4 grid; the block covers rows 0..3, cols 1..3.
    const Coverage cov = Coverage::from_weights({1, 1, 2, 2}, {1.0, 0.5, 0.0, 0.25});
    RasterBlock block;
    block.window = {1, 0, 3, 4};
    block.value = {
        9, 9, 9,   // row 0: outside the coverage
        2, 4, 9,   // row 1: (1,1) w 1, (2,1) w 0.5
        7, -9, 9,  // row 2: (1,2) w 0, (2,2) NoData
        9, 9, 9,
    };
    block.has_nodata = true;
    block.nodata = -9;
    StatsAccumulator acc;
    accumulate(cov, block, StatsOptions{}, acc);
    const ZoneStats s = ZoneStats::from(acc);
    EXPECT_DOUBLE_EQ(s.count, 1.5);
    EXPECT_DOUBLE_EQ(s.sum, 4.0);
    EXPECT_DOUBLE_EQ(s.min, 2.0);
    EXPECT_DOUBLE_EQ(s.max, 4.0);

    // Two blocks that tile the window give the same answer as one.
    RasterBlock top = block, bottom = block;
    top.window = {1, 0, 3, 2};
    top.value.resize(6);
    bottom.window = {1, 2, 3, 2};
    bottom.value.assign(block.value.begin() + 6, block.value.end());
    StatsAccumulator split;
    accumulate(cov, top, StatsOptions{}, split);
    accumulate(cov, bottom, StatsOptions{}, split);
    EXPECT_DOUBLE_EQ(ZoneStats::from(split).sum, 4.0);
    EXPECT_DOUBLE_EQ(ZoneStats::from(split).count, 1.5);
}

TEST(Area, ZoneAreaSetsSumPerKm2)
{
    // (The area itself: tests/zones/test_cell_area.cpp.)
    const double area = 12.5;
    ZoneStats s;
    s.sum = 30;
    s.set_area(area);
    EXPECT_DOUBLE_EQ(s.sum_per_km2, 30 / area);
    s.set_area(0);
    EXPECT_TRUE(std::isnan(s.sum_per_km2));
}
