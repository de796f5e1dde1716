#pragma once
/// File name patterns (`month_*.tif`) expanded as the shell would, for inputs given quoted or in
/// a config, where no shell expands them.
#include <string>
#include <vector>

namespace sezu {

/// Whether `text` holds a glob(3) wildcard (*, ? or [).
bool has_wildcard(const std::string& text);

/// The paths `pattern` matches (glob(3), sorted); a pattern without wildcards is returned as it
/// is, whether or not it exists (opening it says what is wrong). Throws ConfigError, naming
/// `what` (e.g. "stats: raster") and the pattern, when a pattern with wildcards matches nothing
/// or cannot be read.
std::vector<std::string> expand_glob(const std::string& pattern, const std::string& what);

} // namespace sezu
