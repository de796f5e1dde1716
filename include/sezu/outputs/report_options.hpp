#pragma once
/// What `sezu report` is asked for. Its own header so that the report's parts (its data) see the
/// options without the report itself.
#include "sezu/outputs/analysis.hpp"

#include <cstddef>
#include <string>

namespace sezu {

struct ReportOptions {
    std::string out_dir;            ///< created when missing
    UsableMonths usable;            ///< which months are gaps (and count for before/after)
    /// Where the Debian JavaScript libraries are (dygraphs/ from libjs-dygraphs, leaflet/ from
    /// libjs-leaflet): the report copies them into its lib/ so that it opens offline.
    std::string js_dir = "/usr/share/javascript";
};

} // namespace sezu
