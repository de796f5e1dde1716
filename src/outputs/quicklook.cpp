#include "sezu/outputs/quicklook.hpp"

#include "sezu/core/error.hpp"
#include "sezu/read/memory_file.hpp"
#include "sezu/read/mosaic.hpp"
#include "sezu/core/temp_file.hpp"

#include "quicklook_figure.hpp"
#include "radiance_ramp.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <cmath>
#include <cstdio>
#include <memory>

namespace sezu {
namespace fs = std::filesystem;

namespace {

/// Below every log radiance (those are >= 0): marks pixels without enough observed cells.
constexpr float kNoDataValue = -1.0f;

using detail::kRamp; // the fixed ramp over log10(1 + radiance): radiance_ramp.hpp
using detail::RampStop;

/// How the window is averaged down to the image.
struct Sampling {
    Window window;  ///< cells of the mosaic's grid
    int factor = 1; ///< cells per pixel along each axis
    int width = 0;
    int height = 0;
};

Sampling plan_sampling(const Window& window, int max_width)
{
    Sampling s;
    s.window = window;
    s.factor = int((window.cols + max_width - 1) / max_width);
    s.width = int((window.cols + s.factor - 1) / s.factor);
    s.height = int((window.rows + s.factor - 1) / s.factor);
    return s;
}

/// Averages one strip of `factor` rows into a row of pixels. Unobserved cells (cf_cvg = 0) carry
/// radiance 0 by convention, not a measurement: they are left out of the mean, and a pixel that
/// is mostly unobserved becomes NoData so a gap shows instead of looking dark.
void average_strip(const RasterBlock& block, int factor, float* out)
{
    const long cols = block.window.cols;
    for (long c0 = 0, i = 0; c0 < cols; c0 += factor, ++i) {
        double sum = 0;
        long observed = 0, cells = 0;
        for (long r = 0; r < block.window.rows; ++r)
            for (long c = c0; c < std::min(cols, c0 + factor); ++c) {
                const std::size_t k = std::size_t(r * cols + c);
                ++cells;
                if (block.cvg[k] > 0 && std::isfinite(block.value[k])) {
                    sum += block.value[k];
                    ++observed;
                }
            }
        const bool mostly_unobserved = 2 * (cells - observed) > cells;
        out[i] = mostly_unobserved ? kNoDataValue
                                   : float(std::log10(1.0 + std::max(sum / double(observed), 0.0)));
    }
}

/// log10(1 + radiance) per pixel, row-major; read a strip at a time so that even a global window
/// at full resolution needs only `factor` rows of it in memory.
std::vector<float> log_radiance(const Mosaic& mosaic, const Sampling& s)
{
    std::vector<float> out(std::size_t(s.width) * std::size_t(s.height), kNoDataValue);
    const long end = s.window.row + s.window.rows;
    for (int j = 0; j < s.height; ++j) {
        const long row = s.window.row + long(j) * s.factor;
        const Window strip{s.window.col, row, s.window.cols, std::min<long>(s.factor, end - row)};
        average_strip(mosaic.read(strip), s.factor, out.data() + std::size_t(j) * s.width);
    }
    return out;
}

GDALDriver& driver(const char* name)
{
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName(name);
    if (!d)
        throw GdalError(std::string("quicklook: this GDAL has no ") + name + " driver");
    return *d;
}

/// The log radiance as a Float32 MEM dataset in EPSG:4326, with NoData set, ready for gdaldem.
GDALDatasetUniquePtr log_dataset(std::vector<float>& values, const Sampling& s, const Grid& grid)
{
    GDALDatasetUniquePtr ds(driver("MEM").Create("", s.width, s.height, 1, GDT_Float32, nullptr));
    if (!ds)
        throw GdalError(std::string("quicklook: cannot create an image in memory: ") +
                        CPLGetLastErrorMsg());
    double gt[6] = {grid.x0 + double(s.window.col) * grid.dx,
                    grid.dx * s.factor,
                    0,
                    grid.y0 - double(s.window.row) * grid.dy,
                    0,
                    -grid.dy * s.factor};
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    GDALRasterBand* band = ds->GetRasterBand(1);
    if (ds->SetGeoTransform(gt) != CE_None || ds->SetSpatialRef(&wgs84) != CE_None ||
        band->SetNoDataValue(kNoDataValue) != CE_None ||
        band->RasterIO(GF_Write, 0, 0, s.width, s.height, values.data(), s.width, s.height,
                       GDT_Float32, 0, 0, nullptr) != CE_None)
        throw GdalError(std::string("quicklook: cannot fill the image: ") + CPLGetLastErrorMsg());
    return ds;
}

/// A gdaldem colour file in GDAL's in-memory file system over text this object owns (no
/// stream to write and close), unlinked when done.
class ColourFile {
public:
    ColourFile() : m_text(ramp_text()), m_file("sezu-quicklook-colours", ".txt", m_text.data(),
                                                m_text.size())
    {
    }
    const std::string& path() const { return m_file.path(); }

private:
    static std::string ramp_text()
    {
        std::string text;
        char line[96];
        for (const RampStop& stop : kRamp) {
            std::snprintf(line, sizeof line, "%.6f %d %d %d\n", std::log10(1.0 + stop.radiance),
                          stop.colour[0], stop.colour[1], stop.colour[2]);
            text += line;
        }
        std::snprintf(line, sizeof line, "nv %d %d %d\n", kQuicklookNoData[0], kQuicklookNoData[1],
                      kQuicklookNoData[2]);
        return text + line;
    }
    std::string m_text; // GDAL reads the file from here (declared before m_file)
    MemoryFile m_file;
};

struct DemOptionsDeleter {
    void operator()(GDALDEMProcessingOptions* o) const { GDALDEMProcessingOptionsFree(o); }
};

/// The RGB image: gdaldem color-relief of the log radiance, kept in memory (MEM) so the
/// outlines can be burnt into it before the PNG is written.
GDALDatasetUniquePtr colour_relief(GDALDataset& log_ds)
{
    const ColourFile colours;
    CPLStringList argv;
    argv.AddString("-of");
    argv.AddString("MEM");
    std::unique_ptr<GDALDEMProcessingOptions, DemOptionsDeleter> options(
        GDALDEMProcessingOptionsNew(argv.List(), nullptr));
    if (!options)
        throw GdalError(std::string("quicklook: bad color-relief options: ") +
                        CPLGetLastErrorMsg());
    int usage_error = FALSE;
    CPLErrorReset();
    GDALDatasetUniquePtr rgb(GDALDataset::FromHandle(
        GDALDEMProcessing("", GDALDataset::ToHandle(&log_ds), "color-relief",
                          colours.path().c_str(), options.get(), &usage_error)));
    if (!rgb)
        throw GdalError(std::string("quicklook: color-relief failed: ") + CPLGetLastErrorMsg());
    return rgb;
}

/// Each zone as the figure shows it: its id, outline and a chip of its window, taken from the
/// mosaic as the run takes it from the streaming rasters.
std::vector<detail::FigureZone> figure_zones(const Mosaic& mosaic, const ZoneSet& zones)
{
    std::vector<detail::FigureZone> out;
    for (const Zone& zone : zones.zones) {
        detail::FigureZone z;
        z.label = zone.id;
        if (!zone.geometry.empty()) {
            z.outline.reset(to_ogr(zone.geometry).release());
            const BBox b = zone.geometry.bbox();
            const Window w = chip_window(mosaic.grid(), mosaic.grid().window_for(b));
            if (!w.empty()) {
                ChipBuilder chip(mosaic.grid(), w);
                chip.add_block(mosaic.read(w));
                z.chip = chip.chip();
            }
        }
        out.push_back(std::move(z));
    }
    return out;
}

BBox zones_bbox(const ZoneSet& zones)
{
    BBox box;
    bool any = false;
    for (const Zone& zone : zones.zones) {
        if (zone.geometry.empty())
            continue;
        const BBox b = zone.geometry.bbox();
        box = any ? BBox{std::min(box.xmin, b.xmin), std::min(box.ymin, b.ymin),
                         std::max(box.xmax, b.xmax), std::max(box.ymax, b.ymax)}
                  : b;
        any = true;
    }
    return box;
}

} // namespace

Window quicklook_window(const Grid& grid, const ZoneSet& zones, const QuicklookOptions& options)
{
    const BBox box = zones_bbox(zones);
    // Per axis, so that a row of zones along a parallel still gets context above and below.
    const double mx =
        std::max(options.margin_fraction * (box.xmax - box.xmin), options.min_margin_deg);
    const double my =
        std::max(options.margin_fraction * (box.ymax - box.ymin), options.min_margin_deg);
    const BBox wide{box.xmin - mx, box.ymin - my, box.xmax + mx, box.ymax + my};
    const Window window = grid.window_for(wide);
    if (window.empty()) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "(%.4f, %.4f)..(%.4f, %.4f)", box.xmin, box.ymin, box.xmax,
                      box.ymax);
        throw ConfigError("quicklook: the zones of " + zones.source + " " + buf +
                          " lie outside the month's grid; check their coordinates are "
                          "longitude/latitude");
    }
    return window;
}

