#pragma once
/// The source of a run, checked before any work: a run must not discover only at the first
/// download that its source can never be read. Pure string work.
#include <string>

namespace sezu {

/// Throws ConfigError (exit 2) unless `source` is a preset (noaa, eog) or a URL template with a
/// scheme sezu reads (http://, https://, file://; a local folder template has become file://,
/// see normalize_source) whose placeholders are known. The message lists what is accepted and
/// never shows credentials written in the URL.
void check_source_template(const std::string& source);

} // namespace sezu
