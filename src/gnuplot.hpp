#pragma once
// Runs gnuplot on a script file, as a child process with no shell in between. The report's plots
// are drawn by gnuplot rather than by sezu: axes, tics, legends and fonts are its trade.
#include <string>

namespace sezu::detail {

/// Runs `program script` with stdout/stderr going to `log_path`. Throws ConfigError when the
/// program is not installed and DataError (with the end of its log) when it fails.
void run_gnuplot(const std::string& program, const std::string& script, const std::string& log_path);

/// Text as a gnuplot string literal (double quotes, backslashes and quotes escaped).
std::string gnuplot_quote(const std::string& text);

} // namespace sezu::detail
