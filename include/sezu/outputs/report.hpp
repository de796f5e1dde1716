#pragma once
/// `sezu report`: a folder with index.html and lib/ that opens from disk with no network
/// (docs/report.md): a Leaflet map of the zones coloured by a chosen figure, each zone's monthly
/// series drawn by dygraphs (zoom, pan, values on hover, linear or log scale) with failed and
/// incomplete months shaded, gap months ringed and the zone's event as a labelled line, zones
/// compared indexed to their first year, a table of all zones sortable by any column (newest
/// month, before/after the event), the months that are not ok and the provenance. Reads only the
/// archive; the numbers go into the page as JSON data (script-escaped), never as markup.
#include "sezu/outputs/report_options.hpp"

#include <string>

namespace sezu {

/// Writes the report and returns the path of its index.html. The folder is built in a temporary
/// folder beside the target and moved in at the end (index.html last), so a failed report
/// leaves the previous one or nothing. Throws ArchiveError for an unreadable archive,
/// ConfigError when the archive lacks a statistic the report shows, when the folder cannot be
/// written, or when the Debian JavaScript libraries are missing (options.js_dir).
std::string write_report(const std::string& archive_path, const ReportOptions& options);

} // namespace sezu
