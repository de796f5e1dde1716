#include "sezu/core/error.hpp"
#include "sezu/read/mosaic.hpp"
#include "sezu/products/tile_grid.hpp"

#include "error_message.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <gtest/gtest.h>

#include <functional>

using namespace sezu;

namespace {

constexpr int kScale = 600; // tiles of 48 x 30 and 48 x 26 cells

// A value that tells where a cell is in the global grid, to check seams.
float global_value(long col, long row)
{
    return float(row * 1000 + col) / 4.0f;
}

void write_cvg_tiff(const std::string& path, const Grid& g, std::uint16_t value)
{
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), int(g.cols), int(g.rows), 1, GDT_UInt16, nullptr));
    double gt[6] = {g.x0, g.dx, 0, g.y0, 0, -g.dy};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    ds->SetSpatialRef(&srs);
    std::vector<std::uint16_t> v(size_t(g.cols * g.rows), value);
    ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, int(g.cols), int(g.rows), v.data(),
                                             int(g.cols), int(g.rows), GDT_UInt16, 0, 0, nullptr),
              CE_None);
}

// Writes the 6 tiles; `adjust` may change a tile's grid before writing (to break it).
std::vector<TileRasters> write_tiles(const test::TempDir& dir,
                                     const std::function<void(const TileSpec&, Grid&)>& adjust = {})
{
    GDALAllRegister();
    std::vector<TileRasters> out;
    const long rows0 = tile_grid(tile_specs()[0], kScale).rows;
    for (const auto& spec : tile_specs()) {
        Grid g = tile_grid(spec, kScale);
        const long col0 = spec.grid_col * g.cols;
        const long row0 = spec.grid_row * rows0;
        if (adjust)
            adjust(spec, g);
        std::vector<float> values(size_t(g.cols * g.rows));
        for (long r = 0; r < g.rows; ++r)
            for (long c = 0; c < g.cols; ++c)
                values[size_t(r * g.cols + c)] = global_value(col0 + c, row0 + r);
        TileRasters t;
        t.tile = spec;
        t.radiance_path = dir.file(std::string(spec.name) + ".rad.tif");
        t.cvg_path = dir.file(std::string(spec.name) + ".cvg.tif");
        test::write_float_tiff(t.radiance_path, g, values);
        write_cvg_tiff(t.cvg_path, g, std::uint16_t(spec.index + 1));
        out.push_back(t);
    }
    return out;
}

} // namespace

TEST(Mosaic, StitchesSixTilesIntoTheGlobalGrid)
{
    test::TempDir dir;
    const Mosaic mosaic(write_tiles(dir));
    EXPECT_EQ(mosaic.scale(), kScale);
    EXPECT_EQ(mosaic.grid(), global_grid(kScale));
    // A window across the corner where tiles 0, 1, 3 and 4 meet reads each cell from its tile.
    const Window w{45, 27, 6, 6};
    const RasterBlock b = mosaic.read(w);
    for (long r = 0; r < w.rows; ++r)
        for (long c = 0; c < w.cols; ++c) {
            const size_t i = size_t(r * w.cols + c);
            EXPECT_EQ(b.value[i], global_value(w.col + c, w.row + r)) << c << "," << r;
            const int tile = (w.row + r >= 30 ? 3 : 0) + int((w.col + c) / 48);
            EXPECT_EQ(b.cvg[i], tile + 1);
        }
    // The grid wraps around: a window past the east edge (144 columns) continues at column 0.
    const RasterBlock wrapped = mosaic.read({140, 2, 10, 1});
    for (long c = 0; c < 10; ++c)
        EXPECT_EQ(wrapped.value[std::size_t(c)], global_value((140 + c) % 144, 2)) << c;
    EXPECT_THROW(mosaic.read({140, 0, 150, 1}), DataError); // more than twice around
    EXPECT_THROW(mosaic.read({0, 59, 1, 2}), DataError);    // below the grid
}

