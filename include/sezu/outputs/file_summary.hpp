#pragma once
/// `sezu info`: what a file sezu wrote holds, as text for people.
#include <iosfwd>
#include <string>

namespace sezu {

/// Writes a summary of the archive or aggregate table file at `path` to `out`: its kind, the
/// product, provenance, the zones (ids and names), the months grouped by status (ok months as
/// ranges, every other month with its reason) and every variable with its dimensions and units.
/// Throws ConfigError (exit 2) when `path` is missing, unreadable, or not a file sezu wrote.
void write_file_summary(std::ostream& out, const std::string& path);

} // namespace sezu
