#pragma once
/// Log lines carry the rank (and, by convention, the month first in the message):
///   [rank 1/4] 201709: fetched 6 tiles (0 from cache)
/// Messages go to stderr; results and summaries go to stdout.
#include <string>

namespace sezu::log {

enum class Level { Quiet, Normal, Verbose };

void set_rank(int rank, int size);
void set_level(Level level);
Level level();

void info(const std::string& message);     ///< progress; hidden when quiet
void debug(const std::string& message);    ///< only when verbose
void warn(const std::string& message);     ///< always shown
void error(const std::string& message);    ///< always shown

} // namespace sezu::log