TEST(Mosaic, RefusesAShiftedTile)
{
    test::TempDir dir;
    auto tiles = write_tiles(dir, [](const TileSpec& t, Grid& g) {
        if (t.index == 4)
            g.x0 += g.dx / 2;
    });
    // A shifted tile must not stitch.
    const std::string what = test::error_message<DataError>([&] { Mosaic m(tiles); });
    EXPECT_NE(what.find("00N060W"), std::string::npos) << what;
    EXPECT_NE(what.find("shifted"), std::string::npos) << what;
}

TEST(Mosaic, AcceptsPublishedRoundingWithinTolerance)
{
    test::TempDir dir;
    auto tiles = write_tiles(dir, [](const TileSpec& t, Grid& g) {
        if (t.index == 2)
            g.x0 += 2e-11; // the published origins differ from exact halves by ~1e-11
    });
    EXPECT_NO_THROW(Mosaic m(tiles));
}

TEST(Mosaic, RefusesAMissingTileAndAWrongSize)
{
    test::TempDir dir;
    auto tiles = write_tiles(dir);
    auto five = tiles;
    five.pop_back();
    const std::string missing = test::error_message<DataError>([&] { Mosaic m(five); });
    EXPECT_NE(missing.find("00N060E is missing"), std::string::npos) << missing;
    test::TempDir dir2;
    auto resized = write_tiles(dir2, [](const TileSpec& t, Grid& g) {
        if (t.index == 0)
            g.rows -= 1;
    });
    EXPECT_THROW(Mosaic m(resized), DataError);
    test::TempDir dir3;
    auto coarse = write_tiles(dir3, [](const TileSpec& t, Grid& g) {
        if (t.index == 1)
            g.dx = g.dy = 0.3;
    });
    EXPECT_THROW(Mosaic m(coarse), DataError);
}

namespace {

// Rewrites a tile raster with the same grid and values in another sample type.
void rewrite_as(const std::string& path, GDALDataType type)
{
    GDALDatasetUniquePtr src(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(src);
    const int cols = src->GetRasterXSize(), rows = src->GetRasterYSize();
    std::vector<double> values(std::size_t(cols) * std::size_t(rows));
    ASSERT_EQ(src->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, cols, rows, values.data(), cols, rows,
                                              GDT_Float64, 0, 0, nullptr),
              CE_None);
    double gt[6];
    src->GetGeoTransform(gt);
    src.reset();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), cols, rows, 1, type, nullptr));
    ASSERT_TRUE(ds);
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    ds->SetSpatialRef(&srs);
    ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, cols, rows, values.data(), cols, rows,
                                             GDT_Float64, 0, 0, nullptr),
              CE_None);
}

} // namespace

TEST(Mosaic, RefusesRastersOfAnotherSampleType)
{
    // Radiance is float32: an Int16 copy would be read back rounded to whole nW/cm2/sr.
    test::TempDir dir;
    auto tiles = write_tiles(dir);
    tiles[2].radiance_member = "SVDNB_npp_x_75N060E.avg_rade9h.tif";
    rewrite_as(tiles[2].radiance_path, GDT_Int16);
    // An Int16 radiance tile must not stitch.
    const std::string what = test::error_message<DataError>([&] { Mosaic m(tiles); });
    EXPECT_NE(what.find("SVDNB_npp_x_75N060E.avg_rade9h.tif"), std::string::npos) << what;
    EXPECT_NE(what.find("Int16"), std::string::npos) << what;
    EXPECT_NE(what.find("Float32"), std::string::npos) << what;
    // cf_cvg counts are uint16 (shared/viirs.md).
    test::TempDir dir2;
    auto cvg = write_tiles(dir2);
    rewrite_as(cvg[5].cvg_path, GDT_Float32);
    // A Float32 cf_cvg tile must not stitch.
    const std::string cvg_what = test::error_message<DataError>([&] { Mosaic m(cvg); });
    EXPECT_NE(cvg_what.find("00N060E cf_cvg"), std::string::npos) << cvg_what;
    EXPECT_NE(cvg_what.find("UInt16"), std::string::npos) << cvg_what;
}
