// `sezu stats` on bands whose stored numbers are scaled: GDAL's scale/offset (GeoTIFF), netCDF's
// scale_factor/add_offset, HDF5's attributes. Hand values: a UInt16 band holding 120, 4, 15 and
// NoData 65535 over one zone.
#include "sezu/core/error.hpp"
#include "sezu/read/band_scale.hpp"
#include "sezu/run/raster_stats.hpp"

#include "error_message.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace sezu;

namespace {

const Grid kGrid{0, 2, 1, 1, 2, 2};

/// A 2 x 2 UInt16 GeoTIFF (EPSG:4326, kGrid) holding 120, 4 / 15, 65535 (NoData), with the given
/// scale and offset set on its band (none when `scaled` is false).
std::string write_uint16(const test::TempDir& dir, const std::string& name, bool scaled,
                         double scale, double offset)
{
    GDALAllRegister();
    const std::string path = dir.file(name);
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(gtiff->Create(path.c_str(), 2, 2, 1, GDT_UInt16, nullptr));
    double gt[6] = {kGrid.x0, kGrid.dx, 0, kGrid.y0, 0, -kGrid.dy};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    ds->SetSpatialRef(&srs);
    GDALRasterBand* band = ds->GetRasterBand(1);
    band->SetNoDataValue(65535);
    if (scaled) {
        band->SetScale(scale);
        band->SetOffset(offset);
    }
    std::uint16_t v[4] = {120, 4, 15, 65535};
    EXPECT_EQ(band->RasterIO(GF_Write, 0, 0, 2, 2, v, 2, 2, GDT_UInt16, 0, 0, nullptr), CE_None);
    return path;
}

/// The same raster copied into another format (netCDF, netCDF-4) by GDAL.
std::string copy_as(const std::string& from, const std::string& to, const char* driver,
                    const char* format = nullptr)
{
    GDALDatasetUniquePtr src(GDALDataset::Open(from.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    char** options = format ? CSLSetNameValue(nullptr, "FORMAT", format) : nullptr;
    GDALDatasetUniquePtr out(GetGDALDriverManager()->GetDriverByName(driver)->CreateCopy(
        to.c_str(), src.get(), FALSE, options, nullptr, nullptr));
    CSLDestroy(options);
    EXPECT_TRUE(out) << to;
    return to;
}

std::string whole_raster_zone(const test::TempDir& dir)
{
    const std::string zones = dir.file("zones.geojson");
    test::write_zones_geojson(zones, {"all"}, {"POLYGON((0 0,2 0,2 2,0 2,0 0))"});
    return zones;
}

ZoneStats stats_of(const std::string& raster, const std::string& zones)
{
    const auto r = raster_zonal_stats(raster, zones, {});
    EXPECT_EQ(r.size(), 1u);
    return r.at(0).stats;
}

} // namespace

TEST(RasterScale, ScaleMultipliesTheValuesLeftAfterNoData)
{
    // Scale 0.1: 12, 0.4, 1.5 (65535 is NoData before it is anything else): sum 13.9, three
    // cells, two above the lit threshold 0.5 (unscaled, 4 would be lit too and the sum 139).
    test::TempDir dir;
    const ZoneStats s = stats_of(write_uint16(dir, "s.tif", true, 0.1, 0), whole_raster_zone(dir));
    EXPECT_EQ(s.count, 3.0);
    EXPECT_DOUBLE_EQ(s.sum, 13.9);
    EXPECT_DOUBLE_EQ(s.max, 12.0);
    EXPECT_DOUBLE_EQ(s.min, 0.4);
    EXPECT_EQ(s.lit_count, 2.0);
    EXPECT_EQ(s.negative_count, 0.0);

    // One cell of 120 alone: sum 12.
    const std::string one = dir.file("one.geojson");
    test::write_zones_geojson(one, {"one"}, {"POLYGON((0 1,1 1,1 2,0 2,0 1))"});
    EXPECT_DOUBLE_EQ(stats_of(dir.file("s.tif"), one).sum, 12.0);
}

TEST(RasterScale, OffsetShiftsTheValuesSoLitAndNegativeCountsFollow)
{
    // Scale 0.1, offset -1.5: 10.5, -1.1, 0 (float rounding aside): sum 9.4, one lit (10.5),
    // one negative (-1.1); unscaled there would be three lit and none negative.
    test::TempDir dir;
    const ZoneStats s =
        stats_of(write_uint16(dir, "o.tif", true, 0.1, -1.5), whole_raster_zone(dir));
    EXPECT_EQ(s.count, 3.0);
    EXPECT_NEAR(s.sum, 9.4, 1e-12);
    EXPECT_NEAR(s.mean, 9.4 / 3, 1e-12);
    EXPECT_DOUBLE_EQ(s.min, -1.1);
    EXPECT_DOUBLE_EQ(s.max, 10.5);
    EXPECT_EQ(s.lit_count, 1.0);
    EXPECT_EQ(s.negative_count, 1.0);
}

TEST(RasterScale, NetcdfScaleFactorAndAddOffsetApply)
{
    // GDAL writes the band's scale and offset as the variable's scale_factor and add_offset,
    // and NoData as its _FillValue; reading them back gives the same hand values.
    test::TempDir dir;
    const std::string nc =
        copy_as(write_uint16(dir, "o.tif", true, 0.1, -1.5), dir.file("o.nc"), "netCDF");
    const ZoneStats s = stats_of(nc, whole_raster_zone(dir));
    EXPECT_EQ(s.count, 3.0);
    EXPECT_NEAR(s.sum, 9.4, 1e-12);
    EXPECT_EQ(s.negative_count, 1.0);
}

TEST(RasterScale, Hdf5AttributesAreTheBandsScaleOffsetAndFillValue)
{
    // A netCDF-4 file is HDF5: GDAL's HDF5 driver shows scale_factor, add_offset and _FillValue
    // only as metadata items named after the variable (Band1_scale_factor=0.1 ...).
    test::TempDir dir;
    const std::string nc4 = copy_as(write_uint16(dir, "o.tif", true, 0.1, -1.5),
                                    dir.file("o4.nc"), "netCDF", "NC4");
    const std::string name = "HDF5:\"" + nc4 + "\"://Band1";
    GDALDatasetUniquePtr ds(GDALDataset::Open(name.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    GDALRasterBand& band = *ds->GetRasterBand(1);
    EXPECT_EQ(band_scale(band, "o4.nc"), (ValueScale{0.1, -1.5}));
    EXPECT_EQ(band_fill_value(band), 65535.0);
}

TEST(RasterScale, UnscaledBandsAndBadScalesSayWhatTheyAre)
{
    test::TempDir dir;
    // No scale: the stored numbers are the values.
    const ZoneStats plain =
        stats_of(write_uint16(dir, "p.tif", false, 0, 0), whole_raster_zone(dir));
    EXPECT_EQ(plain.sum, 139.0);
    // A scale of 0 would make every value the offset: refused, naming the file and the fix.
    write_uint16(dir, "z.tif", true, 0.0, 1.0);
    const std::string message = test::error_message<ConfigError>(
        [&] { raster_zonal_stats(dir.file("z.tif"), whole_raster_zone(dir), {}); });
    EXPECT_NE(message.find("z.tif' band 1: its band's scale 0"), std::string::npos) << message;
    EXPECT_NE(message.find("gdal_edit.py"), std::string::npos) << message;
}

TEST(RasterScale, ChosenStatisticsAreTheColumns)
{
    // --stats sum_of_lights,radiance_median,radiance_q90,radiance_cv,nonfinite_count on the
    // scaled band (12, 0.4, 1.5 with weight 1
    // each): sum 13.9; positions 0, 3, 6 of h = q·6, so the median (h = 3) is 1.5 and q90
    // (h = 5.4) 1.5 + 2.4/3 · (12 − 1.5) = 9.9.
    test::TempDir dir;
    RasterStatsOptions o;
    o.stats.statistics = StatSelection::parse(
        "sum_of_lights,radiance_median,radiance_q90,radiance_cv,nonfinite_count");
    const auto r = raster_zonal_stats(write_uint16(dir, "s.tif", true, 0.1, 0),
                                      whole_raster_zone(dir), o);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_DOUBLE_EQ(r[0].stats.value("radiance_median"), 1.5);
    EXPECT_DOUBLE_EQ(r[0].stats.value("radiance_q90"), 1.5 + 0.8 * 10.5);
    std::ostringstream csv;
    write_csv(csv, r, o.stats.statistics);
    EXPECT_EQ(csv.str().substr(0, csv.str().find('\n')),
              "raster,zone,sum_of_lights,radiance_median,radiance_q90,radiance_cv,"
              "nonfinite_count");
    std::ostringstream json;
    write_json(json, r, o.stats.statistics);
    EXPECT_NE(json.str().find("\"radiance_q90\""), std::string::npos) << json.str();
    EXPECT_EQ(json.str().find("\"radiance_mean\""), std::string::npos) << json.str();
}
