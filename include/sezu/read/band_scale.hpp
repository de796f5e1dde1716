#pragma once
/// What a raster band's stored numbers stand for: its scale and offset (ValueScale, in
/// core/raster_block.hpp so that the statistics apply it without GDAL) and its fill value.
/// One reader for `sezu stats` and the month's tiles (streamed or stitched).
#include "sezu/core/raster_block.hpp"

#include <optional>
#include <string>

class GDALRasterBand;

namespace sezu {

/// The band's scale and offset: GDAL's GetScale/GetOffset (GeoTIFF's GDAL metadata, netCDF's
/// scale_factor/add_offset), else the band's metadata items `scale_factor`/`add_offset` or
/// `<variable>_scale_factor`/`<variable>_add_offset` (how GDAL's HDF5 driver shows a dataset's
/// attributes). Identity when the band has neither. Throws DataError naming `label` when the
/// scale is 0 or either is not a finite number (every value would be the same, or NaN).
ValueScale band_scale(GDALRasterBand& band, const std::string& label);

/// The band's NoData value: GDAL's GetNoDataValue, else the metadata item `_FillValue` or
/// `<variable>__FillValue` (HDF5's attribute, which GDAL's HDF5 driver does not map to NoData).
std::optional<double> band_fill_value(GDALRasterBand& band);

} // namespace sezu
