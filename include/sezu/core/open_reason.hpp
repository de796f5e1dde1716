#pragma once
/// Why a file could not be opened, in words a user can act on, for the libraries (GDAL) that
/// often say nothing when a path is missing. Pure: the file system only, no GDAL.
#include <string>

namespace sezu {

/// The reason `path` could not be opened: the system's reason when the path is missing or not
/// readable ("no such file or directory", "permission denied"), else `library_message` when it
/// says something, else `fallback` (e.g. "not a format GDAL reads").
std::string open_failure_reason(const std::string& path, const std::string& library_message,
                                const std::string& fallback);

} // namespace sezu
