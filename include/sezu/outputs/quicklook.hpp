#pragma once
/// `sezu quicklook`: a figure of one month around the zones, so that a user sees seams, coverage
/// gaps and misplaced zones at a glance: a map (the mosaic cropped to the zones' bounding box plus
/// a margin, averaged down to the requested width, log-scaled, coloured with GDAL's
/// color-relief, the zones' outlines rasterized on top), a colour bar, a legend and one inset per
/// zone. From the month's mosaic, or from an archive's zone chips without the rasters.
#include "sezu/archive/archive.hpp"
#include "sezu/core/grid.hpp"
#include "sezu/zones/zones.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace sezu {

class Mosaic;

/// Colours of the image, documented in docs/usage.md (RGB).
using Rgb = std::array<std::uint8_t, 3>;
/// Zone outlines: cyan, a colour the radiance ramp never produces.
constexpr Rgb kQuicklookOutline = {0, 255, 255};
/// Pixels mostly never observed cloud-free (cf_cvg = 0): dark blue-grey, not black, so a gap is
/// told apart from a dark area.
constexpr Rgb kQuicklookNoData = {40, 60, 110};
/// A map drawn from chips: places outside every zone's window (the archive holds no pixels
/// there), a neutral grey.
constexpr Rgb kQuicklookNotStored = {72, 72, 78};

/// The image formats quicklook writes.
enum class ImageFormat { Png, Jpeg };
/// The format the output's extension asks for: .png, or .jpg / .jpeg (any case). Throws
/// ConfigError naming the file and the extensions accepted for any other.
ImageFormat image_format(const std::string& path);

struct QuicklookOptions {
    int max_width = 1600;          ///< the image is at most this many pixels wide (>= 1)
    double margin_fraction = 0.10; ///< margin on each side, as a fraction of the zones' box
    double min_margin_deg = 0.5;   ///< and at least this many degrees
};

/// What was drawn (for the log line and the tests).
struct QuicklookInfo {
    Window window;  ///< the cells of the mosaic's grid shown (from a mosaic)
    int factor = 1; ///< each map pixel averages factor x factor cells (from a mosaic)
    int width = 0;  ///< the map's size in pixels (the figure's top-left panel)
    int height = 0;
    int figure_width = 0; ///< the whole figure's size
    int figure_height = 0;
};

/// The cells shown: the bounding box of all zones, widened on each side by the margin, clipped
/// to the grid. Throws ConfigError when the zones lie outside the grid.
Window quicklook_window(const Grid& grid, const ZoneSet& zones, const QuicklookOptions& options);

/// Renders the quicklook of `mosaic` with the outlines of `zones` (EPSG:4326) into `path` (PNG
/// or JPEG, by its extension): the map, RGB, at most options.max_width pixels wide (each pixel
/// the mean radiance of factor x factor cells; a pixel where more than half the cells have
/// cf_cvg = 0 is kQuicklookNoData), colour = log10(1 + max(radiance, 0)) on a fixed ramp, so
/// months compare; below it the title `title`, colour bar, legend and the zones' insets (their
/// chips taken from the mosaic). The map's georeferencing goes into GDAL's sidecar
/// `path.aux.xml` (the map is the image's top-left panel, so it opens in place in QGIS; the
/// panels below lie outside its extent). Both files are written under a temporary name and
/// renamed when complete: a failure leaves neither behind. Throws ConfigError when the file
/// cannot be written, GdalError when GDAL fails.
QuicklookInfo write_quicklook(const Mosaic& mosaic, const ZoneSet& zones, const std::string& path,
                              const QuicklookOptions& options = {},
                              const std::string& title = "");

/// The same figure from an archive's zone chips (docs/archive.md), with no raster: the map
/// holds the chips on kQuicklookNotStored, at most options.max_width pixels wide. Throws
/// ConfigError when the archive has no chips.
QuicklookInfo write_quicklook_from_chips(const ArchiveData& archive, const std::string& path,
                                         const QuicklookOptions& options = {},
                                         const std::string& title = "");

} // namespace sezu
