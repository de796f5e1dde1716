// The Center and AllTouched rules against GDAL's own rasterizer (GDALRasterizeGeometries):
// centres on edges in both ring orientations, and random zones with ties, holes and parts.
#include "sezu/zones/coverage.hpp"
#include "sezu/zones/zones.hpp"

#include "coverage_cases.hpp"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace sezu;
using namespace sezu::coverage_test;

namespace {

/// GDAL's own rasterization of a zone on a grid, as a full-grid 0/1 mask.
std::vector<unsigned char> gdal_mask(const MultiPolygon& zone, const Grid& grid, bool all_touched)
{
    GDALAllRegister();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDatasetUniquePtr ds(mem->Create("", int(grid.cols), int(grid.rows), 1, GDT_Byte, nullptr));
    double gt[6] = {grid.x0, grid.dx, 0, grid.y0, 0, -grid.dy};
    ds->SetGeoTransform(gt);
    const auto mp = to_ogr(zone);
    int band = 1;
    double burn = 1;
    OGRGeometryH geom = OGRGeometry::ToHandle(mp.get());
    char** options = all_touched ? CSLSetNameValue(nullptr, "ALL_TOUCHED", "TRUE") : nullptr;
    const CPLErr err = GDALRasterizeGeometries(GDALDataset::ToHandle(ds.get()), 1, &band, 1, &geom,
                                               nullptr, nullptr, &burn, options, nullptr, nullptr);
    CSLDestroy(options);
    EXPECT_EQ(err, CE_None);
    std::vector<unsigned char> mask(std::size_t(grid.cols * grid.rows));
    EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, int(grid.cols), int(grid.rows),
                                             mask.data(), int(grid.cols), int(grid.rows), GDT_Byte,
                                             0, 0, nullptr),
              CE_None);
    return mask;
}

} // namespace

TEST(Coverage, CentresOnEdgesAreDecidedAsGdalDoes)
{
    // Zones whose edges pass exactly through cell centres, in both ring orientations.
    const Grid g{0, 6, 1, 1, 6, 6};
    const MultiPolygon triangle{{Polygon{{Ring{{0.5, 0.5}, {4.5, 2.5}, {0.5, 4.5}}}}}};
    const MultiPolygon zones[] = {box(0.5, 1.5, 3.5, 4.5), box(1, 1.5, 4, 4.5), box(0.5, 1, 3.5, 4),
                                  triangle};
    for (const MultiPolygon& zone : zones)
        for (bool reversed : {false, true}) {
            MultiPolygon z = zone;
            if (reversed)
                std::reverse(z.parts[0].rings[0].begin(), z.parts[0].rings[0].end());
            for (PixelRule rule : {PixelRule::Center, PixelRule::AllTouched}) {
                const auto expected = gdal_mask(z, g, rule == PixelRule::AllTouched);
                const Coverage cov = compute_coverage(z, g, rule);
                std::string ours, gdal;
                for (long r = 0; r < g.rows; ++r) {
                    for (long c = 0; c < g.cols; ++c) {
                        ours += cov.at(c, r) != 0 ? '#' : '.';
                        gdal += expected[std::size_t(r * g.cols + c)] ? '#' : '.';
                    }
                    ours += '\n';
                    gdal += '\n';
                }
                EXPECT_EQ(ours, gdal) << to_string(rule) << (reversed ? " reversed" : "");
            }
        }
}

TEST(Coverage, CenterAndAllTouchedMatchGdalRasterizer)
{
    // Random zones (with vertices on cell edges, corners and centres, holes and several
    // parts) on a unit grid and on the VIIRS grid: every cell decided as GDAL decides it.
    std::mt19937_64 rng(2024);
    const Grid grids[] = {
        {0, 30, 1, 1, 30, 30},
        {-66.435415758149986, 18.518749548149998, 0.0041666667, 0.0041666667, 30, 30},
    };
    int differing = 0, total_cells = 0;
    for (const Grid& g : grids)
        for (int trial = 0; trial < 1000; ++trial) {
            // Zones built in cell units, then mapped onto the grid; some reach outside it.
            std::uniform_real_distribution<double> where(-3, 33);
            MultiPolygon cells;
            const int parts = 1 + trial % 2;
            for (int p = 0; p < parts; ++p) {
                const double cx = where(rng), cy = where(rng);
                const double radius = 6 + trial % 5;
                const int vertices = 5 + trial % 9;
                Polygon poly{{random_ring(rng, cx, cy, radius, vertices, trial % 3 != 0, true)}};
                if (trial % 4 == 0)
                    poly.rings.push_back(Ring{
                        {cx - 1, cy - 1}, {cx + 1, cy - 1}, {cx + 1, cy + 1}, {cx - 1, cy + 1}});
                cells.parts.push_back(poly);
            }
            MultiPolygon zone = cells;
            for (Polygon& poly : zone.parts)
                for (Ring& ring : poly.rings)
                    for (Point& pt : ring)
                        pt = {g.x0 + pt.x * g.dx, g.y0 - (30 - pt.y) * g.dy};
            for (PixelRule rule : {PixelRule::Center, PixelRule::AllTouched}) {
                const auto expected = gdal_mask(zone, g, rule == PixelRule::AllTouched);
                const Coverage cov = compute_coverage(zone, g, rule);
                for (long r = 0; r < g.rows; ++r)
                    for (long c = 0; c < g.cols; ++c) {
                        ++total_cells;
                        if (cov.at(c, r) != double(expected[std::size_t(r * g.cols + c)])) {
                            ++differing;
                            if (differing == 1) { // the zone, in cell units, to reproduce
                                for (const Polygon& poly : cells.parts)
                                    for (const Ring& ring : poly.rings) {
                                        std::printf("ring:");
                                        for (const Point& pt : ring)
                                            std::printf(" (%.17g, %.17g)", pt.x, 30 - pt.y);
                                        std::printf("\n");
                                    }
                            }
                            ADD_FAILURE()
                                << to_string(rule) << " trial " << trial << " cell " << c << ","
                                << r << ": GDAL " << int(expected[std::size_t(r * g.cols + c)]);
                        }
                    }
            }
        }
    EXPECT_EQ(differing, 0) << "of " << total_cells;
}
