// Reading Black Marble granules: the layer, its fill, scale and quality flags, as the file says,
// on 2 x 2 cell granules (K = 1200) whose every value is set by hand; GDAL's HDF5 driver reads
// the same files as an independent check of the layout and the values.
#include "sezu/core/error.hpp"
#include "sezu/mirror/granule_writer.hpp"
#include "sezu/read/granule.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

using namespace sezu;

namespace {

const char* const kGroup = "HDFEOS/GRIDS/VIIRS_Grid_DNB_2d/Data Fields";
const char* const kLayer = "NearNadir_Composite_Snow_Free";

// Tile h18v08 (0..10E, 0..10N) in 2 x 2 cells of 5 degrees, row 0 north:
//   cell 0 (0..5E, 5..10N): 10.5, good, 5 observations
//   cell 1: fill (quality 255, no observation)
//   cell 2: 3.25, poor (quality 1), 2 observations
//   cell 3: 7.0, gap-filled (quality 2), no observation this month
GranuleContent hand_granule(const std::string& collection)
{
    GranuleContent c;
    c.tile = {18, 8};
    c.scale = 1200;
    c.collection = collection;
    c.radiance = {10.5, NAN, 3.25, 7.0};
    c.quality = {0, 255, 1, 2};
    c.num = {5, 65535, 2, 0};
    return c;
}

GranuleOptions options(std::vector<int> drop = {255})
{
    return {kGroup, kLayer, std::move(drop)};
}

// The sum of the cells that count, as the statistics take them (NoData out, then scaled).
double sum_of(const RasterBlock& b)
{
    double sum = 0;
    for (float v : b.value)
        if (std::isfinite(v) && !(b.has_nodata && v == float(b.nodata)))
            sum += b.scale(v);
    return sum;
}

std::string gdal_name(const std::string& path)
{
    // GDAL names the group with '_' for the space in "Data Fields".
    return "HDF5:\"" + path + "\"://HDFEOS/GRIDS/VIIRS_Grid_DNB_2d/Data_Fields/" + kLayer;
}

} // namespace

TEST(Granule, Collection5200IsFloatWithItsFillAndNoScaling)
{
    test::TempDir dir;
    const std::string path = dir.file("VNP46A3.A2024032.h18v08.002.2024062143012.h5");
    write_blackmarble_granule(path, hand_granule("5200"));
    const GranuleLayer layer = read_blackmarble_granule(path, {18, 8}, options());
    EXPECT_EQ(layer.scale, 1200);
    EXPECT_EQ(layer.grid, (Grid{0, 10, 5, 5, 2, 2}));
    // On the global grid at K = 1200 (72 x 36 cells), h18v08 starts at column 36, row 16.
    EXPECT_EQ(layer.block.window, (Window{36, 16, 2, 2}));
    EXPECT_TRUE(layer.block.has_nodata);
    EXPECT_EQ(float(layer.block.nodata), -999.9f);
    EXPECT_TRUE(layer.block.scale.identity());
    EXPECT_EQ(layer.block.value, (std::vector<float>{10.5f, -999.9f, 3.25f, 7.0f}));
    EXPECT_EQ(layer.block.cvg, (std::vector<std::uint16_t>{5, 0, 2, 0})); // _Num's fill is 0
    EXPECT_EQ(layer.fill_cells, 1);
    EXPECT_EQ(layer.dropped_cells, 0);
    EXPECT_DOUBLE_EQ(sum_of(layer.block), 10.5 + 3.25 + 7.0);

    // Dropping poor and gap-filled cells too, as users of the peers do.
    const GranuleLayer strict = read_blackmarble_granule(path, {18, 8}, options({1, 2, 255}));
    EXPECT_EQ(strict.dropped_cells, 2);
    EXPECT_DOUBLE_EQ(sum_of(strict.block), 10.5);
    // Dropping nothing keeps the fill out all the same: it is the layer's _FillValue.
    EXPECT_DOUBLE_EQ(sum_of(read_blackmarble_granule(path, {18, 8}, options({})).block), 20.75);
}

TEST(Granule, Collection5000IsScaledIntegersWithTheirOwnFill)
{
    test::TempDir dir;
    const std::string path = dir.file("VNP46A3.A2024032.h18v08.001.2024062143012.h5");
    write_blackmarble_granule(path, hand_granule("5000"));
    const GranuleLayer layer = read_blackmarble_granule(path, {18, 8}, options());
    EXPECT_EQ(layer.block.nodata, 65535.0);
    EXPECT_EQ(layer.block.scale, (ValueScale{0.1, 0.0}));
    // 3.25 is stored as round(32.5) = 33 tenths: the collection's own precision.
    EXPECT_EQ(layer.block.value, (std::vector<float>{105, 65535, 33, 70}));
    EXPECT_NEAR(sum_of(layer.block), 10.5 + 3.3 + 7.0, 1e-12);
    EXPECT_NEAR(sum_of(read_blackmarble_granule(path, {18, 8}, options({2, 255})).block), 13.8,
                1e-12);
}

