#include "sezu/read/band_scale.hpp"

#include "sezu/core/error.hpp"

#include <gdal_priv.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace sezu {
namespace {

bool ends_with(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A metadata item named `attribute` or `<variable>_<attribute>` (GDAL's HDF5 driver prefixes the
// dataset's path), as a number. The HDF5 driver leaves a trailing space after the number.
std::optional<double> attribute(GDALRasterBand& band, const std::string& name)
{
    char** items = band.GetMetadata();
    for (int i = 0; items && items[i]; ++i) {
        const std::string item = items[i];
        const auto eq = item.find('=');
        if (eq == std::string::npos)
            continue;
        const std::string key = item.substr(0, eq);
        if (key != name && !ends_with(key, "_" + name))
            continue;
        const char* text = item.c_str() + eq + 1;
        char* end = nullptr;
        const double v = std::strtod(text, &end);
        if (end != text)
            return v;
    }
    return std::nullopt;
}

std::string number(double v)
{
    std::ostringstream os;
    os.precision(17);
    os << v;
    return os.str();
}

} // namespace

ValueScale band_scale(GDALRasterBand& band, const std::string& label)
{
    ValueScale s;
    int has_scale = 0, has_offset = 0;
    const double scale = band.GetScale(&has_scale);
    const double offset = band.GetOffset(&has_offset);
    if (has_scale)
        s.scale = scale;
    else if (auto v = attribute(band, "scale_factor"))
        s.scale = *v;
    if (has_offset)
        s.offset = offset;
    else if (auto v = attribute(band, "add_offset"))
        s.offset = *v;
    if (!std::isfinite(s.scale) || s.scale == 0.0 || !std::isfinite(s.offset))
        throw DataError(label + ": its band's scale " + number(s.scale) + " and offset " +
                        number(s.offset) + " do not map stored values to values (the scale "
                        "must be a finite number other than 0, the offset finite); fix the "
                        "file's metadata (e.g. gdal_edit.py -scale/-offset)");
    return s;
}

std::optional<double> band_fill_value(GDALRasterBand& band)
{
    int has_nodata = 0;
    const double nodata = band.GetNoDataValue(&has_nodata);
    if (has_nodata)
        return nodata;
    return attribute(band, "_FillValue");
}

} // namespace sezu
