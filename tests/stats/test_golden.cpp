// Zonal statistics of real VIIRS clips against reference numbers: exactextract for the exact
// rule, GDAL's rasterizer (python-rasterstats' rules) for center and all_touched. See
// tests/data/README.md.
#include "sezu/zones/coverage.hpp"
#include "sezu/stats/stats.hpp"
#include "sezu/zones/zones.hpp"

#include "clipped_area.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

using namespace sezu;

namespace {

struct GoldenRow {
    double count, sum, mean, min, max, std;
};

std::map<std::string, GoldenRow> read_golden(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::string line;
    std::getline(in, line); // header: zone_id,count,sum,mean,min,max,std[,median]
    std::map<std::string, GoldenRow> rows;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        std::stringstream ss(line);
        std::string id, cell;
        std::getline(ss, id, ',');
        double v[6];
        for (double& x : v) {
            std::getline(ss, cell, ',');
            x = std::strtod(cell.c_str(), nullptr); // accepts "nan"
        }
        rows[id] = {v[0], v[1], v[2], v[3], v[4], v[5]};
    }
    return rows;
}

/// The raster as one block over its whole grid (values as float, like the radiance band).
struct Raster {
    Grid grid;
    RasterBlock block;
};

Raster read_raster(const std::string& path)
{
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds)
        throw std::runtime_error("cannot open " + path);
    double gt[6];
    ds->GetGeoTransform(gt);
    Raster r;
    r.grid = Grid{gt[0], gt[3], gt[1], -gt[5], ds->GetRasterXSize(), ds->GetRasterYSize()};
    r.block.window = r.grid.full();
    r.block.value.resize(std::size_t(r.grid.cols * r.grid.rows));
    if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, int(r.grid.cols), int(r.grid.rows),
                                       r.block.value.data(), int(r.grid.cols), int(r.grid.rows),
                                       GDT_Float32, 0, 0, nullptr) != CE_None)
        throw std::runtime_error("cannot read " + path);
    return r;
}

/// |actual - expected| <= max(1e-9, rel·|expected|) + extra; nan must match nan.
void expect_close(double expected, double actual, double rel, double extra,
                  const std::string& what)
{
    if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(actual)) << what << ": expected nan, got " << actual;
        return;
    }
    const double tol = std::max(1e-9, rel * std::abs(expected)) + extra;
    EXPECT_NEAR(actual, expected, tol) << what;
}

class Golden : public ::testing::TestWithParam<std::tuple<std::string, PixelRule>> {};

TEST_P(Golden, MatchesReferenceStatistics)
{
    const auto& [stem, rule] = GetParam();
    const Raster raster = read_raster(test::data_path("viirs_sanjuan/" + stem + ".tif"));
    const auto golden =
        read_golden(test::data_path("golden/" + stem + "." + to_string(rule) + ".csv"));
    const ZoneSet zones = load_zones(test::data_path("zones_dev.geojson"), "zone_id");
    ASSERT_EQ(zones.zones.size(), 8u);
    ASSERT_EQ(golden.size(), 8u);

    for (const Zone& zone : zones.zones) {
        SCOPED_TRACE(stem + " " + to_string(rule) + " zone " + zone.id);
        ASSERT_TRUE(golden.count(zone.id));
        const GoldenRow& g = golden.at(zone.id);
        const Coverage cov = compute_coverage(zone.geometry, raster.grid, rule);
        StatsAccumulator acc;
        accumulate(cov, raster.block, StatsOptions{}, acc);
        const ZoneStats s = ZoneStats::from(acc);

        // Tolerances. Center and all_touched: cell counts equal, the rest to 1e-9 relative.
        // Exact: exactextract computes each partial cell's area from absolute coordinates and
        // its fractions carry rounding noise of a few 1e-9 of a cell (3.4e-8 relative on the
        // sub-pixel triangle; sezu's fractions agree with rational arithmetic to ~1e-14, see
        // ExactCountsEqualTrueAreas). So the exact-rule tolerance is 1e-9 relative plus
        // 1e-8 of a cell per partial cell, carried through to sum, mean and std.
        double count_tol = 0, sum_tol = 0, mean_tol = 0, std_tol = 0;
        if (rule == PixelRule::Exact && g.count > 0) {
            const double noise = 1e-8;
            double partial = 0, partial_abs = 0, partial_sq = 0;
            const std::vector<double> weight = cov.weights();
            for (long r = 0; r < cov.window.rows; ++r)
                for (long c = 0; c < cov.window.cols; ++c) {
                    const double w = weight[std::size_t(r * cov.window.cols + c)];
                    if (!(w > 0.0 && w < 1.0))
                        continue;
                    const double v = raster.block.value[std::size_t(
                        (cov.window.row + r) * raster.grid.cols + cov.window.col + c)];
                    partial += 1;
                    partial_abs += std::abs(v);
                    partial_sq += (v - g.mean) * (v - g.mean);
                }
            count_tol = noise * partial;
            sum_tol = noise * partial_abs;
            mean_tol = (sum_tol + std::abs(g.mean) * count_tol) / g.count;
            const double var_tol = noise * (partial_sq + g.std * g.std * partial) / g.count;
            std_tol = g.std > 0 ? var_tol / (2 * g.std) : std::sqrt(var_tol);
        }
        if (rule == PixelRule::Exact)
            EXPECT_NEAR(s.count, g.count, count_tol + 1e-12 * g.count) << "count";
        else
            EXPECT_EQ(s.count, g.count) << "cell count";
        if (g.count == 0) {
            // Convention: an empty zone sums to 0 (the center/all_touched references write nan).
            EXPECT_EQ(s.sum, 0.0);
        } else {
            expect_close(g.sum, s.sum, 1e-9, sum_tol, "sum");
        }
        expect_close(g.mean, s.mean, 1e-9, mean_tol, "mean");
        expect_close(g.std, s.std, 1e-9, std_tol, "std");
        if (std::isnan(g.min)) {
            EXPECT_TRUE(std::isnan(s.min));
            EXPECT_TRUE(std::isnan(s.max));
        } else if (rule == PixelRule::Exact) {
            // exactextract printed 15 significant digits: enough to pin the float32 value.
            EXPECT_EQ(float(s.min), float(g.min)) << "min";
            EXPECT_EQ(float(s.max), float(g.max)) << "max";
        } else {
            EXPECT_EQ(s.min, g.min) << "min";
            EXPECT_EQ(s.max, g.max) << "max";
        }
    }
}

