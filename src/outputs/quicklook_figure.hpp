#pragma once
// The quicklook's figure: the map of the zones (its pixels georeferenced, at the image's top-left
// corner), then a title, a colour bar in nW/cm²/sr, a legend and one inset per zone of its chip
// with its outline, numbered as on the map. Internal to outputs/.
#include "figure_canvas.hpp"

#include "sezu/outputs/quicklook.hpp"
#include "sezu/stats/zone_chip.hpp"

#include <gdal_priv.h>
#include <ogr_geometry.h>

#include <string>
#include <vector>

namespace sezu::detail {

/// One zone of the figure: its label (the id), outline (WGS 84 lon/lat; null when unknown) and
/// chip (empty: no inset).
struct FigureZone {
    std::string label;
    OGRGeometryUniquePtr outline;
    ZoneChip chip;
};

/// The map: RGB pixels and their geotransform (GDAL's, EPSG:4326).
struct MapPanel {
    Canvas image;
    double gt[6];
};

/// Draws every zone's boundary (ALL_TOUCHED lines, kQuicklookOutline) into an RGB dataset with a
/// geotransform. Throws GdalError when GDAL cannot.
void burn_outlines(GDALDataset& rgb, const std::vector<const OGRGeometry*>& outlines);

/// The canvas as an RGB MEM dataset with geotransform `gt` (EPSG:4326), and back.
GDALDatasetUniquePtr to_dataset(const Canvas& canvas, const double gt[6]);
Canvas from_dataset(GDALDataset& rgb);

/// The chip's pixels on the ramp (NaN: kQuicklookNoData), `scale` screen pixels per chip pixel.
Canvas chip_canvas(const ZoneChip& chip, int scale);

/// Composes the figure around `map` and writes it to `path` (format by extension, see
/// image_format), replacing it atomically; the georeferencing of the map goes to
/// PATH.aux.xml. `chips_only`: the map holds only the zones' windows (a legend entry says so).
/// Fills info's figure size.
void write_figure(const MapPanel& map, const std::vector<FigureZone>& zones,
                  const std::string& title, bool chips_only, const std::string& path,
                  QuicklookInfo& info);

} // namespace sezu::detail
