#pragma once
// The report's per-zone plots: a data file per zone and one gnuplot script that draws them all
// as SVG (one gnuplot process for the whole report).
#include "sezu/archive/archive.hpp"
#include "sezu/outputs/report_options.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sezu::detail {

/// What a zone's plot shows besides its series.
struct ZonePlotSpec {
    std::size_t zone = 0;                ///< index in the archive
    std::optional<YearMonth> event;      ///< drawn as a vertical line
    std::string event_label;             ///< e.g. "established 2014-01"
};

/// Draws plots/zone-<n>.svg under options.out_dir for each spec; returns their paths relative to
/// out_dir, in the same order.
std::vector<std::string> draw_zone_plots(const ArchiveData& archive,
                                         const std::vector<ZonePlotSpec>& specs,
                                         const ReportOptions& options);

} // namespace sezu::detail
