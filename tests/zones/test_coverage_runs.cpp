// Coverage as runs per row (issue 21): compact for large zones, the same weights and the same
// statistics as the cells one by one.
#include "coverage_cases.hpp"

#include "sezu/stats/stats.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>

namespace sezu {
namespace {

using coverage_test::box;
using coverage_test::random_ring;

long peak_rss_mb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024; // Linux: kilobytes
}

TEST(CoverageRuns, FromWeightsKeepsCoveredCellsAndJoinsEqualNeighbours)
{
    const Window w{10, 20, 4, 2};
    const Coverage cov = Coverage::from_weights(w, {0, 1, 1, 0.5, 0.25, 0.25, 0, 1});
    ASSERT_EQ(cov.row_start, (std::vector<std::size_t>{0, 2, 4}));
    EXPECT_EQ(cov.runs[0], (CoverageRun{1, 2, 1.0}));
    EXPECT_EQ(cov.runs[1], (CoverageRun{3, 1, 0.5}));
    EXPECT_EQ(cov.runs[2], (CoverageRun{0, 2, 0.25}));
    EXPECT_EQ(cov.runs[3], (CoverageRun{3, 1, 1.0}));
    EXPECT_EQ(cov.weights(), (std::vector<double>{0, 1, 1, 0.5, 0.25, 0.25, 0, 1}));
    EXPECT_EQ(cov.at(11, 20), 1.0);
    EXPECT_EQ(cov.at(10, 20), 0.0);
    EXPECT_EQ(cov.at(13, 21), 1.0);
    EXPECT_EQ(cov.at(14, 21), 0.0); // east of the window
    EXPECT_EQ(cov.at(11, 22), 0.0); // south of it
    EXPECT_THROW(Coverage::from_weights(w, {1, 1}), std::invalid_argument);
}

TEST(CoverageRuns, ForEachRunClipsToTheColumnsAsked)
{
    const Coverage cov = Coverage::from_weights({100, 0, 6, 1}, {1, 1, 1, 0.5, 1, 1});
    std::vector<CoverageRun> seen;
    cov.for_each_run(0, 101, 105, [&](long col, long length, double w) {
        seen.push_back({std::int32_t(col), std::int32_t(length), w});
    });
    EXPECT_EQ(seen, (std::vector<CoverageRun>{{101, 2, 1.0}, {103, 1, 0.5}, {104, 1, 1.0}}));
    seen.clear();
    cov.for_each_run(0, 0, 100, [&](long col, long length, double w) {
        seen.push_back({std::int32_t(col), std::int32_t(length), w});
    });
    cov.for_each_run(1, 0, 1000, [&](long col, long length, double w) {
        seen.push_back({std::int32_t(col), std::int32_t(length), w});
    });
    EXPECT_TRUE(seen.empty());
}

TEST(CoverageRuns, ABoxIsOneRunPerRow)
{
    const Grid g{0, 1000, 1, 1, 1000, 1000};
    const Coverage cov = compute_coverage(box(100.5, 100, 900.5, 900), g, PixelRule::Exact);
    ASSERT_EQ(cov.window, (Window{100, 100, 801, 800}));
    // Per row: the half cell at each side and the 799 whole cells between.
    EXPECT_EQ(cov.runs.size(), 3u * 800u);
    EXPECT_EQ(cov.runs[1], (CoverageRun{1, 799, 1.0}));
    EXPECT_LT(cov.bytes(), 100u * 1024u);
}

// A country at full resolution: ~170 degrees of longitude and 40 of latitude on the 15" grid
// (a box of ~390 million cells, 3 GB as one weight per cell) with a ragged border. Its
// coverage must cost memory for the border only.
TEST(CoverageRuns, ACountrySpanningMostOfTheGridStaysWithinAFixedMemoryBound)
{
    const double cell = 1.0 / 240;
    const Grid world{-180 - cell / 2, 75 + cell / 2, cell, cell, 86400, 33601};
    Ring ring;
    const int n = 4000;
    for (int i = 0; i <= n; ++i) // the southern border, west to east, ragged
        ring.push_back({-170 + 340.0 * i / n / 2, 20 + 0.3 * std::sin(i * 0.7)});
    for (int i = 0; i <= n; ++i) // the northern border, east to west
        ring.push_back({0 - 170.0 * i / n, 60 + 0.3 * std::cos(i * 1.3)});
    ring.push_back(ring.front());
    const MultiPolygon zone{{Polygon{{ring}}}};
    const long before = peak_rss_mb();
    const Coverage cov = compute_coverage(zone, world, PixelRule::Exact);
    EXPECT_GT(cov.window.size(), 380'000'000L);
    EXPECT_LT(cov.bytes(), 64u << 20) << cov;
    EXPECT_LT(peak_rss_mb() - before, 400) << "coverage of a country took memory for its box";
    // Its weight is its area in cells (the shoelace formula in cell units).
    double twice_area = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
        twice_area += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
    double cells = 0;
    for (const CoverageRun& run : cov.runs)
        cells += run.length * run.weight;
    EXPECT_NEAR(cells, std::abs(twice_area) / 2 / (cell * cell), 1e-6 * cells);
}

// accumulate() visits the runs; the statistics equal adding every covered cell in row-major
// order, to the bit.
TEST(CoverageRuns, StatisticsOverRunsEqualTheCellsOneByOne)
{
    std::mt19937_64 rng(7);
    const Grid g{0, 60, 1, 1, 60, 60};
    for (int trial = 0; trial < 20; ++trial) {
        const MultiPolygon zone{
            {Polygon{{random_ring(rng, 30, 30, 25, 40, trial % 2 == 0, trial % 3 == 0)}}}};
        const Coverage cov = compute_coverage(zone, g, PixelRule::Exact);
        RasterBlock block;
        block.window = g.full();
        std::uniform_real_distribution<float> radiance(-1.0f, 50.0f);
        for (long i = 0; i < block.window.size(); ++i)
            block.value.push_back(radiance(rng));
        StatsAccumulator runs, cells;
        accumulate(cov, block, StatsOptions{}, runs);
        const std::vector<double> weight = cov.weights();
        for (long r = 0; r < cov.window.rows; ++r)
            for (long c = 0; c < cov.window.cols; ++c) {
                const double w = weight[std::size_t(r * cov.window.cols + c)];
                const long cell = (cov.window.row + r) * g.cols + cov.window.col + c;
                if (w > 0)
                    add_cell(cells, block.value[std::size_t(cell)], w, -1, block.scale,
                             StatsOptions{});
            }
        EXPECT_EQ(ZoneStats::from(runs), ZoneStats::from(cells)) << "trial " << trial;
    }
}

} // namespace
} // namespace sezu
