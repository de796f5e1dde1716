#pragma once
/// Resuming a run from the archive it left: which months an existing archive keeps and which of
/// the span are still to do. Pure archive work (no MPI): the driver asks once, on rank 0.
#include "sezu/archive/archive.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// What an existing archive contributes to this run.
struct ResumePlan {
    /// Months kept as they are: done (ok) before, or outside this span (a narrower rerun never
    /// drops data). Oldest first.
    std::vector<MonthResult> kept;
    /// Months of the span still to do (not in the archive, or there but not ok), in span order.
    std::vector<YearMonth> todo;
};
bool operator==(const ResumePlan& a, const ResumePlan& b);
bool operator!=(const ResumePlan& a, const ResumePlan& b);
/// "ResumePlan{todo 201705 201706, kept 201704 201707}".
std::ostream& operator<<(std::ostream& os, const ResumePlan& p);

/// Plans a run of `span` whose archive goes to `archive_path` and is made as `wanted` says (its
/// zones fingerprint, pixel rule and statistics options). Every month is to do when `replace`
/// is set (--new-archive) or no archive exists. Throws ConfigError naming the archive when it
/// was made with other zones, another pixel rule or other statistics options (archives from
/// before stats_options was recorded count as made with the defaults); ArchiveError when it
/// cannot be read.
ResumePlan plan_resume(const std::string& archive_path, const RunProvenance& wanted,
                       const std::vector<YearMonth>& span, bool replace);

} // namespace sezu
