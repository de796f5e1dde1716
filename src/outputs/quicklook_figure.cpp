#include "quicklook_figure.hpp"

#include "radiance_ramp.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/temp_file.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>

namespace sezu::detail {

namespace {

constexpr Rgb kPaper = {250, 250, 250};
constexpr Rgb kInk = {30, 30, 30};
constexpr Rgb kGrey = {110, 110, 110};
constexpr Rgb kInsetBack = {215, 215, 215};
constexpr int kInset = 160;     // an inset's box, pixels
constexpr int kInsetCell = 176; // with its margin
constexpr int kInsetLabel = 20; // the label above it
constexpr std::size_t kMaxInsets = 30;
constexpr int kBarWidth = 300;

GDALDriver& gdal_driver(const char* name)
{
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName(name);
    if (!d)
        throw GdalError(std::string("quicklook: this GDAL has no ") + name + " driver");
    return *d;
}

// The colour bar: the ramp from 0 to its last stop, ticked at the stops, in its units.
int draw_colour_bar(Canvas& c, const TextPainter& small, int x, int y)
{
    const double top = ramp_position(kRamp[std::size(kRamp) - 1].radiance);
    for (int i = 0; i < kBarWidth; ++i) {
        const double radiance = std::pow(10.0, top * i / (kBarWidth - 1)) - 1.0;
        c.fill(x + i, y, 1, 12, ramp_colour(radiance));
    }
    c.frame(x, y, kBarWidth, 12, kGrey);
    for (const RampStop& stop : kRamp) {
        if (stop.radiance == 0.5)
            continue; // too close to 0 to label
        const int at = x + int(std::lround(ramp_position(stop.radiance) / top * (kBarWidth - 1)));
        c.fill(at, y + 12, 1, 4, kInk);
        char text[16];
        std::snprintf(text, sizeof text, "%s%g",
                      &stop == &kRamp[std::size(kRamp) - 1] ? "\xE2\x89\xA5" : "", stop.radiance);
        const int w = small.width(text);
        small.draw(c, std::clamp(at - w / 2, x, x + kBarWidth - w), y + 28, text, kInk);
    }
    return small.draw(c, x + kBarWidth + 10, y + 11, "radiance, nW/cm\xC2\xB2/sr (log scale)",
                      kInk);
}

int legend_entry(Canvas& c, const TextPainter& small, int x, int y, Rgb swatch, bool line,
                 const std::string& text)
{
    if (line)
        c.fill(x, y - 5, 18, 2, swatch);
    else {
        c.fill(x, y - 10, 18, 12, swatch);
        c.frame(x, y - 10, 18, 12, kGrey);
    }
    return small.draw(c, x + 24, y, text, kInk) + 18;
}

// The zone's number on the map, in a box just outside the zone's box (north-east, else
// north-west, south-east or south-west, whichever lies wholly on the map), so that it hides
// none of the zone; none when no place fits (a map too small for labels).
void number_on_map(Canvas& c, const TextPainter& small, const MapPanel& map, const FigureZone& z,
                   int number)
{
    OGREnvelope e;
    if (!z.chip.empty()) {
        e.MinX = z.chip.west;
        e.MaxX = z.chip.east;
        e.MinY = z.chip.south;
        e.MaxY = z.chip.north;
    } else if (z.outline) {
        z.outline->getEnvelope(&e);
    } else {
        return;
    }
    const int west = int(std::floor((e.MinX - map.gt[0]) / map.gt[1]));
    const int east = int(std::ceil((e.MaxX - map.gt[0]) / map.gt[1]));
    const int north = int(std::floor((e.MaxY - map.gt[3]) / map.gt[5]));
    const int south = int(std::ceil((e.MinY - map.gt[3]) / map.gt[5]));
    const std::string text = std::to_string(number);
    const int w = small.width(text) + 6, h = small.ascent() + 4;
    const int places[4][2] = {{east + 1, north - h - 1},
                              {west - w - 1, north - h - 1},
                              {east + 1, south + 1},
                              {west - w - 1, south + 1}};
    for (const auto& [x, y] : places) {
        if (x < 0 || y < 0 || x + w > map.image.width || y + h > map.image.height)
            continue;
        c.fill(x, y, w, h, {20, 20, 20});
        small.draw(c, x + 3, y + h - 3, text, {255, 255, 255});
        return;
    }
}

// One zone's inset: its chip, enlarged by a whole factor, with its outline and its label.
void draw_inset(Canvas& c, const TextPainter& small, const FigureZone& z, int number, int x, int y)
{
    const std::string head = std::to_string(number) + "  ";
    const int after = small.draw(c, x, y + 14, head, kInk);
    small.draw(c, after, y + 14, small.fit(z.label, kInset - (after - x)), kInk);
    const int top = y + kInsetLabel;
    c.fill(x, top, kInset, kInset, kInsetBack);
    c.frame(x, top, kInset, kInset, kGrey);
    const int scale = std::max<int>(1, kInset / int(std::max(z.chip.cols, z.chip.rows)));
    Canvas image = chip_canvas(z.chip, scale);
    if (z.outline) {
        const double gt[6] = {z.chip.west, (z.chip.east - z.chip.west) / image.width,
                              0,           z.chip.north,
                              0,           -(z.chip.north - z.chip.south) / image.height};
        const GDALDatasetUniquePtr ds = to_dataset(image, gt);
        burn_outlines(*ds, {z.outline.get()});
        image = from_dataset(*ds);
    }
    c.paste(image, x + (kInset - image.width) / 2, top + (kInset - image.height) / 2);
}

void write_image(const Canvas& figure, const MapPanel& map, const std::string& path)
{
    const bool jpeg = image_format(path) == ImageFormat::Jpeg;
    const GDALDatasetUniquePtr ds = to_dataset(figure, map.gt);
    ds->SetMetadataItem("SEZU_MAP_PANEL", ("0,0," + std::to_string(map.image.width) + "," +
                                           std::to_string(map.image.height))
                                              .c_str());
    CPLStringList options;
    if (jpeg)
        options.SetNameValue("QUALITY", "92");
    // GDAL writes the georeferencing into a sidecar, PATH.tmp.aux.xml, when the file closes.
    TempFile temp(path, "quicklook", {".aux.xml"});
    CPLErrorReset();
    GDALDatasetUniquePtr out(
        gdal_driver(jpeg ? "JPEG" : "PNG")
            .CreateCopy(temp.path().c_str(), ds.get(), FALSE, options.List(), nullptr, nullptr));
    if (!out)
        throw ConfigError("quicklook: cannot write '" + temp.path() + "': " + CPLGetLastErrorMsg());
    out.reset(); // the sidecar is written as the dataset closes: a failure there fails too
    if (CPLGetLastErrorType() == CE_Failure)
        throw GdalError("quicklook: cannot finish '" + temp.path() + "': " + CPLGetLastErrorMsg());
    temp.commit();
}

} // namespace

void burn_outlines(GDALDataset& rgb, const std::vector<const OGRGeometry*>& outlines)
{
    std::vector<OGRGeometryUniquePtr> boundaries;
    std::vector<OGRGeometryH> handles;
    std::vector<double> burn;
    for (const OGRGeometry* g : outlines) {
        if (!g || g->IsEmpty())
            continue;
        OGRGeometryUniquePtr boundary(g->Boundary());
        if (!boundary)
            throw GdalError(std::string("quicklook: cannot outline a zone: ") +
                            CPLGetLastErrorMsg());
        handles.push_back(OGRGeometry::ToHandle(boundary.get()));
        boundaries.push_back(std::move(boundary));
        burn.insert(burn.end(), kQuicklookOutline.begin(), kQuicklookOutline.end());
    }
    if (handles.empty())
        return;
    const int bands[] = {1, 2, 3};
    CPLStringList options;
    options.SetNameValue("ALL_TOUCHED", "TRUE");
    CPLErrorReset();
    if (GDALRasterizeGeometries(GDALDataset::ToHandle(&rgb), 3, bands, int(handles.size()),
                                handles.data(), nullptr, nullptr, burn.data(), options.List(),
                                nullptr, nullptr) != CE_None)
        throw GdalError(std::string("quicklook: drawing the zone outlines failed: ") +
                        CPLGetLastErrorMsg());
}

GDALDatasetUniquePtr to_dataset(const Canvas& canvas, const double gt[6])
{
    GDALDatasetUniquePtr ds(
        gdal_driver("MEM").Create("", canvas.width, canvas.height, 3, GDT_Byte, nullptr));
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    double transform[6];
    std::copy(gt, gt + 6, transform);
    auto* pixels = const_cast<std::uint8_t*>(canvas.rgb.data()); // GF_Write only reads it
    if (!ds || ds->SetGeoTransform(transform) != CE_None || ds->SetSpatialRef(&wgs84) != CE_None ||
        ds->RasterIO(GF_Write, 0, 0, canvas.width, canvas.height, pixels, canvas.width,
                     canvas.height, GDT_Byte, 3, nullptr, 3, GSpacing(3) * canvas.width, 1,
                     nullptr) != CE_None)
        throw GdalError(std::string("quicklook: cannot make an image in memory: ") +
                        CPLGetLastErrorMsg());
    return ds;
}

Canvas from_dataset(GDALDataset& rgb)
{
    Canvas c(rgb.GetRasterXSize(), rgb.GetRasterYSize(), kPaper);
    if (rgb.RasterIO(GF_Read, 0, 0, c.width, c.height, c.rgb.data(), c.width, c.height, GDT_Byte, 3,
                     nullptr, 3, GSpacing(3) * c.width, 1, nullptr) != CE_None)
        throw GdalError(std::string("quicklook: cannot read an image in memory: ") +
                        CPLGetLastErrorMsg());
    return c;
}

Canvas chip_canvas(const ZoneChip& chip, int scale)
{
    Canvas c(int(chip.cols) * scale, int(chip.rows) * scale, kQuicklookNoData);
    for (long r = 0; r < chip.rows; ++r)
        for (long col = 0; col < chip.cols; ++col) {
            const float v = chip.at(r, col);
            if (std::isfinite(v))
                c.fill(int(col) * scale, int(r) * scale, scale, scale, ramp_colour(double(v)));
        }
    return c;
}

void write_figure(const MapPanel& map, const std::vector<FigureZone>& zones,
                  const std::string& title, bool chips_only, const std::string& path,
                  QuicklookInfo& info)
{
    const TextPainter big(15), small(12);
    std::vector<std::size_t> insets;
    for (std::size_t z = 0; z < zones.size() && insets.size() < kMaxInsets; ++z)
        if (!zones[z].chip.empty())
            insets.push_back(z);
    const int width = std::max(map.image.width, 780);
    const int columns = std::max(1, (width - 16) / kInsetCell);
    const int rows = int((insets.size() + std::size_t(columns) - 1) / std::size_t(columns));
    const int below = map.image.height + 12, bar_y = below + 34, insets_y = bar_y + 48;
    const int height = insets_y + rows * (kInset + kInsetLabel + 12) + 24;
    Canvas c(width, height, kPaper);
    c.paste(map.image, 0, 0);
    for (std::size_t z = 0; z < zones.size() && zones.size() <= 60; ++z)
        number_on_map(c, small, map, zones[z], int(z) + 1);
    big.draw(c, 12, below + 16, title, kInk);
    int x = draw_colour_bar(c, small, 12, bar_y) + 24;
    x = legend_entry(c, small, x, bar_y + 11, kQuicklookOutline, true, "zone (numbered)");
    x = legend_entry(c, small, x, bar_y + 11, kQuicklookNoData, false, "no cloud-free night");
    if (chips_only)
        legend_entry(c, small, 12 + kBarWidth + 10, bar_y + 30, kQuicklookNotStored, false,
                     "outside the zones' windows (not in the archive)");
    for (std::size_t i = 0; i < insets.size(); ++i)
        draw_inset(c, small, zones[insets[i]], int(insets[i]) + 1,
                   12 + int(i % std::size_t(columns)) * kInsetCell,
                   insets_y + int(i / std::size_t(columns)) * (kInset + kInsetLabel + 12));
    std::size_t with_chip = 0;
    for (const auto& z : zones)
        with_chip += z.chip.empty() ? 0 : 1;
    if (with_chip > insets.size())
        small.draw(c, 12, height - 8,
                   "and " + std::to_string(with_chip - insets.size()) +
                       " more zones (each in `sezu report`)",
                   kGrey);
    write_image(c, map, path);
    info.figure_width = width;
    info.figure_height = height;
}

} // namespace sezu::detail