TEST(Granule, GdalsHdf5DriverReadsTheSameLayer)
{
    test::TempDir dir;
    GDALAllRegister();
    for (const char* collection : {"5200", "5000"}) {
        const std::string path = dir.file(std::string("g") + collection + ".h5");
        write_blackmarble_granule(path, hand_granule(collection));
        const GranuleLayer layer = read_blackmarble_granule(path, {18, 8}, options());
        GDALDatasetUniquePtr ds(GDALDataset::Open(gdal_name(path).c_str(), GDAL_OF_RASTER));
        ASSERT_TRUE(ds) << gdal_name(path);
        EXPECT_EQ(ds->GetRasterXSize(), 2);
        EXPECT_EQ(ds->GetRasterYSize(), 2);
        GDALRasterBand* band = ds->GetRasterBand(1);
        std::vector<float> values(4);
        ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, 2, 2, values.data(), 2, 2, GDT_Float32, 0, 0),
                  CE_None);
        EXPECT_EQ(values, layer.block.value) << collection; // the stored numbers
        if (std::string(collection) == "5200") {
            // GDAL takes a float layer's _FillValue as its NoData (for collection 5000's
            // integers it reports neither fill nor scale_factor: sezu reads them itself).
            int has_nodata = 0;
            EXPECT_EQ(float(band->GetNoDataValue(&has_nodata)), float(layer.block.nodata));
            EXPECT_TRUE(has_nodata);
        }
    }
}

TEST(Granule, WrongLayerOrWrongTileIsSaidPlainly)
{
    test::TempDir dir;
    const std::string path = dir.file("g.h5");
    write_blackmarble_granule(path, hand_granule("5200"));
    try {
        read_blackmarble_granule(path, {18, 8}, {kGroup, "Radiance", {255}});
        FAIL() << "no such layer";
    } catch (const DataError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("has no dataset 'HDFEOS/GRIDS/VIIRS_Grid_DNB_2d/Data Fields/Radiance'"),
                  std::string::npos) << what;
        EXPECT_NE(what.find("AllAngle_Composite_Snow_Covered, AllAngle_Composite_Snow_Covered_Num"),
                  std::string::npos) << what;
        EXPECT_NE(what.find("--variable"), std::string::npos) << what;
    }
    try {
        read_blackmarble_granule(path, {19, 8}, options());
        FAIL() << "h18v08's cells are not h19v08's";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("not the tile its name says"), std::string::npos)
            << e.what();
    }
    const std::string junk = dir.file("junk.h5");
    std::ofstream(junk) << "<html>log in</html>";
    EXPECT_THROW(read_blackmarble_granule(junk, {18, 8}, options()), DataError);
    EXPECT_EQ(granule_layers(path, kGroup).size(), 6u * 4 + 4);
}

// With a digest, the granule is read once, whole, into memory: the same layer comes out, and the
// digest is the file's SHA-256 (as sha256sum computes it, independently).
TEST(Granule, ReadOnceGivesTheSameLayerAndTheFilesSha256)
{
    test::TempDir dir;
    const std::string path = dir.file("VNP46A3.A2024032.h18v08.002.2024062143012.h5");
    write_blackmarble_granule(path, hand_granule("5200"));
    const GranuleLayer from_file = read_blackmarble_granule(path, {18, 8}, options());
    Sha256 digest;
    const GranuleLayer from_memory = read_blackmarble_granule(path, {18, 8}, options(), &digest);
    EXPECT_EQ(from_memory.block.value, from_file.block.value);
    EXPECT_EQ(from_memory.block.cvg, from_file.block.cvg);
    EXPECT_EQ(from_memory.fill_cells, from_file.fill_cells);
    const auto sum = test::run_command("sha256sum '" + path + "'");
    ASSERT_EQ(sum.status, 0) << sum.output;
    EXPECT_EQ(digest.hex(), sum.output.substr(0, 64));

    // A truncated download is a DataError naming the file, from memory as from the file.
    const std::string cut = dir.file("cut.h5");
    std::ofstream(cut, std::ios::binary) << test::read_text(path).substr(0, 800);
    Sha256 cut_digest;
    try {
        read_blackmarble_granule(cut, {18, 8}, options(), &cut_digest);
        ADD_FAILURE() << "a truncated granule was read";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find(cut), std::string::npos) << e.what();
    }
}
