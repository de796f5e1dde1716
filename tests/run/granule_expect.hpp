#pragma once
// What a zone's statistics must be, computed independently of sezu's reader: the mirror's
// granules read through GDAL's HDF5 driver. Shared by the monthly and annual Black Marble tests.
#include "sezu/products/blackmarble_grid.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace sezu::test {

/// A rectangle zone on whole cell edges (multiples of 1/6 degree at scale 40), so every cell
/// inside has weight 1.
struct Rect {
    const char* id;
    double west, south, east, north;
};

inline std::string wkt(const Rect& r)
{
    char buf[256];
    std::snprintf(buf, sizeof buf, "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", r.west, r.south,
                  r.east, r.south, r.east, r.north, r.west, r.north, r.west, r.south);
    return buf;
}

/// A layer of a granule through GDAL (which names the group "Data_Fields"); empty when GDAL
/// cannot read it.
inline std::vector<float> gdal_layer(const std::string& path, const std::string& layer)
{
    const std::string name =
        "HDF5:\"" + path + "\"://HDFEOS/GRIDS/VIIRS_Grid_DNB_2d/Data_Fields/" + layer;
    GDALDatasetUniquePtr ds(GDALDataset::Open(name.c_str(), GDAL_OF_RASTER));
    if (!ds)
        return {};
    const int n = ds->GetRasterXSize();
    std::vector<float> out(std::size_t(n) * std::size_t(n));
    if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, n, n, out.data(), n, n, GDT_Float32, 0, 0) !=
        CE_None)
        return {};
    return out;
}

struct Expected {
    double count = 0, sum = 0, zero_cvg = 0;
};

/// The zone's statistics from the granule of its tile (60 x 60 cells, scale 40) read by GDAL:
/// cells whose quality is not dropped and whose radiance is not the fill -999.9.
inline Expected from_gdal(const std::string& granule, const Rect& r, const std::vector<int>& drop)
{
    const auto value = gdal_layer(granule, "NearNadir_Composite_Snow_Free");
    const auto quality = gdal_layer(granule, "NearNadir_Composite_Snow_Free_Quality");
    const auto num = gdal_layer(granule, "NearNadir_Composite_Snow_Free_Num");
    EXPECT_EQ(value.size(), 3600u) << granule;
    Expected e;
    if (value.size() != 3600u || quality.size() != 3600u || num.size() != 3600u)
        return e;
    const double cell = 10.0 / 60;
    const double west = std::floor(r.west / 10) * 10, north = std::ceil(r.north / 10) * 10;
    const long row0 = std::lround((north - r.north) / cell);
    const long row1 = std::lround((north - r.south) / cell);
    const long col0 = std::lround((r.west - west) / cell);
    const long col1 = std::lround((r.east - west) / cell);
    for (long row = row0; row < row1; ++row)
        for (long col = col0; col < col1; ++col) {
            const std::size_t i = std::size_t(row * 60 + col);
            const bool dropped = std::find(drop.begin(), drop.end(), int(quality[i])) != drop.end();
            if (dropped || value[i] == -999.9f)
                continue;
            e.count += 1;
            e.sum += value[i];
            e.zero_cvg += num[i] == 0 ? 1 : 0;
        }
    e.zero_cvg /= e.count;
    return e;
}

/// The mirror's granule of `short_name` (e.g. "VNP46A4") for the period starting with `first`
/// and `tile` (e.g. "h18v08"); "" when the period has none.
inline std::string granule_of(const std::string& mirror, const std::string& short_name,
                              const YearMonth& first, const char* tile)
{
    char folder[64];
    std::snprintf(folder, sizeof folder, "/%d/%03d", first.year(), first_day_of_year(first));
    const std::string dir = mirror + "/archive/allData/5200/" + short_name + folder;
    if (!std::filesystem::is_directory(dir))
        return "";
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().filename().string().find(tile) != std::string::npos)
            return e.path().string();
    return "";
}

} // namespace sezu::test
