#include "chip_image.hpp"

#include "radiance_ramp.hpp"

#include "sezu/core/error.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>

#include <cmath>

namespace sezu::detail {

std::vector<std::uint8_t> chip_rgba(const ZoneChip& chip)
{
    std::vector<std::uint8_t> out(chip.radiance.size() * 4, 0);
    for (std::size_t i = 0; i < chip.radiance.size(); ++i) {
        const float v = chip.radiance[i];
        if (!std::isfinite(v))
            continue; // transparent: nothing was seen there, which is not dark
        const Rgb c = ramp_colour(double(v));
        out[4 * i] = c[0];
        out[4 * i + 1] = c[1];
        out[4 * i + 2] = c[2];
        out[4 * i + 3] = 255;
    }
    return out;
}

void write_chip_png(const ZoneChip& chip, const std::string& path)
{
    GDALAllRegister();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
    if (!mem || !png)
        throw GdalError("report: this GDAL has no MEM or PNG driver to draw the chips");
    const int w = int(chip.cols), h = int(chip.rows);
    GDALDatasetUniquePtr ds(mem->Create("", w, h, 4, GDT_Byte, nullptr));
    std::vector<std::uint8_t> rgba = chip_rgba(chip);
    // Pixel-interleaved source: each band starts at its offset, pixels 4 bytes apart.
    if (!ds || ds->RasterIO(GF_Write, 0, 0, w, h, rgba.data(), w, h, GDT_Byte, 4, nullptr, 4,
                            GSpacing(4) * w, 1, nullptr) != CE_None)
        throw GdalError("report: cannot draw a chip in memory: " +
                        std::string(CPLGetLastErrorMsg()));
    ds->GetRasterBand(4)->SetColorInterpretation(GCI_AlphaBand);
    CPLStringList options;
    options.SetNameValue("WORLDFILE", "NO");
    CPLErrorReset();
    // No georeferencing on the MEM dataset: no .aux.xml beside the PNG.
    GDALDatasetUniquePtr out(
        png->CreateCopy(path.c_str(), ds.get(), FALSE, options.List(), nullptr, nullptr));
    if (!out)
        throw GdalError("report: cannot write " + path + ": " + CPLGetLastErrorMsg());
    out.reset();
    if (CPLGetLastErrorType() == CE_Failure)
        throw GdalError("report: cannot finish " + path + ": " + CPLGetLastErrorMsg());
}

} // namespace sezu::detail