// Skewness has no reference column: it must equal a direct two-pass computation over the same
// weights and values (mean first, then Σw(v-mean)² and Σw(v-mean)³), to 1e-9.
TEST_P(Golden, SkewnessEqualsTwoPass)
{
    const auto& [stem, rule] = GetParam();
    const Raster raster = read_raster(test::data_path("viirs_sanjuan/" + stem + ".tif"));
    const ZoneSet zones = load_zones(test::data_path("zones_dev.geojson"), "zone_id");
    int checked = 0;
    for (const Zone& zone : zones.zones) {
        SCOPED_TRACE(zone.id);
        const Coverage cov = compute_coverage(zone.geometry, raster.grid, rule);
        StatsAccumulator acc;
        accumulate(cov, raster.block, StatsOptions{}, acc);
        const double skew = ZoneStats::from(acc).skew;

        long double w_sum = 0, wv_sum = 0;
        auto each_cell = [&](auto&& fn) {
            for (long r = cov.window.row; r < cov.window.row + cov.window.rows; ++r)
                for (long c = cov.window.col; c < cov.window.col + cov.window.cols; ++c)
                    if (cov.at(c, r) > 0.0)
                        fn(cov.at(c, r),
                           raster.block.value[std::size_t(r * raster.grid.cols + c)]);
        };
        each_cell([&](double w, double v) { w_sum += w; wv_sum += w * v; });
        if (w_sum == 0) {
            EXPECT_TRUE(std::isnan(skew));
            continue;
        }
        const long double mean = wv_sum / w_sum;
        long double m2 = 0, m3 = 0, largest = 0;
        each_cell([&](double w, double v) {
            m2 += w * (v - mean) * (v - mean);
            m3 += w * (v - mean) * (v - mean) * (v - mean);
            largest = std::max(largest, std::abs((long double)v));
        });
        m2 /= w_sum;
        m3 /= w_sum;
        // Equal values (the sub-pixel triangle's cells): the two-pass m2 is rounding noise of
        // the mean, and skewness is undefined.
        if (std::sqrt(m2) <= 1e-12L * largest) {
            EXPECT_TRUE(std::isnan(skew));
            continue;
        }
        const double expected = double(m3 / (m2 * std::sqrt(m2)));
        EXPECT_NEAR(skew, expected, 1e-9 * std::max(1.0, std::abs(expected)));
        ++checked;
    }
    EXPECT_GE(checked, 5); // most zones have cells with spread
}

TEST(GoldenExact, ExactCountsEqualTrueAreas)
{
    // Σ exact weights = area of (zone ∩ raster) / cell area, to 1e-12 relative.
    const Raster raster = read_raster(test::data_path(
        "viirs_sanjuan/SVDNB_npp_20170301-20170331_75N180W_vcmcfg_v10_c201705020851."
        "cf_cvg_clip.tif"));
    const ZoneSet zones = load_zones(test::data_path("zones_dev.geojson"), "zone_id");
    const BBox extent = raster.grid.extent();
    for (const Zone& zone : zones.zones) {
        long double area = 0;
        for (const Polygon& poly : zone.geometry.parts)
            for (std::size_t k = 0; k < poly.rings.size(); ++k)
                area += (k == 0 ? 1 : -1) * test::clipped_ring_area(poly.rings[k], extent);
        const double expected = double(area / ((long double)raster.grid.dx * raster.grid.dy));
        const Coverage cov = compute_coverage(zone.geometry, raster.grid, PixelRule::Exact);
        double count = 0;
        for (double w : cov.weights())
            count += w;
        EXPECT_NEAR(count, expected, 1e-12 * std::max(1.0, expected)) << zone.id;
    }
}

const std::string stems[] = {
    "SVDNB_npp_20160701-20160731_75N180W_vcmcfg_v10_c201609121310.avg_rade9_clip",
    "SVDNB_npp_20170301-20170331_75N180W_vcmcfg_v10_c201705020851.avg_rade9h_clip",
    "SVDNB_npp_20170301-20170331_75N180W_vcmcfg_v10_c201705020851.cf_cvg_clip",
    "SVDNB_npp_20170901-20170930_75N180W_vcmcfg_v10_c201710041620.avg_rade9h_clip",
    "SVDNB_npp_20171001-20171031_75N180W_vcmcfg_v10_c201711021230.avg_rade9h_clip",
};

INSTANTIATE_TEST_SUITE_P(
    Viirs, Golden,
    ::testing::Combine(::testing::ValuesIn(stems),
                       ::testing::Values(PixelRule::Exact, PixelRule::Center,
                                         PixelRule::AllTouched)),
    [](const auto& param_info) {
        const std::string& stem = std::get<0>(param_info.param);
        const bool cvg = stem.find("cf_cvg") != std::string::npos;
        return stem.substr(10, 8) + (cvg ? "_cvg_" : "_rad_") +
               to_string(std::get<1>(param_info.param));
    });

} // namespace
