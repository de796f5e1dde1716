// The quicklook from an archive's zone chips: the map is the chips pasted on their places (and
// nothing between them, which the archive does not hold), the insets the chips themselves.
#include "sezu/outputs/quicklook.hpp"

#include "quicklook_figure.hpp"

#include "sezu/core/error.hpp"

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>

namespace sezu {

namespace {

// The chips' common box plus the options' margin, in degrees.
BBox chips_box(const std::vector<ZoneChip>& chips, const QuicklookOptions& options)
{
    BBox box{1e300, 1e300, -1e300, -1e300};
    for (const ZoneChip& c : chips)
        if (!c.empty())
            box = {std::min(box.xmin, c.west), std::min(box.ymin, c.south),
                   std::max(box.xmax, c.east), std::max(box.ymax, c.north)};
    const double mx =
        std::max(options.margin_fraction * (box.xmax - box.xmin), options.min_margin_deg);
    const double my =
        std::max(options.margin_fraction * (box.ymax - box.ymin), options.min_margin_deg);
    return {box.xmin - mx, std::max(-90.0, box.ymin - my), box.xmax + mx,
            std::min(90.0, box.ymax + my)};
}

// The map's pixel: as fine as the finest chip, and no wider or taller than max_width.
double map_pixel(const std::vector<ZoneChip>& chips, const BBox& box, int max_width)
{
    double finest = 1e300;
    for (const ZoneChip& c : chips)
        if (!c.empty())
            finest = std::min(finest, (c.east - c.west) / double(c.cols));
    return std::max({finest, (box.xmax - box.xmin) / max_width, (box.ymax - box.ymin) / max_width});
}

// Each chip pasted where it lies (nearest pixel), the rest kQuicklookNotStored.
detail::MapPanel chips_map(const std::vector<ZoneChip>& chips, const QuicklookOptions& options)
{
    const BBox box = chips_box(chips, options);
    const double d = map_pixel(chips, box, options.max_width);
    const int w = std::max(1, int(std::ceil((box.xmax - box.xmin) / d - 1e-9)));
    const int h = std::max(1, int(std::ceil((box.ymax - box.ymin) / d - 1e-9)));
    detail::MapPanel map{detail::Canvas(w, h, kQuicklookNotStored),
                         {box.xmin, d, 0, box.ymax, 0, -d}};
    for (const ZoneChip& c : chips) {
        if (c.empty())
            continue;
        const detail::Canvas image = detail::chip_canvas(c, 1);
        const double px = (c.east - c.west) / double(c.cols),
                     py = (c.north - c.south) / double(c.rows);
        const int i0 = std::max(0, int((c.west - box.xmin) / d)),
                  i1 = std::min(w, int(std::ceil((c.east - box.xmin) / d)));
        const int j0 = std::max(0, int((box.ymax - c.north) / d)),
                  j1 = std::min(h, int(std::ceil((box.ymax - c.south) / d)));
        for (int j = j0; j < j1; ++j)
            for (int i = i0; i < i1; ++i) {
                const long col = long(std::floor((box.xmin + (i + 0.5) * d - c.west) / px));
                const long row = long(std::floor((c.north - (box.ymax - (j + 0.5) * d)) / py));
                if (col >= 0 && row >= 0 && col < c.cols && row < c.rows)
                    map.image.set(i, j, image.at(int(col), int(row)));
            }
    }
    return map;
}

} // namespace

QuicklookInfo write_quicklook_from_chips(const ArchiveData& archive, const std::string& path,
                                         const QuicklookOptions& options, const std::string& title)
{
    image_format(path);
    if (options.max_width < 1)
        throw ConfigError("quicklook: the width must be at least 1 pixel");
    const bool any = std::any_of(archive.chips.begin(), archive.chips.end(),
                                 [](const ZoneChip& c) { return !c.empty(); });
    if (!archive.chips_month || !any)
        throw ConfigError("quicklook: the archive holds no zone chips (made before sezu took "
                          "them, or no month ok): give -c CONFIG --month YYYYMM to draw a month "
                          "from its rasters");
    GDALAllRegister();
    detail::MapPanel map = chips_map(archive.chips, options);
    std::vector<detail::FigureZone> zones;
    std::vector<const OGRGeometry*> outlines;
    for (std::size_t z = 0; z < archive.zone_ids.size(); ++z) {
        detail::FigureZone f;
        f.label = archive.zone_ids[z];
        f.chip = z < archive.chips.size() ? archive.chips[z] : ZoneChip{};
        const std::string wkt = z < archive.zone_geometry.size() ? archive.zone_geometry[z] : "";
        OGRGeometry* g = nullptr;
        if (!wkt.empty() &&
            OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g) == OGRERR_NONE)
            f.outline.reset(g);
        outlines.push_back(f.outline.get());
        zones.push_back(std::move(f));
    }
    const GDALDatasetUniquePtr ds = detail::to_dataset(map.image, map.gt);
    detail::burn_outlines(*ds, outlines);
    map.image = detail::from_dataset(*ds);
    QuicklookInfo info;
    info.width = map.image.width;
    info.height = map.image.height;
    detail::write_figure(map, zones, title, true, path, info);
    return info;
}

} // namespace sezu
