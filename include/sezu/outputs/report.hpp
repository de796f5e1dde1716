#pragma once
/// `sezu report`: a folder with index.html (opens from disk: no network, no script or font from
/// elsewhere) showing, per zone, the series of sum of lights and mean radiance with gap, failed
/// and missing months marked, the share of the zone seen cloud-free, and the zone's event as a
/// vertical line; a table of the newest ok month, before/after figures around each zone's event,
/// the months that are not ok and the provenance. Reads only the archive; plots are SVG drawn by
/// gnuplot.
#include "sezu/outputs/report_options.hpp"

#include <string>

namespace sezu {

/// Writes the report and returns the path of its index.html (written last, atomically, so an
/// index.html is always whole). Throws ArchiveError for an unreadable archive, ConfigError when
/// the folder cannot be written or gnuplot is missing, DataError when gnuplot fails.
std::string write_report(const std::string& archive_path, const ReportOptions& options);

} // namespace sezu
