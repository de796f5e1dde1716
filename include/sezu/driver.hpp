#pragma once
/// The MPI driver: validates the job once, lets rank 0 partition the months over the ranks,
/// runs each rank's months through the pipeline and writes one archive from rank 0.
#include "sezu/comm.hpp"
#include "sezu/config.hpp"

#include <string>

namespace sezu {

/// Exit codes of `sezu run` (documented in docs/operations.md).
enum ExitCode : int {
    kExitOk = 0,            ///< every month ok
    kExitSomeMonths = 1,    ///< archive written, but some months are not ok (see status)
    kExitUsage = 2,         ///< bad options, config, zones or output path; nothing written
    kExitInternal = 3,      ///< unexpected failure (a bug, I/O error on the archive, MPI)
};

/// Which months each rank runs: months[i] goes to rank i % ranks (months are sorted oldest
/// first). Every rank's list is in month order. Pure, so it is tested without MPI.
std::vector<std::vector<YearMonth>> partition_months(const std::vector<YearMonth>& months,
                                                     int ranks);

/// Runs the job. Collective: every rank of `comm` must call it. Configuration problems throw
/// ConfigError on every rank with the same message (the caller prints it on rank 0 only).
/// Returns kExitOk or kExitSomeMonths.
int run_job(const Config& config, Comm& comm);

} // namespace sezu