ImageFormat image_format(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char ch) { return char(std::tolower(ch)); });
    if (ext == ".png")
        return ImageFormat::Png;
    if (ext == ".jpg" || ext == ".jpeg")
        return ImageFormat::Jpeg;
    throw ConfigError("quicklook: cannot tell the image format of '" + path +
                      "' from its extension: name it .png, .jpg or .jpeg");
}

QuicklookInfo write_quicklook(const Mosaic& mosaic, const ZoneSet& zones, const std::string& path,
                              const QuicklookOptions& options, const std::string& title)
{
    image_format(path);
    if (options.max_width < 1)
        throw ConfigError("quicklook: the width must be at least 1 pixel");
    GDALAllRegister();
    const Sampling s =
        plan_sampling(quicklook_window(mosaic.grid(), zones, options), options.max_width);
    std::vector<float> values = log_radiance(mosaic, s);
    const GDALDatasetUniquePtr log_ds = log_dataset(values, s, mosaic.grid());
    const GDALDatasetUniquePtr rgb = colour_relief(*log_ds);
    const std::vector<detail::FigureZone> figure = figure_zones(mosaic, zones);
    std::vector<const OGRGeometry*> outlines;
    for (const auto& z : figure)
        outlines.push_back(z.outline.get());
    detail::burn_outlines(*rgb, outlines);
    detail::MapPanel map{detail::from_dataset(*rgb), {}};
    rgb->GetGeoTransform(map.gt);
    QuicklookInfo info;
    info.window = s.window;
    info.factor = s.factor;
    info.width = s.width;
    info.height = s.height;
    detail::write_figure(map, figure, title, false, path, info);
    return info;
}

} // namespace sezu
