#pragma once
/// What `sezu report` is asked for. Its own header so that the report's parts (the plots) see the
/// options without the report itself.
#include "sezu/outputs/analysis.hpp"

#include <cstddef>
#include <string>

namespace sezu {

struct ReportOptions {
    std::string out_dir;            ///< created when missing
    UsableMonths usable;            ///< which months are gaps (and count for before/after)
    std::string gnuplot = "gnuplot";  ///< the plotting program
    std::size_t max_plots = 200;    ///< zones beyond this many get table rows but no plot
};

} // namespace sezu
