#pragma once
/// `sezu quicklook`: a PNG map of one stitched month around the zones, so that a user sees seams,
/// coverage gaps and misplaced zones at a glance. The mosaic is cropped to the zones' bounding box
/// plus a margin, averaged down to the requested width, log-scaled, coloured with GDAL's
/// color-relief, and the zones' outlines are rasterized on top; everything through GDAL.
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

struct QuicklookOptions {
    int max_width = 1600;          ///< the image is at most this many pixels wide (>= 1)
    double margin_fraction = 0.10; ///< margin on each side, as a fraction of the zones' box
    double min_margin_deg = 0.5;   ///< and at least this many degrees
};

/// What was drawn (for the log line and the tests).
struct QuicklookInfo {
    Window window;  ///< the cells of the mosaic's grid shown
    int factor = 1; ///< each image pixel averages factor x factor cells
    int width = 0;  ///< image size in pixels
    int height = 0;
};

/// The cells shown: the bounding box of all zones, widened on each side by the margin, clipped
/// to the grid. Throws ConfigError when the zones lie outside the grid.
Window quicklook_window(const Grid& grid, const ZoneSet& zones, const QuicklookOptions& options);

/// Renders the quicklook of `mosaic` with the outlines of `zones` (EPSG:4326) into `png_path`:
/// RGB, at most options.max_width pixels wide (each pixel the mean radiance of factor x factor
/// cells; a pixel where more than half the cells have cf_cvg = 0 is kQuicklookNoData), colour =
/// log10(1 + max(radiance, 0)) on a fixed ramp, so months compare. The georeferencing goes into
/// GDAL's sidecar `png_path.aux.xml` (the image opens in place in QGIS). Both files are written
/// under a temporary name and renamed when complete: a failure leaves neither behind.
/// Throws ConfigError when the file cannot be written, GdalError when GDAL fails.
QuicklookInfo write_quicklook(const Mosaic& mosaic, const ZoneSet& zones,
                              const std::string& png_path, const QuicklookOptions& options = {});

} // namespace sezu
